// What one task does on each executor, and the probe. Every state change is recorded by the
// thread that lives it (or, for worker processes, from the timestamps the worker sends back).
#include "engine/cpu_work.h"
#include "pool_lab_impl.h"

#include <algorithm>

namespace looplab::labs::pool {

using metrics::LaneState;
using metrics::nowNs;

// --- threads ------------------------------------------------------------------------------------

void PoolLab::runCpu(int64_t ns, GilThread* g)
{
    // In slices, so stop() never waits for more than one slice of a long task.
    int64_t left = ns;
    while (left > 0 && !m_stop.load(std::memory_order_relaxed)) {
        const int64_t slice = std::min<int64_t>(left, 2'000'000);
        if (g)
            engine::burnCpu(slice, [this, g] { m_gil->checkpoint(*g); });
        else
            engine::burnCpu(slice);
        left -= slice;
    }
}

void PoolLab::enterPython(GilThread& g)
{
    // A Python function runs bytecode only while holding the GIL.
    if (Gil* gil = m_gil.get())
        gil->acquire(g);
    else
        g.recorder.state(g.lane, LaneState::Running);
}

void PoolLab::leavePython(GilThread& g, LaneState next)
{
    if (Gil* gil = m_gil.get())
        gil->release(g, next);
    else
        g.recorder.state(g.lane, next);
}

void PoolLab::ownWork(GilThread& g, const TaskWork& work)
{
    if (work.cpuNs > 0)
        runCpu(work.cpuNs, m_gil ? &g : nullptr);
    if (work.ioNs > 0) {
        leavePython(g, LaneState::IoWait); // time.sleep()/socket calls drop the GIL
        sleepNs(work.ioNs);
        enterPython(g);
    }
}

void PoolLab::taskBody(Worker& w, int64_t index, const TaskWork& work)
{
    if (m_p.syncLesson()) {
        syncTaskBody(w, index, work); // RLock, Event, Semaphore, a deadlock: pool_sync.cpp
        return;
    }
    if (m_p.sharedCount()) {
        countingTaskBody(w, work); // the lock-granularity lesson: pool_locks.cpp
        return;
    }
    enterPython(w.gil);
    ownWork(w.gil, work);
    leavePython(w.gil, LaneState::Idle);
}

void PoolLab::runThreadTask(int worker, int64_t index, int64_t submitNs)
{
    Worker& w = *m_workers[size_t(worker)];
    const TaskWork& work = workOf(index);
    const int64_t t0 = nowNs();
    int64_t bodyNs = 0; // the task's own run (the baseline's unit): without a thread's start-up
    if (m_p.spawnPerTask) {
        // threading.Thread(target=task).start(); .join() — a fresh OS thread for each task. The
        // worker's lane and recorder pass to it (thread start and join order the accesses).
        std::thread t([this, &w, index, &work, &bodyNs] {
            const int64_t c0 = engine::threadCpuNs();
            const int64_t b0 = nowNs();
            taskBody(w, index, work);
            bodyNs = nowNs() - b0;
            w.retiredCpuNs.fetch_add(engine::threadCpuNs() - c0);
        });
        t.join();
    } else {
        taskBody(w, index, work);
    }
    const int64_t t1 = nowNs();
    if (!m_p.spawnPerTask)
        bodyNs = t1 - t0;
    if (m_stop.load(std::memory_order_relaxed))
        return; // cut short by stop(): neither done nor failed
    if (!m_baselinePhase.load())
        w.busyNs.fetch_add(t1 - t0, std::memory_order_relaxed);
    taskDone(w.gil.recorder, index, submitNs, true, t1, bodyNs);
}

// --- processes ----------------------------------------------------------------------------------

void PoolLab::submitProcessTask(int64_t index, int64_t submitNs)
{
    const TaskWork& work = workOf(index);
    workers::WorkRequest req;
    req.cpuMs = double(work.cpuNs) * 1e-6;
    req.ioMs = double(work.ioNs) * 1e-6;
    req.replyBytes = m_payloadBytes;
    req.payload = m_payload; // implicitly shared: the copy happens in the pipe, as with pickle
    m_processPool->submit(
        std::move(req), [this, index, submitNs](workers::WorkReply r) { onProcessReply(r, index, submitNs); });
}

void PoolLab::recordProcessLane(Worker& w, metrics::Recorder& rec, const workers::WorkReply& r)
{
    // The worker's own timestamps (same machine clock) say when it started and finished; the
    // pool's say when the request went out and the reply came in. Requests are pipelined, so a
    // worker with more requests waiting goes from writing this reply straight to reading the next
    // (Ipc until that one starts); one with none goes idle once the reply is out.
    auto at = [&](LaneState s, int64_t t) {
        t = std::max(t, w.lastLaneNs); // one thread writes this lane: keep its events in order
        w.lastLaneNs = t;
        rec.state(w.gil.lane, s, t);
    };
    at(LaneState::Ipc, std::max(r.sentNs, w.prevFinishedNs));
    at(LaneState::Running, r.startedNs);
    if (m_anyIo && r.cpuDoneNs < r.finishedNs)
        at(LaneState::IoWait, r.cpuDoneNs);
    at(LaneState::Ipc, r.finishedNs);
    if (r.pendingOnWorker == 0)
        at(LaneState::Idle, r.receivedNs);
    w.prevFinishedNs = r.finishedNs;
}

void PoolLab::onProcessReply(const workers::WorkReply& r, int64_t index, int64_t submitNs)
{
    // The process pool's I/O thread.
    if (m_stop.load(std::memory_order_relaxed))
        return;
    if (r.worker >= 0 && size_t(r.worker) < m_workers.size()) {
        Worker& w = *m_workers[size_t(r.worker)];
        if (r.ok) {
            // IPC = getting the request into the worker (not counting waiting behind the
            // previous task there) + getting the reply back.
            const int64_t ipc = (r.startedNs - std::max(r.sentNs, w.prevFinishedNs)) + (r.receivedNs - r.finishedNs);
            recordProcessLane(w, m_ioRecorder, r);
            m_ipcNsSum.fetch_add(std::max<int64_t>(ipc, 0), std::memory_order_relaxed);
            m_ipcCount.fetch_add(1, std::memory_order_relaxed);
            m_ioRecorder.sample(m_hIpc, double(std::max<int64_t>(ipc, 0)) * 1e-3, r.receivedNs);
            if (!m_baselinePhase.load())
                w.busyNs.fetch_add(r.finishedNs - r.startedNs, std::memory_order_relaxed);
        }
    }
    // The task's own run on the worker: the round trip is overhead that counts against speedup.
    taskDone(m_ioRecorder, index, submitNs, r.ok, r.receivedNs, r.finishedNs - r.startedNs);
}

void PoolLab::runSpawnedProcess(int worker, int64_t index, int64_t submitNs)
{
    const TaskWork& work = workOf(index);
    // multiprocessing.Process(target=task).start(); .join() — a fresh process per task, run
    // from one of `workers` dispatcher threads so at most `workers` exist at once.
    Worker& w = *m_workers[size_t(worker)];
    auto& rec = w.gil.recorder;
    workers::WorkRequest req;
    req.cpuMs = double(work.cpuNs) * 1e-6;
    req.ioMs = double(work.ioNs) * 1e-6;
    req.replyBytes = m_payloadBytes;
    req.payload = m_payload;
    int64_t cpu = 0;
    const workers::WorkReply r = workers::ProcessPool::runOnce(m_ctx.workerExecutable, req, &cpu, &m_stop);
    w.retiredCpuNs.fetch_add(cpu);
    if (m_stop.load(std::memory_order_relaxed))
        return;
    if (r.ok) {
        // Ipc here is start-up plus transfer: what a reused pool does not pay per task.
        rec.state(w.gil.lane, LaneState::Ipc, r.sentNs);
        rec.state(w.gil.lane, LaneState::Running, r.startedNs);
        if (m_anyIo && r.cpuDoneNs < r.finishedNs)
            rec.state(w.gil.lane, LaneState::IoWait, r.cpuDoneNs);
        rec.state(w.gil.lane, LaneState::Ipc, r.finishedNs);
        rec.state(w.gil.lane, LaneState::Idle, r.receivedNs);
        const int64_t ipc = (r.startedNs - r.sentNs) + (r.receivedNs - r.finishedNs);
        m_ipcNsSum.fetch_add(ipc, std::memory_order_relaxed);
        m_ipcCount.fetch_add(1, std::memory_order_relaxed);
        rec.sample(m_hIpc, double(ipc) * 1e-3, r.receivedNs);
        if (!m_baselinePhase.load())
            w.busyNs.fetch_add(r.receivedNs - r.sentNs, std::memory_order_relaxed);
    } else {
        rec.state(w.gil.lane, LaneState::Idle, r.receivedNs);
    }
    // The task's own run: a process's start-up is overhead that counts against speedup.
    taskDone(rec, index, submitNs, r.ok, r.receivedNs, r.finishedNs - r.startedNs);
}

// --- the probe: a short I/O-bound request handler beside the workers ------------------------------

void PoolLab::probeLoop()
{
    GilThread& g = *m_probeGil;
    Gil* gil = m_gil.get();
    const int64_t every = std::max<int64_t>(m_ctx.scaled(m_p.probeEveryMs).count(), 100'000);
    // A request: parse it (a little Python), wait for the backend (I/O, GIL released), build
    // the answer (a little Python). Two GIL acquisitions: next to a CPU-bound thread each costs
    // up to a switch interval — the convoy effect.
    const int64_t work = m_ctx.scaled(0.01).count();
    const int64_t io = m_ctx.scaled(0.05).count();
    auto run = [&] {
        if (gil)
            gil->acquire(g);
        else
            g.recorder.state(g.lane, LaneState::Running);
        runCpu(work, gil ? &g : nullptr);
    };
    auto release = [&](LaneState next) {
        if (gil)
            gil->release(g, next);
        else
            g.recorder.state(g.lane, next);
    };
    g.recorder.state(g.lane, LaneState::Idle);
    int64_t next = nowNs() + every;
    while (sleepNs(next - nowNs())) {
        const int64_t t0 = nowNs();
        run();
        release(LaneState::IoWait);
        if (!sleepNs(io))
            break;
        run();
        release(LaneState::Idle);
        const int64_t t1 = nowNs();
        g.recorder.sample(m_hProbe, double(t1 - t0) * 1e-6, t1);
        next += every;
        if (next < t1)
            next = t1 + every; // a late probe does not fire a burst
    }
}

} // namespace looplab::labs::pool
