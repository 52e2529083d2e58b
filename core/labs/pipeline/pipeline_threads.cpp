// `threads` mode: producers and workers are OS threads; every stage's queue is a BlockingQueue
// (queue.Queue). A thread blocked in put/get/join is really blocked on a condition variable,
// and its lane says so from the moment it blocks to the moment it wakes. The threads run "Python
// code": under interpreter "cpython" they share the lab's one GIL (core/pyrt) — a stage's cpu_ms
// goes through pyrt::runCpu, every sleep (service wait, producer gap) through
// pyrt::runBlockingIo, which drops the GIL and must win it back afterwards.
//
// `processes` mode is the same runner with every consumer a real worker process (core/workers'
// looplab-worker, one ProcessPool of one worker per consumer: multiprocessing.Process(target=
// consumer)). Its thread here is the consumer's end of multiprocessing.Queue: it takes an item
// from the bounded queue (so maxsize still blocks the producers), sends it pickled through the
// pipe, and waits for the process to have done it; the item's cpu_ms burns on the process's own
// CPU clock with no GIL shared with the producers or the other consumers.
#include "blocking_queue.h"
#include "pipeline_core.h"
#include "pipeline_runner.h"
#include "workers/process_pool.h"

#include <QString>

#include <sys/prctl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace looplab::pipeline {

void tightenTimerSlack() noexcept
{
    prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL);
}

using metrics::LaneId;
using metrics::LaneState;
using metrics::Recorder;

namespace {

class ThreadRunner final : public PipelineRunner
{
public:
    explicit ThreadRunner(PipelineCore& core)
        : m_core(core)
    { }
    ~ThreadRunner() override { stop(); }

    void start() override
    {
        const auto& cfg = m_core.config();
        const QString lab = m_core.ctx().id;
        auto* reg = m_core.ctx().registry;
        m_stopping = false;
        m_stopFlag = false;
        for (const auto& s : cfg.stages)
            m_queues.push_back(std::make_unique<Queue>(size_t(s.capacity), s.discipline));
        m_producersLeft = cfg.source.producers;
        m_workersLeft.clear();
        for (const auto& s : cfg.stages)
            m_workersLeft.push_back(s.workers);
        if (cfg.mode == Mode::Processes)
            startConsumerProcesses();

        for (int s = 0; s < m_core.stageCount(); ++s)
            for (int w = 0; w < cfg.stages[size_t(s)].workers; ++w)
                m_threads.emplace_back(
                    [this, s, w,
                        rec = reg->recorder(
                            QStringLiteral("%1 %2 %3").arg(lab, cfg.stages[size_t(s)].name).arg(w + 1))]() mutable {
                        workerMain(s, w, rec);
                    });
        m_threads.emplace_back([this, rec = reg->recorder(lab + QStringLiteral(" main"))]() mutable { mainMain(rec); });
        for (int p = 0; p < cfg.source.producers; ++p)
            m_threads.emplace_back(
                [this, p, rec = reg->recorder(QStringLiteral("%1 producer %2").arg(lab).arg(p + 1))]() mutable {
                    producerMain(p, rec);
                });
    }

    void stop() override
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_stopFlag = true;
        }
        m_stateCv.notify_all();
        for (auto& q : m_queues)
            q->close();
        // A consumer waiting in call() for its process sees m_stopFlag within 20 ms.
        for (auto& t : m_threads)
            if (t.joinable())
                t.join();
        m_threads.clear();
        for (auto& c : m_consumers)
            c->process.reset(); // kills and reaps the worker process; its pending reply is dropped
        m_consumers.clear();
    }

