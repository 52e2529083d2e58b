#pragma once
// The vector_search lesson's panel (the course's "async FAISS search" and "batching"): queries
// per second and latency p50/p95/p99 over time, executor batch sizes and the queue in front of
// them, the event loop's lag (a search run on the loop blocks it), the loop and executor lanes,
// a recall@k headline, and the nprobe sweep that draws recall against latency.
#include "lab_panel.h"
#include "metrics/snapshot.h"
#include "vector_search_sweep.h"

class QLabel;
class QPushButton;
class QSplitter;

namespace looplab::ui {

class GaugeBar;
class HistogramView;
class TimelineWidget;
class TimeSeriesChart;

class VectorSearchPanel : public LabPanel
{
    Q_OBJECT
public:
    explicit VectorSearchPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    void showFrame(const PanelFrame& frame) override;
    void setFrozen(bool frozen) override;
    QList<QWidget*> charts() const override;
    void parameterChanged(const QString& path, const QJsonValue& value) override;

    // The sweep: which parameter (nprobe for IVF, ef_search for HNSW, "" for an exact index) and
    // its values; start/stop as the button does.
    QString sweepParameter() const;
    std::vector<int> sweepValues() const;
    void startSweep();
    void stopSweep();
    const ParameterSweep& sweep() const { return m_sweep; }
    QPushButton* sweepButton() const { return m_sweepButton; }
    SweepPlot* sweepPlot() const { return m_sweepPlot; }

    TimeSeriesChart* qpsChart() const { return m_qps; }
    TimeSeriesChart* latencyChart() const { return m_latency; }
    TimeSeriesChart* batchChart() const { return m_batch; }
    TimeSeriesChart* lagChart() const { return m_lag; }
    TimelineWidget* timeline() const { return m_timeline; }
    GaugeBar* recallGauge() const { return m_recallNow; }
    GaugeBar* qpsGauge() const { return m_qpsNow; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateSweepUi();
    void request(int value);

    QSplitter* m_split = nullptr;
    QSplitter* m_rowA = nullptr;
    QSplitter* m_rowB = nullptr;
    QSplitter* m_rowC = nullptr;
    bool m_sized = false;
    bool m_frozen = false;

    GaugeBar* m_qpsNow;
    GaugeBar* m_p50Now;
    GaugeBar* m_p99Now;
    GaugeBar* m_recallNow;
    GaugeBar* m_batchNow;
    GaugeBar* m_lagNow;

    TimeSeriesChart* m_qps;
    TimeSeriesChart* m_latency;
    TimeSeriesChart* m_batch;
    TimeSeriesChart* m_lag;
    TimeSeriesChart* m_recall;
    TimelineWidget* m_timeline;
    HistogramView* m_latencyHist;
    HistogramView* m_searchHist;
    QWidget* m_sweepBox;
    SweepPlot* m_sweepPlot;
    QPushButton* m_sweepButton;
    QLabel* m_sweepStatus;

    ParameterSweep m_sweep;
    double m_nowS = 0;
    bool m_live = false;
    metrics::SeriesData m_qpsSmooth;
};

} // namespace looplab::ui
