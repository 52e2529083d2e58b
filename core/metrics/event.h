#pragma once
// One measured fact, written by a lab thread into its own ring. Fixed size, trivially copyable:
// recording must never lock or allocate.
#include "fast_clock.h"

#include <chrono>
#include <cstdint>

namespace looplab::metrics {

using SeriesId = uint16_t;
using LaneId = uint16_t;
using HistogramId = uint16_t;
using MarkId = uint16_t;

enum class EventKind : uint8_t {
    Gauge, // a level at time t (queue depth, lag, in-flight count)
    Count, // value things happened at time t (becomes a per-second rate)
    State, // lane `id` enters `state` at time t (becomes spans)
    Sample, // one observation for histogram `id` (a latency)
    Mark, // an annotation (slow callback, parameter change) with a value
};

// What a lane (worker, thread, process, task, stage) is doing. Shared by every lab and the UI so
// colours mean the same everywhere.
enum class LaneState : uint8_t {
    Idle = 0,
    Running, // running Python-ish code (holding the GIL in cpython mode)
    GilWait, // wants the GIL
    IoWait, // awaiting I/O (sleep, socket, DB)
    QueueBlocked, // blocked on a full/empty queue
    Ipc, // sending/receiving to a worker process
    Blocking, // a blocking call on an event loop: the mistake
    Done, // the lane has ended
    Count_
};
constexpr int kLaneStateCount = static_cast<int>(LaneState::Count_);
const char* laneStateName(LaneState s);

struct Event {
    int64_t tNs = 0;
    double value = 0;
    uint16_t id = 0;
    EventKind kind = EventKind::Gauge;
    LaneState state = LaneState::Idle;
    uint32_t aux = 0; // e.g. a task number for spans
};
static_assert(sizeof(Event) == 24);

// Steady-clock nanoseconds, read cheaply (see fast_clock.h).
inline int64_t nowNs() noexcept
{
    return FastClock::now();
}

} // namespace looplab::metrics
