#pragma once
// The steady clock read through the CPU's time-stamp counter. steady_clock::now() costs ~24 ns on
// these VMs (vDSO plus fences), a plain rdtsc ~7 ns, and every recorded event reads the clock.
// The TSC reading is mapped onto steady_clock through an anchor that is refreshed every ~50 ms
// by whichever thread notices it is stale, so the two never drift apart by more than a few µs
// (timestamps from worker processes and Qt timers stay comparable). Without an invariant TSC
// (or off x86-64) it is steady_clock.
#include <atomic>
#include <chrono>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace looplab::metrics {

class FastClock
{
public:
    static int64_t steadyNs() noexcept
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }

    static int64_t now() noexcept
    {
#if defined(__x86_64__)
        State& s = state();
        if (!s.usable)
            return steadyNs();
        const uint64_t tsc = __rdtsc();
        uint64_t seq;
        int64_t base;
        uint64_t baseTsc;
        double nsPerTick;
        do {
            seq = s.seq.load(std::memory_order_acquire);
            base = s.baseNs.load(std::memory_order_relaxed);
            baseTsc = s.baseTsc.load(std::memory_order_relaxed);
            nsPerTick = s.nsPerTick.load(std::memory_order_relaxed);
            std::atomic_thread_fence(std::memory_order_acquire);
        } while ((seq & 1) || seq != s.seq.load(std::memory_order_relaxed));
        const uint64_t delta = tsc - baseTsc;
        if (delta > s.staleTicks) [[unlikely]]
            return reanchor();
        return base + int64_t(double(delta) * nsPerTick);
#else
        return steadyNs();
#endif
    }

private:
#if defined(__x86_64__)
    struct State {
        std::atomic<uint64_t> seq{0};
        std::atomic<int64_t> baseNs{0};
        std::atomic<uint64_t> baseTsc{0};
        std::atomic<double> nsPerTick{1.0};
        std::atomic<bool> writing{false};
        int64_t firstNs = 0;
        uint64_t firstTsc = 0;
        uint64_t staleTicks = ~0ull;
        bool usable = false;
    };
    static State& state();
    static int64_t reanchor() noexcept;
#endif
};

} // namespace looplab::metrics
