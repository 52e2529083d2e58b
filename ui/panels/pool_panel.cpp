#include "pool_panel.h"

#include "charts/axis_ticks.h"
#include "charts/dashed_line.h"
#include "charts/gauge_bar.h"
#include "charts/histogram_view.h"
#include "charts/text_cache.h"
#include "event_loop_panel.h"
#include "series_math.h"
#include "theme.h"
#include "ui_text.h"

#include <QChart>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QSplitter>
#include <QThread>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <array>
#include <cmath>
#include <limits>

namespace looplab::ui {

using metrics::LaneState;

namespace {
// The pool lab's series, lanes, histograms and marks (its public contract with the UI).
const QString kThroughput = QStringLiteral("throughput");
const QString kDelivered = QStringLiteral("results_delivered"); // what map / imap / imap_unordered hand out
const QString kSpeedup = QStringLiteral("speedup");
const QString kCpuTotal = QStringLiteral("cpu_total");
const QString kQueue = QStringLiteral("queue_depth");
const QString kProbeP50 = QStringLiteral("probe_latency_ms_p50");
const QString kProbeP99 = QStringLiteral("probe_latency_ms_p99");
const QString kTaskLatency = QStringLiteral("task_latency_ms");
const QString kIpc = QStringLiteral("ipc_us");
const QString kRestartMark = QStringLiteral("worker_restart");
const QString kGroupThreads = QStringLiteral("threads");
const QString kGroupProcesses = QStringLiteral("processes");
const QString kGroupGil = QStringLiteral("gil");
const QString kGroupProbe = QStringLiteral("probe");
const QString kGroupLock = QStringLiteral("lock");
const QString kGroupSync = QStringLiteral("sync");
constexpr double kThroughputWindowS = 0.5;

double metricOr(
    const metrics::LabSnapshot* lab, const QString& name, double fallback = std::numeric_limits<double>::quiet_NaN())
{
    if (!lab)
        return fallback;
    auto it = lab->metrics.constFind(name);
    return it == lab->metrics.constEnd() ? fallback : it.value();
}

QString deadlockCaption(const QString& markName)
{
    // The lab names a deadlock in English (the recording's mark): "deadlock: thread 1 waits for
    // lock B held by thread 2, which waits for lock A held by thread 1". Said again in the UI's
    // language, link by link, with the lab's own translations (context PoolLab, pool_sync.cpp).
    static const QRegularExpression link(QStringLiteral("waits for lock (\\S+) held by thread (\\d+)"));
    static const QRegularExpression first(QStringLiteral("^deadlock: thread (\\d+)"));
    const auto head = first.match(markName);
    if (!head.hasMatch())
        return markName;
    QString text = QCoreApplication::translate("PoolLab", "deadlock: thread %1").arg(head.captured(1));
    bool firstLink = true;
    for (auto it = link.globalMatch(markName); it.hasNext();) {
        const auto m = it.next();
        text += firstLink ? QCoreApplication::translate("PoolLab", " waits for lock %1 held by thread %2")
                                .arg(m.captured(1), m.captured(2))
                          : QCoreApplication::translate("PoolLab", ", which waits for lock %1 held by thread %2")
                                .arg(m.captured(1), m.captured(2));
        firstLink = false;
    }
    return text;
}

// "the RLock", "the semaphore"…: what a blocked lane waits for in this sync lesson.
QString syncPrimitiveName(const QString& sync)
{
    // translate() spelled out (no tr lambda): lupdate files each string under its context.
    if (sync == QLatin1String("rlock"))
        return QCoreApplication::translate("PoolGantt", "the RLock");
    if (sync == QLatin1String("event"))
        return QCoreApplication::translate("PoolGantt", "the event");
    if (sync == QLatin1String("condition"))
        return QCoreApplication::translate("PoolGantt", "the condition");
    if (sync == QLatin1String("semaphore"))
        return QCoreApplication::translate("PoolGantt", "the semaphore");
    return QCoreApplication::translate("PoolGantt", "a lock");
}

std::vector<ChartMark> poolMarks(const metrics::LabSnapshot& lab)
{
    const Theme& t = Theme::current();
    std::vector<ChartMark> out;
    for (const auto& m : lab.marks) {
        if (m.name == kRestartMark)
            out.push_back({double(m.tNs) * 1e-9, t.alert,
                QCoreApplication::translate("PoolPanel", "worker restarted (dead pid %1)").arg(qint64(m.value))});
        else if (m.name.startsWith(QLatin1String("parameter")))
            out.push_back({double(m.tNs) * 1e-9, t.markColor(m.name), markCaption(m)});
        else if (m.name.startsWith(QLatin1String("deadlock:")))
            out.push_back({double(m.tNs) * 1e-9, t.alert, deadlockCaption(m.name)});
        else if (m.name == QLatin1String("event_set"))
            out.push_back({double(m.tNs) * 1e-9, t.markColor(m.name), QStringLiteral("event.set()")});
    }
    return out;
}
} // namespace

// ---------------------------------------------------------------------------------------------
// Configuration and colours

PoolViewConfig PoolViewConfig::from(const scenario::LabConfig& config)
{
    const QJsonObject& p = config.params;
    PoolViewConfig c;
    c.processes = p.value(QStringLiteral("executor")).toString() == QLatin1String("processes");
    c.workers = std::clamp(p.value(QStringLiteral("workers")).toInt(4), 1, 64);
    c.gil = p.value(QStringLiteral("gil")).toString(QStringLiteral("cpython"));
    c.task = p.value(QStringLiteral("task")).toString(QStringLiteral("cpu"));
    c.taskMs = p.value(QStringLiteral("task_ms")).toDouble(20);
    // task_sizes (cycled over the tasks) replace task_ms: the ceiling uses their mean.
    if (const QJsonArray sizes = p.value(QStringLiteral("task_sizes")).toArray(); !sizes.isEmpty()) {
        double sum = 0;
        for (const QJsonValue& v : sizes)
            sum += v.toObject().value(QStringLiteral("ms")).toDouble();
        c.taskMs = sum / double(sizes.size());
    }
    c.ioShare = p.value(QStringLiteral("io_share")).toDouble(0.5);
    c.switchIntervalMs = p.value(QStringLiteral("switch_interval_ms")).toDouble(5);
    c.probeEveryMs = p.value(QStringLiteral("probe_every_ms")).toDouble(0);
    c.spawnPerTask = p.value(QStringLiteral("spawn_per_task")).toBool(false);
    c.lock = p.value(QStringLiteral("lock")).toString(QStringLiteral("none"));
    c.sync = p.value(QStringLiteral("sync")).toString(QStringLiteral("none"));
    c.semaphoreValue = p.value(QStringLiteral("semaphore_value")).toInt(3);
    c.cores = std::max(1, QThread::idealThreadCount());
    return c;
}

int PoolViewConfig::concurrentTasks() const
{
    if (processes)
        return workers;
    if (sync == QLatin1String("rlock") || lock == QLatin1String("coarse"))
        return 1;
    if (sync == QLatin1String("semaphore"))
        return std::clamp(semaphoreValue, 1, workers);
    return workers;
}

QColor poolWorkerColor(int index, int workers)
{
    const Theme& t = Theme::current();
    if (index >= workers) // the probe
        return t.isDark() ? QColor(0xf2, 0xf2, 0xf2) : QColor(0x22, 0x22, 0x22);
    // Distinct hues that are not the lane-state colours' exact tones; past them, golden-angle hues.
    static const std::array<QRgb, 9> light{
        0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e, 0x17becf, 0x8c564b, 0xe377c2, 0xbcbd22};
    static const std::array<QRgb, 9> dark{
        0x4fa3e0, 0xff5a5a, 0x4cd04c, 0xb594e0, 0xffa04a, 0x3fdcec, 0xc08b7c, 0xf0a0dc, 0xdede4a};
    if (index < int(light.size()))
        return QColor::fromRgb(t.isDark() ? dark[size_t(index)] : light[size_t(index)]);
    const double hue = std::fmod(0.07 + index * 0.618033988749895, 1.0);
    return QColor::fromHsvF(float(hue), 0.75f, t.isDark() ? 0.95f : 0.75f);
}

// ---------------------------------------------------------------------------------------------
// PoolGantt

PoolGantt::PoolGantt(const QString& title, QWidget* parent)
    : PaintedChart(title, parent)
{
    setPlaceholder(tr("no workers yet: press Start"));
    setToolTip(QString());
}

void PoolGantt::setConfig(const PoolViewConfig& config)
{
    m_cfg = config;
    update();
}

void PoolGantt::setFrame(
    metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab, double nowS, double fromS, double toS)
{
    if (m_frozen)
        return;
    m_keep = std::move(keep);
    m_lab = lab;
    if (nowS + 0.5 < m_nowS)
        m_follow = true; // a new run: back to its live edge
    m_nowS = nowS;
    m_fromS = fromS;
    m_toS = toS > fromS ? toS : fromS + 1;
    buildRows();
    update();
}

void PoolGantt::setWindowLength(double seconds)
{
    m_spanS = std::clamp(seconds, 0.005, 600.0);
    update();
}

void PoolGantt::followLive()
{
    m_follow = true;
    update();
}

void PoolGantt::buildRows()
{
    m_rows.clear();
    if (!m_lab)
        return;
    int workerIndex = 0;
    bool workerHeader = false;
    for (const auto& l : m_lab->lanes) {
        if (l.group != kGroupThreads && l.group != kGroupProcesses)
            continue;
        if (!workerHeader) {
            const bool proc = l.group == kGroupProcesses;
            QString head
                = proc ? tr("worker processes (ProcessPoolExecutor)") : tr("worker threads (ThreadPoolExecutor)");
            if (m_cfg.spawnPerTask)
                head = proc ? tr("worker processes (a new process per task)")
                            : tr("worker threads (a new thread per task)");
            m_rows.push_back({RowKind::Header, nullptr, 0, head});
            workerHeader = true;
        }
        const QString name
            = l.group == kGroupProcesses ? tr("process %1").arg(workerIndex + 1) : tr("thread %1").arg(workerIndex + 1);
        m_rows.push_back({RowKind::Worker, &l, workerIndex++, name});
    }
    for (const auto& l : m_lab->lanes)
        if (l.group == kGroupGil) {
            m_rows.push_back({RowKind::Header, nullptr, -1, tr("the GIL (emulated): who holds it")});
            m_rows.push_back({RowKind::Gil, &l, 0, tr("GIL holder")});
            break;
        }
    // The lab's locks (the count's lock; RLock; lock A and lock B): who holds each.
    bool lockHeader = false;
    for (const auto& l : m_lab->lanes)
        if (l.group == kGroupLock) {
            if (!lockHeader)
                m_rows.push_back({RowKind::Header, nullptr, 0, tr("locks: who holds each")});
            lockHeader = true;
            m_rows.push_back({RowKind::Lock, &l, 0, l.name});
        }
    // The thread beside the pool in the sync lessons: the event's starter, the condition's producer.
    for (const auto& l : m_lab->lanes)
        if (l.group == kGroupSync) {
            m_rows.push_back({RowKind::Header, nullptr, 0,
                l.name == QLatin1String("starter") ? tr("starter thread: time.sleep(), then event.set()")
                                                   : tr("producer thread: puts items into the buffer")});
            m_rows.push_back({RowKind::Probe, &l, m_cfg.workers,
                l.name == QLatin1String("starter") ? tr("starter") : tr("producer")});
        }
    for (const auto& l : m_lab->lanes)
        if (l.group == kGroupProbe) {
            m_rows.push_back({RowKind::Header, nullptr, 0,
                tr("probe: a short I/O-bound request every %1")
                    .arg(formatValue(m_cfg.probeEveryMs, QStringLiteral("ms")))});
            m_rows.push_back({RowKind::Probe, &l, m_cfg.workers, tr("probe")});
            break;
        }
}

double PoolGantt::activityEndS() const
{
    if (!m_lab)
        return m_nowS;
    int64_t last = 0;
    for (const Row& r : m_rows) {
        if (!r.lane || r.kind == RowKind::Gil)
            continue;
        const auto& spans = r.lane->spans;
        for (size_t i = spans.size(); i-- > 0;) {
            if (spans[i].state != LaneState::Idle && spans[i].state != LaneState::Done) {
                last = std::max(last, spans[i].endNs);
                break;
            }
        }
    }
    if (last <= 0)
        return m_nowS;
    // A little room after the last activity, so the end of the work is seen ending.
    return std::min(m_nowS, double(last) * 1e-9 + 0.04 * m_spanS);
}

void PoolGantt::computeView()
{
    const double span = m_spanS;
    double end = m_follow ? activityEndS() : m_endS;
    end = std::clamp(end, span, std::max(span, std::max(m_nowS, m_toS)));
    m_viewFrom = end - span;
    m_viewTo = end;
}

double PoolGantt::timeAtX(int x) const
{
    if (m_plot.width() <= 0)
        return m_viewFrom;
    return m_viewFrom + double(x - m_plot.left()) / m_plot.width() * (m_viewTo - m_viewFrom);
}

QString PoolGantt::stateText(LaneState s) const
{
    switch (s) {
    case LaneState::Running:
        return m_cfg.usesGil() ? tr("holds the GIL, running") : tr("running");
    case LaneState::GilWait:
        return tr("waiting for the GIL");
    case LaneState::IoWait:
        return tr("waiting for I/O");
    case LaneState::Ipc:
        return m_cfg.spawnPerTask ? tr("starting a process + IPC") : tr("IPC: data through the pipe");
    case LaneState::Idle:
        return tr("idle");
    case LaneState::QueueBlocked:
        return m_cfg.sync == QLatin1String("none") || m_cfg.sync.isEmpty()
            ? tr("waiting for the lock")
            : tr("blocked: waiting for %1").arg(syncPrimitiveName(m_cfg.sync));
    default:
        return laneStateLabel(s);
    }
}

QColor PoolGantt::keyColor(int key, bool byHolder) const
{
    if (byHolder)
        return poolWorkerColor(key, m_cfg.workers);
    return Theme::current().stateColor(LaneState(key));
}

int PoolGantt::paintSpans(QPainter& p, const metrics::LaneData& lane, const QRect& box, double fromS, double toS,
    bool byHolder, double sinceNs)
{
    const Theme& t = Theme::current();
    const double from = fromS * 1e9, to = toS * 1e9;
    if (!(to > from) || box.width() <= 0)
        return 0;
    const double pxPerNs = box.width() / (to - from);
    const int keys = byHolder ? m_cfg.workers + 1 : metrics::kLaneStateCount;
    m_acc.assign(size_t(keys), 0.0);
    int rects = 0;
    // Runs of one colour become one rectangle; spans narrower than a pixel are folded into one
    // column coloured by the key that dominates it, faded by how much of the column it fills.
    struct Run {
        int x0 = 0, x1 = 0;
        QRgb rgba = 0;
        int key = -1;
        bool open = false;
    } run;
    const QFontMetrics fm(t.axisFont());
    auto drawRun = [&] {
        if (!run.open)
            return;
        const QRect r(run.x0, box.top(), run.x1 - run.x0, box.height());
        p.fillRect(r, QColor::fromRgba(run.rgba));
        ++rects;
        // Who holds the GIL, written in the slice when it is wide enough (colour is not the only cue).
        if (byHolder && run.key >= 0 && box.height() >= fm.height() - 2) {
            const QString label
                = run.key >= m_cfg.workers ? tr("P", "probe, one letter") : QString::number(run.key + 1);
            if (textcache::advanceInt(label, t.axisFont()) + 4 <= r.width()) {
                p.setPen(keyColor(run.key, true).lightnessF() < 0.6 ? QColor(Qt::white) : QColor(Qt::black));
                textcache::draw(p, r, Qt::AlignCenter, label);
            }
        }
        run.open = false;
    };
    auto emitBox = [&](int x0, int x1, const QColor& c, int key) {
        const QRgb rgba = c.rgba();
        if (run.open && run.rgba == rgba && x0 <= run.x1) {
            run.x1 = std::max(run.x1, x1);
            return;
        }
        drawRun();
        run = {x0, x1, rgba, key, true};
    };
    long curPx = std::numeric_limits<long>::min();
    int lastKey = -1;
    auto flush = [&] {
        if (curPx == std::numeric_limits<long>::min())
            return;
        int best = -1, bestOther = -1;
        double total = 0;
        for (int k = 0; k < keys; ++k) {
            const double v = m_acc[size_t(k)];
            total += v;
            if (v <= 0)
                continue;
            if (best < 0 || v > m_acc[size_t(best)])
                best = k;
            if (k != lastKey && (bestOther < 0 || v > m_acc[size_t(bestOther)]))
                bestOther = k;
        }
        // The GIL lane is about hand-offs: in a column shared by several holders, show the one
        // that differs from the column before (the lock changed hands here).
        if (byHolder && bestOther >= 0)
            best = bestOther;
        if (best >= 0) {
            QColor c = keyColor(best, byHolder);
            // Faded by how much of the column the lane was busy; 8 levels so runs merge. A GIL hold
            // shorter than a pixel stays solid: each hand-off is seen (the share column is exact).
            const double share = std::min(1.0, total * pxPerNs);
            if (!byHolder)
                c.setAlphaF(float(0.35 + 0.65 * std::round(share * 8) / 8));
            emitBox(int(curPx), int(curPx) + 1, c, -1);
            lastKey = best;
        }
        std::fill(m_acc.begin(), m_acc.end(), 0.0);
        curPx = std::numeric_limits<long>::min();
    };
    const auto& spans = lane.spans;
    auto it = std::lower_bound(spans.begin(), spans.end(), std::max(from, sinceNs),
        [](const metrics::Span& s, double t0) { return double(s.endNs) < t0; });
    for (; it != spans.end() && double(it->startNs) <= to; ++it) {
        if (it->state == LaneState::Idle || it->state == LaneState::Done)
            continue;
        const double s0 = std::max(double(it->startNs), from), s1 = std::min(double(it->endNs), to);
        if (s1 <= s0)
            continue;
        const int key = byHolder ? std::min<int>(int(it->aux), m_cfg.workers) : int(it->state);
        const double x0 = box.left() + (s0 - from) * pxPerNs;
        const double x1 = box.left() + (s1 - from) * pxPerNs;
        if (x1 - x0 >= 1.0) {
            flush();
            const int ix0 = int(std::floor(x0)), ix1 = int(std::ceil(x1));
            emitBox(ix0, std::max(ix0 + 1, ix1), keyColor(key, byHolder), key);
            lastKey = key;
            continue;
        }
        const long px = long(std::floor(x0));
        if (px != curPx) {
            flush();
            curPx = px;
        }
        m_acc[size_t(key)] += s1 - s0;
    }
    flush();
    drawRun();
    return rects;
}

void PoolGantt::paintShares(QPainter& p, const metrics::LaneData& lane, const QRect& box, bool gil)
{
    const Theme& t = Theme::current();
    int64_t total = 0;
    for (int64_t v : lane.totalNs)
        total += v;
    p.fillRect(box, t.idleFill);
    if (total <= 0)
        return;
    double x = box.left();
    for (int k = 1; k <= metrics::kLaneStateCount; ++k) {
        const auto s = LaneState(k % metrics::kLaneStateCount);
        const int64_t v = lane.totalNs[size_t(s)];
        if (v <= 0 || s == LaneState::Done || s == LaneState::Idle)
            continue;
        const double w = double(v) / double(total) * box.width();
        const QRect r(
            int(std::round(x)), box.top(), std::max(1, int(std::round(x + w)) - int(std::round(x))), box.height());
        p.fillRect(r, gil ? t.mutedText : t.stateColor(s));
        x += w;
    }
    // The share that matters most for the lesson, as a number: running (or holding the GIL).
    const double run = double(lane.totalNs[size_t(LaneState::Running)]) / double(total);
    const QString text = gil ? tr("held %1 %").arg(QString::number(100 * run, 'f', 0))
                             : tr("run %1 %").arg(QString::number(100 * run, 'f', 0));
    const QFontMetrics fm(t.axisFont());
    const int w = textcache::advanceInt(text, t.axisFont()) + 6;
    if (box.height() >= fm.height() - 4 && w <= box.width()) {
        p.setPen(t.text);
        QColor bg = t.background;
        bg.setAlpha(200);
        const QRect textBox(box.right() - w, box.center().y() - fm.height() / 2, w, fm.height());
        p.fillRect(textBox, bg);
        textcache::draw(p, textBox, Qt::AlignCenter, text);
    }
}

void PoolGantt::paintHeader(QPainter& p, const QRect& area)
{
    // Legend of the states the worker lanes can take in this configuration.
    std::vector<LaneState> states{LaneState::Running};
    if (m_cfg.usesGil())
        states.push_back(LaneState::GilWait);
    if (m_cfg.task != QLatin1String("cpu") || m_cfg.hasProbe())
        states.push_back(LaneState::IoWait);
    if (m_cfg.processes)
        states.push_back(LaneState::Ipc);
    if (m_cfg.waitsOnPrimitives())
        states.push_back(LaneState::QueueBlocked);
    states.push_back(LaneState::Idle);
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    int x = area.left();
    const int y = area.center().y();
    for (LaneState s : states) {
        const QString label = stateText(s);
        if (x + fm.height() + textcache::advanceInt(label, t.axisFont()) + 8 > area.right())
            return;
        x = paintSwatch(p, x, y, t.stateColor(s), label);
    }
    const QString hint = tr("wheel: zoom · drag: pan · double-click: follow live");
    if (x + textcache::advanceInt(hint, t.axisFont()) + 8 <= area.right()) {
        p.setFont(t.axisFont());
        p.setPen(t.mutedText);
        textcache::draw(
            p, QRect(x, area.top(), area.right() - x, area.height()), Qt::AlignRight | Qt::AlignVCenter, hint);
    }
}

void PoolGantt::paintOverview(QPainter& p, const QRect& box)
{
    const Theme& t = Theme::current();
    p.fillRect(box, t.idleFill);
    std::vector<const Row*> lanes;
    for (const Row& r : m_rows)
        if (r.kind == RowKind::Worker || r.kind == RowKind::Probe)
            lanes.push_back(&r);
    if (lanes.empty())
        return;
    const int rowH = std::max(1, box.height() / int(lanes.size()));
    // At a fractional device pixel ratio an image copied to another position is not the picture
    // painted there (rounding of the scaled rectangles): the strip is then painted whole.
    const qreal dpr = devicePixelRatioF();
    if (m_overviewKept && dpr == std::floor(dpr)) {
        paintOverviewLanes(p, box, lanes, rowH);
    } else {
        int y = box.top();
        for (const Row* r : lanes) {
            if (y + rowH > box.bottom() + 1)
                break;
            m_rects += paintSpans(p, *r->lane,
                QRect(box.left(), y, box.width(), std::max(1, rowH - (rowH >= 4 ? 1 : 0))), m_fromS, m_toS, false);
            y += rowH;
        }
    }
    // The zoomed window, framed.
    const double span = m_toS - m_fromS;
    int x0 = box.left() + int(std::floor((m_viewFrom - m_fromS) / span * box.width()));
    int x1 = box.left() + int(std::ceil((m_viewTo - m_fromS) / span * box.width()));
    x0 = std::clamp(x0, box.left(), box.right());
    x1 = std::clamp(x1, box.left(), box.right());
    if (x1 - x0 < 3) {
        const int c = (x0 + x1) / 2;
        x0 = c - 1;
        x1 = c + 2;
    }
    QColor shade = t.hover;
    shade.setAlpha(40);
    p.fillRect(QRect(x0, box.top(), x1 - x0, box.height()), shade);
    p.setPen(QPen(t.text, 2));
    p.drawRect(QRect(x0, box.top() - 1, x1 - x0, box.height() + 1));
    p.setPen(QPen(t.axis, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(box.adjusted(0, 0, -1, -1));
}

namespace {
std::pair<int64_t, int64_t> spanAt(
    const std::vector<metrics::Span>& spans, std::vector<metrics::Span>::const_iterator it)
{
    return it == spans.end() ? std::pair<int64_t, int64_t>{-1, -1} : std::pair{it->startNs, it->endNs};
}
// The first span that ends at or after `ns`.
std::vector<metrics::Span>::const_iterator endingFrom(const std::vector<metrics::Span>& spans, double ns)
{
    return std::lower_bound(
        spans.begin(), spans.end(), ns, [](const metrics::Span& s, double t0) { return double(s.endNs) < t0; });
}
} // namespace

bool PoolGantt::overviewContinues(const std::vector<const Row*>& lanes) const
{
    const OverviewLayer& l = m_ovLayer;
    if (l.names.size() != lanes.size())
        return false;
    for (size_t i = 0; i < lanes.size(); ++i) {
        const auto& spans = lanes[i]->lane->spans;
        if (lanes[i]->lane->name != l.names[i] || spanAt(spans, endingFrom(spans, l.fromNs)) != l.first[i])
            return false;
        const auto after = endingFrom(spans, l.doneNs);
        const auto anchor = after == spans.begin() ? std::pair<int64_t, int64_t>{-1, -1} : spanAt(spans, after - 1);
        if (anchor != l.anchor[i])
            return false;
    }
    return true;
}

void PoolGantt::paintOverviewLanes(QPainter& p, const QRect& box, const std::vector<const Row*>& lanes, int rowH)
{
    const Theme& t = Theme::current();
    const double from = m_fromS * 1e9, to = m_toS * 1e9;
    std::vector<QRgb> colours{t.idleFill.rgba()};
    for (int k = 0; k < metrics::kLaneStateCount; ++k)
        colours.push_back(t.stateColor(LaneState(k)).rgba());
    const qreal dpr = devicePixelRatioF();
    const QSize pixels = (QSizeF(box.size()) * dpr).toSize();
    OverviewLayer& l = m_ovLayer;
    // Drawn again from the left when what it shows changed: the window, the size, the lanes,
    // their colours, or spans it painted.
    if (l.fromNs != from || l.toNs != to || l.rowH != rowH || l.colours != colours || l.image.size() != pixels
        || l.image.devicePixelRatio() != dpr || !overviewContinues(lanes)) {
        l = OverviewLayer{QImage(pixels, QImage::Format_RGB32), from, to, {}, rowH, colours, 0, from, {}, {}};
        l.image.setDevicePixelRatio(dpr);
    }
    const double pxPerNs = box.width() / (to - from);
    {
        QPainter lp(&l.image);
        lp.translate(-box.topLeft());
        lp.setClipRect(QRect(box.left() + l.doneX, box.top(), box.width() - l.doneX, box.height()));
        lp.fillRect(box, t.idleFill);
        int y = box.top();
        for (const Row* r : lanes) {
            if (y + rowH > box.bottom() + 1)
                break;
            m_rects
                += paintSpans(lp, *r->lane, QRect(box.left(), y, box.width(), std::max(1, rowH - (rowH >= 4 ? 1 : 0))),
                    m_fromS, m_toS, false, l.doneNs);
            y += rowH;
        }
    }
    // Each lane's newest span's column and those after it may still change (the span grows, the
    // next one begins after it); left of the earliest of those, nothing can.
    int doneX = box.width();
    for (const Row* r : lanes) {
        const auto& spans = r->lane->spans;
        const int x = spans.empty() ? 0 : int(std::floor((double(spans.back().startNs) - from) * pxPerNs));
        doneX = std::min(doneX, x);
    }
    if (doneX > l.doneX) {
        l.doneX = doneX;
        l.doneNs = from + doneX / pxPerNs;
    }
    l.names.clear();
    l.first.clear();
    l.anchor.clear();
    for (const Row* r : lanes) {
        const auto& spans = r->lane->spans;
        l.names.push_back(r->lane->name);
        l.first.push_back(spanAt(spans, endingFrom(spans, from)));
        const auto after = endingFrom(spans, l.doneNs);
        l.anchor.push_back(after == spans.begin() ? std::pair<int64_t, int64_t>{-1, -1} : spanAt(spans, after - 1));
    }
    p.drawImage(box.topLeft(), l.image);
}

int PoolGantt::preferredHeight() const
{
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont()), tfm(t.titleFont());
    QFont bold = t.axisFont();
    bold.setBold(true);
    const int headerH = QFontMetrics(bold).height() + 4;
    const int lanes = m_cfg.workers + (m_cfg.usesGil() ? 2 : 0) + (m_cfg.hasProbe() ? 1 : 0);
    const int headers = 1 + (m_cfg.usesGil() ? 1 : 0) + (m_cfg.hasProbe() ? 1 : 0);
    const int overviewLanes = m_cfg.workers + (m_cfg.hasProbe() ? 1 : 0);
    const int ovH = std::max(12, std::clamp(32 / overviewLanes, 2, 7) * overviewLanes);
    // Few lanes: tall ones; many: a text line each (the splitter gives more on demand).
    const int laneH = m_cfg.workers <= 4 ? fm.height() * 2 + 8 : fm.height() + 10;
    return tfm.height() + 10 + headers * headerH + lanes * laneH + timeAxisHeight() + 6 + ovH + 10;
}

bool PoolGantt::paintContent(QPainter& p, const QRect& area)
{
    m_rects = 0;
    m_rowY.clear();
    m_plot = QRect();
    m_overview = QRect();
    if (m_rows.empty())
        return false;
    computeView();
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const QFont boldFont = [&] {
        QFont f = t.axisFont();
        f.setBold(true);
        return f;
    }();
    const QFontMetrics bfm(boldFont);
    const int swatch = fm.height() - 4;

    // Text through the text cache: shaped once, not on every frame (issue 18).
    int labelW = textcache::advanceInt(tr("whole window"), t.axisFont());
    int lanes = 0, headers = 0;
    for (const Row& r : m_rows) {
        if (r.kind == RowKind::Header)
            ++headers;
        else {
            ++lanes;
            labelW = std::max(labelW, textcache::advanceInt(r.text, t.axisFont()) + swatch + 6);
        }
    }
    labelW = std::clamp(labelW + 16, 70, std::max(70, area.width() / 5));
    const int shareW
        = area.width() >= 640 ? std::max(86, textcache::advanceInt(tr("held 100 %"), t.axisFont()) + 14) : 0;
    const int plotLeft = area.left() + labelW;
    const int plotW = area.width() - labelW - (shareW ? shareW + 12 : 10);

    // The overview strip (the whole panel window) under the axis.
    int workerLanes = 0;
    for (const Row& r : m_rows)
        workerLanes += r.kind == RowKind::Worker || r.kind == RowKind::Probe;
    const int ovRowH = std::clamp(32 / std::max(1, workerLanes), 2, 7);
    const int ovH = std::max(12, ovRowH * workerLanes);
    const int bottomH = timeAxisHeight() + 6 + ovH + 4;
    const QRect plotArea(plotLeft, area.top(), plotW, area.height() - bottomH);
    if (plotArea.width() < 40 || plotArea.height() < 20)
        return true;

    // Lane height: everything fits; the GIL lane a little taller (it is the lesson).
    int headerH = bfm.height() + 4;
    const int gilExtra = 1;
    auto laneHeight = [&](int hh) { return (plotArea.height() - headers * hh) / std::max(1, lanes + gilExtra); };
    int laneH = laneHeight(headerH);
    if (laneH < fm.height() * 0.7) {
        headerH = std::max(6, headerH / 2);
        laneH = laneHeight(headerH);
    }
    laneH = std::clamp(laneH, 2, fm.height() * 2 + 8);
    m_laneH = laneH;
    const int gap = laneH >= 10 ? 3 : (laneH >= 5 ? 1 : 0);
    const bool labelEvery = laneH >= fm.height() - 3;
    const int labelStride = labelEvery ? 1 : std::max(1, int(std::ceil(double(fm.height()) / std::max(1, laneH))));
    m_plot = plotArea;

    // Grid: the time ticks across the lanes (5 ms slices are counted against them).
    const int ticksTarget = std::max(3, plotArea.width() / 110);
    const std::vector<double> ticks = linearTicks(m_viewFrom, m_viewTo, ticksTarget);

    p.setRenderHint(QPainter::Antialiasing, false);
    int y = plotArea.top();
    int laneIndex = 0;
    bool shareHeaderDone = false;
    for (const Row& r : m_rows) {
        if (y >= plotArea.bottom())
            break;
        if (r.kind == RowKind::Header) {
            if (headerH >= bfm.height()) {
                p.setFont(boldFont);
                p.setPen(t.text);
                const int textW = textcache::advanceInt(r.text, boldFont);
                textcache::draw(
                    p, QRect(area.left() + 6, y, textW + 4, headerH), Qt::AlignLeft | Qt::AlignVCenter, r.text);
                p.setFont(t.axisFont());
                int x = area.left() + 6 + textW + 18;
                // The GIL's header is the holders' legend.
                if (r.index == -1) {
                    const int right = plotArea.right();
                    for (int i = 0; i <= m_cfg.workers; ++i) {
                        if (i == m_cfg.workers && !m_cfg.hasProbe())
                            break;
                        const QString name = i == m_cfg.workers ? tr("probe") : tr("thread %1").arg(i + 1);
                        if (x + swatch + textcache::advanceInt(name, t.axisFont()) + 40 > right) {
                            p.setPen(t.mutedText);
                            textcache::draw(
                                p, QRect(x, y, right - x, headerH), Qt::AlignLeft | Qt::AlignVCenter, tr("…"));
                            break;
                        }
                        x = paintSwatch(p, x, y + headerH / 2, poolWorkerColor(i, m_cfg.workers), name);
                    }
                    p.setPen(t.mutedText);
                    const QString free = tr("blank: nobody holds it");
                    if (x + textcache::advanceInt(free, t.axisFont()) + 8 < right)
                        textcache::draw(p, QRect(x, y, right - x, headerH), Qt::AlignLeft | Qt::AlignVCenter, free);
                }
                if (!shareHeaderDone && shareW) {
                    p.setPen(t.mutedText);
                    textcache::draw(p, QRect(plotArea.right() + 12, y, shareW, headerH),
                        Qt::AlignLeft | Qt::AlignVCenter, tr("whole run"));
                    shareHeaderDone = true;
                }
            } else {
                p.setPen(t.grid);
                p.drawLine(plotArea.left(), y + headerH / 2, plotArea.right(), y + headerH / 2);
            }
            y += headerH;
            laneIndex = 0;
            continue;
        }
        const int h = r.kind == RowKind::Gil ? laneH + laneH * gilExtra : laneH;
        const int boxH = std::max(1, h - gap);
        const QRect box(plotArea.left(), y, plotArea.width(), boxH);
        m_rowY.push_back({y, &r});
        p.fillRect(box, t.idleFill);
        // Tick grid under the spans.
        {
            p.setPen(t.grid);
            const double span = m_viewTo - m_viewFrom;
            for (double v : ticks) {
                const int x = plotArea.left() + int((v - m_viewFrom) / span * plotArea.width());
                p.drawLine(x, box.top(), x, box.bottom());
            }
        }
        const bool byHolder = r.kind == RowKind::Gil || r.kind == RowKind::Lock;
        m_rects += paintSpans(p, *r.lane, box, m_viewFrom, m_viewTo, byHolder);
        // Label: the worker's colour (its GIL colour, its CPU line) and its name.
        if (labelEvery || laneIndex % labelStride == 0 || r.kind != RowKind::Worker) {
            const int ty = box.center().y();
            int x = area.left() + 6;
            if (!byHolder) {
                p.fillRect(QRect(x, ty - swatch / 2, swatch, swatch), poolWorkerColor(r.index, m_cfg.workers));
                x += swatch + 5;
            }
            p.setPen(t.text);
            p.setFont(r.kind == RowKind::Gil ? boldFont : t.axisFont());
            const int labelRoom = plotArea.left() - x - 6;
            textcache::draw(p, QRect(x, ty - fm.height() / 2, labelRoom, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                textcache::advanceInt(r.text, t.axisFont()) <= labelRoom
                    ? r.text
                    : fm.elidedText(r.text, Qt::ElideRight, labelRoom));
            p.setFont(t.axisFont());
        }
        if (shareW)
            paintShares(p, *r.lane,
                QRect(plotArea.right() + 12, box.top() + boxH / 6, shareW, std::max(1, boxH - boxH / 3)), byHolder);
        ++laneIndex;
        y += h;
    }
    // Restarted workers: a red line through every lane.
    const int lanesBottom = std::min(plotArea.bottom(), y);
    if (m_lab) {
        for (const auto& m : m_lab->marks) {
            const double ts = double(m.tNs) * 1e-9;
            if (m.name != kRestartMark || ts < m_viewFrom || ts > m_viewTo)
                continue;
            const int x = plotArea.left() + int((ts - m_viewFrom) / (m_viewTo - m_viewFrom) * plotArea.width());
            p.setPen(QPen(t.alert, 2, Qt::DashLine));
            p.drawLine(x, plotArea.top(), x, lanesBottom);
            textcache::draw(p, QRect(x + 3, plotArea.top(), 200, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                tr("worker restart"));
        }
    }
    // Time axis right under the last lane, the window's length beside its title.
    const QRect axisRect(plotArea.left(), plotArea.top(), plotArea.width(), lanesBottom - plotArea.top());
    paintTimeAxis(p, axisRect, m_viewFrom, m_viewTo);
    {
        p.setFont(t.axisFont());
        p.setPen(t.mutedText);
        const QString what
            = (m_follow ? tr("%1 shown, following the run") : tr("%1 shown, paused here (double-click: follow)"))
                  .arg(formatValue((m_viewTo - m_viewFrom) * 1e3, QStringLiteral("ms")));
        textcache::draw(p, QRect(plotArea.left(), lanesBottom + 5 + fm.height(), plotArea.width(), fm.height()),
            Qt::AlignRight | Qt::AlignTop, what);
    }
    // The whole window, with the zoomed part framed.
    const int ovTop = lanesBottom + timeAxisHeight() + 6;
    if (ovTop + ovH <= area.bottom() + 1) {
        m_overview = QRect(plotArea.left(), ovTop, plotArea.width(), ovH);
        paintOverview(p, m_overview);
        p.setPen(t.mutedText);
        p.setFont(t.axisFont());
        textcache::draw(p, QRect(area.left() + 6, ovTop, labelW - 12, fm.height()), Qt::AlignLeft | Qt::AlignTop,
            tr("whole window"));
        if (shareW)
            textcache::draw(p, QRect(m_overview.right() + 12, ovTop, shareW, ovH), Qt::AlignLeft | Qt::AlignVCenter,
                QStringLiteral("%1–%2 s").arg(formatNumber(m_fromS), formatNumber(m_toS)));
    }
    return true;
}

void PoolGantt::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_dragging && (event->buttons() & Qt::LeftButton)) {
        if (m_dragOverview && m_overview.width() > 0) {
            const double tS = m_fromS + double(pos.x() - m_overview.left()) / m_overview.width() * (m_toS - m_fromS);
            m_endS = tS + m_spanS / 2;
        } else if (m_plot.width() > 0) {
            m_endS = m_dragEnd - double(pos.x() - m_dragX) / m_plot.width() * m_spanS;
        }
        m_follow = false;
        update();
        return;
    }
    if (m_overview.contains(pos)) {
        QToolTip::showText(event->globalPosition().toPoint(), tr("Click or drag: show this part of the run"), this);
        return;
    }
    if (!m_lab || !m_plot.contains(pos) || m_laneH <= 0) {
        QToolTip::hideText();
        return;
    }
    const Row* row = nullptr;
    for (size_t i = 0; i < m_rowY.size(); ++i) {
        const int top = m_rowY[i].first;
        const int bottom = i + 1 < m_rowY.size() ? m_rowY[i + 1].first
                                                 : top + m_laneH * (m_rowY[i].second->kind == RowKind::Gil ? 2 : 1);
        if (pos.y() >= top && pos.y() < bottom)
            row = m_rowY[i].second;
    }
    if (!row || !row->lane) {
        QToolTip::hideText();
        return;
    }
    const double tS = timeAtX(pos.x());
    const int64_t tNs = int64_t(tS * 1e9);
    const auto& spans = row->lane->spans;
    auto it = std::lower_bound(
        spans.begin(), spans.end(), tNs, [](const metrics::Span& s, int64_t t0) { return s.endNs < t0; });
    const bool inside = it != spans.end() && it->startNs <= tNs;
    QString text
        = QStringLiteral("<b>%1</b> · t = %2 s<br>").arg(row->text.toHtmlEscaped(), QString::number(tS, 'f', 4));
    const QString dur = inside ? formatValue(double(it->endNs - it->startNs) / 1e6, QStringLiteral("ms")) : QString();
    if (row->kind == RowKind::Gil || row->kind == RowKind::Lock) {
        if (inside && it->state == LaneState::Running) {
            const int who = std::min<int>(int(it->aux), m_cfg.workers);
            text += tr("held by %1 for %2")
                        .arg(who >= m_cfg.workers ? tr("the probe") : tr("thread %1").arg(who + 1), dur);
        } else {
            text += tr("free: nobody holds it");
        }
    } else if (inside) {
        text += tr("%1 for %2").arg(stateText(it->state), dur);
    } else {
        text += stateText(LaneState::Idle);
    }
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void PoolGantt::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return PaintedChart::mousePressEvent(event);
    const QPoint pos = event->position().toPoint();
    if (m_overview.contains(pos)) {
        m_dragging = true;
        m_dragOverview = true;
        const double tS = m_fromS + double(pos.x() - m_overview.left()) / m_overview.width() * (m_toS - m_fromS);
        m_endS = tS + m_spanS / 2;
        m_follow = false;
        update();
    } else if (m_plot.contains(pos)) {
        m_dragging = true;
        m_dragOverview = false;
        m_dragX = pos.x();
        m_dragEnd = m_viewTo;
    }
}

void PoolGantt::mouseReleaseEvent(QMouseEvent* event)
{
    m_dragging = false;
    m_dragOverview = false;
    PaintedChart::mouseReleaseEvent(event);
}

void PoolGantt::mouseDoubleClickEvent(QMouseEvent* event)
{
    Q_UNUSED(event);
    followLive();
}

void PoolGantt::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0)
        return PaintedChart::wheelEvent(event);
    const double factor = std::pow(1.25, -double(delta) / 120.0);
    const double oldSpan = m_viewTo - m_viewFrom;
    const double newSpan = std::clamp(oldSpan * factor, 0.005, std::max(0.05, (m_toS - m_fromS) * 1.5));
    if (!m_follow && m_plot.width() > 0) {
        // Zoom about the time under the cursor.
        const double tS = timeAtX(int(event->position().x()));
        const double frac = std::clamp((tS - m_viewFrom) / oldSpan, 0.0, 1.0);
        m_endS = tS - frac * newSpan + newSpan;
    }
    m_spanS = newSpan;
    event->accept();
    update();
}

