#include "python_panel.h"

#include "charts/gauge_bar.h"
#include "charts/tick_strip.h"
#include "charts/time_series_chart.h"
#include "charts/timeline_widget.h"
#include "event_loop_panel.h"
#include "labs/python/python_flows.h"
#include "labs/python/python_log.h"
#include "series_math.h"
#include "theme.h"
#include "ui_text.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

namespace looplab::ui {

namespace {
// The python lab's series, lanes and marks (core/labs/python/python_lab.cpp).
const QString kLag = QStringLiteral("lag_ms");
const QString kCpu = QStringLiteral("cpu_cores");
const QString kGilHeld = QStringLiteral("gil_held");
const QString kThreads = QStringLiteral("threads");
const QString kQueue = QStringLiteral("queue_depth");
const QString kTasks = QStringLiteral("tasks_in_flight");
const QString kLoopLane = QStringLiteral("event loop");
const QString kSlowMark = QStringLiteral("slow_callback");
} // namespace

std::vector<TimelineWidget::Flow> PythonPanel::executorFlows(const metrics::LabSnapshot& lab)
{
    std::vector<TimelineWidget::Flow> out;
    const auto view = labs::python::flowsRead(lab.id);
    if (view.flows.empty())
        return out;
    QHash<long, QString> workers; // native tid -> its thread lane ("asyncio_0 (4242)")
    for (const auto& f : view.flows)
        if (f.workerTid > 0 && !workers.contains(f.workerTid)) {
            const QString suffix = labs::python::workerLaneSuffix(f.workerTid);
            for (const auto& l : lab.lanes)
                if (l.group == QLatin1String("threads") && l.name.endsWith(suffix)) {
                    workers.insert(f.workerTid, l.name);
                    break;
                }
        }
    for (const auto& f : view.flows) {
        const QString worker = workers.value(f.workerTid);
        if (f.task.isEmpty() || worker.isEmpty())
            continue; // not from a task, not started yet, or its thread has no lane
        out.push_back({f.task, worker, double(f.submitNs) * 1e-9, f.startNs > 0 ? double(f.startNs) * 1e-9 : -1,
            f.endNs > 0 ? double(f.endNs) * 1e-9 : -1, f.function});
    }
    return out;
}

PythonPanel::PythonPanel(const scenario::LabConfig& config, QWidget* parent)
    : LabPanel(config, parent)
{
    const Theme& t = Theme::current();
    // One line for the notice and the lab's status, so the lanes below keep their height.
    m_notice = new QLabel(tr("Real CPython: live edits do not apply (run again)."));
    m_notice->setToolTip(tr("The program reads its parameters when it starts: edit them, then run again."));
    m_why = new QLabel;
    m_why->setWordWrap(true);
    m_why->setStyleSheet(QStringLiteral("color: %1").arg(t.mutedText.name()));

    m_lagNow = new GaugeBar(tr("loop lag now"), QStringLiteral("ms"));
    m_cpuNow = new GaugeBar(tr("CPU cores used"), tr("cores"));
    m_gilNow = new GaugeBar(tr("GIL held"), QStringLiteral("%"));
    m_threadsNow = new GaugeBar(tr("threads"), QString());
    m_lagNow->setColor(t.seriesColor(0));
    m_cpuNow->setColor(t.seriesColor(1));
    m_gilNow->setColor(t.seriesColor(2));
    m_threadsNow->setColor(t.seriesColor(3));
    m_lagNow->setRange(100);
    m_lagNow->setThreshold(100);
    m_cpuNow->setRange(2);
    m_gilNow->setRange(100);
    m_threadsNow->setRange(8);

    m_ticks = new TickStrip(tr("Event loop ticks"));
    m_ticks->setSources(kLoopLane, kSlowMark);
    m_ticks->setSlowThresholdMs(100);

    m_lag = new TimeSeriesChart(tr("Loop lag"), labelWithUnit(tr("lag"), QStringLiteral("ms")));
    m_lag->addSeries(tr("loop lag"), QStringLiteral("ms"), t.seriesColor(0));
    m_lag->setMinimumYMax(1);

    m_cpu = new TimeSeriesChart(tr("CPU and the GIL"), tr("cores / share"));
    // Short legends: in a third of the panel's width longer ones are cut to "CPU cores us…".
    m_cpu->addSeries(tr("CPU (cores)"), tr("cores"), t.seriesColor(1));
    m_cpu->addSeries(tr("GIL held (share)"), tr("share"), t.seriesColor(2));
    m_cpu->setToolTip(tr("CPU time of the whole process tree from /proc, in cores; the share of samples in which "
                         "the GIL was held, read from CPython's memory"));
    m_cpu->setMinimumYMax(1);

    m_queue = new TimeSeriesChart(tr("Queues and tasks"), tr("count"));
    m_queue->addSeries(tr("queue depth"), tr("items"), t.seriesColor(4));
    m_queue->addSeries(tr("tasks in flight"), tr("tasks"), t.seriesColor(5));
    m_queue->setMinimumYMax(1);
    // Below this a chart with a legend has no room left for its axis labels (Qt Charts draws
    // "..."): the timeline gives way first.
    for (TimeSeriesChart* c : {m_lag, m_cpu, m_queue})
        c->setMinimumHeight(185);
    m_queueWaits = new QLabel;
    m_queueWaits->setObjectName(QStringLiteral("queueWaits"));
    m_queueWaits->setWordWrap(true);
    m_queueWaits->setStyleSheet(QStringLiteral("color: %1").arg(t.mutedText.name()));

    m_timeline = new TimelineWidget(tr("Timeline"));
    m_timeline->setGroupOrder({QStringLiteral("loop"), QStringLiteral("gil"), QStringLiteral("threads"),
        QStringLiteral("processes"), QStringLiteral("tasks")});
    m_timeline->setGroupTitle(QStringLiteral("loop"), tr("event loop"));
    m_timeline->setGroupTitle(QStringLiteral("gil"), tr("GIL: sampled from CPython"));
    m_timeline->setGroupTitle(QStringLiteral("threads"), tr("threads (from /proc)"));
    m_timeline->setGroupTitle(QStringLiteral("processes"), tr("worker processes (from /proc)"));
    m_timeline->setGroupTitle(QStringLiteral("tasks"), tr("tasks"));

    m_console = new QPlainTextEdit;
    m_console->setReadOnly(true);
    m_console->setMaximumBlockCount(5000);
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_console->setPlaceholderText(tr("What the program prints appears here."));
    m_console->setObjectName(QStringLiteral("pythonConsole"));

    auto* gauges = new QWidget;
    auto* gl = new QHBoxLayout(gauges);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->setSpacing(4);
    for (GaugeBar* g : {m_lagNow, m_cpuNow, m_gilNow, m_threadsNow})
        gl->addWidget(g, 1);

    auto* chartsRow = new QSplitter(Qt::Horizontal);
    chartsRow->addWidget(m_lag);
    chartsRow->addWidget(m_cpu);
    auto* queueBox = new QWidget;
    auto* ql = new QVBoxLayout(queueBox);
    ql->setContentsMargins(0, 0, 0, 0);
    ql->setSpacing(2);
    ql->addWidget(m_queue, 1);
    ql->addWidget(m_queueWaits);
    chartsRow->addWidget(queueBox);
    chartsRow->setChildrenCollapsible(false);
    // Three equal charts: by size hints alone the queue chart's box (with its line) took half.
    chartsRow->setSizes({1000, 1000, 1000});

    auto* bottomRow = new QSplitter(Qt::Horizontal);
    bottomRow->addWidget(m_timeline);
    bottomRow->addWidget(m_console);
    bottomRow->setStretchFactor(0, 3);
    bottomRow->setStretchFactor(1, 2);
    bottomRow->setChildrenCollapsible(false);

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_ticks);
    split->addWidget(chartsRow);
    split->addWidget(bottomRow);
    // The timeline has the most rows (loop, GIL, every thread and task): it gets the most height.
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 4);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto* head = new QHBoxLayout;
    head->setSpacing(12);
    head->addWidget(m_notice);
    head->addWidget(m_why, 1);
    layout->addLayout(head);
    layout->addWidget(gauges);
    layout->addWidget(split, 1);
}

