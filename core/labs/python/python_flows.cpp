#include "python_flows.h"

#include "per_lab_store.h"

#include <unordered_map>

namespace looplab::labs::python {

namespace {

struct Flows {
    std::vector<Flow> flows;
    std::unordered_map<uint32_t, size_t> index; // future id -> flows[i]
    uint64_t dropped = 0;
    uint64_t serial = 0;
};

PerLabStore<Flows>& all()
{
    static PerLabStore<Flows> f;
    return f;
}

// fn(flow of `future`), the flow made when it is not there yet: a worker may start the call
// before the submitting thread has sent its SUBMIT record (the probe learns the future's id from
// submit()). Nothing when the list is full.
template <typename Fn> void update(const QString& labId, uint32_t future, Fn&& fn)
{
    all().with(labId, [&](Flows& f) {
        if (const auto i = f.index.find(future); i != f.index.end()) {
            fn(f.flows[i->second]);
            return;
        }
        if (f.flows.size() >= kMaxFlows) {
            ++f.dropped;
            return;
        }
        f.index[future] = f.flows.size();
        f.flows.push_back({future, {}, {}, 0, 0, 0, 0});
        fn(f.flows.back());
    });
}

} // namespace

void flowsBegin(const QString& labId)
{
    all().begin(labId);
}

void flowSubmitted(const QString& labId, const Flow& flow)
{
    update(labId, flow.future, [&](Flow& f) {
        f.task = flow.task;
        f.function = flow.function;
        f.submitNs = flow.submitNs;
    });
}

void flowStarted(const QString& labId, uint32_t future, long workerTid, int64_t startNs)
{
    update(labId, future, [&](Flow& f) {
        f.workerTid = workerTid;
        f.startNs = startNs;
    });
}

void flowEnded(const QString& labId, uint32_t future, int64_t endNs)
{
    update(labId, future, [&](Flow& f) { f.endNs = endNs; });
}

FlowsView flowsRead(const QString& labId)
{
    return all().read(labId, [](const Flows* f) {
        FlowsView v;
        if (f) {
            v.flows = f->flows;
            v.dropped = f->dropped;
            v.serial = f->serial;
        }
        return v;
    });
}

QString workerLaneSuffix(long tid)
{
    return QStringLiteral(" (%1)").arg(tid);
}

} // namespace looplab::labs::python
