#include "pipeline_core.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace looplab::pipeline {

using metrics::LaneState;
using metrics::Recorder;

namespace {
constexpr int64_t kMonitorPeriodNs = 100'000'000; // 10 Hz
constexpr int64_t kLiveShareWindowNs = 1'000'000'000; // utilization / blocked share: last second
constexpr int64_t kLiveLittleMaxNs = 10'000'000'000; // live Little's law: at most the last 10 s
constexpr size_t kMaxHistory = 2048; // thinned by halves beyond this
// An unbounded queue (capacity 0) fed faster than it is drained grows without limit, in Python
// as here. Past this many items the run fails with a message instead of eating the memory.
constexpr size_t kUnboundedLimit = 1'000'000;

double ms(double ns)
{
    return ns * 1e-6;
}
} // namespace

PipelineCore::PipelineCore(PipelineConfig config)
    : m_config(std::move(config))
{
    const size_t n = m_config.stages.size();
    for (size_t i = 0; i < n; ++i)
        m_levels.push_back(std::make_unique<StageLevels>());
    m_depthMax = std::make_unique<std::atomic<int64_t>[]>(n);
    m_leftBehind = std::make_unique<std::atomic<uint64_t>[]>(n);
    m_serviceMs = std::make_unique<std::atomic<double>[]>(n);
    for (size_t i = 0; i < n; ++i)
        m_serviceMs[i] = m_config.stages[i].serviceMs;
    m_ratePerS = m_config.source.ratePerS;
}

PipelineCore::~PipelineCore()
{
    end();
}

void PipelineCore::begin(const engine::LabContext& ctx)
{
    using metrics::HistogramInfo;
    using metrics::LaneInfo;
    using metrics::SeriesInfo;
    using metrics::SeriesKind;
    m_ctx = ctx;
    auto* reg = ctx.registry;
    const int lab = ctx.index;
    const QString items = QStringLiteral("items");
    const QString perS = QStringLiteral("items/s");
    const QString pct = QStringLiteral("%");
    const QString msUnit = QStringLiteral("ms");

    m_stageIds.clear();
    for (const auto& s : m_config.stages) {
        StageIds ids;
        auto series = [&](const char* suffix, const QString& unit, SeriesKind kind) {
            return reg->addSeries(SeriesInfo{lab, s.name + QLatin1Char('.') + QLatin1String(suffix), unit, kind});
        };
        ids.depth = series("depth", items, SeriesKind::Gauge);
        ids.capacity = series("capacity", items, SeriesKind::Gauge);
        ids.inService = series("in_service", items, SeriesKind::Gauge);
        ids.arrivals = series("arrivals", perS, SeriesKind::Rate);
        ids.throughput = series("throughput", perS, SeriesKind::Rate);
        ids.dropped = series("dropped", perS, SeriesKind::Rate);
        ids.blockedPutters = series("blocked_putters", QStringLiteral("putters"), SeriesKind::Gauge);
        ids.utilization = series("utilization", pct, SeriesKind::Gauge);
        ids.blockedShare = series("blocked_put_share", pct, SeriesKind::Gauge);
        ids.littleL = series("little_L", items, SeriesKind::Gauge);
        ids.littleLambdaW = series("little_lambda_W", items, SeriesKind::Gauge);
        ids.wait = reg->addHistogram(HistogramInfo{lab, s.name + QStringLiteral(".wait_ms"), msUnit});
        ids.service = reg->addHistogram(HistogramInfo{lab, s.name + QStringLiteral(".service_ms"), msUnit});
        if (s.discipline == Discipline::Priority)
            for (int k = 0; k < s.priorities; ++k)
                ids.waitLevel.push_back(
                    reg->addHistogram(HistogramInfo{lab, s.name + QStringLiteral(".wait_ms_level%1").arg(k), msUnit}));
        for (int w = 0; w < s.workers; ++w)
            ids.workers.push_back(reg->addLane(LaneInfo{lab, QStringLiteral("%1 %2").arg(s.name).arg(w + 1), s.name}));
        m_stageIds.push_back(std::move(ids));
    }
    m_producerLanes.clear();
    for (int p = 0; p < m_config.source.producers; ++p)
        m_producerLanes.push_back(
            reg->addLane(LaneInfo{lab, QStringLiteral("producer %1").arg(p + 1), QStringLiteral("producers")}));
    m_mainLane = reg->addLane(LaneInfo{lab, QStringLiteral("main"), QStringLiteral("main")});
    const bool async = m_config.mode == Mode::Async;
    if (async) {
        m_loopLane = reg->addLane(LaneInfo{lab, QStringLiteral("event loop"), QStringLiteral("loop")});
        m_lagSeries = reg->addSeries(SeriesInfo{lab, QStringLiteral("lag_ms"), msUnit, SeriesKind::Gauge});
        m_lag = reg->addHistogram(HistogramInfo{lab, QStringLiteral("lag_ms"), msUnit});
    }
    m_gil.reset();
    if (m_config.interpreter == pyrt::Interpreter::CPython) {
        // One interpreter per lab: its threads (or its loop thread) share this GIL.
        m_gilLane = pyrt::addGilLane(*reg, lab);
        m_gil = std::make_unique<pyrt::Gil>(int64_t(ctx.scaledMs(m_config.switchIntervalMs) * 1e6),
            reg->recorder(ctx.id + QStringLiteral(" gil")), m_gilLane);
    }
    m_producedSeries = reg->addSeries(SeriesInfo{lab, QStringLiteral("produced"), perS, SeriesKind::Rate});
    m_latency = reg->addHistogram(HistogramInfo{lab, QStringLiteral("latency_ms"), msUnit});

    m_startNs = metrics::nowNs();
    m_endNs = 0;
    for (int s = 0; s < stageCount(); ++s) {
        levels(s).start(m_startNs);
        m_depthMax[size_t(s)] = 0;
        m_leftBehind[size_t(s)] = 0;
    }
    m_nextId = 0;
    m_produced = 0;
    m_completed = 0;
    m_droppedFull = 0;
    m_overflowReported = false;
    {
        std::lock_guard lock(m_historyMutex);
        m_history.assign(size_t(stageCount()), {});
        m_recent.assign(size_t(stageCount()), {});
        m_final.clear();
        for (int s = 0; s < stageCount(); ++s)
            m_history[size_t(s)].push_back(levels(s).totals(m_startNs));
    }
    m_monitorStop = false;
    m_monitor = std::thread([this] { monitorLoop(); });
}

