#pragma once
// The rate-limit middleware's algorithms, with time passed in (steady-clock ns) so they can be
// tested exactly. Server-loop thread only: no locking.
//   token_bucket:   `burst` tokens, refilled at rate_per_s; a request takes one.
//   fixed_window:   at most rate_per_s requests in each 1 s window (bursts of 2× at window edges).
//   sliding_window: at most rate_per_s requests in any 1 s interval (a log of recent admits).
#include "api_config.h"

#include <cstdint>
#include <deque>

namespace looplab::labs::api {

class RateLimiter
{
public:
    RateLimiter(RateAlgorithm algorithm, double ratePerS, int burst, int64_t nowNs);

    struct Decision {
        bool allowed = true;
        double retryAfterS = 0; // when refused: how long until a request would pass
    };
    Decision admit(int64_t nowNs);

    // Requests that would pass right now (tokens in the bucket, or what is left of the window).
    double level(int64_t nowNs);
    double capacity() const;
    RateAlgorithm algorithm() const { return m_algorithm; }

    // Live change; keeps what has been admitted so far.
    void setRate(double ratePerS, int burst, int64_t nowNs);

private:
    void refill(int64_t nowNs);
    void rollWindow(int64_t nowNs);
    void trimLog(int64_t nowNs);

    RateAlgorithm m_algorithm;
    double m_rate;
    int m_burst;
    // token bucket
    double m_tokens = 0;
    int64_t m_lastRefillNs = 0;
    // windows: length and limit (the window is stretched past 1 s when the rate is below 1/s)
    int64_t m_windowNs = 1'000'000'000;
    int64_t m_limit = 1;
    int64_t m_windowStartNs = 0;
    int64_t m_windowCount = 0;
    std::deque<int64_t> m_log;
};

} // namespace looplab::labs::api
