// The vector_search lab: FAISS (or LoopLab's CUDA search) called from an event loop through an
// executor — the course's async FAISS search made into a live experiment.
#include "aio/loop_thread.h"
#include "pyrt/executor_threads.h"
#include "search_backend.h"
#include "search_lab.h"
#include "search_loop.h"

#include <QCoreApplication>
#include <QDir>

#include <limits>

namespace looplab::labs {

namespace search {

Instruments Instruments::declare(metrics::Registry& r, int lab, int executorWorkers, bool gpu, bool gil)
{
    using metrics::SeriesKind;
    Instruments ins;
    ins.registry = &r;
    ins.lab = lab;
    auto series = [&](const char* name, const char* unit, SeriesKind kind = SeriesKind::Gauge) {
        return r.addSeries({lab, QLatin1String(name), QLatin1String(unit), kind});
    };
    auto hist = [&](const char* name, const char* unit) {
        return r.addHistogram({lab, QLatin1String(name), QLatin1String(unit)});
    };
    ins.qps = series("qps", "1/s", SeriesKind::Rate);
    ins.loopLag = series("loop_lag_ms", "ms");
    ins.inFlight = series("in_flight", "queries");
    ins.batchQueue = series("queue_depth", "queries");
    ins.batchSize = series("batch_size", "queries");
    ins.recall = series("recall_at_k", "ratio");
    ins.buildProgress = series("index_build_pct", "%");
    if (gpu) {
        ins.gpuUtil = series("gpu_util_pct", "%");
        ins.gpuMem = series("gpu_mem_mib", "MiB");
    }
    ins.latency = hist("latency_ms", "ms");
    ins.searchTime = hist("search_ms", "ms");
    ins.batchHist = hist("batch", "queries");
    ins.lagHist = hist("loop_lag", "ms");
    ins.loopLane = r.addLane({lab, QStringLiteral("event loop"), QStringLiteral("loop")});
    ins.buildLane = r.addLane({lab, QStringLiteral("index build"), QStringLiteral("build")});
    ins.executorLanes = pyrt::ExecutorThreads::addLanes(r, lab, executorWorkers);
    if (gil)
        ins.gilLane = pyrt::addGilLane(r, lab);
    ins.indexReady = r.addMark({lab, QStringLiteral("index_ready")});
    ins.fallback = r.addMark({lab, QStringLiteral("cpu_fallback")});
    return ins;
}

namespace {

class VectorSearchLab final : public engine::Lab
{
public:
    explicit VectorSearchLab(const scenario::LabConfig& config)
        : m_config(SearchConfig::fromLab(config))
    { }
    ~VectorSearchLab() override { stop(); }

    void start(const engine::LabContext& ctx) override
    {
        m_state = std::make_shared<SearchState>();
        m_live = std::make_shared<LiveParams>();
        m_live->queryRatePerS = m_config.queryRatePerS;
        m_live->nprobe = m_config.nprobe;
        m_live->efSearch = m_config.efSearch;
        m_live->maxBatch = m_config.maxBatch;
        m_live->maxWaitMs = m_config.maxWaitMs;

        // A relative dataset file is the scenario's neighbour, wherever looplab was started from.
        if (!m_config.dataset.file.isEmpty() && QDir::isRelativePath(m_config.dataset.file)
            && !ctx.scenarioDir.isEmpty())
            m_config.dataset.file = QDir::cleanPath(QDir(ctx.scenarioDir).filePath(m_config.dataset.file));

        // Backend choice (decideBackend): `cuda` without a usable GPU is an error with the reason;
        // `auto` falls back to FAISS on the CPU and says so, and never trades an ivf/hnsw index
        // for the GPU's brute force.
        QString reason;
        bool gpu = false;
        if (m_config.backend != BackendChoice::Cpu) {
            gpu = cudaUsable(&reason);
            m_state->gpuAvailable = gpu ? 1 : 0;
        }
        const BackendDecision decision = decideBackend(m_config, gpu, reason);
        if (!decision.error.isEmpty())
            throw std::runtime_error(decision.error.toStdString());
        const bool useCuda = decision.useCuda;
        const QString note = decision.note;
        m_state->backend = useCuda ? 1 : 0;

        Instruments ins;
        if (ctx.registry)
            ins = Instruments::declare(*ctx.registry, ctx.index, m_config.executorWorkers, useCuda,
                m_config.interpreter == pyrt::Interpreter::CPython);
        if (!note.isEmpty() && !useCuda && ctx.registry)
            ctx.registry->local().mark(ins.fallback);
        m_state->setStatus(note);

        m_loop = std::make_unique<SearchLoop>(m_config, ctx, ins, m_state, m_live, useCuda, note);
        auto* loop = m_loop.get();
        aio::LoopThread::Hooks hooks;
        hooks.lag = [loop](int64_t lagNs, int64_t atNs) { loop->lagSample(lagNs, atNs); };
        hooks.begin = [loop](aio::Loop& l) { loop->begin(l); };
        hooks.stopping = [loop](aio::Loop&) { loop->stopping(); };
        hooks.finished = [loop](aio::Loop&) { loop->finished(); };
        hooks.drainLimitMs = -1; // every coroutine must return before finished() frees what they use
        m_thread = std::make_unique<aio::LoopThread>(QStringLiteral("search loop %1").arg(ctx.id), std::move(hooks));
        m_thread->start();
    }

