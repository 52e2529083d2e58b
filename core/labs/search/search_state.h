#pragma once
// What the loop thread, the build thread and the engine thread share: counters the summary is
// computed from, and the status line. Atomics only, except the status text (a short mutex, read
// ~30 times a second).
#include "index_builder.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace looplab::labs::search {

struct SearchState {
    std::atomic<uint64_t> completed{0};
    std::atomic<uint64_t> completedAtEnd{0}; // answers when max_queries was reached (0: not reached)
    std::atomic<uint64_t> dropped{0}; // open-loop arrivals shed because too many were in flight
    std::atomic<uint64_t> recallHits{0};
    std::atomic<uint64_t> recallChecked{0}; // sampled answers × k
    std::atomic<uint64_t> calls{0}; // executor (or loop) library calls
    std::atomic<uint64_t> searched{0}; // queries those calls searched
    std::atomic<uint64_t> slowCallbacks{0}; // loop callbacks over asyncio's 100 ms (aio::Loop)
    std::atomic<int64_t> loopGilWaitNs{0}; // how long the loop thread waited for the emulated GIL
    std::atomic<int64_t> servingStartNs{0}; // when traffic began (after the build)
    std::atomic<int64_t> servingEndNs{0}; // when traffic stopped
    std::atomic<double> indexBuildS{0};
    std::atomic<int> indexFromCache{0};
    std::atomic<int> backend{0}; // 0 cpu, 1 cuda
    std::atomic<int> gpuAvailable{0};
    std::atomic<int> callThreads{1};
    BuildProgress progress;

    void setStatus(const QString& s)
    {
        std::lock_guard lock(m_mutex);
        m_status = s;
    }
    QString status() const
    {
        std::lock_guard lock(m_mutex);
        return m_status;
    }

private:
    mutable std::mutex m_mutex;
    QString m_status;
};

} // namespace looplab::labs::search