void PipelineCore::end()
{
    if (m_monitor.joinable()) {
        {
            std::lock_guard lock(m_monitorMutex);
            m_monitorStop = true;
        }
        m_monitorCv.notify_all();
        m_monitor.join();
    }
    if (m_startNs == 0)
        return;
    if (m_endNs.load() == 0)
        m_endNs = metrics::nowNs();
    std::lock_guard lock(m_historyMutex);
    if (m_final.empty())
        for (int s = 0; s < stageCount(); ++s)
            m_final.push_back(levels(s).totals(m_endNs.load()));
}

int PipelineCore::puttersOf(int stage) const
{
    return stage == 0 ? m_config.source.producers : m_config.stages[size_t(stage - 1)].workers;
}

int PipelineCore::gilIndexOfWorker(int stage, int worker) const
{
    int i = worker;
    for (int s = 0; s < stage; ++s)
        i += m_config.stages[size_t(s)].workers;
    return i;
}

int PipelineCore::gilIndexOfProducer(int producer) const
{
    return gilIndexOfWorker(stageCount(), 0) + producer;
}

// ---- schedules ----------------------------------------------------------------------------

Rng PipelineCore::rngFor(uint64_t role, uint64_t index) const
{
    std::seed_seq seq{uint32_t(m_ctx.seed), uint32_t(m_ctx.seed >> 32), uint32_t(role), uint32_t(index)};
    return Rng(seq);
}

qint64 PipelineCore::itemsFor(int producer) const
{
    const qint64 n = m_config.source.items;
    if (n <= 0)
        return 0;
    const qint64 p = m_config.source.producers;
    return n / p + (producer < n % p ? 1 : 0);
}

int PipelineCore::burstShareFor(int producer) const
{
    const int b = m_config.source.burstSize;
    const int p = m_config.source.producers;
    return b / p + (producer < b % p ? 1 : 0);
}

int64_t PipelineCore::gapNs(Rng& rng) const
{
    const double rate = m_ratePerS.load(std::memory_order_relaxed);
    if (rate <= 0)
        return 0;
    const double meanMs = 1000.0 * m_config.source.producers / rate;
    double gap = meanMs;
    if (m_config.source.arrival == Arrival::Poisson)
        gap = std::exponential_distribution<double>(1.0)(rng) * meanMs;
    return int64_t(m_ctx.scaledMs(gap) * 1e6);
}

