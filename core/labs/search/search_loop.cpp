#include "search_loop.h"

#include "aio/task_scope.h"
#include "dataset.h"
#include "index_builder.h"
#include "nvml_probe.h"
#include "pyrt/loop_gil.h"
#include "search_backend.h"
#include "search_service.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>
#include <qcoro/qcorofuture.h>

#include <chrono>
#include <numeric>
#include <random>

namespace looplab::labs::search {

using metrics::LaneState;

namespace {
// Distinct queries the traffic cycles through: 4 per sampled one, so that a quarter of the answers
// are checked and the live recall gauge follows a parameter change within a few hundred queries.
int64_t queryPoolSize(int recallSample)
{
    return std::clamp<int64_t>(4 * int64_t(recallSample), 256, 4096);
}
constexpr int kMaxInFlight = 20000; // open loop: shed arrivals beyond this (counted)
constexpr size_t kRecallWindow = 64; // sampled answers in the live recall gauge
} // namespace

struct SearchLoop::Prepared {
    MemoryBudget::Reservation memory; // released last, after the data and the index are freed
    std::unique_ptr<Dataset> data;
    std::unique_ptr<SearchBackend> backend;
    GroundTruth truth;
    QString error;
};

SearchLoop::SearchLoop(const SearchConfig& config, const engine::LabContext& ctx, const Instruments& instruments,
    std::shared_ptr<SearchState> state, std::shared_ptr<LiveParams> live, bool useCuda, QString fallbackNote)
    : m_config(config)
    , m_ctx(ctx)
    , m_ins(instruments)
    , m_state(std::move(state))
    , m_live(std::move(live))
    , m_useCuda(useCuda)
    , m_fallbackNote(std::move(fallbackNote))
{
    m_buildPool.setMaxThreadCount(1);
    m_loopGil.index = m_config.executorWorkers; // the GIL lane's aux: executors 0..workers-1, the loop `workers`
    m_loopGil.lane = m_ins.loopLane;
    if (m_config.interpreter == pyrt::Interpreter::CPython && m_ins.enabled())
        m_gil = std::make_unique<pyrt::Gil>(m_ctx.scaled(pyrt::kDefaultSwitchIntervalMs).count(),
            m_ins.registry->recorder(QStringLiteral("search-gil %1").arg(m_ctx.index)), m_ins.gilLane);
}

SearchLoop::~SearchLoop()
{
    m_buildPool.waitForDone();
}

void SearchLoop::begin(aio::Loop& loop)
{
    m_rec = m_ctx.registry ? m_ctx.registry->local() : metrics::Recorder{};
    m_loop = &loop;
    m_loopGil.recorder = m_rec;
    pyrt::holdGilInPasses(loop, m_gil.get(), m_loopGil, LaneState::Idle, true);
    loop.callSoon([this] { run(); }); // the main task starts on a pass of the loop; its frame frees itself
}

void SearchLoop::stopping()
{
    m_stopping = true;
    cancel = true;
    if (m_state->servingStartNs != 0 && m_state->servingEndNs == 0)
        m_state->servingEndNs = metrics::nowNs();
    // Searches already in the executor finish (FAISS cannot be interrupted); queued ones are
    // answered as cancelled (an overloaded executor's backlog must not hold up the stop).
    if (m_service)
        m_service->cancelPending();
}

void SearchLoop::finished()
{
    m_service.reset(); // waits for the executor's threads
    m_state->slowCallbacks = m_loop->slowCallbacks();
    m_state->loopGilWaitNs = m_loopGil.waitNs.load(std::memory_order_relaxed);
    m_nvml.reset();
    m_loop = nullptr;
    m_rec.state(m_ins.loopLane, LaneState::Done);
}

std::shared_ptr<SearchLoop::Prepared> SearchLoop::prepare(
    SearchConfig config, bool useCuda, SearchState* state, const std::atomic<bool>* cancel, Instruments ins)
{
    auto p = std::make_shared<Prepared>();
    metrics::Recorder rec = ins.registry ? ins.registry->local() : metrics::Recorder{};
    rec.state(ins.buildLane, LaneState::Running);
    try {
        state->setStatus(config.dataset.file.isEmpty()
                ? QCoreApplication::translate("SearchLab", "generating %1×%2 synthetic vectors…")
                      .arg(config.dataset.vectors)
                      .arg(config.dataset.dim)
                : QCoreApplication::translate("SearchLab", "loading %1…").arg(config.dataset.file));
        setLibraryThreads(autoCallThreads(1)); // for the generation, the build and the exact neighbours
        // Every search lab's vectors, queries and index copies count against one memory limit,
        // checked once the shape is known and before anything is allocated.
        const int64_t poolSize = queryPoolSize(config.recallSample);
        auto admit = [&](int64_t n, int dim) {
            QString what;
            const int64_t bytes = labMemoryBytes(n, dim, poolSize, config.index, config.hnswM, useCuda, &what);
            p->memory = MemoryBudget::reserve(bytes, what);
        };
        p->data = std::make_unique<Dataset>(loadDataset(config.dataset, poolSize, cancel, admit));
        if (cancel->load())
            return p;
        const Dataset& data = *p->data;
        if (config.k > data.n)
            throw std::runtime_error(QStringLiteral("k = %1 is more than the %2 vectors in the dataset")
                                         .arg(config.k)
                                         .arg(data.n)
                                         .toStdString());

        const auto t0 = std::chrono::steady_clock::now();
        if (useCuda) {
            state->setStatus(QCoreApplication::translate("SearchLab", "copying %1 to the GPU…").arg(data.description));
            QString reason;
            p->backend = makeCudaBackend(data, &reason);
            if (!p->backend)
                throw std::runtime_error(QStringLiteral("cuda backend unavailable: %1").arg(reason).toStdString());
            state->indexBuildS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            state->backend = 1;
        } else {
            state->setStatus(QCoreApplication::translate("SearchLab", "building the %1 index…")
                                 .arg(QLatin1String(indexTypeName(config.index))));
            BuiltIndex built
                = buildOrLoadIndex(data, config.index, config.nlist, config.hnswM, state->progress, *cancel);
            if (!built.index)
                return p; // cancelled
            state->indexBuildS = built.seconds;
            state->indexFromCache = built.fromCache ? 1 : 0;
            p->backend = std::make_unique<FaissBackend>(std::move(built.index), config.index);
        }
        state->progress.fraction = 1;
        state->progress.phase = BuildProgress::GroundTruth;
        state->setStatus(
            QCoreApplication::translate("SearchLab", "computing exact neighbours of %1 sample queries for recall@%2…")
                .arg(config.recallSample)
                .arg(config.k));
        p->truth = GroundTruth(data, config.recallSample, config.k, cancel);
    } catch (const std::exception& e) {
        p->error = QString::fromUtf8(e.what());
    }
    state->progress.phase = BuildProgress::Ready;
    rec.state(ins.buildLane, LaneState::Done);
    return p;
}

QCoro::Task<> SearchLoop::run()
{
    aio::TaskScope task(*m_loop, QStringLiteral("main"));
    // Prepare in the background: the loop stays free (the lag probe shows it).
    m_prepared = co_await QtConcurrent::run(
        &m_buildPool, &SearchLoop::prepare, m_config, m_useCuda, m_state.get(), &cancel, m_ins);
    co_await m_loop->yieldNow(); // serve from a pass of the loop (under the GIL), not from Qt's future callback
    if (!m_prepared->error.isEmpty() && !m_stopping) {
        m_state->setStatus(QStringLiteral("failed: %1").arg(m_prepared->error));
        if (m_ctx.failed)
            m_ctx.failed(m_prepared->error);
    }

    if (!m_stopping && m_prepared->error.isEmpty() && m_prepared->backend) {
        SearchBackend& backend = *m_prepared->backend;
        const Dataset& data = *m_prepared->data;
        const int callThreads = m_config.dispatch == Dispatch::OnLoop
            ? 1
            : (m_config.ompThreads > 0 ? m_config.ompThreads : autoCallThreads(m_config.executorWorkers));
        backend.setCallThreads(callThreads);
        m_state->callThreads = callThreads;
        m_service = std::make_unique<SearchService>(*m_loop, backend, data.queries.data(), data.nq, data.dim,
            m_config.k, m_config.dispatch, m_config.executorWorkers, &m_ins);
        m_service->setInterpreter(m_gil.get(), &m_loopGil);
        applyLive();
        if (m_useCuda)
            m_nvml = std::make_unique<NvmlProbe>(cudaPciBusId());
        m_state->servingStartNs = metrics::nowNs();
        m_rec.mark(m_ins.indexReady, m_state->indexBuildS.load());
        setServingStatus();

        if (m_config.clients > 0)
            for (int i = 0; i < m_config.clients; ++i)
                client();
        else
            poissonTraffic();
    }
    // The traffic's coroutines go on serving until the loop stops (aio::LoopThread waits for them).
}

void SearchLoop::applyLive()
{
    if (!m_service)
        return;
    SearchBackend& backend = *m_prepared->backend;
    if (const int v = m_live->nprobe.load(); v != m_appliedNprobe)
        backend.setNprobe(m_appliedNprobe = v);
    if (const int v = m_live->efSearch.load(); v != m_appliedEf)
        backend.setEfSearch(m_appliedEf = v);
    if (const int v = m_live->maxBatch.load(); v != m_appliedBatch)
        m_service->setMaxBatch(m_appliedBatch = v);
    if (const double v = m_live->maxWaitMs.load(); v != m_appliedWait)
        m_service->setMaxWaitNs(int64_t(m_ctx.scaledMs(m_appliedWait = v) * 1e6));
}

void SearchLoop::setServingStatus()
{
    const auto& p = *m_prepared;
    QString s = QStringLiteral("%1 on %2, %3")
                    .arg(p.backend->describe(), p.data->description, QLatin1String(dispatchName(m_config.dispatch)));
    if (m_config.dispatch != Dispatch::OnLoop)
        s += QCoreApplication::translate("SearchLab", ", %1 executor worker(s) × %2 OpenMP thread(s)")
                 .arg(m_config.executorWorkers)
                 .arg(m_state->callThreads.load());
    if (!m_useCuda)
        s += m_state->indexFromCache ? QCoreApplication::translate("SearchLab", "; index loaded from cache in %1 s")
                                           .arg(m_state->indexBuildS.load(), 0, 'f', 2)
                                     : QCoreApplication::translate("SearchLab", "; index built in %1 s")
                                           .arg(m_state->indexBuildS.load(), 0, 'f', 2);
    if (!m_fallbackNote.isEmpty())
        s += QStringLiteral("; ") + m_fallbackNote;
    m_state->setStatus(s);
}

void SearchLoop::lagSample(int64_t lagNs, int64_t atNs)
{
    const double lagMs = double(lagNs) * 1e-6;
    m_rec.gauge(m_ins.loopLag, lagMs, atNs);
    m_rec.sample(m_ins.lagHist, lagMs, atNs);
    if (!m_service) {
        m_rec.gauge(m_ins.buildProgress, 100.0 * m_state->progress.fraction.load(), atNs);
        return;
    }
    applyLive();
    m_rec.gauge(m_ins.inFlight, m_inFlight, atNs);
    m_rec.gauge(m_ins.batchQueue, m_service->queued(), atNs);
    m_state->calls = m_service->executorCalls();
    m_state->searched = m_service->queriesSearched();
    m_state->slowCallbacks = m_loop->slowCallbacks();
    m_state->loopGilWaitNs = m_loopGil.waitNs.load(std::memory_order_relaxed);
    if (m_nvml && m_nvml->available() && atNs - m_lastGpuNs > 250'000'000) {
        m_lastGpuNs = atNs;
        double util = 0, mem = 0;
        if (m_nvml->read(&util, &mem)) {
            m_rec.gauge(m_ins.gpuUtil, util, atNs);
            m_rec.gauge(m_ins.gpuMem, mem, atNs);
        }
    }
}

QCoro::Task<> SearchLoop::poissonTraffic()
{
    aio::TaskScope task(*m_loop, QStringLiteral("traffic"));
    std::mt19937_64 rng(m_ctx.seed * 0x9E3779B97F4A7C15ULL + uint64_t(m_ctx.index) + 17);
    std::exponential_distribution<double> expo(1.0);
    int64_t next = metrics::nowNs();
    // With on_loop each query searches as soon as it starts; like asyncio.create_task, start one
    // per pass of the loop so other callbacks (the lag probe) run between them.
    const int perPass = m_config.dispatch == Dispatch::OnLoop ? 1 : 256;
    while (!m_stopping && !m_trafficDone) {
        const double rate = std::max(1e-3, m_live->queryRatePerS.load() / std::max(1e-9, m_ctx.timeScale));
        const int64_t now = metrics::nowNs();
        int launched = 0;
        while (next <= now && !m_stopping && !m_trafficDone && launched < perPass) {
            if (m_inFlight >= kMaxInFlight)
                m_state->dropped.fetch_add(1, std::memory_order_relaxed);
            else
                query(m_nextQuery++, next); // eager: with on_loop it searches right here
            next += int64_t(expo(rng) / rate * 1e9);
            ++launched;
        }
        // Give the loop a pass between bursts; otherwise sleep until the next arrival.
        auto nextArrival = m_loop->sleepUntil(next > now ? next : 0);
        if (!co_await nextArrival)
            break;
    }
}

QCoro::Task<> SearchLoop::client()
{
    aio::TaskScope task(*m_loop);
    while (!m_stopping && !m_trafficDone) {
        co_await query(m_nextQuery++, metrics::nowNs());
        // `await asyncio.sleep(0)`: let the loop run other callbacks between a client's queries.
        auto yield = m_loop->yieldNow();
        if (!co_await yield)
            break;
    }
}

QCoro::Task<> SearchLoop::query(int64_t number, int64_t arrivalNs)
{
    aio::TaskScope task(*m_loop);
    ++m_inFlight;
    const int64_t poolIndex = number % m_prepared->data->nq;
    SearchService::Answer answer = co_await m_service->search(poolIndex);
    const int64_t t = metrics::nowNs();
    --m_inFlight;
    if (answer.cancelled) // dropped at stop: never answered, not counted
        co_return;
    m_rec.sample(m_ins.latency, double(t - arrivalNs) * 1e-6, t);
    m_rec.count(m_ins.qps, 1, t);
    const uint64_t completed = m_state->completed.fetch_add(1, std::memory_order_relaxed) + 1;
    if (m_config.maxQueries > 0 && completed >= uint64_t(m_config.maxQueries) && !m_trafficDone) {
        // The batch of work is done: no new queries; the engine ends the run and stops us.
        m_trafficDone = true;
        m_state->completedAtEnd = completed;
        m_state->servingEndNs = t;
        if (m_ctx.finished)
            m_ctx.finished();
    }

    const GroundTruth& truth = m_prepared->truth;
    if (const int slot = truth.slotOf(poolIndex); slot >= 0) {
        const int k = std::min(m_config.k, truth.k());
        const int hits = truth.hits(slot, answer.ids.data(), k);
        m_state->recallHits.fetch_add(uint64_t(hits), std::memory_order_relaxed);
        m_state->recallChecked.fetch_add(uint64_t(k), std::memory_order_relaxed);
        m_recentRecall.push_back(float(hits) / float(k));
        if (m_recentRecall.size() > kRecallWindow)
            m_recentRecall.pop_front();
        const float sum = std::accumulate(m_recentRecall.begin(), m_recentRecall.end(), 0.f);
        m_rec.gauge(m_ins.recall, sum / float(m_recentRecall.size()), t);
    }
}

} // namespace looplab::labs::search
