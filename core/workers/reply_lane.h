#pragma once
// A worker process's lane for one reply, from the timestamps the reply carries: the request in
// the pipe (Ipc), the work in the worker (Running), the reply in the pipe (Ipc), then idle. Used by
// every lab that awaits a worker like run_in_executor(ProcessPoolExecutor, ...).
#include "metrics/registry.h"
#include "workers/process_pool.h"

namespace looplab::workers {

inline void recordReplyOnLane(metrics::Recorder& rec, metrics::LaneId lane, const WorkReply& reply)
{
    rec.state(lane, metrics::LaneState::Ipc, reply.sentNs);
    rec.state(lane, metrics::LaneState::Running, reply.startedNs);
    rec.state(lane, metrics::LaneState::Ipc, reply.finishedNs);
    rec.state(lane, metrics::LaneState::Idle, reply.receivedNs);
}

} // namespace looplab::workers
