#include "event.h"

namespace looplab::metrics {

const char* laneStateName(LaneState s)
{
    switch (s) {
    case LaneState::Idle:
        return "idle";
    case LaneState::Running:
        return "running";
    case LaneState::GilWait:
        return "gil_wait";
    case LaneState::IoWait:
        return "io_wait";
    case LaneState::QueueBlocked:
        return "queue_blocked";
    case LaneState::Ipc:
        return "ipc";
    case LaneState::Blocking:
        return "blocking";
    case LaneState::Done:
        return "done";
    case LaneState::Count_:
        break;
    }
    return "unknown";
}

} // namespace looplab::metrics