// ---------------------------------------------------------------------------------------------
// ReferenceChart

ReferenceChart::ReferenceChart(const QString& title, const QString& yTitle, QWidget* parent)
    : TimeSeriesChart(title, yTitle, parent)
{ }

void ReferenceChart::setReferences(std::vector<Reference> refs, double minYMax)
{
    m_refs = std::move(refs);
    double top = minYMax;
    for (const Reference& r : m_refs)
        top = std::max(top, r.y * 1.15);
    setMinimumYMax(top);
    viewport()->update();
}

void ReferenceChart::drawForeground(QPainter* p, const QRectF& rect)
{
    TimeSeriesChart::drawForeground(p, rect);
    if (m_refs.empty())
        return;
    const double yLo = yMin(), yHi = yMax();
    const Theme& t = Theme::current();
    const QRectF plot = plotRect();
    p->save();
    p->setClipRect(plot.adjusted(-1, -1, 1, 1));
    p->setFont(t.axisFont());
    const QFontMetricsF fm(t.axisFont());
    // Pixel heights first: only lines close to each other share the width (one label each side).
    std::vector<double> ys(m_refs.size(), std::numeric_limits<double>::quiet_NaN());
    for (size_t i = 0; i < m_refs.size(); ++i)
        if (m_refs[i].y >= yLo && m_refs[i].y <= yHi && yHi > yLo)
            ys[i] = plot.bottom() - (m_refs[i].y - yLo) / (yHi - yLo) * plot.height();
    int crowdedIndex = 0;
    for (size_t i = 0; i < m_refs.size(); ++i) {
        const double y = ys[i];
        if (!std::isfinite(y))
            continue;
        const Reference& r = m_refs[i];
        bool crowded = false;
        for (size_t j = 0; j < ys.size(); ++j)
            crowded |= j != i && std::isfinite(ys[j]) && std::fabs(ys[j] - y) < 2.2 * fm.height();
        const bool right = !crowded || crowdedIndex++ % 2 == 0;
        paintDashedLine(*p, QPointF(plot.left(), y), QPointF(plot.right(), y), r.color, 1.4);
        // Label above the line (below it when the line is at the top); a long one is cut rather
        // than overlapped.
        double ty = y - fm.height() - 1;
        if (ty < plot.top())
            ty = y + 1;
        const double maxW = crowded ? plot.width() / 2 - 6 : plot.width() - 6;
        const double room = std::max(20.0, maxW - 8);
        const QString label = textcache::advance(r.label, t.axisFont()) <= room
            ? r.label
            : fm.elidedText(r.label, Qt::ElideRight, room);
        const double w = textcache::advance(label, t.axisFont()) + 8;
        QColor bg = t.background;
        bg.setAlpha(170);
        const QRectF box(right ? plot.right() - w - 2 : plot.left() + 2, ty, w, fm.height());
        p->fillRect(box, bg);
        p->setPen(r.color);
        textcache::draw(*p, box, Qt::AlignCenter, label);
    }
    p->restore();
}

