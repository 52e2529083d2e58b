#pragma once
// The asyncio lesson's panel: the tick strip (every pass of the loop as a bar, slow callbacks in
// red), loop lag over time against the slow-callback threshold, tasks in flight and resumptions
// per tick, throughput, the loop/executor/task timeline and the latency distributions.
#include "lab_panel.h"

#include <vector>

class QSplitter;

namespace looplab::ui {

class GaugeBar;
class HistogramView;
class TickStrip;
class TimelineWidget;
class TimeSeriesChart;
struct ChartMark;

class EventLoopPanel : public LabPanel
{
    Q_OBJECT
public:
    explicit EventLoopPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    void showFrame(const PanelFrame& frame) override;
    void setFrozen(bool frozen) override;
    QList<QWidget*> charts() const override;
    void parameterChanged(const QString& path, const QJsonValue& value) override;

    TimeSeriesChart* lagChart() const { return m_lag; }
    TickStrip* tickStrip() const { return m_ticks; }
    TimelineWidget* timeline() const { return m_timeline; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyThreshold();

    QSplitter* m_split = nullptr;
    QSplitter* m_chartsRow = nullptr;
    QSplitter* m_bottomRow = nullptr;
    bool m_sized = false;

    TickStrip* m_ticks;
    TimeSeriesChart* m_lag;
    TimeSeriesChart* m_tasks;
    TimeSeriesChart* m_rates;
    TimelineWidget* m_timeline;
    HistogramView* m_latencyHist;
    HistogramView* m_lagHist;
    GaugeBar* m_lagNow;
    GaugeBar* m_inFlight;
    GaugeBar* m_resumptions;
    GaugeBar* m_tickRate;
};

// Marks of a lab as chart annotations (slow callbacks and blocking calls red, parameter edits blue).
std::vector<ChartMark> chartMarks(const metrics::LabSnapshot& lab);
// The caption of one mark: "slow callback 120 ms", "blocking call began (200 ms)", "pool_size → 8".
QString markCaption(const metrics::MarkData& mark);

} // namespace looplab::ui
