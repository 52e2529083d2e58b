#include "event_loop_panel.h"

#include "charts/gauge_bar.h"
#include "charts/histogram_view.h"
#include "charts/tick_strip.h"
#include "charts/time_series_chart.h"
#include "charts/timeline_widget.h"
#include "series_math.h"
#include "theme.h"
#include "ui_text.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

using metrics::LaneState;

namespace {
// The event_loop lab's series, lanes, histograms and marks (its public contract with the UI).
const QString kLag = QStringLiteral("lag_ms");
const QString kInFlight = QStringLiteral("tasks_in_flight");
const QString kResumptions = QStringLiteral("resumptions_per_tick");
const QString kTickRate = QStringLiteral("ticks");
const QString kCompleted = QStringLiteral("tasks_completed");
const QString kLatency = QStringLiteral("task_latency_ms");
const QString kLoopLane = QStringLiteral("event loop");
const QString kSlowMark = QStringLiteral("slow_callback");

} // namespace

QString markCaption(const metrics::MarkData& m)
{
    auto tr = [](const char* text) { return QCoreApplication::translate("ChartMarks", text); };
    if (m.name == kSlowMark)
        return tr("slow callback %1").arg(formatValue(m.value, QStringLiteral("ms")));
    if (m.name.startsWith(QLatin1String("blocking")))
        return m.value > 0 ? tr("blocking call began (%1)").arg(formatValue(m.value, QStringLiteral("ms")))
                           : tr("blocking call began");
    if (m.name.startsWith(QLatin1String("never_awaited:"))) // CPython's own words, as it frees the coroutine
        return QStringLiteral("coroutine '%1' was never awaited") // CPython prints it after "RuntimeWarning: "
            .arg(m.name.mid(int(qstrlen("never_awaited:"))));
    if (m.name.startsWith(QLatin1String("parameter"))) {
        // "parameter:PATH" (the value is the mark's) or "parameter:PATH=TEXT"; the engine of
        // older recordings wrote a bare "parameter".
        const QString detail = m.name.mid(int(qstrlen("parameter:")));
        if (m.name.size() <= int(qstrlen("parameter:")))
            return tr("parameter changed");
        const qsizetype eq = detail.indexOf(QLatin1Char('='));
        if (eq >= 0)
            return QStringLiteral("%1 → %2").arg(detail.left(eq), detail.mid(eq + 1));
        return QStringLiteral("%1 → %2").arg(detail, QString::number(m.value, 'g', 6)); // the value as typed
    }
    if (m.name == QLatin1String("worker_restart"))
        return tr("worker restarted (pid %1)").arg(qint64(m.value));
    if (m.name == QLatin1String("index_ready"))
        return tr("index ready"); // its value (the build time) leaves out the data set and the cache
    if (m.name == QLatin1String("cpu_fallback"))
        return tr("no GPU: searching on the CPU");
    return humanize(m.name) + (m.value != 0 ? QStringLiteral(" ") + formatNumber(m.value) : QString());
}

std::vector<ChartMark> chartMarks(const metrics::LabSnapshot& lab)
{
    const Theme& t = Theme::current();
    std::vector<ChartMark> out;
    out.reserve(lab.marks.size());
    for (const auto& m : lab.marks)
        out.push_back({double(m.tNs) * 1e-9, t.markColor(m.name), markCaption(m)});
    // One caption per event: the slow callback that a blocking call makes is that call, already
    // captioned ("blocking call began (200 ms)"); its own mark keeps its line.
    for (size_t b = 0; b < lab.marks.size(); ++b) {
        const auto& block = lab.marks[b];
        if (!block.name.startsWith(QLatin1String("blocking")))
            continue;
        const int64_t endNs = block.tNs + int64_t(std::max(0.0, block.value) * 1e6) + 20'000'000;
        for (size_t i = 0; i < lab.marks.size(); ++i)
            if (lab.marks[i].name == QLatin1String("slow_callback") && lab.marks[i].tNs >= block.tNs - 1'000'000
                && lab.marks[i].tNs <= endNs)
                out[i].label.clear();
    }
    return out;
}