int64_t PipelineCore::burstEveryNs() const
{
    return int64_t(m_ctx.scaledMs(m_config.source.burstEveryMs) * 1e6);
}

int64_t PipelineCore::serviceNs(int stage, Rng& rng) const
{
    double mean = m_serviceMs[size_t(stage)].load(std::memory_order_relaxed);
    if (m_config.stages[size_t(stage)].dist == ServiceDist::Exponential)
        mean *= std::exponential_distribution<double>(1.0)(rng);
    return int64_t(m_ctx.scaledMs(mean) * 1e6);
}

int64_t PipelineCore::cpuNs(int stage) const
{
    return int64_t(m_ctx.scaledMs(m_config.stages[size_t(stage)].cpuMs) * 1e6);
}

int PipelineCore::priorityFor(int stage, Rng& rng) const
{
    const auto& s = m_config.stages[size_t(stage)];
    if (s.discipline != Discipline::Priority || s.priorities <= 1)
        return 0;
    return int(std::uniform_int_distribution<int>(0, s.priorities - 1)(rng));
}

Item PipelineCore::makeItem()
{
    Item item;
    item.id = m_nextId.fetch_add(1, std::memory_order_relaxed);
    item.createdNs = metrics::nowNs();
    return item;
}

// ---- recording ----------------------------------------------------------------------------

void PipelineCore::recordPut(Recorder& rec, int stage, size_t sizeAfter)
{
    const auto& ids = m_stageIds[size_t(stage)];
    levels(stage).entered();
    const int64_t t = metrics::nowNs();
    rec.gauge(ids.depth, double(sizeAfter), t);
    rec.count(ids.arrivals, 1, t);
    auto& mx = m_depthMax[size_t(stage)];
    int64_t cur = mx.load(std::memory_order_relaxed);
    while (int64_t(sizeAfter) > cur && !mx.compare_exchange_weak(cur, int64_t(sizeAfter)))
        ;
    if (sizeAfter > kUnboundedLimit && !m_overflowReported.exchange(true) && m_ctx.failed)
        m_ctx.failed(QStringLiteral("stage %1: its unbounded queue holds more than %2 items and keeps growing "
                                    "(memory would run out) — give the stage a capacity, or slow the source down")
                         .arg(m_config.stages[size_t(stage)].name)
                         .arg(kUnboundedLimit));
}

void PipelineCore::recordDrop(Recorder& rec, int stage)
{
    levels(stage).dropped();
    m_droppedFull.fetch_add(1, std::memory_order_relaxed);
    rec.count(m_stageIds[size_t(stage)].dropped, 1);
}

void PipelineCore::recordSentinelPut(Recorder& rec, int stage, size_t sizeAfter)
{
    levels(stage).sentinelEntered();
    rec.gauge(m_stageIds[size_t(stage)].depth, double(sizeAfter));
}

int64_t PipelineCore::recordTake(Recorder& rec, int stage, const Item& item, size_t sizeAfter, int64_t t)
{
    const auto& ids = m_stageIds[size_t(stage)];
    const int64_t wait = std::max<int64_t>(0, t - item.enqueuedNs);
    const int busy = levels(stage).taken(wait);
    rec.gauge(ids.depth, double(sizeAfter), t);
    rec.gauge(ids.inService, busy, t);
    rec.sample(ids.wait, ms(double(wait)), t);
    if (!ids.waitLevel.empty()) {
        const size_t level = size_t(std::clamp<int32_t>(item.priority, 0, int32_t(ids.waitLevel.size()) - 1));
        rec.sample(ids.waitLevel[level], ms(double(wait)), t);
    }
    return wait;
}

void PipelineCore::recordSentinelTake(Recorder& rec, int stage, size_t sizeAfter)
{
    levels(stage).sentinelTaken();
    rec.gauge(m_stageIds[size_t(stage)].depth, double(sizeAfter));
}

void PipelineCore::recordServiceEnd(Recorder& rec, int stage, const Item& item, int64_t takenAt, int64_t t)
{
    const auto& ids = m_stageIds[size_t(stage)];
    const int busy = levels(stage).departed(std::max<int64_t>(0, t - item.enqueuedNs));
    rec.gauge(ids.inService, busy, t);
    rec.sample(ids.service, ms(double(t - takenAt)), t);
    rec.count(ids.throughput, 1, t);
}