void PythonPanel::followConsole()
{
    const auto log = labs::python::logRead(labId(), m_consoleBytes);
    if (log.serial != m_consoleSerial) {
        // A new run of the program: a fresh console.
        m_consoleSerial = log.serial;
        m_consoleBytes = 0;
        m_console->clear();
        followConsole();
        return;
    }
    if (log.text.isEmpty())
        return;
    m_consoleBytes = log.size;
    QString text = QString::fromUtf8(log.text);
    if (text.endsWith(u'\n'))
        text.chop(1);
    QScrollBar* bar = m_console->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    m_console->appendPlainText(text);
    if (log.size >= labs::python::kMaxLogBytes)
        m_console->appendPlainText(
            tr("[LoopLab keeps the first %1 of the output; the rest is counted in output_bytes]")
                .arg(formatValue(double(labs::python::kMaxLogBytes) / (1 << 20), QStringLiteral("MB"))));
    if (atEnd)
        bar->setValue(bar->maximum());
}

void PythonPanel::showFrame(const PanelFrame& f)
{
    updateCommon(f);
    const metrics::LabSnapshot* lab = f.lab;
    auto series = [&](const QString& name) { return lab ? lab->findSeries(name) : nullptr; };
    const auto marks = lab ? chartMarks(*lab) : std::vector<ChartMark>{};
    for (TimeSeriesChart* c : {m_lag, m_cpu, m_queue})
        c->setMarks(marks);
    m_lag->setFrame(f.fromS, f.toS, {series(kLag)});
    m_cpu->setFrame(f.fromS, f.toS, {series(kCpu), series(kGilHeld)});
    m_queue->setFrame(f.fromS, f.toS, {series(kQueue), series(kTasks)});
    m_ticks->setFrame(f.snapshot, lab, f.fromS, f.toS);
    m_timeline->setFlows(lab ? executorFlows(*lab) : std::vector<TimelineWidget::Flow>{});
    m_timeline->setFrame(f.snapshot, lab, f.fromS, f.toS);
    m_lagNow->setValue(lastFinite(series(kLag)));
    m_cpuNow->setValue(lastFinite(series(kCpu)));
    m_gilNow->setValue(100 * lastFinite(series(kGilHeld)));
    m_threadsNow->setValue(lastFinite(series(kThreads)));
    const auto metric
        = [&](const char* name) { return lab ? lab->metrics.value(QLatin1String(name), std::nan("")) : std::nan(""); };
    const double puts = metric("queue_puts_blocked"), gets = metric("queue_gets_blocked");
    const bool queues = std::isfinite(puts) && std::isfinite(gets);
    m_queueWaits->setVisible(queues); // no queue: the line would only say so
    if (queues) {
        m_queueWaits->setText(tr("blocked: %1 puts (full) · %2 gets (empty)").arg(puts).arg(gets));
        m_queueWaits->setToolTip(tr("queue.Queue and asyncio.Queue: %1 puts waited %2 in all because the queue was "
                                    "full (backpressure: the consumers are slower); %3 gets waited %4 because it was "
                                    "empty (the producer is slower)")
                                     .arg(puts)
                                     .arg(formatValue(metric("queue_put_wait_s"), QStringLiteral("s")))
                                     .arg(gets)
                                     .arg(formatValue(metric("queue_get_wait_s"), QStringLiteral("s"))));
    }
    // A program without an asyncio loop (threads, processes): once that is clear (it exited, or
    // 3 s passed without a loop iteration) the loop's strip, chart, gauge and lane go, and the
    // rest gets their room instead of showing empty axes.
    const bool noLoop = lab && !std::isfinite(metric("ticks"))
        && (std::isfinite(metric("exit_code")) || (f.snapshot && f.snapshot->elapsedNs > 3'000'000'000));
    for (QWidget* w : std::initializer_list<QWidget*>{m_ticks, m_lag, m_lagNow})
        w->setVisible(!noLoop);
    m_timeline->setGroupFilter(noLoop ? QStringList{QStringLiteral("gil"), QStringLiteral("threads"),
                                   QStringLiteral("processes"), QStringLiteral("tasks")}
                                      : QStringList{});
    // Why a lane or metric is empty (no GIL access, no asyncio): the lab's status line.
    m_why->setText(lab ? lab->status : QString());
    if (!m_frozen)
        followConsole();
}

void PythonPanel::setFrozen(bool frozen)
{
    m_frozen = frozen;
    for (TimeSeriesChart* c : {m_lag, m_cpu, m_queue})
        c->setFrozen(frozen);
    m_ticks->setFrozen(frozen);
    m_timeline->setFrozen(frozen);
    for (GaugeBar* g : {m_lagNow, m_cpuNow, m_gilNow, m_threadsNow})
        g->setFrozen(frozen);
}

QList<QWidget*> PythonPanel::charts() const
{
    return {m_ticks, m_lag, m_cpu, m_queue, m_timeline};
}

} // namespace looplab::ui
