#include "python_flows.h"

#include <QHash>

#include <mutex>
#include <unordered_map>

namespace looplab::labs::python {

namespace {

struct Flows {
    std::vector<Flow> flows;
    std::unordered_map<uint32_t, size_t> index; // future id -> flows[i]
    uint64_t dropped = 0;
    uint64_t serial = 0;
};

std::mutex& mutex()
{
    static std::mutex m;
    return m;
}

QHash<QString, Flows>& all()
{
    static QHash<QString, Flows> f;
    return f;
}

uint64_t g_serial = 0;

// The flow of `future`, made when it is not there yet: a worker may start the call before the
// submitting thread has sent its SUBMIT record (the probe learns the future's id from submit()).
Flow* get(const QString& labId, uint32_t future)
{
    Flows& f = all()[labId];
    if (const auto i = f.index.find(future); i != f.index.end())
        return &f.flows[i->second];
    if (f.flows.size() >= kMaxFlows) {
        ++f.dropped;
        return nullptr;
    }
    f.index[future] = f.flows.size();
    f.flows.push_back({future, {}, {}, 0, 0, 0, 0});
    return &f.flows.back();
}

} // namespace

void flowsBegin(const QString& labId)
{
    std::lock_guard lock(mutex());
    Flows& f = all()[labId];
    f = Flows{};
    f.serial = ++g_serial;
}

void flowSubmitted(const QString& labId, const Flow& flow)
{
    std::lock_guard lock(mutex());
    if (Flow* f = get(labId, flow.future)) {
        f->task = flow.task;
        f->function = flow.function;
        f->submitNs = flow.submitNs;
    }
}

void flowStarted(const QString& labId, uint32_t future, long workerTid, int64_t startNs)
{
    std::lock_guard lock(mutex());
    if (Flow* f = get(labId, future)) {
        f->workerTid = workerTid;
        f->startNs = startNs;
    }
}

void flowEnded(const QString& labId, uint32_t future, int64_t endNs)
{
    std::lock_guard lock(mutex());
    if (Flow* f = get(labId, future))
        f->endNs = endNs;
}

FlowsView flowsRead(const QString& labId)
{
    std::lock_guard lock(mutex());
    FlowsView v;
    const auto it = all().constFind(labId);
    if (it == all().constEnd())
        return v;
    v.flows = it->flows;
    v.dropped = it->dropped;
    v.serial = it->serial;
    return v;
}

QString workerLaneSuffix(long tid)
{
    return QStringLiteral(" (%1)").arg(tid);
}

} // namespace looplab::labs::python
