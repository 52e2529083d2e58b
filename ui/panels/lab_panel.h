#pragma once
// One panel per lab in the scenario, chosen by the lab's kind. A panel reads one LabSnapshot per
// frame (never the lab itself) and paints it; every time axis in a panel shows the same window.
#include "metrics/snapshot.h"
#include "scenario/scenario.h"

#include <QJsonValue>
#include <QWidget>

namespace looplab::ui {

struct PanelFrame {
    metrics::SnapshotPtr snapshot; // keeps `lab` alive
    const metrics::LabSnapshot* lab = nullptr; // nullptr: this lab has no data (yet)
    double fromS = 0; // visible window of run time
    double toS = 10;
};

class LabMetricsModel;

class LabPanel : public QWidget
{
    Q_OBJECT
public:
    LabPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    QString labId() const { return m_config.id; }
    QString kind() const { return m_config.kind; }
    const scenario::LabConfig& config() const { return m_config; }

    // Paint one frame (GUI thread, from the frame timer).
    virtual void showFrame(const PanelFrame& frame) = 0;
    // Pause to inspect: widgets keep their picture (hover still works).
    virtual void setFrozen(bool frozen) = 0;
    // The charts that can be exported as SVG, in reading order.
    virtual QList<QWidget*> charts() const = 0;
    // A parameter of this lab changed (the panel may show thresholds from parameters).
    virtual void parameterChanged(const QString& path, const QJsonValue& value);
    virtual void applyTheme();

    // Headline numbers of the last frame (the window's "Measured" table shows them).
    LabMetricsModel* metricsModel() const { return m_metrics; }
    QString statusLine() const { return m_status; }

Q_SIGNALS:
    // The panel itself wants a parameter of its lab changed (a sweep): the window makes it an
    // ordinary, undoable document edit that reaches the running lab like a typed value.
    void parameterEditRequested(const QString& path, const QJsonValue& value);

protected:
    void updateCommon(const PanelFrame& frame);
    scenario::LabConfig m_config;
    LabMetricsModel* m_metrics;
    QString m_status;
};

// The title of a chart widget for menus and file names.
QString chartTitle(const QWidget* chart);

} // namespace looplab::ui