void PipelineCore::recordCompleted(Recorder& rec, const Item& item, int64_t t)
{
    m_completed.fetch_add(1, std::memory_order_relaxed);
    rec.sample(m_latency, ms(double(t - item.createdNs)), t);
}

void PipelineCore::recordProduced(Recorder& rec, int64_t t)
{
    m_produced.fetch_add(1, std::memory_order_relaxed);
    rec.count(m_producedSeries, 1, t);
}

void PipelineCore::recordLeftBehind(int stage, uint64_t n)
{
    m_leftBehind[size_t(stage)].fetch_add(n);
}

void PipelineCore::recordLag(Recorder& rec, int64_t lagNs, int64_t t)
{
    const double lagMs = ms(double(lagNs));
    rec.gauge(m_lagSeries, lagMs, t);
    rec.sample(m_lag, lagMs, t);
}

void PipelineCore::PutObserver::blocked()
{
    const int64_t t = metrics::nowNs();
    rec->state(lane, LaneState::QueueBlocked, t, kBlockedOnPut);
    rec->gauge(core->m_stageIds[size_t(stage)].blockedPutters, core->levels(stage).blockedDelta(+1), t);
}

void PipelineCore::PutObserver::unblocked()
{
    const int64_t t = metrics::nowNs();
    rec->state(lane, after, t);
    rec->gauge(core->m_stageIds[size_t(stage)].blockedPutters, core->levels(stage).blockedDelta(-1), t);
}

void PipelineCore::finish()
{
    int64_t expected = 0;
    if (m_endNs.compare_exchange_strong(expected, metrics::nowNs()) && m_ctx.finished)
        m_ctx.finished();
}

bool PipelineCore::applyParameter(const QString& path, double value)
{
    if (path == QLatin1String("source.rate_per_s")) {
        m_ratePerS = std::max(0.0, value);
        return true;
    }
    static const QRegularExpression kService(QStringLiteral("^stages\\[(\\d+)\\]\\.service_ms$"));
    const auto m = kService.match(path);
    if (m.hasMatch()) {
        const int i = m.captured(1).toInt();
        if (i >= 0 && i < stageCount()) {
            m_serviceMs[size_t(i)] = std::max(0.0, value);
            return true;
        }
    }
    return false;
}

// ---- monitor ------------------------------------------------------------------------------

void PipelineCore::monitorLoop()
{
    Recorder rec = m_ctx.registry->recorder(QStringLiteral("%1 monitor").arg(m_ctx.id));
    int64_t next = m_startNs + kMonitorPeriodNs;
    std::unique_lock lock(m_monitorMutex);
    while (!m_monitorStop) {
        const auto wait = std::chrono::nanoseconds(std::max<int64_t>(0, next - metrics::nowNs()));
        if (m_monitorCv.wait_for(lock, wait, [this] { return m_monitorStop; }))
            break;
        lock.unlock();
        const int64_t now = metrics::nowNs();
        if (m_endNs.load() == 0)
            sampleOnce(rec, now);
        next += kMonitorPeriodNs;
        if (next < now)
            next = now + kMonitorPeriodNs;
        lock.lock();
    }
}

