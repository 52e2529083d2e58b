// `async` mode: producers and workers are QCoro coroutines on one Qt event-loop thread running
// core/aio's asyncio loop; every stage's queue is an aio::Queue (asyncio.Queue) ordered by the
// stage's ItemStore (Queue / LifoQueue / PriorityQueue). A coroutine "blocked" in put/get/join is
// suspended and the loop runs the others — the lanes show which coroutine waits on what. What
// does block the loop is a stage's cpu_ms: it runs on the loop thread, and the loop's lag (the
// one aio::LagProbe, as the event_loop lab measures it) shows it. Under interpreter "cpython" the
// loop thread holds the lab's GIL for every pass, exactly as the event_loop lab's does.
//
// QCoro 0.8 traps avoided: every coroutine is a detached QCoro::Task<> that ends by itself; on
// stop aio::Loop::stop() resumes every sleeper and every parked put/get/join/wait with "stopped",
// so every coroutine returns before this runner (whose members they use) is destroyed; every
// awaited object lives on the loop thread.
#include "aio/lag_probe.h"
#include "aio/loop.h"
#include "aio/queue.h"
#include "aio/sync.h"
#include "pipeline_core.h"
#include "pipeline_runner.h"
#include "pyrt/loop_gil.h"

#include <QCoro/QCoroTask>
#include <QDeadlineTimer>
#include <QDebug>
#include <QThread>

#include <vector>

namespace looplab::pipeline {

using metrics::LaneId;
using metrics::LaneState;
using metrics::Recorder;

namespace {

using aio::QueueOp;
using aio::QueueStatus;

// Counts a coroutine as live from its first line to its co_return (aio's task bookkeeping).
struct TaskGuard {
    explicit TaskGuard(aio::Loop& l)
        : loop(l)
        , id(l.taskStarted())
    { }
    ~TaskGuard() { loop.taskEnded(id, loop.stopped()); }
    aio::Loop& loop;
    uint64_t id;
};

class AsyncRunner final : public PipelineRunner
{
public:
    explicit AsyncRunner(PipelineCore& core)
        : m_core(core)
    { }
    ~AsyncRunner() override { stop(); }

    void start() override
    {
        const auto& cfg = m_core.config();
        m_stopFlag = false;
        m_thread = std::make_unique<QThread>();
        m_thread->setObjectName(m_core.ctx().id + QStringLiteral(" loop"));
        m_loop = new aio::Loop;
        m_loop->moveToThread(m_thread.get());
        m_rec = m_core.ctx().registry->recorder(m_core.ctx().id + QStringLiteral(" loop"));
        m_loopGil.index = 0;
        m_loopGil.lane = m_core.loopLane();
        m_loopGil.recorder = m_rec;
        pyrt::holdGilInPasses(*m_loop, m_core.gil(), m_loopGil, LaneState::Idle, true);
        for (const auto& s : cfg.stages)
            m_queues.push_back(std::make_unique<Queue>(
                *m_loop, s.capacity, ItemStore<Item>(s.discipline, s.capacity ? size_t(s.capacity) : 64)));
        m_producersDone = std::make_unique<aio::Event>(*m_loop);
        m_stageDone.clear();
        for (size_t s = 0; s < cfg.stages.size(); ++s)
            m_stageDone.push_back(std::make_unique<aio::Event>(*m_loop));
        m_producersLeft = cfg.source.producers;
        m_workersLeft.clear();
        for (const auto& s : cfg.stages)
            m_workersLeft.push_back(s.workers);
        m_thread->start();
        // Like asyncio.run(main()): everything starts on the loop thread.
        QMetaObject::invokeMethod(
            m_loop, [this] { spawn(); }, Qt::QueuedConnection);
    }

    void stop() override
    {
        if (!m_thread)
            return;
        m_stopFlag = true; // a cpu_ms step in progress ends early
        QMetaObject::invokeMethod(
            m_loop, [this] { beginStop(); }, Qt::QueuedConnection);
        if (!m_thread->wait(QDeadlineTimer(15000)))
            qWarning("pipeline: the event-loop thread did not drain within 15 s");
        // Everything the coroutines used is deleted only now that they all returned.
        m_probe.reset();
        m_queues.clear();
        m_stageDone.clear();
        m_producersDone.reset();
        delete m_loop;
        m_loop = nullptr;
        m_thread.reset();
    }

private:
    using Queue = aio::Queue<Item, ItemStore<Item>>;

