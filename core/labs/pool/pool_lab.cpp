// The pool lab's lifecycle: declare what is measured, start the executor (thread pool, process
// pool, or a thread/process per task), the feeder, the probe and the sampler; stop and join them
// all; compute the summary metrics from the counters.
#include "pool_lab.h"

#include "engine/cpu_work.h"
#include "pool_lab_impl.h"

#include <QCoreApplication>
#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <limits>
#include <pthread.h>
#include <random>
#include <stdexcept>

namespace looplab::labs {

std::unique_ptr<engine::Lab> createPoolLab(const scenario::LabConfig& config)
{
    return std::make_unique<pool::PoolLab>(pool::PoolParams::from(config));
}

namespace pool {

using metrics::LaneState;
using metrics::nowNs;
using metrics::SeriesKind;

namespace {
// A batch is fed to the executor in a window of this many outstanding tasks, so a million tiny
// tasks do not become a million queued closures; the executor never runs dry.
int64_t feedWindow(int workers)
{
    return std::max<int64_t>(2048, int64_t(workers) * 64);
}
constexpr int64_t kSampleEveryNs = 100'000'000;
constexpr int64_t kStreamBacklogMax = 200'000;
// The one-worker baseline: about this much work, between 1 and kBaselineMaxTasks tasks.
constexpr int64_t kBaselineBudgetNs = 300'000'000;
constexpr int64_t kBaselineMaxTasks = 10;
} // namespace

void PoolLab::start(const engine::LabContext& ctx)
{
    if (m_started)
        stop();
    m_ctx = ctx;
    m_started = true;
    m_stop = false;
    auto& reg = *ctx.registry;
    const int lab = ctx.index;
    m_criticalNs = m_p.sharedCount() ? ctx.scaled(m_p.criticalMs).count() : 0;
    // The sizes, time-scaled, and the distinct ones among them (the baseline measures each once).
    m_sizes.clear();
    m_sizeClass.clear();
    m_classFirst.clear();
    m_anyIo = false;
    m_classWorkNs = 0;
    const std::vector<double> sizesMs = m_p.sizesMs();
    for (size_t i = 0; i < sizesMs.size(); ++i) {
        const TaskWork work{ctx.scaled(m_p.cpuMs(sizesMs[i])).count(), ctx.scaled(m_p.ioMs(sizesMs[i])).count()};
        m_sizes.push_back(work);
        m_anyIo = m_anyIo || work.ioNs > 0;
        const auto same = std::find(sizesMs.begin(), sizesMs.begin() + ptrdiff_t(i), sizesMs[i]);
        if (same != sizesMs.begin() + ptrdiff_t(i)) {
            m_sizeClass.push_back(m_sizeClass[size_t(same - sizesMs.begin())]);
            continue;
        }
        m_sizeClass.push_back(int(m_classFirst.size()));
        m_classFirst.push_back(int64_t(i));
        m_classWorkNs += int64_t(m_p.rounds()) * (work.cpuNs + work.ioNs + m_criticalNs);
    }
    const int64_t sizes = int64_t(m_sizes.size());
    const int64_t classes = int64_t(m_classFirst.size());
    m_classTasks.assign(size_t(classes), 0);
    for (int64_t pos = 0; pos < sizes; ++pos) // task i has the size at position i mod n
        m_classTasks[size_t(m_sizeClass[size_t(pos)])] += m_p.tasks / sizes + (pos < m_p.tasks % sizes ? 1 : 0);
    m_count = 0;
    m_increments = 0;
    // The baseline runs rounds of one task of each distinct size, as many rounds as fit its
    // budget, at least one even when that is over it (every size is measured).
    const int64_t rounds = std::clamp<int64_t>(
        kBaselineBudgetNs / std::max<int64_t>(m_classWorkNs, 1), 1, std::max<int64_t>(1, kBaselineMaxTasks / classes));
    m_baselineTasks = int(rounds * classes);
    m_baselineEnded = 0;
    m_baselineSamples.assign(size_t(classes), {});
    {
        std::lock_guard lock(m_orderMutex);
        m_nextInOrder = 0;
        m_doneAhead.clear();
    }
    m_outOfOrder = 0;
    m_firstDoneIndex = -1;
    m_inOrderWaitNs = 0;
    {
        std::lock_guard lock(m_orderMutex);
        m_doneSumNs = 0;
    }
    m_delivered = 0;
    m_firstDeliveredNs = 0;
    m_heldBackNs = 0;
    m_oneWorkerTaskNs = 0;
    m_classMedianNs.assign(size_t(classes), 0);
    m_completedSoloNs = 0;
    m_cpuAtBatchStartNs = 0;
    m_payloadBytes = uint32_t(std::llround(std::min(m_p.payloadKb, 65536.0) * 1024));
    m_payload = QByteArray(qsizetype(m_payloadBytes), 'p');
    m_arrivalPerS = m_p.arrivalPerS;

    m_sThroughput = reg.addSeries({lab, QStringLiteral("throughput"), QStringLiteral("tasks/s"), SeriesKind::Rate});
    m_sSpeedup = reg.addSeries({lab, QStringLiteral("speedup"), QStringLiteral("x"), SeriesKind::Gauge});
    m_sCpuTotal = reg.addSeries({lab, QStringLiteral("cpu_total"), QStringLiteral("%"), SeriesKind::Gauge});
    m_sQueue = reg.addSeries({lab, QStringLiteral("queue_depth"), QStringLiteral("tasks"), SeriesKind::Gauge});
    m_sGilSwitches = reg.addSeries({lab, QStringLiteral("gil_switches"), QStringLiteral("1/s"), SeriesKind::Rate});
    m_sDelivered
        = reg.addSeries({lab, QStringLiteral("results_delivered"), QStringLiteral("results/s"), SeriesKind::Rate});
    m_hLatency = reg.addHistogram({lab, QStringLiteral("task_latency_ms"), QStringLiteral("ms")});
    m_hProbe = reg.addHistogram({lab, QStringLiteral("probe_latency_ms"), QStringLiteral("ms")});
    m_hIpc = reg.addHistogram({lab, QStringLiteral("ipc_us"), QStringLiteral("us")});
    m_mRestart = reg.addMark({lab, QStringLiteral("worker_restart")});
    if (m_p.sharedCount() || m_p.syncLesson())
        m_hLockWait = reg.addHistogram({lab, QStringLiteral("lock_wait_ms"), QStringLiteral("ms")});
    if (m_p.sharedCount()) {
        m_sLostUpdates
            = reg.addSeries({lab, QStringLiteral("lost_updates"), QStringLiteral("updates"), SeriesKind::Gauge});
    }

    const QString group = m_p.processes ? QStringLiteral("processes") : QStringLiteral("threads");
    for (int i = 0; i < m_p.workers; ++i) {
        auto w = std::make_unique<Worker>();
        w->gil.index = i;
        w->gil.lane = reg.addLane({lab,
            QStringLiteral("%1 %2")
                .arg(m_p.processes ? QStringLiteral("process") : QStringLiteral("thread"))
                .arg(i + 1),
            group});
        w->gil.recorder = reg.recorder(QStringLiteral("pool-worker-%1").arg(i + 1));
        w->cpuSeries
            = reg.addSeries({lab, QStringLiteral("cpu_worker_%1").arg(i + 1), QStringLiteral("%"), SeriesKind::Gauge});
        if (m_p.processes && !m_p.spawnPerTask)
            w->rssSeries = reg.addSeries(
                {lab, QStringLiteral("rss_mb_worker_%1").arg(i + 1), QStringLiteral("MB"), SeriesKind::Gauge});
        m_workers.push_back(std::move(w));
    }
    if (m_p.usesGil()) {
        m_gilLane = pyrt::addGilLane(reg, lab);
        m_gil = std::make_unique<Gil>(
            ctx.scaled(m_p.switchIntervalMs).count(), reg.recorder(QStringLiteral("gil")), m_gilLane);
    }
    if (m_p.sharedCount() && m_p.lock != LockMode::None) {
        m_lockLane = reg.addLane({lab, QStringLiteral("lock"), QStringLiteral("lock")});
        m_lockRecorder = reg.recorder(QStringLiteral("pool-lock"));
    }
    if (m_p.probeEveryMs > 0) {
        m_probeGil = std::make_unique<GilThread>();
        m_probeGil->index = m_p.workers;
        m_probeGil->lane = reg.addLane({lab, QStringLiteral("probe"), QStringLiteral("probe")});
        m_probeGil->recorder = reg.recorder(QStringLiteral("pool-probe"));
    }

    if (m_p.processes && !m_p.spawnPerTask) {
        m_ioRecorder = reg.recorder(QStringLiteral("pool-process-io"));
        workers::ProcessPoolOptions opt;
        opt.workers = m_p.workers;
        opt.executable = ctx.workerExecutable;
        opt.retryOnCrash = false; // the lesson: a crashed worker's task is lost (counted as failed)
        // Tiny tasks with little data: keep several requests in each worker's pipe so the round
        // trip is hidden. Big payloads gain nothing from it (the pipe is already full), and long
        // tasks would hold up the ones queued behind them.
        opt.maxInFlightPerWorker = (m_classWorkNs < 1'000'000 * classes && m_payloadBytes <= 16 * 1024) ? 8 : 2;
        opt.onRestart = [this](int slot, int64_t oldPid, int64_t newPid, const QString&) {
            // pool I/O thread
            m_restarts.fetch_add(1);
            const int64_t now = nowNs();
            m_ioRecorder.mark(m_mRestart, double(oldPid), now);
            if (slot >= 0 && size_t(slot) < m_workers.size()) {
                Worker& w = *m_workers[size_t(slot)];
                w.lastLaneNs = std::max(w.lastLaneNs, now);
                m_ioRecorder.state(w.gil.lane, LaneState::Idle, w.lastLaneNs);
                // CPU: the pool adds the dead process's CPU (from wait4) to the slot's total.
            }
            Q_UNUSED(newPid);
        };
        m_processPool = std::make_unique<workers::ProcessPool>(opt);
        if (!m_processPool->waitReady(10'000))
            throw std::runtime_error("worker processes did not start: " + ctx.workerExecutable.toStdString());
        for (int i = 0; i < m_p.workers; ++i)
            m_workers[size_t(i)]->cpuBaseNs = m_workers[size_t(i)]->lastCpuNs = m_processPool->usage(i).cpuNs;
    } else {
        const bool pooledThreads = !m_p.processes && !m_p.spawnPerTask;
        m_threadPool = std::make_unique<ThreadPool>(
            m_p.workers,
            [this, pooledThreads](int i) {
                Worker& w = *m_workers[size_t(i)];
                w.gil.recorder.state(w.gil.lane, LaneState::Idle);
                clockid_t cid;
                if (pooledThreads && pthread_getcpuclockid(pthread_self(), &cid) == 0) {
                    w.cpuClock = cid;
                    w.hasClock = true;
                }
            },
            [this, pooledThreads](int i) {
                Worker& w = *m_workers[size_t(i)];
                if (pooledThreads) {
                    w.hasClock = false;
                    w.retiredCpuNs.fetch_add(engine::threadCpuNs());
                }
            },
            "looplab-pool");
    }

    m_sync.reset(); // before the sampler, which reads it
    if (m_p.syncLesson())
        syncStart(reg); // its primitives and lanes
    m_lastSwitches = 0;
    m_lastSampleNs = nowNs();
    m_sampler = std::thread([this, rec = reg.recorder(QStringLiteral("pool-sampler"))]() mutable {
        pthread_setname_np(pthread_self(), "pool-sampler");
        int64_t next = nowNs() + kSampleEveryNs;
        while (sleepNs(next - nowNs())) {
            sampleOnce(rec, nowNs(), false);
            next += kSampleEveryNs;
        }
        m_samplerRecorder = rec; // stop() takes the last sample with it, after the join
    });
    if (m_probeGil)
        m_probe = std::thread([this] {
            pthread_setname_np(pthread_self(), "pool-probe");
            probeLoop();
        });
    m_feeder = std::thread([this] {
        pthread_setname_np(pthread_self(), "pool-feeder");
        feederLoop();
    });
}

void PoolLab::stop()
{
    if (!m_started)
        return;
    m_started = false;
    {
        std::lock_guard lock(m_stopMutex);
        m_stop = true;
        m_stoppedNs = nowNs();
    }
    m_stopCv.notify_all();
    if (m_sampler.joinable())
        m_sampler.join();
    if (m_feeder.joinable())
        m_feeder.join();
    if (m_probe.joinable())
        m_probe.join();
    if (m_starter.joinable())
        m_starter.join();
    if (m_threadPool)
        m_threadPool->stop(); // queued tasks are dropped; running ones see m_stop and end early
    // The last CPU reading needs the worker processes still alive (/proc/PID).
    sampleOnce(m_samplerRecorder, nowNs(), true);
    m_processPool.reset(); // kills and reaps every worker
    m_threadPool.reset();
}

engine::ParameterChange PoolLab::applyParameter(const QString& path, const QJsonValue& value)
{
    if (path == QStringLiteral("switch_interval_ms") && m_gil && value.isDouble()) {
        m_p.switchIntervalMs = value.toDouble();
        m_gil->setSwitchInterval(m_ctx.scaled(m_p.switchIntervalMs).count());
        return engine::ParameterChange::Applied;
    }
    if (path == QStringLiteral("switch_interval_ms") && !m_gil) {
        m_p.switchIntervalMs = value.toDouble(); // no GIL in this mode: nothing to change
        return engine::ParameterChange::Applied;
    }
    if (path == QStringLiteral("arrival_per_s") && m_p.stream() && value.toDouble() > 0) {
        m_p.arrivalPerS = value.toDouble();
        m_arrivalPerS = m_p.arrivalPerS;
        return engine::ParameterChange::Applied;
    }
    return engine::ParameterChange::NeedsRestart;
}

int64_t PoolLab::wallNs(int64_t now) const
{
    const int64_t first = m_firstSubmitNs.load();
    if (first == 0)
        return 0;
    const bool allDone = m_completed.load() + m_failed.load() >= m_p.tasks;
    const int64_t end = allDone ? m_lastDoneNs.load() : now;
    return std::max<int64_t>(0, end - first);
}

QMap<QString, double> PoolLab::metrics(const metrics::LabSnapshot& data) const
{
    const int64_t stopped = m_stoppedNs.load();
    const int64_t now = stopped ? stopped : nowNs();
    const int64_t wall = wallNs(now);
    const double wallS = double(wall) * 1e-9;
    const int64_t completed = m_completed.load();
    QMap<QString, double> m;
    m[QStringLiteral("tasks_completed")] = double(completed);
    m[QStringLiteral("tasks_failed")] = double(m_failed.load());
    m[QStringLiteral("wall_s")] = wallS;
    m[QStringLiteral("throughput_per_s")] = wallS > 0 ? double(completed) / wallS : 0;
    // Measured against one worker: the batch's tasks at the baseline's time per task, over the
    // batch's wall time. Not measured (no baseline task finished): null, not 0.
    const int64_t oneWorker = m_oneWorkerTaskNs.load();
    const double kNull = std::numeric_limits<double>::quiet_NaN();
    m[QStringLiteral("one_worker_task_ms")] = oneWorker > 0 ? double(oneWorker) * 1e-6 : kNull;
    m[QStringLiteral("speedup")] = oneWorker > 0 && wall > 0 ? double(m_completedSoloNs.load()) / double(wall) : kNull;
    // CPU of the workers (OS clocks) over the batch's wall time, per worker.
    const int64_t batchCpu = std::max<int64_t>(0, m_cpuTotalNs.load() - m_cpuAtBatchStartNs.load());
    m[QStringLiteral("cpu_utilization")]
        = wall > 0 ? std::clamp(double(batchCpu) / (double(wall) * m_p.workers), 0.0, 1.0) : 0;
    double waitNs = 0, busyNs = 0, lockWaitNs = 0, lockBusyNs = 0;
    for (const auto& w : m_workers) {
        waitNs += double(w->gil.waitNs.load(std::memory_order_relaxed));
        busyNs += double(w->busyNs.load(std::memory_order_relaxed));
        // The lock's share counts waits and tasks still in progress too, so that a thread that
        // has waited 5 s for a coarse lock shows while it waits, not only at its end.
        lockWaitNs += double(w->lockWaitNs.load(std::memory_order_relaxed));
        if (const int64_t since = w->lockWaitSince.load(std::memory_order_relaxed); since > 0 && now > since)
            lockWaitNs += double(now - since);
        if (const int64_t since = w->countTaskSince.load(std::memory_order_relaxed); since > 0 && now > since)
            lockBusyNs += double(now - since);
    }
    lockBusyNs += busyNs;
    m[QStringLiteral("gil_wait_share")] = busyNs > 0 ? std::clamp(waitNs / busyNs, 0.0, 1.0) : 0;
    m[QStringLiteral("gil_switches")] = m_gil ? double(m_gil->switches()) : 0;
    const auto* probe = data.findHistogram(QStringLiteral("probe_latency_ms"));
    m[QStringLiteral("probe_latency_p50_ms")] = probe && probe->count ? probe->p50 : 0;
    m[QStringLiteral("probe_latency_p99_ms")] = probe && probe->count ? probe->p99 : 0;
    m[QStringLiteral("worker_restarts")] = double(m_restarts.load());
    const int64_t ipcN = m_ipcCount.load();
    m[QStringLiteral("ipc_us_per_task")] = ipcN ? double(m_ipcNsSum.load()) / double(ipcN) * 1e-3 : 0;
    // The lock-granularity lesson (all 0 for plain tasks). Waiting for the lock over the threads'
    // time in tasks (waits included); each acquisition's wait in the histogram.
    m[QStringLiteral("lock_wait_share")] = lockBusyNs > 0 ? std::clamp(lockWaitNs / lockBusyNs, 0.0, 1.0) : 0;
    const auto* lockWait = data.findHistogram(QStringLiteral("lock_wait_ms"));
    m[QStringLiteral("lock_wait_p99_ms")] = lockWait && lockWait->count ? lockWait->p99 : 0;
    // Measured, not assumed: `count` as the racing threads left it against the number of updates
    // they made (counted with an atomic fetch_add). Live values can be a moment behind.
    const int64_t finalCount = m_count.load();
    const int64_t expected = m_increments.load();
    m[QStringLiteral("final_count")] = double(finalCount);
    m[QStringLiteral("expected_count")] = double(expected);
    m[QStringLiteral("lost_updates")] = double(std::max<int64_t>(0, expected - finalCount));
    // Completion order (as_completed) against submission order (executor.map, gather).
    m[QStringLiteral("completion_out_of_order")] = double(m_outOfOrder.load());
    const int64_t firstDone = m_firstDoneIndex.load();
    m[QStringLiteral("first_done_index")] = firstDone >= 0 ? double(firstDone) : kNull;
    m[QStringLiteral("results_in_order_wait_ms")] = double(m_inOrderWaitNs.load()) * 1e-6;
    // What the caller of `api` got: how many results, the first one after how long (from the
    // batch's submission), and how long a done result waited on average before it was handed
    // out (0 for as_completed and imap_unordered). Nothing handed out yet: null, not 0.
    const int64_t delivered = m_delivered.load();
    const int64_t firstDelivered = m_firstDeliveredNs.load();
    const int64_t firstSubmit = m_firstSubmitNs.load();
    m[QStringLiteral("results_delivered")] = double(delivered);
    m[QStringLiteral("first_result_ms")]
        = firstDelivered > 0 && firstSubmit > 0 ? double(firstDelivered - firstSubmit) * 1e-6 : kNull;
    m[QStringLiteral("results_held_back_ms")]
        = delivered > 0 ? double(m_heldBackNs.load()) * 1e-6 / double(delivered) : kNull;
    syncMetrics(m); // RLock, Event, Condition, Semaphore, deadlock (only the chosen one's)
    return m;
}

QString PoolLab::status() const
{
    const QString exec = m_p.processes
        ? QCoreApplication::translate("PoolLab", "%1 processes").arg(m_p.workers)
        : QCoreApplication::translate("PoolLab", "%1 threads (%2)")
              .arg(m_p.workers)
              .arg(m_p.gil == GilMode::CPython           ? QStringLiteral("GIL")
                      : m_p.gil == GilMode::FreeThreaded ? QStringLiteral("free-threaded")
                                                         : QStringLiteral("native"));
    if (m_baselinePhase.load())
        return QCoreApplication::translate(
            "PoolLab", "%1: measuring one worker's time per task (%2 tasks, one at a time)")
            .arg(exec)
            .arg(m_baselineTasks);
    QString s
        = QCoreApplication::translate("PoolLab", "%1: %2/%3 tasks").arg(exec).arg(m_completed.load()).arg(m_p.tasks);
    if (m_failed.load())
        s += QCoreApplication::translate("PoolLab", ", %1 failed").arg(m_failed.load());
    if (m_restarts.load())
        s += QCoreApplication::translate("PoolLab", ", %1 worker restarts").arg(m_restarts.load());
    if (m_p.sharedCount())
        s += QCoreApplication::translate("PoolLab", ", lock %1, count %2 of %3")
                 .arg(m_p.lock == LockMode::Coarse    ? QStringLiteral("coarse")
                         : m_p.lock == LockMode::Fine ? QStringLiteral("fine")
                                                      : QStringLiteral("none"))
                 .arg(m_count.load())
                 .arg(m_increments.load());
    s += syncStatus();
    return s;
}

// --- feeding --------------------------------------------------------------------------------

void PoolLab::submitOne(int64_t submitNs)
{
    // Only the feeder submits: the count before this one is the task's submission index.
    submitTask(m_submitted.fetch_add(1, std::memory_order_relaxed), submitNs);
}

void PoolLab::submitTask(int64_t index, int64_t submitNs)
{
    if (m_processPool) {
        submitProcessTask(index, submitNs);
    } else if (m_p.processes) {
        m_threadPool->submit([this, index, submitNs](int w) { runSpawnedProcess(w, index, submitNs); });
    } else {
        m_threadPool->submit([this, index, submitNs](int w) { runThreadTask(w, index, submitNs); });
    }
}

bool PoolLab::runBaseline()
{
    // speedup needs what one worker takes per task. Measured, not assumed from task_ms: the same
    // task on the same executor, alone (no other task to share the GIL or the cores with), timed
    // from its start to its end on the worker. Its median is the unit, so speedup = how many
    // tasks' worth of work went on at once, every overhead (GIL waits, the pipe's round trip, a
    // process's start-up) counted against it. The tasks are extra (not in tasks_completed or
    // wall_s). With task_sizes the baseline runs each distinct size (in rounds) and takes each
    // size's median: speedup = the sum of those medians over the tasks completed (each at its own
    // size's) / wall, what one worker would have taken for the same tasks, so it stays a ratio of
    // like for like even while small tasks finish first. one_worker_task_ms is the mean over the
    // batch's mix (how many of the `tasks` have each size).
    if (m_p.syncLesson())
        return true; // tasks that wait for each other have no one-worker time: speedup stays null
    m_baselinePhase = true;
    for (int i = 0; i < m_baselineTasks; ++i) {
        submitTask(m_classFirst[size_t(i) % m_classFirst.size()], nowNs()); // a task of each size
        std::unique_lock lock(m_stopMutex);
        m_stopCv.wait(lock, [&] { return m_stop.load() || m_baselineEnded > i; });
        if (m_stop.load())
            return false;
    }
    int64_t cpu = 0;
    for (int i = 0; i < m_p.workers; ++i)
        cpu += workerCpuNs(i);
    m_cpuAtBatchStartNs = cpu;
    // The shared count starts at zero for the batch (the race lesson counts the batch's updates).
    m_count = 0;
    m_increments = 0;
    {
        std::lock_guard lock(m_stopMutex);
        double sum = 0;
        bool allSizes = true;
        for (size_t k = 0; k < m_baselineSamples.size(); ++k) {
            auto& v = m_baselineSamples[k];
            if (v.empty()) {
                allSizes = false; // a size not measured: no honest unit (speedup stays null)
                break;
            }
            std::nth_element(v.begin(), v.begin() + ptrdiff_t(v.size() / 2), v.end());
            m_classMedianNs[k] = std::max<int64_t>(1, v[v.size() / 2]);
            sum += double(m_classMedianNs[k]) * double(m_classTasks[k]);
        }
        if (allSizes)
            m_oneWorkerTaskNs = std::max<int64_t>(1, std::llround(sum / double(m_p.tasks)));
    }
    m_baselinePhase = false;
    return true;
}

void PoolLab::feederLoop()
{
    if (!runBaseline())
        return;
    const int64_t total = m_p.tasks;
    if (m_p.sync == SyncMode::Condition && m_p.syncLesson()) {
        // Producer and consumers: each pool thread runs a consumer loop, this thread produces.
        m_firstSubmitNs = nowNs();
        for (int i = 0; i < m_p.workers; ++i)
            m_threadPool->submit([this](int w) { consumerLoop(w); });
        producerLoop();
        return;
    }
    if (!m_p.stream()) {
        // executor.map(fn, range(tasks)): everything is submitted at once (in a window).
        const int64_t window = feedWindow(m_p.workers);
        m_firstSubmitNs = nowNs();
        if (m_sync && m_p.sync == SyncMode::Event) // the main thread's part: sleep, then set()
            m_starter = std::thread([this] { // stop() joins it after this thread
                pthread_setname_np(pthread_self(), "pool-starter");
                starterLoop();
            });
        while (!m_stop.load(std::memory_order_relaxed)) {
            const int64_t now = nowNs();
            while (m_submitted.load(std::memory_order_relaxed) < total
                && m_submitted.load(std::memory_order_relaxed) - m_completed.load(std::memory_order_relaxed)
                        - m_failed.load(std::memory_order_relaxed)
                    < window)
                submitOne(now);
            if (m_submitted.load() >= total || !sleepNs(1'000'000))
                return;
        }
        return;
    }
    // A stream: Poisson arrivals at arrival_per_s (scenario seconds), seeded for repeatable runs.
    std::mt19937_64 rng(m_ctx.seed);
    std::exponential_distribution<double> gap(1.0);
    int64_t next = nowNs();
    m_firstSubmitNs = next;
    while (!m_stop.load(std::memory_order_relaxed) && m_submitted.load() < total) {
        const double rate = m_arrivalPerS.load();
        if (!sleepNs(next - nowNs()))
            return;
        const int64_t now = nowNs();
        if (m_submitted.load() - m_completed.load() - m_failed.load() < kStreamBacklogMax)
            submitOne(now);
        next += int64_t(gap(rng) / rate * 1e9 * m_ctx.timeScale);
        if (next < now - 1'000'000'000)
            next = now; // after a stall, do not fire a burst to catch up
    }
}

void PoolLab::taskDone(metrics::Recorder& rec, int64_t index, int64_t submitNs, bool ok, int64_t doneNs, int64_t soloNs)
{
    if (m_baselinePhase.load()) {
        {
            std::lock_guard lock(m_stopMutex);
            if (ok)
                m_baselineSamples[size_t(m_sizeClass[size_t(index) % m_sizeClass.size()])].push_back(soloNs);
            ++m_baselineEnded;
        }
        m_stopCv.notify_all();
        return;
    }
    if (ok) {
        // One worker's time for this task (its size's median in the baseline; set before the
        // batch, read-only since): what speedup compares the wall time with.
        if (m_oneWorkerTaskNs.load() > 0)
            m_completedSoloNs.fetch_add(
                m_classMedianNs[size_t(m_sizeClass[size_t(index) % m_sizeClass.size()])], std::memory_order_relaxed);
        rec.count(m_sThroughput, 1, doneNs);
        rec.sample(m_hLatency, double(doneNs - submitNs) * 1e-6, doneNs);
        m_completed.fetch_add(1);
    } else {
        m_failed.fetch_add(1);
    }
    recordCompletionOrder(rec, index, doneNs); // a failed task's future is done too (its result raises)
    int64_t last = m_lastDoneNs.load();
    while (last < doneNs && !m_lastDoneNs.compare_exchange_weak(last, doneNs)) { }
    if (m_completed.load() + m_failed.load() >= m_p.tasks && !m_finishedSent.exchange(true) && m_ctx.finished)
        m_ctx.finished();
}

bool PoolLab::sleepNs(int64_t ns)
{
    if (m_stop.load(std::memory_order_relaxed))
        return false;
    if (ns <= 0)
        return true;
    std::unique_lock lock(m_stopMutex);
    return !m_stopCv.wait_for(lock, std::chrono::nanoseconds(ns), [this] { return m_stop.load(); });
}

// --- sampling: CPU from the OS clocks, gauges -----------------------------------------------

int64_t PoolLab::workerCpuNs(int i)
{
    Worker& w = *m_workers[size_t(i)];
    int64_t cpu = w.retiredCpuNs.load();
    if (m_processPool) {
        cpu += std::max<int64_t>(0, m_processPool->usage(i).cpuNs - w.cpuBaseNs);
    } else if (w.hasClock.load()) {
        timespec ts{};
        if (clock_gettime(w.cpuClock.load(), &ts) == 0)
            cpu += int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }
    return cpu;
}

void PoolLab::sampleOnce(metrics::Recorder& rec, int64_t now, bool final)
{
    const int64_t dt = now - m_lastSampleNs;
    int64_t total = 0;
    int64_t prevTotal = 0;
    for (int i = 0; i < m_p.workers; ++i) {
        Worker& w = *m_workers[size_t(i)];
        const int64_t cpu = workerCpuNs(i);
        if (dt > 0 && m_lastSampleNs > 0 && !final)
            rec.gauge(w.cpuSeries, std::clamp(100.0 * double(cpu - w.lastCpuNs) / double(dt), 0.0, 100.0), now);
        prevTotal += w.lastCpuNs;
        w.lastCpuNs = cpu;
        total += cpu;
        if (m_processPool && !final)
            rec.gauge(w.rssSeries, double(m_processPool->usage(i).rssBytes) / (1024.0 * 1024.0), now);
    }
    m_cpuTotalNs = total;
    if (final)
        return;
    if (dt > 0 && m_lastSampleNs > 0)
        rec.gauge(
            m_sCpuTotal, std::clamp(100.0 * double(total - prevTotal) / (double(dt) * m_p.workers), 0.0, 100.0), now);
    const int64_t wall = wallNs(now);
    if (const int64_t oneWorker = m_oneWorkerTaskNs.load(); wall > 0 && oneWorker > 0)
        rec.gauge(m_sSpeedup, double(m_completedSoloNs.load()) / double(wall), now);
    double queued = 0;
    if (m_processPool)
        queued = std::max(0, m_processPool->queued() + m_processPool->inFlight() - m_p.workers);
    else if (m_sync && m_p.sync == SyncMode::Condition)
        queued = double(m_sync->bufferNow.load()); // the bounded buffer's items
    else if (m_threadPool)
        queued = double(m_threadPool->queuedApprox());
    rec.gauge(m_sQueue, queued, now);
    if (m_p.sharedCount())
        rec.gauge(m_sLostUpdates, double(std::max<int64_t>(0, m_increments.load() - m_count.load())), now);
    if (m_gil) {
        const uint64_t sw = m_gil->switches();
        rec.count(m_sGilSwitches, double(sw - m_lastSwitches), now);
        m_lastSwitches = sw;
    }
    m_lastSampleNs = now;
}

} // namespace pool
} // namespace looplab::labs
