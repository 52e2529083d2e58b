#pragma once
// The panel for a lab kind that has no dedicated one yet: every series of the lab as charts
// grouped by unit, every lane group as a timeline and every histogram, built from what the first
// snapshot declares (and rebuilt when a lab declares more later).
#include "lab_panel.h"

#include <QStringList>

#include <vector>

class QGridLayout;

namespace looplab::ui {

class HistogramView;
class TimelineWidget;
class TimeSeriesChart;

class GenericPanel : public LabPanel
{
    Q_OBJECT
public:
    explicit GenericPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    void showFrame(const PanelFrame& frame) override;
    void setFrozen(bool frozen) override;
    QList<QWidget*> charts() const override;

private:
    void rebuild(const metrics::LabSnapshot& lab);
    QString layoutKey(const metrics::LabSnapshot& lab) const;

    struct UnitChart {
        QString key; // "unit:ms" or "hist:NAME" (a histogram's percentile series)
        QString unit;
        QStringList names; // series names shown, in order
        TimeSeriesChart* chart = nullptr;
    };
    QWidget* m_content = nullptr;
    QGridLayout* m_grid = nullptr;
    QString m_key;
    std::vector<UnitChart> m_unitCharts;
    std::vector<std::pair<QString, TimelineWidget*>> m_timelines;
    std::vector<std::pair<QString, HistogramView*>> m_hists;
    bool m_frozen = false;
};

} // namespace looplab::ui