void PipelineCore::sampleOnce(Recorder& rec, int64_t now)
{
    for (int s = 0; s < stageCount(); ++s) {
        const auto& ids = m_stageIds[size_t(s)];
        const auto& cfg = m_config.stages[size_t(s)];
        const StageTotals cur = levels(s).totals(now);
        StageTotals secondAgo;
        StageTotals littleFrom;
        {
            std::lock_guard lock(m_historyMutex);
            auto& recent = m_recent[size_t(s)];
            recent.push_back(cur);
            while (recent.size() > 1 && recent[1].t <= now - kLiveShareWindowNs)
                recent.erase(recent.begin());
            while (recent.size() > 25)
                recent.erase(recent.begin());
            secondAgo = recent.front();
            if (recent.size() == 1)
                secondAgo = m_history[size_t(s)].front();
            auto& h = m_history[size_t(s)];
            h.push_back(cur);
            if (h.size() > kMaxHistory) {
                // Halve the resolution, keeping the first sample (the run's start).
                std::vector<StageTotals> thin;
                thin.reserve(h.size() / 2 + 1);
                for (size_t i = 0; i < h.size(); i += 2)
                    thin.push_back(h[i]);
                if (thin.back().t != h.back().t)
                    thin.push_back(h.back());
                h = std::move(thin);
            }
        }
        const int64_t elapsed = now - m_startNs;
        littleFrom = totalsAt(s, std::max(m_startNs + elapsed / 3, now - kLiveLittleMaxNs));
        const double dt = double(std::max<int64_t>(1, cur.t - secondAgo.t));
        rec.gauge(ids.utilization, 100.0 * (cur.serviceArea - secondAgo.serviceArea) / (dt * cfg.workers), now);
        rec.gauge(ids.blockedShare, 100.0 * (cur.blockedArea - secondAgo.blockedArea) / (dt * puttersOf(s)), now);
        rec.gauge(ids.capacity, cfg.capacity, now);
        const Window w = little(littleFrom, cur);
        if (w.seconds > 0) {
            rec.gauge(ids.littleL, w.L, now);
            rec.gauge(ids.littleLambdaW, w.lambda * w.W, now);
        }
    }
}

StageTotals PipelineCore::totalsAt(int stage, int64_t t) const
{
    std::lock_guard lock(m_historyMutex);
    const auto& h = m_history[size_t(stage)];
    auto it = std::upper_bound(h.begin(), h.end(), t, [](int64_t v, const StageTotals& x) { return v < x.t; });
    if (it == h.begin())
        return h.front();
    return *(it - 1);
}

PipelineCore::Window PipelineCore::little(const StageTotals& a, const StageTotals& b)
{
    Window w;
    w.seconds = double(b.t - a.t) * 1e-9;
    if (w.seconds <= 0)
        return w;
    const double area = b.stageArea - a.stageArea; // item·ns
    const double departures = double(b.departures - a.departures);
    const double sojourn = b.sojournNs - a.sojournNs; // ns
    w.L = area / double(b.t - a.t);
    w.lambda = departures / w.seconds;
    w.W = departures > 0 ? sojourn / departures * 1e-9 : 0;
    const double lw = w.lambda * w.W;
    w.errorRel = w.L > 0 ? std::abs(w.L - lw) / w.L : (lw > 0 ? 1.0 : 0.0);
    return w;
}

int64_t PipelineCore::endOrNow() const
{
    const int64_t e = m_endNs.load();
    return e ? e : metrics::nowNs();
}

// ---- summary ------------------------------------------------------------------------------

