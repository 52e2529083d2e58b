#include "gil.h"

#include <chrono>

namespace looplab::pyrt {

using metrics::LaneState;

Gil::Gil(int64_t switchIntervalNs, metrics::Recorder gilRecorder, metrics::LaneId gilLane)
    : m_intervalNs(switchIntervalNs > 1000 ? switchIntervalNs : 1000)
    , m_gilRecorder(gilRecorder)
    , m_gilLane(gilLane)
{ }

void Gil::acquire(GilThread& t)
{
    std::unique_lock lock(m_mutex);
    takeLocked(t, lock, metrics::nowNs());
}

void Gil::release(GilThread& t, LaneState next)
{
    std::lock_guard lock(m_mutex);
    dropLocked(t, next, metrics::nowNs());
}

void Gil::takeLocked(GilThread& t, std::unique_lock<std::mutex>& lock, int64_t wantSince)
{
    if (m_locked) {
        t.recorder.state(t.lane, LaneState::GilWait, wantSince);
        ++m_waiters;
        while (m_locked) {
            // take_gil(): wait one interval; if the lock is still held by the same holder
            // (no switch happened meanwhile), ask it to drop.
            const uint64_t saved = m_switchNumber;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(m_intervalNs.load());
            const bool released = m_cond.wait_until(lock, deadline, [this] { return !m_locked; });
            if (!released && m_locked && m_switchNumber == saved) {
                if (!m_dropRequest.exchange(true, std::memory_order_relaxed))
                    m_drops.fetch_add(1, std::memory_order_relaxed);
            }
        }
        --m_waiters;
    }
    m_locked = true;
    if (m_lastHolder != &t) {
        m_lastHolder = &t;
        ++m_switchNumber;
        m_switches.fetch_add(1, std::memory_order_relaxed);
        m_switchCond.notify_all(); // a FORCE_SWITCHING dropper may go on
    }
    // Whatever drop request was pending was aimed at the previous holder.
    m_dropRequest.store(false, std::memory_order_relaxed);
    const int64_t now = metrics::nowNs();
    if (now > wantSince)
        t.waitNs.store(t.waitNs.load(std::memory_order_relaxed) + (now - wantSince), std::memory_order_relaxed);
    t.heldSince = now;
    m_gilRecorder.state(m_gilLane, LaneState::Running, now, uint32_t(t.index));
    t.recorder.state(t.lane, LaneState::Running, now);
}

void Gil::dropLocked(GilThread& t, LaneState next, int64_t now)
{
    m_locked = false;
    t.heldNs.store(t.heldNs.load(std::memory_order_relaxed) + (now - t.heldSince), std::memory_order_relaxed);
    m_gilRecorder.state(m_gilLane, LaneState::Idle, now);
    t.recorder.state(t.lane, next, now);
    m_cond.notify_one();
}

void Gil::yield(GilThread& t)
{
    std::unique_lock lock(m_mutex);
    if (!m_dropRequest.load(std::memory_order_relaxed) || m_waiters == 0)
        return; // already satisfied by someone else's take
    const int64_t now = metrics::nowNs();
    dropLocked(t, LaneState::GilWait, now);
    // FORCE_SWITCHING: do not try again before another thread has really taken it, or the
    // holder would usually win the race for the lock it just dropped.
    m_switchCond.wait(lock, [&] { return m_lastHolder != &t || m_waiters == 0; });
    takeLocked(t, lock, now);
}

} // namespace looplab::pyrt