private:
    using Queue = BlockingQueue<Item>;

    // processes mode: one consumer's worker process.
    struct Consumer {
        std::unique_ptr<workers::ProcessPool> process;
    };

    void startConsumerProcesses()
    {
        const auto& cfg = m_core.config();
        for (const auto& s : cfg.stages)
            for (int w = 0; w < s.workers; ++w) {
                workers::ProcessPoolOptions opt;
                opt.workers = 1;
                opt.executable = m_core.ctx().workerExecutable;
                opt.maxInFlightPerWorker = 1; // a consumer gets its next item once done with this one
                auto c = std::make_unique<Consumer>();
                c->process = std::make_unique<workers::ProcessPool>(opt);
                m_consumers.push_back(std::move(c));
            }
        for (auto& c : m_consumers)
            if (!c->process->waitReady(10'000))
                throw std::runtime_error(
                    "consumer processes did not start: " + m_core.ctx().workerExecutable.toStdString());
    }

    // processes mode: the item goes pickled through the pipe to consumer `c`'s process, which
    // burns cpuNs on its own CPU, then sleeps serviceNs (its I/O), and answers. The lane shows
    // the pipe both ways (Ipc), the process computing (Running) and waiting (IoWait), from the
    // process's own timestamps. False when the run stops first or the process died.
    bool runInProcess(Consumer& c, const Item& item, int64_t cpuNs, int64_t serviceNs, Recorder& rec, LaneId lane)
    {
        workers::WorkRequest req;
        req.cpuMs = double(cpuNs) * 1e-6;
        req.ioMs = double(serviceNs) * 1e-6;
        req.payload = QByteArray(reinterpret_cast<const char*>(&item), sizeof(Item)); // the "pickled" item
        // Like executor.submit(work, item).result(): this thread reads the reply from the worker's ring.
        const workers::WorkReply r = c.process->call(std::move(req), &m_stopFlag);
        if (!r.ok)
            return false;
        rec.state(lane, LaneState::Ipc, r.sentNs);
        rec.state(lane, LaneState::Running, std::max(r.sentNs, r.startedNs));
        if (r.cpuDoneNs < r.finishedNs)
            rec.state(lane, LaneState::IoWait, std::max(r.sentNs, r.cpuDoneNs));
        rec.state(lane, LaneState::Ipc, std::max(r.sentNs, r.finishedNs));
        rec.state(lane, LaneState::Running, r.receivedNs);
        return true;
    }

    int consumerIndex(int stage, int worker) const { return m_core.gilIndexOfWorker(stage, worker); }

    // time.sleep() until `deadlineNs` as thread `gt` (drops the GIL meanwhile); the lane ends in
    // `after`. Ends early and returns false when the run stops.
    bool sleepUntil(pyrt::GilThread& gt, int64_t deadlineNs, LaneState after)
    {
        const int64_t ns = deadlineNs - metrics::nowNs();
        if (ns > 0) // due already (rate 0, or late): no call
            pyrt::runBlockingIo(m_core.gil(), gt, ns, after, &m_stopFlag);
        return !m_stopFlag.load(std::memory_order_relaxed);
    }

    // Put into a stage's queue as its on_full says; the lane shows the block.
    QueueOp putInto(int stage, Item item, Recorder& rec, LaneId lane, Rng& rng, LaneState after)
    {
        item.priority = m_core.priorityFor(stage, rng);
        auto& q = *m_queues[size_t(stage)];
        QueueOp op;
        if (m_core.config().stages[size_t(stage)].dropWhenFull) {
            op = q.putNowait(item);
            if (op.status == QueueStatus::Full) {
                m_core.recordDrop(rec, stage);
                op.status = QueueStatus::Ok; // dropped, but the putter goes on
                return op;
            }
        } else {
            op = q.put(item, m_core.putObserver(rec, lane, stage, after));
        }
        if (op.status == QueueStatus::Ok)
            m_core.recordPut(rec, stage, op.size);
        return op;
    }

    void producerMain(int p, Recorder rec)
    {
        tightenTimerSlack();
        const auto& src = m_core.config().source;
        const LaneId lane = m_core.producerLane(p);
        Rng rng = m_core.rngFor(1, uint64_t(p));
        const bool endless = src.items <= 0;
        const qint64 quota = m_core.itemsFor(p);
        const bool burst = src.arrival == Arrival::Burst;
        int64_t next = metrics::nowNs();
        qint64 made = 0;
        bool closed = false;
        pyrt::GilThread gt;
        gt.index = m_core.gilIndexOfProducer(p);
        gt.lane = lane;
        gt.recorder = rec;
        rec.state(lane, LaneState::IoWait);
        while (!closed && (endless || made < quota)) {
            if (!sleepUntil(gt, next, LaneState::Running))
                break;
            const int n = burst ? m_core.burstShareFor(p) : 1;
            bool blocked = false;
            for (int i = 0; i < n && (endless || made < quota); ++i) {
                Item item = m_core.makeItem();
                rec.state(lane, LaneState::Running, item.createdNs);
                m_core.recordProduced(rec, item.createdNs);
                const QueueOp op = putInto(0, item, rec, lane, rng, LaneState::Running);
                if (op.status == QueueStatus::Closed) {
                    closed = true;
                    break;
                }
                blocked |= op.waited;
                ++made;
            }
            const int64_t t = metrics::nowNs();
            rec.state(lane, LaneState::IoWait, t);
            const int64_t gap = burst ? m_core.burstEveryNs() : m_core.gapNs(rng);
            // A producer that was held up by a full queue waits its gap after the put, like the
            // course's `put(); sleep()`; otherwise it keeps an absolute schedule (no drift).
            next = blocked ? t + gap : next + gap;
        }
        rec.state(lane, LaneState::Done);
        {
            std::lock_guard lock(m_mutex);
            --m_producersLeft;
        }
        m_stateCv.notify_all();
    }

    void workerMain(int s, int w, Recorder rec)
    {
        tightenTimerSlack();
        const LaneId lane = m_core.ids(s).workers[size_t(w)];
        Rng rng = m_core.rngFor(100 + uint64_t(s), uint64_t(w));
        auto& q = *m_queues[size_t(s)];
        const bool last = s + 1 == m_core.stageCount();
        const int64_t cpuNs = m_core.cpuNs(s);
        const pyrt::CodeKind code = m_core.config().stages[size_t(s)].code;
        const bool processes = m_core.config().mode == Mode::Processes;
        pyrt::GilThread gt;
        gt.index = m_core.gilIndexOfWorker(s, w);
        gt.lane = lane;
        gt.recorder = rec;
        Item item;
        rec.state(lane, LaneState::Idle);
        while (true) {
            QueueOp op = q.get(item, PipelineCore::getObserver(rec, lane));
            if (op.status != QueueStatus::Ok)
                break; // closed: the run stops, or join() is over and the workers are let go
            const int64_t t = metrics::nowNs();
            if (item.sentinel) {
                m_core.recordSentinelTake(rec, s, op.size);
                q.taskDone();
                break;
            }
            rec.state(lane, LaneState::Running, t);
            m_core.recordTake(rec, s, item, op.size, t);
            if (processes) {
                // The consumer process does the work; a process that died (crash) loses this
                // item, and its pool has started a fresh one for the next.
                if (!runInProcess(
                        *m_consumers[size_t(consumerIndex(s, w))], item, cpuNs, m_core.serviceNs(s, rng), rec, lane)) {
                    m_core.recordAbandoned(s);
                    if (m_stopFlag.load())
                        break;
                    m_core.recordLeftBehind(s, 1); // died with the item: it counts as dropped
                    q.taskDone();
                    continue;
                }
            } else {
                if (cpuNs > 0)
                    pyrt::runCpu(m_core.gil(), gt, cpuNs, code, LaneState::Running, &m_stopFlag);
                if (!sleepUntil(gt, metrics::nowNs() + m_core.serviceNs(s, rng), LaneState::Running)) {
                    m_core.recordAbandoned(s);
                    break;
                }
            }
            const int64_t t2 = metrics::nowNs();
            m_core.recordServiceEnd(rec, s, item, t, t2);
            if (!last) {
                if (putInto(s + 1, item, rec, lane, rng, LaneState::Running).status == QueueStatus::Closed)
                    break;
            } else {
                m_core.recordCompleted(rec, item, t2);
            }
            q.taskDone();
        }
        rec.state(lane, LaneState::Done);
        {
            std::lock_guard lock(m_mutex);
            --m_workersLeft[size_t(s)];
        }
        m_stateCv.notify_all();
    }

    template <typename Pred> bool waitFor(Pred pred)
    {
        std::unique_lock lock(m_mutex);
        m_stateCv.wait(lock, [&] { return m_stopping || pred(); });
        return !m_stopping;
    }

    // The main thread of the course's demos: wait for the producers, then shut the pipeline
    // down with sentinels or with queue.join().
    void mainMain(Recorder rec)
    {
        const auto& cfg = m_core.config();
        const LaneId lane = m_core.mainLane();
        rec.state(lane, LaneState::Idle);
        if (!waitFor([this] { return m_producersLeft == 0; }))
            return;
        if (cfg.shutdown == Shutdown::Join) {
            for (int s = 0; s < m_core.stageCount(); ++s)
                if (m_queues[size_t(s)]->join(PipelineCore::WaitObserver{&rec, lane, kBlockedInJoin, LaneState::Idle})
                    != QueueStatus::Ok)
                    return;
            m_core.finish();
            // Python lets its daemon consumer threads die with the program; here they are let go.
            for (auto& q : m_queues)
                q->close();
        } else {
            for (int s = 0; s < m_core.stageCount(); ++s) {
                auto& q = *m_queues[size_t(s)];
                for (int w = 0; w < cfg.stages[size_t(s)].workers; ++w) {
                    Item sentinel;
                    sentinel.sentinel = true;
                    sentinel.priority = INT32_MAX; // a PriorityQueue serves (inf, None) last
                    const QueueOp op
                        = q.put(sentinel, PipelineCore::WaitObserver{&rec, lane, kBlockedOnPut, LaneState::Idle});
                    if (op.status != QueueStatus::Ok)
                        return;
                    m_core.recordSentinelPut(rec, s, op.size);
                }
                // Like joining the consumer threads: wait until each took its sentinel.
                if (!waitFor([this, s] { return m_workersLeft[size_t(s)] == 0; }))
                    return;
                // Items still queued behind the sentinels (a LifoQueue serves the last-put None
                // first) are never processed: the classic sentinel bug, counted as dropped.
                uint64_t left = 0;
                q.forEach([&](const Item& it) { left += it.sentinel ? 0 : 1; });
                m_core.recordLeftBehind(s, left);
            }
            m_core.finish();
        }
        rec.state(lane, LaneState::Done);
    }

    PipelineCore& m_core;
    std::vector<std::unique_ptr<Queue>> m_queues;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_stateCv; // main waiting for producers / workers
    bool m_stopping = false;
    std::atomic<bool> m_stopFlag{false}; // m_stopping, readable without the mutex (the sleeps poll it)
    int m_producersLeft = 0;
    std::vector<int> m_workersLeft;
    // processes mode: per consumer (stage by stage, as gilIndexOfWorker counts them). stop()
    // joins the threads that wait on these, then drops the processes.
    std::vector<std::unique_ptr<Consumer>> m_consumers;
};

} // namespace

std::unique_ptr<PipelineRunner> makeThreadRunner(PipelineCore& core)
{
    return std::make_unique<ThreadRunner>(core);
}

} // namespace looplab::pipeline