    void spawn()
    {
        tightenTimerSlack();
        m_probe = std::make_unique<aio::LagProbe>(*m_loop, aio::kLagProbeIntervalNs,
            [this](int64_t lagNs, int64_t at) { m_core.recordLag(m_rec, lagNs, at); });
        m_probe->start();
        const auto& cfg = m_core.config();
        // Detached tasks: each runs until its first co_await now, then on the loop.
        for (int s = 0; s < m_core.stageCount(); ++s)
            for (int w = 0; w < cfg.stages[size_t(s)].workers; ++w)
                (void)worker(s, w);
        (void)mainTask();
        for (int p = 0; p < cfg.source.producers; ++p)
            (void)producer(p);
    }

    void beginStop()
    {
        m_loop->onDrained = [] { QThread::currentThread()->quit(); };
        // Every sleeper and every parked put/get/join/wait resumes with "stopped"; quits at once
        // if nothing is live.
        m_loop->stop();
    }

    void fail(const std::exception& e)
    {
        if (m_core.ctx().failed)
            m_core.ctx().failed(QString::fromUtf8(e.what()));
    }

    QCoro::Task<QueueOp> putInto(int stage, Item item, LaneId lane, Rng& rng, LaneState after)
    {
        item.priority = m_core.priorityFor(stage, rng);
        // An item handed straight to a parked getter never enters the store (which stamps what
        // it holds): it starts waiting now.
        stampEnqueued(item);
        auto& q = *m_queues[size_t(stage)];
        QueueOp op;
        if (m_core.config().stages[size_t(stage)].dropWhenFull) {
            op = q.putNowait(item);
            if (op.status == QueueStatus::Full) {
                m_core.recordDrop(m_rec, stage);
                op.status = QueueStatus::Ok;
                co_return op;
            }
        } else {
            op = co_await q.put(item, m_core.putObserver(m_rec, lane, stage, after));
        }
        if (op.status == QueueStatus::Ok)
            m_core.recordPut(m_rec, stage, op.size);
        co_return op;
    }

    QCoro::Task<> producer(int p)
    {
        TaskGuard guard(*m_loop);
        try {
            const auto& src = m_core.config().source;
            const LaneId lane = m_core.producerLane(p);
            Rng rng = m_core.rngFor(1, uint64_t(p));
            const bool endless = src.items <= 0;
            const qint64 quota = m_core.itemsFor(p);
            const bool burst = src.arrival == Arrival::Burst;
            int64_t next = metrics::nowNs();
            qint64 made = 0;
            bool closed = false;
            m_rec.state(lane, LaneState::IoWait);
            while (!closed && (endless || made < quota)) {
                if (!co_await m_loop->sleepUntil(next)) // await asyncio.sleep(gap)
                    break;
                const int n = burst ? m_core.burstShareFor(p) : 1;
                bool blocked = false;
                for (int i = 0; i < n && (endless || made < quota); ++i) {
                    Item item = m_core.makeItem();
                    m_rec.state(lane, LaneState::Running, item.createdNs);
                    m_core.recordProduced(m_rec, item.createdNs);
                    const QueueOp op = co_await putInto(0, item, lane, rng, LaneState::Running);
                    if (op.status != QueueStatus::Ok) { // the run stops
                        closed = true;
                        break;
                    }
                    blocked |= op.waited;
                    ++made;
                }
                const int64_t t = metrics::nowNs();
                m_rec.state(lane, LaneState::IoWait, t);
                const int64_t gap = burst ? m_core.burstEveryNs() : m_core.gapNs(rng);
                next = blocked ? t + gap : next + gap;
            }
            m_rec.state(lane, LaneState::Done);
            if (--m_producersLeft == 0)
                m_producersDone->set();
        } catch (const std::exception& e) {
            fail(e);
        }
    }

