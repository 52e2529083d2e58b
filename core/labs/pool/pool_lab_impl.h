#pragma once
// The pool lab: a batch (or stream) of tasks run by a real thread pool (under the emulated GIL,
// free-threaded or native) or a real process pool, optionally a fresh thread/process per task,
// with an I/O-bound probe thread beside it; or tasks that update one shared count under a coarse
// or a fine lock, or none: the race (pool_locks.cpp); or tasks that use threading's other
// primitives: RLock, Event, Condition, Semaphore, and a deadlock (pool_sync.cpp). Everything shown is measured: lanes
// from the threads themselves, CPU from the OS clocks (/proc for processes), latencies from steady-clock stamps.
#include "engine/lab.h"
#include "pool_params.h"
#include "pool_sync.h"
#include "pyrt/gil.h"
#include "thread_pool.h"
#include "workers/process_pool.h"

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace looplab::labs::pool {

using pyrt::Gil;
using pyrt::GilThread;

class PoolLab final : public engine::Lab
{
public:
    explicit PoolLab(PoolParams params)
        : m_p(params)
    { }
    ~PoolLab() override { stop(); }

    void start(const engine::LabContext& ctx) override;
    void stop() override;
    engine::ParameterChange applyParameter(const QString& path, const QJsonValue& value) override;
    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const override;
    QString status() const override;

private:
    // One per worker slot (thread or process).
    struct Worker {
        GilThread gil; // lane + recorder + GIL counters (threads)
        std::atomic<clockid_t> cpuClock{0}; // the pool thread's CPU clock (threads, reused pool)
        std::atomic<bool> hasClock{false};
        std::atomic<int64_t> retiredCpuNs{0}; // CPU of finished spawn-per-task threads/processes
        std::atomic<int64_t> busyNs{0}; // time inside tasks (wall)
        std::atomic<int64_t> lockWaitNs{0}; // time spent waiting for the shared count's lock
        std::atomic<int64_t> lockWaitSince{0}; // a wait for it in progress since (0: none)
        std::atomic<int64_t> countTaskSince{0}; // a counting task in progress since (0: none)
        int64_t cpuBaseNs = 0; // processes: CPU before the run's first task
        int64_t lastCpuNs = 0; // sampler: previous reading
        int64_t prevFinishedNs = 0; // processes: the worker's last finish (I/O thread)
        int64_t lastLaneNs = 0; // processes: keep the lane's events in order
        metrics::SeriesId cpuSeries = 0;
        metrics::SeriesId rssSeries = 0;
    };

    // What one task does, time-scaled: task i is m_sizes[i % n] (one entry without task_sizes).
    struct TaskWork {
        int64_t cpuNs = 0;
        int64_t ioNs = 0;
    };
    const TaskWork& workOf(int64_t index) const { return m_sizes[size_t(index) % m_sizes.size()]; }

    // threads
    void runThreadTask(int worker, int64_t index, int64_t submitNs);
    void taskBody(Worker& w, int64_t index, const TaskWork& work);
    // A Python function's frame on a pool thread: takes the GIL (or just runs, without one)...
    void enterPython(GilThread& g);
    // ...drops it, the lane going to `next` (IoWait before a blocking call, Idle at the end)...
    void leavePython(GilThread& g, metrics::LaneState next);
    // ...and the task's own work in between: computation, then time.sleep() with the GIL dropped.
    void ownWork(GilThread& g, const TaskWork& work);
    // the lock-granularity lesson (pool_locks.cpp)
    void countingTaskBody(Worker& w, const TaskWork& work);
    bool takeCountLock(Worker& w); // false: stop() ended the wait
    void dropCountLock(Worker& w);
    // threading beyond one Lock (pool_sync.cpp)
    void syncStart(metrics::Registry& reg);
    void syncTaskBody(Worker& w, int64_t index, const TaskWork& work);
    bool rlockEnter(Worker& w, int level, const TaskWork& work);
    void eventTask(Worker& w, const TaskWork& work);
    void semaphoreTask(Worker& w, const TaskWork& work);
    void deadlockTask(Worker& w, int64_t index, const TaskWork& work);
    bool takeLabLock(Worker& w, int lock);
    void dropLabLock(int lock);
    std::function<bool(WaitSlice)> condWait(std::unique_lock<Lock>& lock, const std::function<bool()>& ready);
    void consumerLoop(int worker);
    void producerLoop();
    void starterLoop();
    // Blocks on a primitive as CPython's acquire() / wait() do (see pool_sync.cpp); the time
    // waited in ns, 0 when it did not block, -1 when stop() ended the wait.
    int64_t blockOn(GilThread& g, std::atomic<int64_t>& waitNs, std::atomic<int64_t>& waitSince,
        const std::function<bool(WaitSlice)>& attempt, const std::function<void()>& eachSlice = {});
    void syncMetrics(QMap<QString, double>& m) const;
    QString syncStatus() const;
    void runCpu(int64_t ns, GilThread* g);
    bool sleepNs(int64_t ns); // interruptible by stop(); false when stopping
    // processes
    void submitProcessTask(int64_t index, int64_t submitNs);
    void onProcessReply(const workers::WorkReply& r, int64_t index, int64_t submitNs);
    void runSpawnedProcess(int worker, int64_t index, int64_t submitNs);
    void recordProcessLane(Worker& w, metrics::Recorder& rec, const workers::WorkReply& r);
    // common
    void submitOne(int64_t submitNs);
    // `index`: the task's submission index (the baseline's tasks count from 0 too).
    void submitTask(int64_t index, int64_t submitNs);
    bool runBaseline();
    // `soloNs`: what the task itself took on its worker (the one-worker baseline's unit).
    void taskDone(metrics::Recorder& rec, int64_t index, int64_t submitNs, bool ok, int64_t doneNs, int64_t soloNs);
    void recordCompletionOrder(metrics::Recorder& rec, int64_t index, int64_t doneNs); // pool_order.cpp
    void deliverResults(metrics::Recorder& rec, int64_t count, int64_t heldNs, int64_t atNs); // m_orderMutex
    void feederLoop();
    void probeLoop();
    void samplerLoop();
    void sampleOnce(metrics::Recorder& rec, int64_t now, bool final);
    int64_t workerCpuNs(int i);
    int64_t wallNs(int64_t now) const;

    PoolParams m_p;
    engine::LabContext m_ctx;
    bool m_started = false;
    std::vector<TaskWork> m_sizes; // the task sizes, time-scaled, cycled in submission order
    std::vector<int> m_sizeClass; // per entry of m_sizes: which distinct size it is
    std::vector<int64_t> m_classFirst; // per distinct size: its first position in m_sizes
    std::vector<int64_t> m_classTasks; // per distinct size: how many of the `tasks` have it
    bool m_anyIo = false; // some task waits on I/O
    int64_t m_criticalNs = 0; // work inside the critical section, time-scaled
    int64_t m_classWorkNs = 0; // all the work of one task of each distinct size: sizes the baseline
    uint32_t m_payloadBytes = 0;
    QByteArray m_payload; // shared (implicitly) by every request

    std::vector<std::unique_ptr<Worker>> m_workers;
    std::unique_ptr<Gil> m_gil;
    std::unique_ptr<GilThread> m_probeGil; // the probe's lane and GIL identity
    std::unique_ptr<ThreadPool> m_threadPool;
    std::unique_ptr<workers::ProcessPool> m_processPool;
    metrics::Recorder m_ioRecorder; // the process pool's I/O thread (only it uses this)
    std::thread m_feeder, m_probe, m_sampler;
    std::unique_ptr<SyncState> m_sync; // the sync lessons' primitives (null: sync none)
    std::thread m_starter; // sync event: the thread that calls event.set()
    metrics::MarkId m_mEventSet = 0;

    std::atomic<bool> m_stop{false};
    std::mutex m_stopMutex;
    std::condition_variable m_stopCv;
    std::atomic<double> m_arrivalPerS{0};

    // ids
    metrics::SeriesId m_sThroughput = 0, m_sSpeedup = 0, m_sCpuTotal = 0, m_sQueue = 0, m_sGilSwitches = 0;
    metrics::HistogramId m_hLatency = 0, m_hProbe = 0, m_hIpc = 0;
    metrics::LaneId m_gilLane = 0;
    metrics::MarkId m_mRestart = 0;

    // The lock-granularity lesson: one shared `count`. Its update is a separate relaxed load and
    // store, so without the lock two threads really interleave between them and updates are lost
    // as with Python's count += 1 (yet it is no data race in the C++ sense: no UB, no torn value).
    Lock m_countLock; // threading.Lock: real contention between pool threads
    std::atomic<int64_t> m_count{0}; // the shared count
    std::atomic<int64_t> m_increments{0}; // updates made (fetch_add: what count should read)
    metrics::HistogramId m_hLockWait = 0;
    metrics::SeriesId m_sLostUpdates = 0;
    metrics::LaneId m_lockLane = 0;
    metrics::Recorder m_lockRecorder; // the lock's lane: written only by the lock's holder

    // counters (any thread)
    std::atomic<int64_t> m_submitted{0};
    std::atomic<int64_t> m_completed{0};
    std::atomic<int64_t> m_failed{0};
    std::atomic<int64_t> m_firstSubmitNs{0};
    std::atomic<int64_t> m_lastDoneNs{0};
    std::atomic<int64_t> m_stoppedNs{0};
    std::atomic<int64_t> m_ipcNsSum{0};
    std::atomic<int64_t> m_ipcCount{0};
    std::atomic<int64_t> m_cpuTotalNs{0}; // sampler: all workers' CPU so far
    std::atomic<int64_t> m_restarts{0};
    std::atomic<bool> m_finishedSent{false};
    // The one-worker baseline (runBaseline): before the batch, a few tasks run one at a time on
    // the same executor; their median duration is one worker's time per task, measured in this
    // run, and speedup = completed x that / wall. Written under m_stopMutex while it runs.
    std::atomic<bool> m_baselinePhase{false};
    int m_baselineTasks = 0; // how many the baseline runs
    int m_baselineEnded = 0; // m_stopMutex
    std::vector<std::vector<int64_t>> m_baselineSamples; // per distinct size; m_stopMutex
    std::atomic<int64_t> m_oneWorkerTaskNs{0}; // 0: not measured (yet)
    std::vector<int64_t> m_classMedianNs; // per distinct size: one worker's time (set before the batch)
    std::atomic<int64_t> m_completedSoloNs{0}; // one worker's time for the tasks completed so far
    std::atomic<int64_t> m_cpuAtBatchStartNs{0}; // workers' CPU spent on the baseline
    // Completion order (pool_order.cpp): as_completed hands out results as tasks finish;
    // executor.map / gather hand out result i only after results 0..i-1.
    std::mutex m_orderMutex;
    int64_t m_nextInOrder = 0; // the first submission index not yet done (m_orderMutex)
    std::map<int64_t, int64_t> m_doneAhead; // done before an earlier task: index -> done time (m_orderMutex)
    std::atomic<int64_t> m_outOfOrder{0}; // tasks done while an earlier-submitted one was not
    std::atomic<int64_t> m_firstDoneIndex{-1}; // submission index of the first task done
    std::atomic<int64_t> m_inOrderWaitNs{0}; // what results waited to be handed out in order
    // What the caller of the chosen api (submit/as_completed, map, imap, imap_unordered) really
    // got: results handed to it, when the first came, how long done results were held back.
    int64_t m_doneSumNs = 0; // map: the done times of the batch's results so far (m_orderMutex)
    std::atomic<int64_t> m_delivered{0};
    std::atomic<int64_t> m_firstDeliveredNs{0}; // 0: no result handed out yet
    std::atomic<int64_t> m_heldBackNs{0}; // sum over handed-out results of (handed out - done)
    metrics::SeriesId m_sDelivered = 0; // results handed to the caller, per second
    uint64_t m_lastSwitches = 0; // sampler
    int64_t m_lastSampleNs = 0; // sampler
    metrics::Recorder m_samplerRecorder; // handed from the sampler thread to stop() at its end
};

} // namespace looplab::labs::pool