EventLoopPanel::EventLoopPanel(const scenario::LabConfig& config, QWidget* parent)
    : LabPanel(config, parent)
{
    const Theme& t = Theme::current();
    // Gauges: what the loop is doing right now.
    m_lagNow = new GaugeBar(tr("loop lag now"), QStringLiteral("ms"));
    m_inFlight = new GaugeBar(tr("tasks in flight"), tr("tasks"));
    m_resumptions = new GaugeBar(tr("resumptions per tick"), QString());
    m_tickRate = new GaugeBar(tr("loop ticks per second"), QStringLiteral("1/s"));
    m_lagNow->setColor(t.seriesColor(0));
    m_inFlight->setColor(t.seriesColor(2));
    m_resumptions->setColor(t.seriesColor(1));
    m_tickRate->setColor(t.seriesColor(3));

    m_ticks = new TickStrip(tr("Event loop ticks"));
    m_ticks->setSources(kLoopLane, kSlowMark);

    m_lag = new TimeSeriesChart(tr("Loop lag"), labelWithUnit(tr("lag"), QStringLiteral("ms")));
    m_lag->addSeries(tr("loop lag"), QStringLiteral("ms"), t.seriesColor(0));
    m_lag->setMinimumYMax(1);

    m_tasks = new TimeSeriesChart(tr("Tasks in flight and resumptions"), tr("count"));
    m_tasks->addSeries(tr("tasks in flight"), tr("tasks"), t.seriesColor(2));
    m_tasks->addSeries(tr("resumptions per tick"), QString(), t.seriesColor(1));
    m_tasks->setMinimumYMax(1);

    m_rates = new TimeSeriesChart(tr("Throughput"), labelWithUnit(tr("rate"), QStringLiteral("1/s")));
    m_rates->addSeries(tr("loop ticks"), QStringLiteral("1/s"), t.seriesColor(3));
    m_rates->addSeries(tr("tasks completed"), QStringLiteral("1/s"), t.seriesColor(5));
    m_rates->setMinimumYMax(1);

    m_timeline = new TimelineWidget(tr("Timeline"));
    m_timeline->setGroupOrder({QStringLiteral("loop"), QStringLiteral("executor"), QStringLiteral("gil"),
        QStringLiteral("processes"), QStringLiteral("tasks")});
    m_timeline->setGroupTitle(QStringLiteral("loop"), tr("event loop"));
    m_timeline->setGroupTitle(QStringLiteral("executor"), tr("executor"));
    m_timeline->setGroupTitle(QStringLiteral("tasks"), tr("tasks"));
    m_timeline->setGroupTitle(QStringLiteral("gil"), tr("the GIL (emulated): who holds it"));

    m_latencyHist = new HistogramView(tr("Task latency"));
    m_latencyHist->setValueTitle(labelWithUnit(tr("task latency"), QStringLiteral("ms")));
    m_lagHist = new HistogramView(tr("Loop lag distribution"));
    m_lagHist->setValueTitle(labelWithUnit(tr("loop lag"), QStringLiteral("ms")));

    // Layout: gauges, tick strip, three charts, then timeline | histograms. Splitters let the
    // teacher give room to what the lesson is about.
    auto* gauges = new QWidget;
    auto* gl = new QHBoxLayout(gauges);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->setSpacing(4);
    for (GaugeBar* g : {m_lagNow, m_inFlight, m_resumptions, m_tickRate})
        gl->addWidget(g, 1);

    auto* chartsRow = new QSplitter(Qt::Horizontal);
    chartsRow->addWidget(m_lag);
    chartsRow->addWidget(m_tasks);
    chartsRow->addWidget(m_rates);
    chartsRow->setChildrenCollapsible(false);

    auto* bottomRow = new QSplitter(Qt::Horizontal);
    bottomRow->addWidget(m_timeline);
    bottomRow->addWidget(m_latencyHist);
    bottomRow->addWidget(m_lagHist);
    bottomRow->setChildrenCollapsible(false);

    m_split = new QSplitter(Qt::Vertical);
    m_split->addWidget(m_ticks);
    m_split->addWidget(chartsRow);
    m_split->addWidget(bottomRow);
    m_split->setChildrenCollapsible(false);
    m_split->setObjectName(QStringLiteral("eventLoopSplitter"));
    m_chartsRow = chartsRow;
    m_bottomRow = bottomRow;

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(gauges);
    layout->addWidget(m_split, 1);

    applyThreshold();
}

