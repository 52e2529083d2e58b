#include "vector_search_panel.h"

#include "charts/gauge_bar.h"
#include "charts/histogram_view.h"
#include "charts/time_series_chart.h"
#include "charts/timeline_widget.h"
#include "event_loop_panel.h"
#include "series_math.h"
#include "theme.h"
#include "ui_text.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

namespace {
// The vector_search lab's series, histograms and lanes (its contract with the UI).
const QString kQps = QStringLiteral("qps");
const QString kLag = QStringLiteral("loop_lag_ms");
const QString kInFlight = QStringLiteral("in_flight");
const QString kQueue = QStringLiteral("queue_depth");
const QString kBatch = QStringLiteral("batch_size");
const QString kRecall = QStringLiteral("recall_at_k");
const QString kLatency = QStringLiteral("latency_ms");
constexpr double kQpsWindowS = 1.0; // QPS is counted per bin; a 1 s moving mean is readable

} // namespace

VectorSearchPanel::VectorSearchPanel(const scenario::LabConfig& config, QWidget* parent)
    : LabPanel(config, parent)
{
    const Theme& t = Theme::current();
    const int k = config.params.value(QStringLiteral("k")).toInt(10);

    // Short labels: six gauges share one row; the tooltips say the rest.
    m_qpsNow = new GaugeBar(tr("QPS"), QStringLiteral("1/s"));
    m_p50Now = new GaugeBar(tr("p50"), QStringLiteral("ms"));
    m_p99Now = new GaugeBar(tr("p99"), QStringLiteral("ms"));
    m_recallNow = new GaugeBar(tr("recall@%1").arg(k), QString());
    m_batchNow = new GaugeBar(tr("batch"), QString());
    m_lagNow = new GaugeBar(tr("loop lag"), QStringLiteral("ms"));
    m_qpsNow->setColor(t.seriesColor(0));
    m_p50Now->setColor(t.seriesColor(2));
    m_p99Now->setColor(t.seriesColor(5));
    m_recallNow->setColor(t.seriesColor(3));
    m_recallNow->setRange(1.0);
    m_batchNow->setColor(t.seriesColor(1));
    m_lagNow->setColor(t.seriesColor(4));
    m_lagNow->setThreshold(100); // asyncio's slow-callback threshold
    m_qpsNow->setToolTip(tr("Queries answered per second, over the last second"));
    m_p50Now->setToolTip(tr("Latency p50: median time from a query's arrival to its answer (last 250 ms window)"));
    m_p99Now->setToolTip(tr("Latency p99: the slowest 1 % of queries take at least this long (last 250 ms window)"));
    m_recallNow->setToolTip(tr("Share of the true %1 nearest neighbours found, over the last 64 checked answers "
                               "(exact answers from a flat search); 1.0 is exact")
                                .arg(k));
    m_batchNow->setToolTip(tr("Batch size: queries answered by the last executor call; batching raises it"));
    m_lagNow->setToolTip(tr("How late the event loop's heartbeat ran: a search on the loop blocks it"));

    m_qps = new TimeSeriesChart(tr("Throughput"), labelWithUnit(tr("QPS"), QStringLiteral("1/s")));
    m_qps->addSeries(tr("answered"), QStringLiteral("1/s"), t.seriesColor(0));
    m_qps->setMinimumYMax(10);
    m_latency = new TimeSeriesChart(tr("Latency percentiles"), labelWithUnit(tr("latency"), QStringLiteral("ms")));
    m_latency->addSeries(QStringLiteral("p50"), QStringLiteral("ms"), t.seriesColor(2));
    m_latency->addSeries(QStringLiteral("p95"), QStringLiteral("ms"), t.seriesColor(1));
    m_latency->addSeries(QStringLiteral("p99"), QStringLiteral("ms"), t.seriesColor(5));
    m_latency->setMinimumYMax(1);
    m_batch = new TimeSeriesChart(tr("Batches and queue"), tr("queries"));
    m_batch->addSeries(tr("batch size"), tr("queries"), t.seriesColor(1));
    m_batch->addSeries(tr("waiting for the executor"), tr("queries"), t.seriesColor(3));
    m_batch->addSeries(tr("in flight"), tr("queries"), t.seriesColor(4), 1.5);
    m_batch->setMinimumYMax(2);
    m_lag = new TimeSeriesChart(tr("Event loop lag"), labelWithUnit(tr("lag"), QStringLiteral("ms")));
    m_lag->addSeries(tr("loop lag"), QStringLiteral("ms"), t.seriesColor(4));
    m_lag->setMinimumYMax(1);
    m_recall = new TimeSeriesChart(tr("Recall@%1").arg(k), tr("recall@%1").arg(k));
    m_recall->addSeries(tr("recall@%1").arg(k), QString(), t.seriesColor(3));
    m_recall->setMinimumYMax(1);

    m_timeline = new TimelineWidget(tr("Event loop and executor"));
    m_timeline->setGroupOrder(
        {QStringLiteral("loop"), QStringLiteral("executor"), QStringLiteral("gil"), QStringLiteral("build")});
    m_timeline->setGroupTitle(QStringLiteral("gil"), tr("the GIL (emulated): who holds it"));
    m_timeline->setGroupTitle(QStringLiteral("loop"), tr("event loop"));
    m_timeline->setGroupTitle(QStringLiteral("executor"), tr("executor threads (FAISS calls)"));
    m_timeline->setGroupTitle(QStringLiteral("build"), tr("index build"));
    m_latencyHist = new HistogramView(tr("Query latency"));
    m_latencyHist->setValueTitle(labelWithUnit(tr("latency"), QStringLiteral("ms")));
    // Time inside one library call: with batching it grows with the batch, per query it shrinks.
    m_searchHist = new HistogramView(tr("Time per FAISS call"));
    m_searchHist->setValueTitle(labelWithUnit(tr("search call"), QStringLiteral("ms")));

    // The sweep: a button, a line saying what it is doing, and the curve.
    m_sweepPlot = new SweepPlot(tr("Recall against latency"));
    m_sweepButton = new QPushButton;
    m_sweepButton->setObjectName(QStringLiteral("sweepButton"));
    m_sweepStatus = new QLabel;
    m_sweepStatus->setObjectName(QStringLiteral("sweepStatus"));
    m_sweepStatus->setWordWrap(true);
    connect(m_sweepButton, &QPushButton::clicked, this, [this] {
        if (m_sweep.isRunning())
            stopSweep();
        else
            startSweep();
    });
    auto* sweepBox = new QWidget;
    m_sweepBox = sweepBox;
    auto* sl = new QVBoxLayout(sweepBox);
    sl->setContentsMargins(0, 0, 0, 0);
    sl->setSpacing(2);
    auto* sweepTop = new QHBoxLayout;
    sweepTop->setContentsMargins(4, 0, 4, 0);
    sweepTop->addWidget(m_sweepButton);
    sweepTop->addWidget(m_sweepStatus, 1);
    sl->addLayout(sweepTop);
    sl->addWidget(m_sweepPlot, 1);

    auto* gauges = new QWidget;
    auto* gl = new QHBoxLayout(gauges);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->setSpacing(4);
    for (GaugeBar* g : {m_qpsNow, m_p50Now, m_p99Now, m_recallNow, m_batchNow, m_lagNow})
        gl->addWidget(g, 1);

    auto row = [](std::initializer_list<QWidget*> widgets) {
        auto* s = new QSplitter(Qt::Horizontal);
        for (QWidget* w : widgets)
            s->addWidget(w);
        s->setChildrenCollapsible(false);
        return s;
    };
    m_rowA = row({m_qps, m_latency, m_batch});
    m_rowB = row({m_timeline, m_lag, m_recall});
    m_rowC = row({sweepBox, m_latencyHist, m_searchHist});
    m_split = new QSplitter(Qt::Vertical);
    m_split->addWidget(m_rowA);
    m_split->addWidget(m_rowB);
    m_split->addWidget(m_rowC);
    m_split->setChildrenCollapsible(false);
    m_split->setObjectName(QStringLiteral("vectorSearchSplitter"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(gauges);
    layout->addWidget(m_split, 1);
    updateSweepUi();
}

void VectorSearchPanel::resizeEvent(QResizeEvent* event)
{
    LabPanel::resizeEvent(event);
    if (!m_sized && m_split->height() > 300) {
        const int h = m_split->height();
        m_split->setSizes({h * 34 / 100, h * 33 / 100, h - h * 34 / 100 - h * 33 / 100});
        const int w = m_rowB->width();
        m_rowA->setSizes({w / 3, w / 3, w - 2 * (w / 3)});
        m_rowB->setSizes({w * 46 / 100, w * 27 / 100, w - w * 46 / 100 - w * 27 / 100});
        m_rowC->setSizes({w * 46 / 100, w * 27 / 100, w - w * 46 / 100 - w * 27 / 100});
        m_sized = true;
    }
}

QString VectorSearchPanel::sweepParameter() const
{
    const QString index = m_config.params.value(QStringLiteral("index")).toString(QStringLiteral("flat"));
    if (index == QLatin1String("ivf"))
        return QStringLiteral("nprobe");
    if (index == QLatin1String("hnsw"))
        return QStringLiteral("ef_search");
    return {};
}

std::vector<int> VectorSearchPanel::sweepValues() const
{
    const QString p = sweepParameter();
    if (p == QLatin1String("nprobe")) // more cells than the index has visits every cell: stop at nlist
        return ParameterSweep::powersOfTwo(1, std::min(64, m_config.params.value(QStringLiteral("nlist")).toInt(256)));
    if (p == QLatin1String("ef_search"))
        return ParameterSweep::powersOfTwo(8, 256);
    return {};
}

void VectorSearchPanel::request(int value)
{
    Q_EMIT parameterEditRequested(m_sweep.path(), QJsonValue(value));
}

void VectorSearchPanel::startSweep()
{
    const QString p = sweepParameter();
    if (p.isEmpty() || !m_live || m_sweep.isRunning())
        return;
    const int defaultValue = p == QLatin1String("nprobe") ? 8 : 64;
    const int original = m_config.params.value(p).toInt(defaultValue);
    request(m_sweep.start(p, sweepValues(), original, m_nowS));
    m_sweepPlot->setPoints({}, p);
    updateSweepUi();
}

void VectorSearchPanel::stopSweep()
{
    if (auto restore = m_sweep.abort(tr("stopped by the user")))
        request(*restore);
    updateSweepUi();
}

void VectorSearchPanel::updateSweepUi()
{
    const QString p = sweepParameter();
    const double total = double(sweepValues().size()) * ParameterSweep::kStepS;
    if (m_sweep.isRunning()) {
        m_sweepButton->setText(tr("Stop sweep"));
        m_sweepButton->setToolTip(tr("Stop the sweep and put %1 back to its value before the sweep").arg(p));
        const double left = std::max(0.0, m_sweep.stepStartS() + ParameterSweep::kStepS - m_nowS);
        m_sweepStatus->setText(tr("%1 = %2 · step %3 of %4 · %5 s left in this step")
                                   .arg(p)
                                   .arg(m_sweep.currentValue())
                                   .arg(m_sweep.stepIndex() + 1)
                                   .arg(m_sweep.stepCount())
                                   .arg(QString::number(left, 'f', 1)));
        m_sweepButton->setEnabled(true);
        return;
    }
    m_sweepButton->setText(p.isEmpty() ? tr("Sweep") : tr("Sweep %1").arg(p));
    // An exact index has nothing to trade: the distributions take the row.
    m_sweepBox->setVisible(!p.isEmpty());
    if (p.isEmpty()) {
        m_sweepButton->setEnabled(false);
        m_sweepButton->setToolTip(
            tr("This lab's index is an exact search: there is no nprobe or ef_search to trade for speed"));
        m_sweepStatus->setText(tr("Sweeps need an approximate index (ivf: nprobe, hnsw: ef_search)."));
        m_sweepPlot->setPlaceholder(
            tr("index “%1” is exact: recall is always 1")
                .arg(m_config.params.value(QStringLiteral("index")).toString(QStringLiteral("flat"))));
        return;
    }
    QStringList values;
    for (int v : sweepValues())
        values << QString::number(v);
    m_sweepButton->setEnabled(m_live);
    m_sweepButton->setToolTip(tr("Sets %1 live to %2, %3 s each (about %4 s), and plots the recall@k and latency p50 "
                                 "measured at each value; then puts the original value back. Each step is an ordinary "
                                 "parameter edit (undoable).")
                                  .arg(p, values.join(QStringLiteral(", ")))
                                  .arg(ParameterSweep::kStepS)
                                  .arg(std::lround(total)));
    QString status = m_sweep.message();
    if (status.isEmpty())
        status = m_live ? tr("Live sweep of %1: %2 (%3 s each)")
                              .arg(p, values.join(QStringLiteral(", ")))
                              .arg(ParameterSweep::kStepS)
                        : tr("Start the run to sweep %1.").arg(p);
    m_sweepStatus->setText(status);
    m_sweepPlot->setPlaceholder(tr("Press “Sweep %1” to measure recall and latency at %1 = %2 (about %3 s of the run)")
                                    .arg(p, values.join(QStringLiteral(", ")))
                                    .arg(std::lround(total)));
}

void VectorSearchPanel::parameterChanged(const QString& path, const QJsonValue& value)
{
    // A sweep's own edits come back here too; only the original value must not follow them.
    if (m_sweep.isRunning() && path == m_sweep.path())
        return;
    LabPanel::parameterChanged(path, value);
    if (path == QLatin1String("index") || path == QLatin1String("nlist"))
        updateSweepUi();
}

void VectorSearchPanel::showFrame(const PanelFrame& f)
{
    updateCommon(f);
    const metrics::LabSnapshot* lab = f.lab;
    const bool live = f.snapshot
        && (f.snapshot->state == metrics::RunState::Running || f.snapshot->state == metrics::RunState::Starting);
    m_nowS = f.snapshot ? double(f.snapshot->elapsedNs) * 1e-9 : 0;
    if (live != m_live) {
        m_live = live;
        if (!live)
            if (auto restore = m_sweep.abort(tr("the run ended")))
                request(*restore);
        updateSweepUi();
    }
    if (lab && m_sweep.isRunning()) {
        const size_t before = m_sweep.points().size();
        if (auto next = m_sweep.advance(*lab, m_nowS))
            request(*next);
        if (m_sweep.points().size() != before || !m_sweep.isRunning())
            m_sweepPlot->setPoints(m_sweep.points(), m_sweep.path());
        updateSweepUi();
    }
    if (m_frozen)
        return;

    auto series = [&](const QString& name) { return lab ? lab->findSeries(name) : nullptr; };
    const auto marks = lab ? chartMarks(*lab) : std::vector<ChartMark>{};
    // The latency chart tells what an edit did (nprobe → 8): it carries the captions.
    TimeSeriesChart::setMarksOn({m_latency, m_qps, m_batch, m_lag, m_recall}, marks);
    const metrics::SeriesData* qps = series(kQps);
    if (qps)
        smoothRate(*qps, kQpsWindowS, m_qpsSmooth);
    m_qps->setFrame(f.fromS, f.toS, {qps ? &m_qpsSmooth : nullptr});
    m_latency->setFrame(f.fromS, f.toS,
        {series(kLatency + QStringLiteral("_p50")), series(kLatency + QStringLiteral("_p95")),
            series(kLatency + QStringLiteral("_p99"))});
    m_batch->setFrame(f.fromS, f.toS, {series(kBatch), series(kQueue), series(kInFlight)});
    m_lag->setFrame(f.fromS, f.toS, {series(kLag)});
    m_recall->setFrame(f.fromS, f.toS, {series(kRecall)});
    m_timeline->setFrame(f.snapshot, lab, f.fromS, f.toS);
    m_latencyHist->setFrame(f.snapshot, lab ? lab->findHistogram(kLatency) : nullptr);
    m_searchHist->setFrame(f.snapshot, lab ? lab->findHistogram(QStringLiteral("search_ms")) : nullptr);

    m_qpsNow->setValue(qps ? lastFinite(&m_qpsSmooth) : std::numeric_limits<double>::quiet_NaN());
    m_p50Now->setValue(lastFinite(series(kLatency + QStringLiteral("_p50"))));
    m_p99Now->setValue(lastFinite(series(kLatency + QStringLiteral("_p99"))));
    m_recallNow->setValue(lastFinite(series(kRecall)));
    m_batchNow->setValue(lastFinite(series(kBatch)));
    m_lagNow->setValue(lastFinite(series(kLag)));
}

void VectorSearchPanel::setFrozen(bool frozen)
{
    m_frozen = frozen;
    for (TimeSeriesChart* c : {m_qps, m_latency, m_batch, m_lag, m_recall})
        c->setFrozen(frozen);
    m_timeline->setFrozen(frozen);
    m_latencyHist->setFrozen(frozen);
    m_searchHist->setFrozen(frozen);
    for (GaugeBar* g : {m_qpsNow, m_p50Now, m_p99Now, m_recallNow, m_batchNow, m_lagNow})
        g->setFrozen(frozen);
}

QList<QWidget*> VectorSearchPanel::charts() const
{
    return {m_qps, m_latency, m_batch, m_timeline, m_lag, m_recall, m_sweepPlot, m_latencyHist, m_searchHist};
}

} // namespace looplab::ui