// ---------------------------------------------------------------------------------------------
// PoolPanel

PoolPanel::PoolPanel(const scenario::LabConfig& config, QWidget* parent)
    : LabPanel(config, parent)
{
    const Theme& t = Theme::current();
    // Headline numbers: the run so far (what summary.json will hold).
    m_gSpeedup = new GaugeBar(tr("speedup"), QStringLiteral("×"));
    m_gThroughput = new GaugeBar(tr("throughput"), tr("tasks/s"));
    m_gCpu = new GaugeBar(tr("CPU per worker"), QStringLiteral("%"));
    m_gGilWait = new GaugeBar(tr("waiting for GIL"), QStringLiteral("%"));
    m_gSwitches = new GaugeBar(tr("GIL switches"), QStringLiteral("1/s"));
    m_gProbe = new GaugeBar(tr("probe p99"), QStringLiteral("ms"));
    // The worker count and the executor need a restart of the lab, and a restart makes a new panel.
    const bool spawn = config.params.value(QStringLiteral("spawn_per_task")).toBool();
    m_gIpc = new GaugeBar(spawn ? tr("start + IPC") : tr("IPC per task"), QStringLiteral("µs"));
    m_gRestarts = new GaugeBar(tr("restarts"), QString());
    m_gSpeedup->setColor(t.seriesColor(0));
    m_gThroughput->setColor(t.seriesColor(2));
    m_gCpu->setColor(t.stateColor(LaneState::Running));
    m_gGilWait->setColor(t.stateColor(LaneState::GilWait));
    m_gSwitches->setColor(t.seriesColor(3));
    m_gProbe->setColor(t.seriesColor(5));
    m_gIpc->setColor(t.stateColor(LaneState::Ipc));
    m_gRestarts->setColor(t.alert);
    m_gCpu->setRange(100);
    m_gGilWait->setRange(100);
    m_gSpeedup->setToolTip(
        tr("Total task time done so far divided by the wall time: how many tasks ran at once on average"));
    m_gCpu->setToolTip(
        tr("CPU time of the workers over wall time, mean over workers (100 % = every worker on a core all the time)"));
    m_gGilWait->setToolTip(tr("Share of the workers' busy time spent wanting the GIL"));
    m_gSwitches->setToolTip(tr("How often the GIL changed hands, per second of the run"));
    m_gIpc->setToolTip(spawn ? tr("Mean time to start a worker process and pass the task through its pipes")
                             : tr("Mean time a task's request and reply spent in the pipes"));
    m_gThroughput->setToolTip(tr("Tasks completed per second of wall time, the run so far"));
    m_gProbe->setToolTip(
        tr("99th percentile of the probe's response time: how long an I/O-bound request waits for the GIL"));
    m_gRestarts->setToolTip(tr("Worker processes that died and were replaced (their task is lost)"));

    // (1) Workers, the GIL and the probe.
    m_gantt = new PoolGantt(tr("Workers and the GIL"));

    // (2) CPU per worker and in total.
    m_cpu = new ReferenceChart(tr("CPU per worker"), labelWithUnit(tr("CPU"), QStringLiteral("%")));

    // (3) Speedup and throughput.
    m_speedup = new ReferenceChart(tr("Speedup so far"), labelWithUnit(tr("speedup"), QStringLiteral("×")));
    m_speedup->addSeries(tr("speedup"), QStringLiteral("×"), t.seriesColor(0), 2.5);
    m_speedup->setToolTip(tr("Measured: tasks done so far × one worker's time per task ÷ the batch's wall time. One "
                             "worker's time per task comes from this run: a few tasks run alone on the same executor "
                             "before the batch starts."));
    m_throughput = new ReferenceChart(
        tr("Throughput (%1 s mean)").arg(kThroughputWindowS), labelWithUnit(tr("rate"), tr("tasks/s")));
    m_throughput->addSeries(tr("tasks completed"), tr("tasks/s"), t.seriesColor(2), 2.0);
    // Beside it, results reaching the caller: the same line for submit/as_completed and
    // imap_unordered, steps for imap, one spike at the end for map.
    m_throughput->addSeries(tr("results to the caller"), tr("results/s"), t.seriesColor(5), 1.4);
    m_throughput->setMinimumYMax(1);

    // (4) The probe's latency (the convoy effect), or the queue when there is no probe.
    m_probe = new ReferenceChart(tr("Probe latency"), labelWithUnit(tr("latency"), QStringLiteral("ms")));
    m_probe->addSeries(QStringLiteral("p50"), QStringLiteral("ms"), t.seriesColor(0));
    m_probe->addSeries(QStringLiteral("p99"), QStringLiteral("ms"), t.seriesColor(5));
    m_probe->setMinimumYMax(1);
    m_queue = new TimeSeriesChart(tr("Tasks waiting in the queue"), labelWithUnit(tr("queued"), tr("tasks")));
    m_queue->addSeries(tr("queued tasks"), tr("tasks"), t.seriesColor(4));
    m_queue->setMinimumYMax(1);

    // Memory of each worker process (a reused process pool only).
    m_rss = new TimeSeriesChart(tr("Memory per worker process"), labelWithUnit(tr("RSS"), QStringLiteral("MB")));

    // (5) What a task costs: IPC (processes) or its latency.
    m_hist = new HistogramView(tr("Task latency"));

    auto* gauges = new QWidget;
    auto* gl = new QHBoxLayout(gauges);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->setSpacing(4);
    for (GaugeBar* g : {m_gSpeedup, m_gThroughput, m_gCpu, m_gGilWait, m_gSwitches, m_gProbe, m_gIpc, m_gRestarts})
        gl->addWidget(g, 1);

    m_rowA = new QSplitter(Qt::Horizontal);
    m_rowA->addWidget(m_cpu);
    m_rowA->addWidget(m_speedup);
    m_rowA->addWidget(m_throughput);
    m_rowB = new QSplitter(Qt::Horizontal);
    m_rowB->addWidget(m_probe);
    m_rowB->addWidget(m_queue);
    m_rowB->addWidget(m_rss);
    m_rowB->addWidget(m_hist);
    m_split = new QSplitter(Qt::Vertical);
    m_split->addWidget(m_gantt);
    m_split->addWidget(m_rowA);
    m_split->addWidget(m_rowB);
    for (QSplitter* s : {m_rowA, m_rowB, m_split}) {
        s->setChildrenCollapsible(false);
        // Once the teacher drags a splitter, the layout is theirs.
        connect(s, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
    }
    m_split->setObjectName(QStringLiteral("poolSplitter"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(gauges);
    layout->addWidget(m_split, 1);

    applyConfig();
}

void PoolPanel::applyConfig()
{
    const Theme& t = Theme::current();
    const double timeScale = m_cfg.timeScale;
    m_cfg = PoolViewConfig::from(m_config);
    m_cfg.timeScale = timeScale;
    m_gantt->setConfig(m_cfg);
    const int n = m_cfg.workers;
    const QString who = m_cfg.processes ? tr("process %1") : tr("thread %1");

    // CPU and memory: one line per worker in its colour (the CPU's mean thick on top). A chart's
    // lines can only be added, so a new worker count (the lab restarts; the panel stays) gets
    // new charts in the same splitter slots.
    if (m_chartWorkers != n || m_chartProcesses != m_cfg.processes) {
        if (m_chartWorkers >= 0) {
            auto* cpu = new ReferenceChart(m_cpu->title(), labelWithUnit(tr("CPU"), QStringLiteral("%")));
            auto* rss = new TimeSeriesChart(m_rss->title(), labelWithUnit(tr("RSS"), QStringLiteral("MB")));
            delete m_rowA->replaceWidget(m_rowA->indexOf(m_cpu), cpu);
            delete m_rowB->replaceWidget(m_rowB->indexOf(m_rss), rss);
            m_cpu = cpu;
            m_rss = rss;
        }
        m_chartWorkers = n;
        m_chartProcesses = m_cfg.processes;
        for (int i = 0; i < n; ++i)
            m_cpu->addSeries(who.arg(i + 1), QStringLiteral("%"), poolWorkerColor(i, n), n > 8 ? 1.0 : 1.6);
        m_cpu->addSeries(tr("mean"), QStringLiteral("%"), t.text, 3.0);
        for (int i = 0; i < n; ++i)
            m_rss->addSeries(who.arg(i + 1), QStringLiteral("MB"), poolWorkerColor(i, n), n > 8 ? 1.0 : 1.8);
        m_rss->setMinimumYMax(1);
        m_cpu->setFrozen(m_frozen);
        m_rss->setFrozen(m_frozen);
    }
    // Many workers: one legend entry stands for all of them (each line has its timeline colour).
    for (TimeSeriesChart* c : {static_cast<TimeSeriesChart*>(m_cpu), m_rss}) {
        const auto lines = c->chart()->series();
        if (n <= 2 || lines.size() < n)
            continue;
        for (int i = 0; i < n; ++i)
            for (QLegendMarker* marker : c->chart()->legend()->markers(lines[i]))
                marker->setVisible(i == 0);
        lines[0]->setName(m_cfg.processes ? tr("each process") : tr("each thread"));
    }
    m_rssNames.clear();
    for (int i = 0; i < m_rss->seriesCount(); ++i)
        m_rssNames << QStringLiteral("rss_mb_worker_%1").arg(i + 1);
    m_rssData.assign(size_t(m_rssNames.size()), nullptr);
    m_cpuNames.clear();
    for (int i = 0; i < m_cpu->seriesCount() - 1; ++i)
        m_cpuNames << QStringLiteral("cpu_worker_%1").arg(i + 1);
    m_cpuNames << kCpuTotal;
    m_cpuData.assign(size_t(m_cpuNames.size()), nullptr);

    std::vector<ReferenceChart::Reference> cpuRefs;
    const double oneCore = 100.0 / n;
    if (m_cfg.usesGil() && n > 1)
        cpuRefs.push_back({oneCore, tr("GIL limit = %1").arg(formatValue(oneCore, QStringLiteral("%"))), t.alert});
    const double allCores = 100.0 * m_cfg.cpuBoundLimit() / n;
    if (allCores < 99.9 && (!m_cfg.usesGil() || std::fabs(allCores - oneCore) > 0.1))
        cpuRefs.push_back(
            {allCores, tr("all cores busy = %1").arg(formatValue(allCores, QStringLiteral("%"))), t.mutedText});
    m_cpu->setReferences(cpuRefs, 100);

    const double limit = m_cfg.cpuBoundLimit();
    std::vector<ReferenceChart::Reference> speedRefs;
    if (limit > 1)
        speedRefs.push_back({limit,
            (int(limit) == m_cfg.cores ? tr("%1 × = every core busy") : tr("%1 × = every worker busy"))
                .arg(formatNumber(limit)),
            t.alert});
    speedRefs.push_back({1, tr("1 × = one worker"), t.mutedText});
    m_speedup->setReferences(speedRefs, 1);

    // Throughput when every usable core (CPU) or every worker (I/O) is busy.
    std::vector<ReferenceChart::Reference> rateRefs;
    const double taskS = m_cfg.taskMs * 1e-3 * m_cfg.timeScale;
    // A lock or a semaphore lets fewer tasks work at once than there are workers.
    const double atOnce = std::min<double>(n, m_cfg.concurrentTasks());
    if (taskS > 0 && m_cfg.task == QLatin1String("cpu"))
        rateRefs.push_back({std::min(limit, atOnce) / taskS,
            tr("ceiling: %1 at a time, %2 each")
                .arg(formatNumber(std::min(limit, atOnce)), formatValue(taskS * 1e3, QStringLiteral("ms"))),
            t.alert});
    else if (taskS > 0 && m_cfg.task == QLatin1String("io"))
        rateRefs.push_back({atOnce / taskS,
            tr("ceiling: %1 at a time, %2 each")
                .arg(formatNumber(atOnce), formatValue(taskS * 1e3, QStringLiteral("ms"))),
            t.alert});
    m_throughput->setReferences(rateRefs, 1);
    m_gThroughput->setRange(rateRefs.empty() ? 0 : rateRefs.front().y);
    m_gSpeedup->setRange(m_cfg.task == QLatin1String("cpu") ? limit : double(n));

    // Probe: twice the switch interval is what a request waits behind a CPU-bound thread.
    const double twice = 2 * m_cfg.switchIntervalMs * m_cfg.timeScale;
    std::vector<ReferenceChart::Reference> probeRefs;
    if (m_cfg.usesGil())
        probeRefs.push_back(
            {twice, tr("2 × switch interval = %1").arg(formatValue(twice, QStringLiteral("ms"))), t.alert});
    m_probe->setReferences(probeRefs, 1);
    m_gProbe->setThreshold(m_cfg.usesGil() ? twice : std::numeric_limits<double>::infinity());

    m_probe->setVisible(m_cfg.hasProbe());
    m_queue->setVisible(!m_cfg.hasProbe());
    m_rss->setVisible(m_cfg.processes && !m_cfg.spawnPerTask);
    fitGauges();
    // Other lanes (workers, GIL, probe): lay the rows out again for them.
    const int laneKey = n * 8 + (m_cfg.processes ? 4 : 0) + (m_cfg.usesGil() ? 2 : 0) + (m_cfg.hasProbe() ? 1 : 0);
    if (laneKey != m_laneKey) {
        m_laneKey = laneKey;
        m_userSized = false;
        applySizes();
    }

    if (m_cfg.processes) {
        m_hist->setTitle(m_cfg.spawnPerTask ? tr("Process start + IPC per task")
                                            : tr("IPC per task (request + reply in the pipes)"));
        m_hist->setValueTitle(labelWithUnit(m_cfg.spawnPerTask ? tr("start + IPC") : tr("IPC"), QStringLiteral("µs")));
    } else {
        m_hist->setTitle(tr("Task latency (submit → done)"));
        m_hist->setValueTitle(labelWithUnit(tr("task latency"), QStringLiteral("ms")));
    }
    m_gantt->setTitle(m_cfg.processes ? tr("Worker processes")
                                      : (m_cfg.usesGil() ? tr("Worker threads and the GIL") : tr("Worker threads")));
}

void PoolPanel::applyTheme()
{
    // Line colours depend on the theme (light and dark palettes differ).
    const Theme& t = Theme::current();
    auto recolor = [](TimeSeriesChart* c, int i, const QColor& color) {
        const auto lines = c->chart()->series();
        if (i < 0 || i >= lines.size())
            return;
        if (auto* line = qobject_cast<QLineSeries*>(lines[i])) {
            QPen pen = line->pen();
            pen.setColor(color);
            line->setPen(pen);
        }
    };
    const int n = m_cfg.workers;
    for (int i = 0; i < m_cpu->seriesCount() - 1; ++i)
        recolor(m_cpu, i, poolWorkerColor(i, n));
    recolor(m_cpu, m_cpu->seriesCount() - 1, t.text);
    for (int i = 0; i < m_rss->seriesCount(); ++i)
        recolor(m_rss, i, poolWorkerColor(i, n));
    recolor(m_speedup, 0, t.seriesColor(0));
    recolor(m_throughput, 0, t.seriesColor(2));
    recolor(m_throughput, 1, t.seriesColor(5));
    recolor(m_probe, 0, t.seriesColor(0));
    recolor(m_probe, 1, t.seriesColor(5));
    recolor(m_queue, 0, t.seriesColor(4));
    applyConfig(); // reference lines take theme colours too
    LabPanel::applyTheme();
}

void PoolPanel::fitGauges()
{
    std::vector<GaugeBar*> wanted{m_gSpeedup, m_gCpu};
    if (m_cfg.usesGil())
        wanted.push_back(m_gGilWait);
    if (m_cfg.hasProbe())
        wanted.push_back(m_gProbe);
    if (m_cfg.usesGil())
        wanted.push_back(m_gSwitches);
    if (m_cfg.processes)
        wanted.push_back(m_gIpc);
    wanted.push_back(m_gThroughput);
    if (m_cfg.processes && !m_cfg.spawnPerTask)
        wanted.push_back(m_gRestarts);
    // A gauge narrower than this lets its label run into its scale ("of 100 %").
    const size_t fit = std::max<size_t>(3, size_t(std::max(0, width() - 8) / 172));
    for (GaugeBar* g : {m_gSpeedup, m_gThroughput, m_gCpu, m_gGilWait, m_gSwitches, m_gProbe, m_gIpc, m_gRestarts}) {
        const auto it = std::find(wanted.begin(), wanted.end(), g);
        g->setVisible(it != wanted.end() && size_t(it - wanted.begin()) < fit);
    }
}

void PoolPanel::resizeEvent(QResizeEvent* event)
{
    LabPanel::resizeEvent(event);
    fitGauges();
    // Proportions for the first real size (and until the user drags a splitter): the Gantt is the
    // lesson, the charts share the rest.
    if (!m_userSized)
        applySizes();
}

void PoolPanel::applySizes()
{
    if (m_split->height() > 300) {
        const int h = m_split->height();
        // Each chart row keeps room for readable axes; the Gantt's lanes shrink first.
        const int g = std::min(
            std::clamp(m_gantt->preferredHeight(), h * 22 / 100, h * 50 / 100), std::max(h * 30 / 100, h - 2 * 195));
        // The middle row's charts carry legends: a little more room for them.
        m_split->setSizes({g, (h - g) * 54 / 100, h - g - (h - g) * 54 / 100});
        const int w = m_rowA->width();
        m_rowA->setSizes({w * 36 / 100, w * 32 / 100, w - w * 36 / 100 - w * 32 / 100});
        const int wb = m_rowB->width();
        m_rowB->setSizes({wb, wb, wb, wb});
    }
}

void PoolPanel::parameterChanged(const QString& path, const QJsonValue& value)
{
    LabPanel::parameterChanged(path, value);
    applyConfig();
}

void PoolPanel::showFrame(const PanelFrame& f)
{
    updateCommon(f);
    const metrics::LabSnapshot* lab = f.lab;
    if (f.snapshot && f.snapshot->timeScale > 0 && f.snapshot->timeScale != m_cfg.timeScale) {
        m_cfg.timeScale = f.snapshot->timeScale;
        applyConfig();
    }
    auto series = [&](const QString& name) { return lab ? lab->findSeries(name) : nullptr; };
    auto hist = [&](const QString& name) { return lab ? lab->findHistogram(name) : nullptr; };

    const auto marks = lab ? poolMarks(*lab) : std::vector<ChartMark>{};
    TimeSeriesChart::setMarksOn({m_cpu, m_speedup, m_throughput, m_probe, m_queue}, marks);

    for (int i = 0; i < m_cpuNames.size(); ++i)
        m_cpuData[size_t(i)] = series(m_cpuNames[i]);
    m_cpu->setFrame(f.fromS, f.toS, m_cpuData);
    m_speedup->setFrame(f.fromS, f.toS, {series(kSpeedup)});
    const metrics::SeriesData* rate = series(kThroughput);
    if (rate)
        smoothRate(*rate, kThroughputWindowS, m_throughputSmooth);
    const metrics::SeriesData* delivered = series(kDelivered);
    if (delivered)
        smoothRate(*delivered, kThroughputWindowS, m_deliveredSmooth);
    m_throughput->setFrame(
        f.fromS, f.toS, {rate ? &m_throughputSmooth : nullptr, delivered ? &m_deliveredSmooth : nullptr});
    if (m_cfg.hasProbe())
        m_probe->setFrame(f.fromS, f.toS, {series(kProbeP50), series(kProbeP99)});
    else
        m_queue->setFrame(f.fromS, f.toS, {series(kQueue)});
    if (m_cfg.processes && !m_cfg.spawnPerTask) {
        for (int i = 0; i < m_rssNames.size(); ++i)
            m_rssData[size_t(i)] = series(m_rssNames[i]);
        m_rss->setMarks(marks, false);
        m_rss->setFrame(f.fromS, f.toS, m_rssData);
    }
    m_hist->setFrame(f.snapshot, hist(m_cfg.processes ? kIpc : kTaskLatency));
    m_gantt->setFrame(f.snapshot, lab, f.snapshot ? double(f.snapshot->elapsedNs) * 1e-9 : f.toS, f.fromS, f.toS);

    // Headline numbers: the lab's own summary metrics (the run so far).
    const double wall = metricOr(lab, QStringLiteral("wall_s"));
    m_gSpeedup->setValue(metricOr(lab, QStringLiteral("speedup")));
    m_gThroughput->setValue(metricOr(lab, QStringLiteral("throughput_per_s")));
    m_gCpu->setValue(100 * metricOr(lab, QStringLiteral("cpu_utilization")));
    m_gGilWait->setValue(100 * metricOr(lab, QStringLiteral("gil_wait_share")));
    const double switches = metricOr(lab, QStringLiteral("gil_switches"));
    m_gSwitches->setValue(wall > 0 ? switches / wall : std::numeric_limits<double>::quiet_NaN());
    const double p99 = metricOr(lab, QStringLiteral("probe_latency_p99_ms"));
    const auto* probeHist = hist(QStringLiteral("probe_latency_ms"));
    m_gProbe->setValue(probeHist && probeHist->count ? p99 : std::numeric_limits<double>::quiet_NaN());
    m_gIpc->setValue(metricOr(lab, QStringLiteral("ipc_us_per_task")));
    m_gRestarts->setValue(metricOr(lab, QStringLiteral("worker_restarts")));
}

void PoolPanel::setFrozen(bool frozen)
{
    m_frozen = frozen;
    for (TimeSeriesChart* c :
        std::initializer_list<TimeSeriesChart*>{m_cpu, m_speedup, m_throughput, m_probe, m_queue, m_rss})
        c->setFrozen(frozen);
    m_gantt->setFrozen(frozen);
    m_hist->setFrozen(frozen);
    for (GaugeBar* g : {m_gSpeedup, m_gThroughput, m_gCpu, m_gGilWait, m_gSwitches, m_gProbe, m_gIpc, m_gRestarts})
        g->setFrozen(frozen);
}

QList<QWidget*> PoolPanel::charts() const
{
    QList<QWidget*> out{m_gantt, m_cpu, m_speedup, m_throughput};
    out << (m_cfg.hasProbe() ? static_cast<QWidget*>(m_probe) : static_cast<QWidget*>(m_queue));
    if (m_cfg.processes && !m_cfg.spawnPerTask)
        out << m_rss;
    out << m_hist;
    return out;
}

} // namespace looplab::ui
