#pragma once
// CPython's GIL (the "new GIL" of 3.2+, Python/ceval_gil.c), emulated on real threads so that what
// the timeline shows is measured contention, not a drawing:
//  - one interpreter lock; a thread runs "Python code" only while it holds it;
//  - a thread that wants it waits on a condition variable for at most the switch interval
//    (sys.getswitchinterval(), 5 ms); if in that time nobody switched, it raises the
//    drop request (gil_drop_request);
//  - the holder looks at the drop request at its next check point (the eval breaker: here every
//    ~20 µs of burnCpu) and releases the lock; with FORCE_SWITCHING it then waits until another
//    thread has actually taken it, so it cannot grab it straight back;
//  - I/O (a blocking call) releases the lock before and takes it again after.
// It also records what it measures: each thread's lane (Running while it holds the lock,
// GilWait while it wants it) and a "GIL" lane whose spans say who holds it.
#include "metrics/registry.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace looplab::pyrt {

// One per thread that takes the GIL (a worker, the probe). Used only by its own thread, except
// the counters, which others read.
struct GilThread {
    int index = 0; // who: the aux value on the GIL lane (worker index; probe = workers)
    metrics::Recorder recorder; // the thread's own recorder
    metrics::LaneId lane = 0; // the thread's lane
    std::atomic<int64_t> waitNs{0}; // total time spent wanting the GIL
    std::atomic<int64_t> heldNs{0}; // total time holding it
    int64_t heldSince = 0;
};

// The lane every lab shows for the GIL: who holds it, titled as emulated wherever it appears.
inline metrics::LaneId addGilLane(metrics::Registry& registry, int lab)
{
    return registry.addLane({lab, QStringLiteral("GIL (emulated)"), QStringLiteral("gil")});
}

class Gil
{
public:
    // `gilRecorder`/`gilLane`: the GIL lane, written only while the internal mutex is held (so
    // one producer at a time, in order), hence its own recorder.
    Gil(int64_t switchIntervalNs, metrics::Recorder gilRecorder, metrics::LaneId gilLane);

    void setSwitchInterval(int64_t ns) { m_intervalNs.store(ns > 1000 ? ns : 1000); }
    int64_t switchInterval() const { return m_intervalNs.load(); }

    // Take the GIL (blocks). The thread's lane goes GilWait while it waits, then Running.
    void acquire(GilThread& t);
    // Drop it; the thread's lane goes to `next` (IoWait before a blocking call, Idle after a task).
    void release(GilThread& t, metrics::LaneState next);
    // The eval breaker: call often while holding the GIL. Cheap unless a drop is requested.
    void checkpoint(GilThread& t)
    {
        if (m_dropRequest.load(std::memory_order_relaxed)) [[unlikely]]
            yield(t);
    }

    uint64_t switches() const { return m_switches.load(std::memory_order_relaxed); } // holder changes
    uint64_t dropRequests() const { return m_drops.load(std::memory_order_relaxed); } // forced switches asked for

private:
    void yield(GilThread& t);
    void takeLocked(GilThread& t, std::unique_lock<std::mutex>& lock, int64_t wantSince);
    void dropLocked(GilThread& t, metrics::LaneState next, int64_t now);

    std::mutex m_mutex;
    std::condition_variable m_cond; // "the GIL was released"
    std::condition_variable m_switchCond; // "another thread took it" (FORCE_SWITCHING)
    bool m_locked = false;
    const GilThread* m_lastHolder = nullptr;
    uint64_t m_switchNumber = 0;
    int m_waiters = 0;
    std::atomic<bool> m_dropRequest{false};
    std::atomic<int64_t> m_intervalNs;
    std::atomic<uint64_t> m_switches{0};
    std::atomic<uint64_t> m_drops{0};
    metrics::Recorder m_gilRecorder;
    metrics::LaneId m_gilLane;
};

} // namespace looplab::pyrt
