#pragma once
// CPython's event-loop thread runs Python (every callback, every coroutine step) only while it
// holds the GIL: it re-takes it after select() returns and drops it before the next select(). So
// CPU work that another thread does in Python delays the loop's next pass (that wait is loop
// lag). Every lab with an asyncio loop installs exactly this on its aio::Loop.
#include "aio/loop.h"
#include "pyrt/gil.h"

#include <functional>

namespace looplab::pyrt {

// gil == nullptr: the interpreter is free-threaded, there is nothing to take.
// `between`: the loop lane's state between passes (Idle: waiting in select(); the event_loop lab
// keeps Running and draws its ticks itself). `laneWithoutGil`: with no GIL, still draw the loop
// lane Running in a pass and `between` outside. `atPassEnd` runs at the end of each pass, before
// the GIL is dropped.
inline void holdGilInPasses(aio::Loop& loop, Gil* gil, GilThread& me,
    metrics::LaneState between = metrics::LaneState::Idle, bool laneWithoutGil = false,
    std::function<void()> atPassEnd = {})
{
    loop.setPassHooks(
        [gil, &me, laneWithoutGil] {
            if (gil)
                gil->acquire(me);
            else if (laneWithoutGil)
                me.recorder.state(me.lane, metrics::LaneState::Running);
        },
        [gil, &me, between, laneWithoutGil, atPassEnd = std::move(atPassEnd)] {
            if (atPassEnd)
                atPassEnd();
            if (gil)
                gil->release(me, between);
            else if (laneWithoutGil)
                me.recorder.state(me.lane, between);
        });
}

} // namespace looplab::pyrt
