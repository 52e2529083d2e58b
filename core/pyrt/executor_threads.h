#pragma once
// The executor's threads (ThreadPoolExecutor, asyncio.to_thread) as Python threads of the lab's
// interpreter: each pool thread gets its own identity on the GIL (index, lane, recorder) the first
// time it runs work for this executor, numbered in the order the threads show up (the GIL lane's
// aux: 0..workers-1). Thread-local, so finding it never takes a lock.
#include "pyrt/gil.h"

#include <atomic>
#include <vector>

namespace looplab::pyrt {

class ExecutorThreads
{
public:
    // One lane per executor thread, named as in every lab ("executor 1", …).
    static std::vector<metrics::LaneId> addLanes(metrics::Registry& registry, int lab, int threads)
    {
        std::vector<metrics::LaneId> lanes;
        for (int i = 0; i < threads; ++i)
            lanes.push_back(
                registry.addLane({lab, QStringLiteral("executor %1").arg(i + 1), QStringLiteral("executor")}));
        return lanes;
    }

    // Before the first call. No registry or no lanes: the threads record nothing.
    void setLanes(metrics::Registry* registry, std::vector<metrics::LaneId> lanes)
    {
        m_registry = registry;
        m_lanes = std::move(lanes);
    }

    // On a pool thread: that thread's identity.
    GilThread& current()
    {
        struct Slot {
            const ExecutorThreads* owner = nullptr;
            GilThread me;
        };
        thread_local Slot slot;
        if (slot.owner != this) {
            slot.owner = this;
            GilThread& t = slot.me;
            t.index = m_next.fetch_add(1, std::memory_order_relaxed);
            const bool recorded = m_registry && !m_lanes.empty();
            t.lane = recorded ? m_lanes[size_t(t.index) % m_lanes.size()] : metrics::LaneId(0);
            t.recorder = recorded ? m_registry->local() : metrics::Recorder();
            t.waitNs = 0;
            t.heldNs = 0;
            t.heldSince = 0;
        }
        return slot.me;
    }

private:
    metrics::Registry* m_registry = nullptr;
    std::vector<metrics::LaneId> m_lanes;
    std::atomic<int> m_next{0};
};

} // namespace looplab::pyrt