    void stop() override
    {
        if (!m_thread)
            return;
        m_loop->cancel = true; // the index build gives up between chunks
        m_thread->requestStop(); // stops, cancels and drains the loop
        m_thread->wait();
        m_thread.reset();
        m_loop.reset(); // its thread has ended: nothing of it runs any more
        if (m_state->servingEndNs == 0 && m_state->servingStartNs != 0)
            m_state->servingEndNs = metrics::nowNs();
    }

    engine::ParameterChange applyParameter(const QString& path, const QJsonValue& value) override
    {
        if (!m_live)
            return engine::ParameterChange::NeedsRestart;
        if (path == QLatin1String("nprobe"))
            m_live->nprobe = value.toInt();
        else if (path == QLatin1String("ef_search"))
            m_live->efSearch = value.toInt();
        else if (path == QLatin1String("max_batch"))
            m_live->maxBatch = value.toInt();
        else if (path == QLatin1String("max_wait_ms"))
            m_live->maxWaitMs = value.toDouble();
        else if (path == QLatin1String("query_rate_per_s"))
            m_live->queryRatePerS = value.toDouble();
        else
            return engine::ParameterChange::NeedsRestart;
        return engine::ParameterChange::Applied;
    }

    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const override
    {
        QMap<QString, double> m;
        if (!m_state)
            return m;
        // What was not measured (no query answered, no lag sample yet) is NaN — null in
        // summary.json, which fails every check — never a reassuring 0.
        const double none = std::numeric_limits<double>::quiet_NaN();
        auto hist = [&](const char* name, double metrics::HistogramData::*field) {
            const auto* h = data.findHistogram(QLatin1String(name));
            return h && h->count > 0 ? h->*field : none;
        };
        const SearchState& s = *m_state;
        const uint64_t completed = s.completed.load();
        const int64_t start = s.servingStartNs.load();
        const int64_t end = s.servingEndNs.load() ? s.servingEndNs.load() : metrics::nowNs();
        const double servingS = start ? double(end - start) * 1e-9 : 0;
        m[QStringLiteral("queries_completed")] = double(completed);
        // Over the serving time only (not the build); with max_queries, up to the last counted answer.
        const uint64_t counted = s.completedAtEnd.load() ? s.completedAtEnd.load() : completed;
        m[QStringLiteral("qps")] = servingS > 0 ? double(counted) / servingS : none;
        m[QStringLiteral("latency_p50_ms")] = hist("latency_ms", &metrics::HistogramData::p50);
        m[QStringLiteral("latency_p99_ms")] = hist("latency_ms", &metrics::HistogramData::p99);
        const uint64_t calls = s.calls.load();
        m[QStringLiteral("batch_mean")] = calls ? double(s.searched.load()) / double(calls) : none;
        const uint64_t checked = s.recallChecked.load();
        m[QStringLiteral("recall_at_k")] = checked ? double(s.recallHits.load()) / double(checked) : none;
        m[QStringLiteral("backend")] = s.backend.load();
        m[QStringLiteral("gpu_available")] = s.gpuAvailable.load();
        m[QStringLiteral("index_build_s")] = s.indexBuildS.load();
        // aio::LagProbe's samples (one per wake of a 10 ms probe, as in every lab).
        m[QStringLiteral("loop_lag_p99_ms")] = hist("loop_lag", &metrics::HistogramData::p99);
        // Beyond the list: what explains the numbers above.
        m[QStringLiteral("loop_lag_max_ms")] = hist("loop_lag", &metrics::HistogramData::max);
        m[QStringLiteral("search_p50_ms")] = hist("search_ms", &metrics::HistogramData::p50);
        m[QStringLiteral("index_from_cache")] = s.indexFromCache.load();
        m[QStringLiteral("queries_dropped")] = double(s.dropped.load());
        m[QStringLiteral("omp_threads")] = s.callThreads.load();
        m[QStringLiteral("slow_callbacks")] = double(s.slowCallbacks.load());
        if (m_config.interpreter == pyrt::Interpreter::CPython)
            m[QStringLiteral("loop_gil_wait_s")] = double(s.loopGilWaitNs.load()) * 1e-9;
        return m;
    }

    QString status() const override
    {
        if (!m_state)
            return {};
        const int phase = m_state->progress.phase.load();
        if (m_state->servingStartNs == 0
            && (phase == BuildProgress::Training || phase == BuildProgress::Adding
                || phase == BuildProgress::Loading)) {
            const QString what = phase == BuildProgress::Training
                ? QCoreApplication::translate("SearchLab", "training k-means")
                : phase == BuildProgress::Loading ? QCoreApplication::translate("SearchLab", "looking in the cache")
                                                  : QCoreApplication::translate("SearchLab", "adding vectors");
            return QCoreApplication::translate("SearchLab", "building the %1 index: %2 % (%3)")
                .arg(QLatin1String(indexTypeName(m_config.index)))
                .arg(int(100 * m_state->progress.fraction.load()))
                .arg(what);
        }
        return m_state->status();
    }

private:
    SearchConfig m_config;
    std::shared_ptr<SearchState> m_state;
    std::shared_ptr<LiveParams> m_live;
    std::unique_ptr<SearchLoop> m_loop; // destroyed after its thread
    std::unique_ptr<aio::LoopThread> m_thread;
};

} // namespace
} // namespace search

std::unique_ptr<engine::Lab> createVectorSearchLab(const scenario::LabConfig& config)
{
    return std::make_unique<search::VectorSearchLab>(config);
}

} // namespace looplab::labs
