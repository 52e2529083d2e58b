#include "fast_clock.h"

#include <cstring>
#include <fstream>
#include <string>

namespace looplab::metrics {

#if defined(__x86_64__)
namespace {
bool invariantTsc()
{
    // constant_tsc + nonstop_tsc: the counter ticks at one rate in every P/C-state, on every core.
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line))
        if (line.rfind("flags", 0) == 0)
            return line.find(" constant_tsc") != std::string::npos && line.find(" nonstop_tsc") != std::string::npos;
    return false;
}
} // namespace

FastClock::State& FastClock::state()
{
    static State* s = [] {
        auto* st = new State; // never destroyed: threads may read the clock during exit
        st->usable = invariantTsc() && !std::getenv("LOOPLAB_STEADY_CLOCK");
        if (!st->usable)
            return st;
        // Calibrate over ~2 ms of steady clock.
        const int64_t n0 = steadyNs();
        const uint64_t t0 = __rdtsc();
        int64_t n1 = n0;
        while (n1 - n0 < 2'000'000)
            n1 = steadyNs();
        const uint64_t t1 = __rdtsc();
        const double nsPerTick = double(n1 - n0) / double(t1 - t0);
        st->firstNs = n0;
        st->firstTsc = t0;
        st->baseNs = n1;
        st->baseTsc = t1;
        st->nsPerTick = nsPerTick;
        st->staleTicks = uint64_t(50'000'000 / nsPerTick); // re-anchor every ~50 ms
        return st;
    }();
    return *s;
}

int64_t FastClock::reanchor() noexcept
{
    State& s = state();
    const int64_t n = steadyNs();
    const uint64_t t = __rdtsc();
    bool expected = false;
    if (!s.writing.compare_exchange_strong(expected, true, std::memory_order_acquire))
        return n; // someone else is refreshing: the steady clock is right anyway
    // The rate over the whole life of the process: a long baseline makes it precise.
    const double rate = double(n - s.firstNs) / double(t - s.firstTsc);
    s.seq.fetch_add(1, std::memory_order_acq_rel);
    s.baseNs.store(n, std::memory_order_relaxed);
    s.baseTsc.store(t, std::memory_order_relaxed);
    s.nsPerTick.store(rate, std::memory_order_relaxed);
    s.seq.fetch_add(1, std::memory_order_release);
    s.writing.store(false, std::memory_order_release);
    return n;
}
#endif

} // namespace looplab::metrics
