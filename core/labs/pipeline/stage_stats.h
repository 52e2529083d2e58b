#pragma once
// Time-weighted levels of one stage, for Little's law and the summary: how many items are in the
// stage (waiting + in service), in its queue, in service, and how many putters are blocked on its
// full queue — each integrated over time (item·ns), plus arrival/departure counts and the summed
// time each departed item spent in the stage.
//
// Little's law here is about the stage as a whole, explicitly:
//   L   = time-average number of items in the stage (queue depth + items in service)
//   λ   = departures per second (= arrivals in steady state)
//   W   = mean time from entering the queue to the end of service (wait + service)
// over a steady-state window; L and λ·W are measured independently (a level integrated over
// time vs. per-item stopwatches) and differ by what the window's edges cut off.
//
// The counts follow the calls, not the queue's lock: a worker may record its take a moment
// before the producer records the put that fed it, so a level can be -1 for microseconds. They
// are not clamped (clamping would make the integral drift); the integral stays exact.
//
// Updated by many threads (a small mutex: a few updates per item, far from the recording hot
// path's budget) and read by the monitor thread and metrics().
#include "metrics/event.h"

#include <algorithm>
#include <cstdint>
#include <mutex>

namespace looplab::pipeline {

struct StageTotals {
    int64_t t = 0; // when taken (steady clock)
    double stageArea = 0; // ∫ items in stage dt, item·ns
    double depthArea = 0; // ∫ queue depth dt
    double serviceArea = 0; // ∫ items in service dt
    double blockedArea = 0; // ∫ putters blocked on the full queue dt
    uint64_t arrivals = 0;
    uint64_t departures = 0;
    uint64_t dropped = 0;
    double sojournNs = 0; // Σ (end of service − enqueue) over departures
    double waitNs = 0; // Σ (taken − enqueue) over items taken
    uint64_t taken = 0;
};

class StageLevels
{
public:
    void start(int64_t t)
    {
        std::lock_guard lock(m_mutex);
        m_last = t;
        m_totals = {};
        m_totals.t = t;
        m_inStage = m_depth = m_inService = m_blocked = 0;
    }

    // A put into this stage's queue succeeded.
    void entered()
    {
        std::lock_guard lock(m_mutex);
        advance();
        ++m_inStage;
        ++m_depth;
        ++m_totals.arrivals;
    }
    // A worker took an item off the queue after it waited `waitNs`.
    int taken(int64_t waitNs)
    {
        std::lock_guard lock(m_mutex);
        advance();
        m_depth = m_depth - 1;
        ++m_inService;
        ++m_totals.taken;
        m_totals.waitNs += double(waitNs);
        return m_inService;
    }
    // Service ended; the item was in the stage for `sojournNs`.
    int departed(int64_t sojournNs)
    {
        std::lock_guard lock(m_mutex);
        advance();
        m_inService = m_inService - 1;
        m_inStage = m_inStage - 1;
        ++m_totals.departures;
        m_totals.sojournNs += double(sojournNs);
        return m_inService;
    }
    // A worker stopped mid-service (the run stopped): the item leaves without departing.
    void abandoned()
    {
        std::lock_guard lock(m_mutex);
        advance();
        m_inService = m_inService - 1;
        m_inStage = m_inStage - 1;
    }
    // Sentinels occupy the queue (depth) but are not items of the stage.
    void sentinelEntered()
    {
        std::lock_guard lock(m_mutex);
        advance();
        ++m_depth;
    }
    void sentinelTaken()
    {
        std::lock_guard lock(m_mutex);
        advance();
        m_depth = m_depth - 1;
    }
    void dropped()
    {
        std::lock_guard lock(m_mutex);
        ++m_totals.dropped;
    }
    // A putter starts/stops waiting on this stage's full queue; returns how many wait now.
    int blockedDelta(int d)
    {
        std::lock_guard lock(m_mutex);
        advance();
        m_blocked += d;
        return m_blocked;
    }

    StageTotals totals(int64_t t)
    {
        std::lock_guard lock(m_mutex);
        StageTotals out = m_totals;
        const double dt = double(std::max<int64_t>(0, t - m_last));
        out.stageArea += dt * m_inStage;
        out.depthArea += dt * m_depth;
        out.serviceArea += dt * m_inService;
        out.blockedArea += dt * m_blocked;
        out.t = t;
        return out;
    }

    int depth() const
    {
        std::lock_guard lock(m_mutex);
        return std::max(0, m_depth);
    }
    int blocked() const
    {
        std::lock_guard lock(m_mutex);
        return std::max(0, m_blocked);
    }

private:
    // Integrate the current levels up to now (taken under the lock, so time only moves forward).
    void advance()
    {
        const int64_t t = std::max(metrics::nowNs(), m_last);
        const double dt = double(t - m_last);
        m_totals.stageArea += dt * m_inStage;
        m_totals.depthArea += dt * m_depth;
        m_totals.serviceArea += dt * m_inService;
        m_totals.blockedArea += dt * m_blocked;
        m_last = t;
    }

    mutable std::mutex m_mutex;
    int64_t m_last = 0;
    int m_inStage = 0;
    int m_depth = 0;
    int m_inService = 0;
    int m_blocked = 0;
    StageTotals m_totals;
};

} // namespace looplab::pipeline
