#pragma once
// asyncio.to_thread / run_in_executor calls of a python lab as flows: the task that submitted the
// call, the worker thread that ran it, and when (submitted, started, ended). Kept per lab id beside
// the console (python_log.h) because the metrics snapshot has lanes and spans but no links
// between lanes; the python panel reads them to draw arrows between the task's and the worker's
// lanes. Bounded: beyond kMaxFlows the rest is counted, not kept.
#include <QString>

#include <cstdint>
#include <vector>

namespace looplab::labs::python {

constexpr size_t kMaxFlows = 20000;

struct Flow {
    uint32_t future = 0; // the probe's id of the concurrent.futures.Future
    QString task; // the submitting task's lane name ("Task-2", "hello"); empty: not from a task
    QString function; // what ran ("blocking_io")
    long workerTid = 0; // native id of the worker thread; its lane is "NAME (TID)"; 0 until started
    // Run-relative ns; 0 until it happened.
    int64_t submitNs = 0, startNs = 0, endNs = 0;
};

// Lab side (its io thread): a fresh list for `labId`, then calls as they are submitted, start and
// end, in any order (a worker may start a call before its submission is reported).
void flowsBegin(const QString& labId);
void flowSubmitted(const QString& labId, const Flow& flow);
void flowStarted(const QString& labId, uint32_t future, long workerTid, int64_t startNs);
void flowEnded(const QString& labId, uint32_t future, int64_t endNs);

struct FlowsView {
    std::vector<Flow> flows; // in submission order
    uint64_t dropped = 0; // submissions beyond kMaxFlows
    uint64_t serial = 0; // changes when the lab starts a new list
};
// Reader side (any thread).
FlowsView flowsRead(const QString& labId);

// The thread lane name suffix a flow's worker has: " (TID)".
QString workerLaneSuffix(long tid);

} // namespace looplab::labs::python
