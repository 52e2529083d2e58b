// The lock-granularity lesson (the course's threading.Lock demo): each task is a run() loop of
// `count += 1` rounds followed by the task's own work (time.sleep for io). With no lock the
// update races; `with lock:` around the whole run() makes the threads take turns (serial);
// `with lock:` around the update only lets them overlap outside it (concurrent).
// The lock is a real mutex contended by the pool's real threads; waiting for it is recorded
// as QueueBlocked on the waiter's lane, and a "lock" lane shows who holds it.
#include "pool_lab_impl.h"

namespace looplab::labs::pool {

using metrics::LaneState;
using metrics::nowNs;

bool PoolLab::takeCountLock(Worker& w)
{
    // lock.acquire(), as every primitive of the sync lessons is taken (blockOn: the GIL dropped
    // around a wait that blocks). False when stop() ended the wait: the lock is not held.
    if (blockOn(w.gil, w.lockWaitNs, w.lockWaitSince, [this](WaitSlice t) { return m_countLock.tryAcquire(t); }) < 0)
        return false;
    m_lockRecorder.state(m_lockLane, LaneState::Running, nowNs(), uint32_t(w.gil.index));
    return true;
}

void PoolLab::dropCountLock(Worker&)
{
    m_lockRecorder.state(m_lockLane, LaneState::Idle); // still the holder: one producer at a time
    m_countLock.release();
}

void PoolLab::countingTaskBody(Worker& w, const TaskWork& work)
{
    GilThread& g = w.gil;
    Gil* gil = m_gil.get();
    const bool coarse = m_p.lock == LockMode::Coarse;
    const bool fine = m_p.lock == LockMode::Fine;
    const int rounds = m_p.rounds();

    w.countTaskSince.store(nowNs(), std::memory_order_relaxed); // live metrics: a task in progress
    enterPython(g);
    if (coarse && !takeCountLock(w)) { // with lock: around all of run()
        leavePython(g, LaneState::Idle); // stopped while waiting for it
        w.countTaskSince.store(0, std::memory_order_relaxed);
        return;
    }
    for (int r = 0; r < rounds && !m_stop.load(std::memory_order_relaxed); ++r) {
        if (fine && !takeCountLock(w)) // with lock: around print_count(); count += 1 only
            break; // stopped while waiting for it
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
        ownWork(g, work);
    }
    if (coarse)
        dropCountLock(w);
    leavePython(g, LaneState::Idle);
    w.countTaskSince.store(0, std::memory_order_relaxed); // the caller adds the task to busyNs
}

} // namespace looplab::labs::pool