    QCoro::Task<> worker(int s, int w)
    {
        TaskGuard guard(*m_loop);
        try {
            const LaneId lane = m_core.ids(s).workers[size_t(w)];
            Rng rng = m_core.rngFor(100 + uint64_t(s), uint64_t(w));
            auto& q = *m_queues[size_t(s)];
            const bool last = s + 1 == m_core.stageCount();
            const int64_t cpuNs = m_core.cpuNs(s);
            const pyrt::CodeKind code = m_core.config().stages[size_t(s)].code;
            m_rec.state(lane, LaneState::Idle);
            while (true) {
                auto got = co_await q.get(PipelineCore::getObserver(m_rec, lane));
                if (got.status != QueueStatus::Ok)
                    break;
                const int64_t t = metrics::nowNs();
                Item& item = got.value;
                if (item.sentinel) {
                    m_core.recordSentinelTake(m_rec, s, got.size);
                    q.taskDone();
                    break;
                }
                m_rec.state(lane, LaneState::Running, t);
                m_core.recordTake(m_rec, s, item, got.size, t);
                // cpu_ms: plain code in the coroutine — it holds the loop (and the GIL) meanwhile.
                pyrt::runCpuHoldingGil(m_core.gil(), m_loopGil, cpuNs, code, &m_stopFlag);
                if (m_stopFlag.load(std::memory_order_relaxed)) { // cut short: the run stops
                    m_core.recordAbandoned(s);
                    break;
                }
                m_rec.state(lane, LaneState::IoWait);
                if (!co_await m_loop->sleep(m_core.serviceNs(s, rng))) { // await asyncio.sleep(service)
                    m_core.recordAbandoned(s);
                    break;
                }
                m_rec.state(lane, LaneState::Running);
                const int64_t t2 = metrics::nowNs();
                m_core.recordServiceEnd(m_rec, s, item, t, t2);
                if (!last) {
                    const QueueOp op = co_await putInto(s + 1, item, lane, rng, LaneState::Running);
                    if (op.status != QueueStatus::Ok)
                        break;
                } else {
                    m_core.recordCompleted(m_rec, item, t2);
                }
                q.taskDone();
            }
            m_rec.state(lane, LaneState::Done);
            if (--m_workersLeft[size_t(s)] == 0)
                m_stageDone[size_t(s)]->set();
        } catch (const std::exception& e) {
            fail(e);
        }
    }

    QCoro::Task<> mainTask()
    {
        TaskGuard guard(*m_loop);
        try {
            const auto& cfg = m_core.config();
            const LaneId lane = m_core.mainLane();
            m_rec.state(lane, LaneState::Idle);
            if (m_producersLeft > 0 && !co_await m_producersDone->wait())
                co_return;
            if (cfg.shutdown == Shutdown::Join) {
                for (int s = 0; s < m_core.stageCount(); ++s)
                    if (co_await m_queues[size_t(s)]->join(
                            PipelineCore::WaitObserver{&m_rec, lane, kBlockedInJoin, LaneState::Idle})
                        != QueueStatus::Ok)
                        co_return;
                m_core.finish();
                for (auto& q : m_queues)
                    q->shutdown(); // Queue.shutdown(): the workers' get() returns Closed, they end
            } else {
                for (int s = 0; s < m_core.stageCount(); ++s) {
                    auto& q = *m_queues[size_t(s)];
                    for (int w = 0; w < cfg.stages[size_t(s)].workers; ++w) {
                        Item sentinel;
                        sentinel.sentinel = true;
                        sentinel.priority = INT32_MAX;
                        const QueueOp op = co_await q.put(
                            sentinel, PipelineCore::WaitObserver{&m_rec, lane, kBlockedOnPut, LaneState::Idle});
                        if (op.status != QueueStatus::Ok)
                            co_return;
                        m_core.recordSentinelPut(m_rec, s, op.size);
                    }
                    // await asyncio.gather(*consumers): every worker of the stage took its None.
                    if (m_workersLeft[size_t(s)] > 0 && !co_await m_stageDone[size_t(s)]->wait())
                        co_return;
                    uint64_t left = 0;
                    q.store().forEach([&](const Item& it) { left += it.sentinel ? 0 : 1; });
                    m_core.recordLeftBehind(s, left);
                }
                m_core.finish();
            }
            m_rec.state(lane, LaneState::Done);
        } catch (const std::exception& e) {
            fail(e);
        }
    }

    PipelineCore& m_core;
    std::unique_ptr<QThread> m_thread;
    aio::Loop* m_loop = nullptr;
    Recorder m_rec; // the loop thread's: every coroutine records through it
    pyrt::GilThread m_loopGil; // the loop thread's identity on the lab's GIL
    std::atomic<bool> m_stopFlag{false};
    std::unique_ptr<aio::LagProbe> m_probe;
    std::vector<std::unique_ptr<Queue>> m_queues;
    std::unique_ptr<aio::Event> m_producersDone;
    std::vector<std::unique_ptr<aio::Event>> m_stageDone;
    int m_producersLeft = 0;
    std::vector<int> m_workersLeft;
};

} // namespace

std::unique_ptr<PipelineRunner> makeAsyncRunner(PipelineCore& core)
{
    return std::make_unique<AsyncRunner>(core);
}

} // namespace looplab::pipeline
