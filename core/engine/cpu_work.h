#pragma once
// Real CPU work of a given length, measured on the calling thread's CPU clock: "20 ms of CPU" is
// 20 ms of this thread on a core, however many threads compete (which is what makes contention
// visible as longer wall time).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <thread>

namespace looplab::engine {

inline int64_t threadCpuNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Some arithmetic the optimiser cannot drop.
inline uint64_t cpuChunk(uint64_t seed, int iterations) noexcept
{
    uint64_t x = seed | 1;
    for (int i = 0; i < iterations; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

// Burn `ns` of this thread's CPU time. `checkpoint` is called between chunks of ~20 µs and may
// block (the GIL emulation releases and re-takes the lock there); time blocked inside it is not
// CPU time and so does not count as work done.
template <typename Checkpoint> uint64_t burnCpu(int64_t ns, Checkpoint&& checkpoint)
{
    volatile uint64_t sink = 0;
    const int64_t start = threadCpuNs();
    uint64_t x = uint64_t(start);
    while (threadCpuNs() - start < ns) {
        x = cpuChunk(x, 2000);
        sink = x;
        checkpoint();
    }
    return sink;
}

inline uint64_t burnCpu(int64_t ns)
{
    return burnCpu(ns, [] {});
}

inline uint64_t burnCpu(std::chrono::nanoseconds d)
{
    return burnCpu(d.count());
}

// The same work in slices of at most 10 ms that end early once `*stopping` is set, so that Stop
// returns within a second however long the step (nullptr: never stops early).
template <typename Checkpoint>
void burnCpuUnlessStopping(int64_t ns, const std::atomic<bool>* stopping, Checkpoint&& checkpoint)
{
    constexpr int64_t kSlice = 10'000'000;
    for (int64_t left = ns; left > 0 && !(stopping && stopping->load(std::memory_order_relaxed)); left -= kSlice)
        burnCpu(std::min(left, kSlice), checkpoint);
}

inline void burnCpuUnlessStopping(int64_t ns, const std::atomic<bool>* stopping)
{
    burnCpuUnlessStopping(ns, stopping, [] {});
}

// A blocking wait (time.sleep, a blocking call) that ends early once `*stopping` is set.
inline void sleepUnlessStopping(int64_t ns, const std::atomic<bool>* stopping)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::nanoseconds(ns);
    while (!(stopping && stopping->load(std::memory_order_relaxed))) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= end)
            break;
        std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(end - now, std::chrono::milliseconds(10)));
    }
}

} // namespace looplab::engine