void EventLoopPanel::resizeEvent(QResizeEvent* event)
{
    LabPanel::resizeEvent(event);
    // Proportions for the first real size (and until the user drags a splitter): the tick strip
    // a fifth, the charts a third, the timeline and distributions the rest.
    if (!m_sized && m_split->height() > 200) {
        const int h = m_split->height();
        m_split->setSizes({h * 19 / 100, h * 33 / 100, h * 48 / 100});
        const int w = m_bottomRow->width();
        m_bottomRow->setSizes({w * 50 / 100, w * 25 / 100, w * 25 / 100});
        const int cw = m_chartsRow->width();
        m_chartsRow->setSizes({cw / 3, cw / 3, cw - 2 * (cw / 3)});
        m_sized = true;
    }
}

void EventLoopPanel::applyThreshold()
{
    const double threshold = m_config.params.value(QStringLiteral("slow_callback_ms")).toDouble(100);
    m_ticks->setSlowThresholdMs(threshold);
    m_lag->setReferenceLine(threshold,
        tr("slow callback threshold %1").arg(formatValue(threshold, QStringLiteral("ms"))), Theme::current().alert);
    m_lagNow->setThreshold(threshold);
    m_lagNow->setRange(threshold);
    m_ticks->update();
}

void EventLoopPanel::parameterChanged(const QString& path, const QJsonValue& value)
{
    LabPanel::parameterChanged(path, value);
    if (path == QLatin1String("slow_callback_ms"))
        applyThreshold();
}

void EventLoopPanel::showFrame(const PanelFrame& f)
{
    updateCommon(f);
    const metrics::LabSnapshot* lab = f.lab;
    auto series = [&](const QString& name) { return lab ? lab->findSeries(name) : nullptr; };
    auto hist = [&](const QString& name) { return lab ? lab->findHistogram(name) : nullptr; };

    const auto marks = lab ? chartMarks(*lab) : std::vector<ChartMark>{};
    TimeSeriesChart::setMarksOn({m_lag, m_tasks, m_rates}, marks);
    m_lag->setFrame(f.fromS, f.toS, {series(kLag)});
    m_tasks->setFrame(f.fromS, f.toS, {series(kInFlight), series(kResumptions)});
    m_rates->setFrame(f.fromS, f.toS, {series(kTickRate), series(kCompleted)});
    m_ticks->setFrame(f.snapshot, lab, f.fromS, f.toS);
    m_timeline->setFrame(f.snapshot, lab, f.fromS, f.toS);
    m_latencyHist->setFrame(f.snapshot, hist(kLatency));
    m_lagHist->setFrame(f.snapshot, hist(kLag));

    m_lagNow->setValue(lastFinite(series(kLag)));
    m_inFlight->setValue(lastFinite(series(kInFlight)));
    m_resumptions->setValue(lastFinite(series(kResumptions)));
    m_tickRate->setValue(lastFinite(series(kTickRate)));
}

void EventLoopPanel::setFrozen(bool frozen)
{
    for (TimeSeriesChart* c : {m_lag, m_tasks, m_rates})
        c->setFrozen(frozen);
    m_ticks->setFrozen(frozen);
    m_timeline->setFrozen(frozen);
    m_latencyHist->setFrozen(frozen);
    m_lagHist->setFrozen(frozen);
    for (GaugeBar* g : {m_lagNow, m_inFlight, m_resumptions, m_tickRate})
        g->setFrozen(frozen);
}

QList<QWidget*> EventLoopPanel::charts() const
{
    return {m_ticks, m_lag, m_tasks, m_rates, m_timeline, m_latencyHist, m_lagHist};
}

} // namespace looplab::ui