QMap<QString, double> PipelineCore::metrics(const metrics::LabSnapshot& data) const
{
    QMap<QString, double> out;
    if (m_startNs == 0)
        return out;
    const int64_t endT = endOrNow();
    const double runNs = double(std::max<int64_t>(1, endT - m_startNs));
    // Steady state: the last two thirds of the run (the first third fills the queues).
    const int64_t steadyFrom = m_startNs + (endT - m_startNs) / 3;
    uint64_t leftBehind = 0;
    for (int s = 0; s < stageCount(); ++s) {
        const auto& cfg = m_config.stages[size_t(s)];
        const QString p = cfg.name + QLatin1Char('.');
        StageTotals cur;
        {
            std::lock_guard lock(m_historyMutex);
            if (size_t(s) < m_final.size())
                cur = m_final[size_t(s)];
        }
        if (cur.t == 0)
            cur = m_levels[size_t(s)]->totals(endT);
        const StageTotals from = totalsAt(s, steadyFrom);
        const Window w = little(from, cur);

        out[p + QStringLiteral("depth_mean")] = cur.depthArea / runNs;
        out[p + QStringLiteral("depth_max")] = double(m_depthMax[size_t(s)].load());
        // Nothing taken yet: no wait was measured — null, not a zero wait.
        const double none = std::numeric_limits<double>::quiet_NaN();
        const auto* wh = data.findHistogram(cfg.name + QStringLiteral(".wait_ms"));
        const bool waits = wh && wh->count > 0;
        out[p + QStringLiteral("wait_p50_ms")] = waits ? wh->p50 : none;
        out[p + QStringLiteral("wait_p99_ms")] = waits ? wh->p99 : none;
        out[p + QStringLiteral("wait_mean_ms")] = cur.taken ? ms(cur.waitNs / double(cur.taken)) : none;
        const auto* sh = data.findHistogram(cfg.name + QStringLiteral(".service_ms"));
        out[p + QStringLiteral("service_mean_ms")] = sh && sh->count > 0 ? sh->mean : none;
        out[p + QStringLiteral("throughput_per_s")] = w.lambda;
        // How many cores the stage's cpu_ms kept busy at once in the steady window: each item
        // departed really burnt cpu_ms on a CPU clock. Thread workers under one GIL cannot pass
        // 1; worker processes (mode processes) can, up to the cores they get.
        out[p + QStringLiteral("cpu_cores")] = w.lambda * double(cpuNs(s)) * 1e-9;
        out[p + QStringLiteral("utilization")] = cur.serviceArea / (runNs * cfg.workers);
        out[p + QStringLiteral("blocked_put_share")] = cur.blockedArea / (runNs * puttersOf(s));
        out[p + QStringLiteral("littles_law_error")] = w.errorRel;
        out[p + QStringLiteral("L")] = w.L;
        out[p + QStringLiteral("W_ms")] = w.W * 1e3;
        out[p + QStringLiteral("lambda_W")] = w.lambda * w.W;
        const uint64_t left = m_leftBehind[size_t(s)].load();
        leftBehind += left;
        out[p + QStringLiteral("items_dropped")] = double(cur.dropped + left);
        out[p + QStringLiteral("items_done")] = double(cur.departures);
        if (cfg.discipline == Discipline::Priority)
            for (int k = 0; k < cfg.priorities; ++k)
                if (const auto* h = data.findHistogram(cfg.name + QStringLiteral(".wait_ms_level%1").arg(k))) {
                    const QString lp = p + QStringLiteral("wait_%1_ms_level") + QString::number(k);
                    out[lp.arg(QStringLiteral("p50"))] = h->p50;
                    out[lp.arg(QStringLiteral("p99"))] = h->p99;
                    out[lp.arg(QStringLiteral("mean"))] = h->mean;
                }
    }
    out[QStringLiteral("items_produced")] = double(m_produced.load());
    out[QStringLiteral("items_completed")] = double(m_completed.load());
    out[QStringLiteral("items_dropped")] = double(m_droppedFull.load() + leftBehind);
    if (const auto* h = data.findHistogram(QStringLiteral("latency_ms"))) {
        out[QStringLiteral("latency_p50_ms")] = h->p50;
        out[QStringLiteral("latency_p99_ms")] = h->p99;
    }
    if (m_config.mode == Mode::Async) {
        // The event_loop lab's definition (aio::LagProbe); null when the probe never ran.
        const auto* h = data.findHistogram(QStringLiteral("lag_ms"));
        const double none = std::numeric_limits<double>::quiet_NaN();
        out[QStringLiteral("lag_p50_ms")] = h && h->count > 0 ? h->p50 : none;
        out[QStringLiteral("lag_p99_ms")] = h && h->count > 0 ? h->p99 : none;
        out[QStringLiteral("lag_max_ms")] = h && h->count > 0 ? h->max : none;
    }
    if (m_gil) {
        out[QStringLiteral("gil_switches")] = double(m_gil->switches());
        out[QStringLiteral("gil_drop_requests")] = double(m_gil->dropRequests());
    }
    return out;
}

QString PipelineCore::status() const
{
    if (m_startNs == 0)
        return {};
    QStringList parts;
    parts << (m_config.mode == Mode::Threads ? QStringLiteral("threads")
            : m_config.mode == Mode::Async   ? QStringLiteral("async")
                                             : QStringLiteral("processes"));
    int blocked = 0;
    for (int s = 0; s < stageCount(); ++s) {
        const auto& cfg = m_config.stages[size_t(s)];
        const int depth = m_levels[size_t(s)]->depth();
        parts << QStringLiteral("%1 %2/%3")
                     .arg(cfg.name)
                     .arg(depth)
                     .arg(cfg.capacity ? QString::number(cfg.capacity) : QStringLiteral("∞"));
        if (s == 0)
            blocked = m_levels[0]->blocked();
    }
    parts << QCoreApplication::translate("PipelineLab", "%1 of %2 producers blocked")
                 .arg(blocked)
                 .arg(m_config.source.producers);
    parts << QCoreApplication::translate("PipelineLab", "%1 done").arg(m_completed.load());
    return parts.join(QStringLiteral(" · "));
}

} // namespace looplab::pipeline
