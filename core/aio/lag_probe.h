#pragma once
// THE loop-lag probe (the only one in LoopLab), defined as the course measures it in CPython:
//
//     while True:
//         t0 = loop.time(); await asyncio.sleep(interval); lag = loop.time() - t0 - interval
//
// i.e. a timer on the loop's own heap, due `interval` after the previous one ran; each time it
// runs, one sample = how late it ran (never negative). One sample per wake: a callback that holds
// the loop for 200 ms yields one 190-ish ms sample, not twenty (nothing is back-filled), exactly
// like the Python heartbeat. Since the probe is an ordinary timer on aio::Loop, it obeys the one
// rounding policy (loop.h) and whatever else the loop's thread must do first (the GIL, say).
#include "loop.h"

#include <functional>

namespace looplab::aio {

// The probe interval every lab uses (the course's 10 ms heartbeat), not scaled by time_scale:
// lag is a property of the loop, and the same interval makes the labs' lag figures comparable.
inline constexpr int64_t kLagProbeIntervalNs = 10'000'000;

class LagProbe
{
public:
    using Sink = std::function<void(int64_t lagNs, int64_t atNs)>;
    // Loop thread only.
    LagProbe(Loop& loop, int64_t intervalNs, Sink sink);
    ~LagProbe();
    LagProbe(const LagProbe&) = delete;
    LagProbe& operator=(const LagProbe&) = delete;

    void start();
    void stop();
    int64_t interval() const noexcept { return m_intervalNs; }
    uint64_t samples() const noexcept { return m_samples; }

private:
    void fire();
    Loop& m_loop;
    int64_t m_intervalNs;
    Sink m_sink;
    TimerHandle m_timer;
    int64_t m_dueNs = 0;
    uint64_t m_samples = 0;
};

} // namespace looplab::aio
