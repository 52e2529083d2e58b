// The lock-granularity lesson (the course's threading.Lock demo): each task is a run() loop of
// `count += 1` rounds followed by the task's own work (time.sleep for io). With no lock the
// update races; `with lock:` around the whole run() makes the threads take turns (serial);
// `with lock:` around the update only lets them overlap outside it (concurrent).
// The lock is a real std::mutex contended by the pool's real threads; waiting for it is recorded
// as QueueBlocked on the waiter's lane, and a "lock" lane shows who holds it.
#include "pool_lab_impl.h"

namespace looplab::labs::pool {

using metrics::LaneState;
using metrics::nowNs;

void PoolLab::takeCountLock(Worker& w)
{
    // lock.acquire() is called from Python code (holding the GIL); when it has to block, CPython
    // drops the GIL around the wait (as for any blocking call) and takes it back after. Never
    // block on the mutex while holding the GIL: the lock's holder may need the GIL to go on.
    GilThread& g = w.gil;
    Gil* gil = m_gil.get();
    const int64_t t0 = nowNs();
    int64_t t1;
    if (m_countLock.try_lock()) {
        t1 = nowNs(); // after the lock, so the lock lane's events stay in order
    } else {
        w.lockWaitSince.store(t0, std::memory_order_relaxed); // for live metrics
        if (gil)
            gil->release(g, LaneState::QueueBlocked);
        else
            g.recorder.state(g.lane, LaneState::QueueBlocked, t0);
        m_countLock.lock();
        t1 = nowNs();
        if (gil)
            gil->acquire(g);
        else
            g.recorder.state(g.lane, LaneState::Running);
    }
    m_lockRecorder.state(m_lockLane, LaneState::Running, t1, uint32_t(g.index));
    w.lockWaitNs.fetch_add(t1 - t0, std::memory_order_relaxed);
    w.lockWaitSince.store(0, std::memory_order_relaxed);
    g.recorder.sample(m_hLockWait, double(t1 - t0) * 1e-6, t1);
}

void PoolLab::dropCountLock(Worker&)
{
    m_lockRecorder.state(m_lockLane, LaneState::Idle); // still the holder: one producer at a time
    m_countLock.unlock();
}

void PoolLab::countingTaskBody(Worker& w, const TaskWork& work)
{
    GilThread& g = w.gil;
    Gil* gil = m_gil.get();
    auto run = [&] {
        if (gil)
            gil->acquire(g);
        else
            g.recorder.state(g.lane, LaneState::Running);
    };
    auto drop = [&](LaneState next) {
        if (gil)
            gil->release(g, next);
        else
            g.recorder.state(g.lane, next);
    };
    const bool coarse = m_p.lock == LockMode::Coarse;
    const bool fine = m_p.lock == LockMode::Fine;
    const int rounds = m_p.rounds();

    w.countTaskSince.store(nowNs(), std::memory_order_relaxed); // live metrics: a task in progress
    run();
    if (coarse)
        takeCountLock(w); // with lock: around all of run()
    for (int r = 0; r < rounds && !m_stop.load(std::memory_order_relaxed); ++r) {
        if (fine)
            takeCountLock(w); // with lock: around print_count(); count += 1 only
        // count += 1, spelled out as Python runs it: LOAD count, (the work in between), STORE.
        const int64_t seen = m_count.load(std::memory_order_relaxed);
        if (m_criticalNs > 0)
            runCpu(m_criticalNs, gil ? &g : nullptr);
        const bool cut = m_stop.load(std::memory_order_relaxed); // stop(): no half-done update
        if (!cut) {
            m_count.store(seen + 1, std::memory_order_relaxed);
            m_increments.fetch_add(1, std::memory_order_relaxed);
        }
        if (fine)
            dropCountLock(w);
        if (cut)
            break;
        // The rest of the round, outside the critical section (unless the lock is coarse):
        // computation, then time.sleep() / I/O with the GIL released.
        if (work.cpuNs > 0)
            runCpu(work.cpuNs, gil ? &g : nullptr);
        if (work.ioNs > 0) {
            drop(LaneState::IoWait);
            sleepNs(work.ioNs);
            run();
        }
    }
    if (coarse)
        dropCountLock(w);
    drop(LaneState::Idle);
    w.countTaskSince.store(0, std::memory_order_relaxed); // the caller adds the task to busyNs
}

} // namespace looplab::labs::pool
