#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace looplab::labs::api {

RateLimiter::RateLimiter(RateAlgorithm algorithm, double ratePerS, int burst, int64_t nowNs)
    : m_algorithm(algorithm)
{
    m_windowStartNs = nowNs;
    m_lastRefillNs = nowNs;
    setRate(ratePerS, burst, nowNs);
    m_tokens = m_burst; // a rested bucket starts full
}

void RateLimiter::setRate(double ratePerS, int burst, int64_t nowNs)
{
    refill(nowNs);
    m_rate = std::max(ratePerS, 1e-6);
    m_burst = std::max(burst, 1);
    m_tokens = std::min(m_tokens, double(m_burst));
    // A window holds rate × 1 s requests; below 1/s the window grows so that it holds one.
    if (m_rate >= 1) {
        m_windowNs = 1'000'000'000;
        m_limit = std::max<int64_t>(1, std::llround(m_rate));
    } else {
        m_windowNs = int64_t(1e9 / m_rate);
        m_limit = 1;
    }
}

double RateLimiter::capacity() const
{
    return m_algorithm == RateAlgorithm::TokenBucket ? double(m_burst) : double(m_limit);
}

void RateLimiter::refill(int64_t nowNs)
{
    if (nowNs > m_lastRefillNs) {
        m_tokens = std::min(double(m_burst), m_tokens + double(nowNs - m_lastRefillNs) * 1e-9 * m_rate);
        m_lastRefillNs = nowNs;
    }
}

void RateLimiter::rollWindow(int64_t nowNs)
{
    if (nowNs - m_windowStartNs >= m_windowNs) {
        m_windowStartNs += (nowNs - m_windowStartNs) / m_windowNs * m_windowNs;
        m_windowCount = 0;
    }
}

void RateLimiter::trimLog(int64_t nowNs)
{
    while (!m_log.empty() && m_log.front() <= nowNs - m_windowNs)
        m_log.pop_front();
    while (int64_t(m_log.size()) > m_limit) // after a live lowering of the rate
        m_log.pop_front();
}

RateLimiter::Decision RateLimiter::admit(int64_t nowNs)
{
    switch (m_algorithm) {
    case RateAlgorithm::None:
        return {};
    case RateAlgorithm::TokenBucket:
        refill(nowNs);
        if (m_tokens >= 1) {
            m_tokens -= 1;
            return {};
        }
        return {false, (1 - m_tokens) / m_rate};
    case RateAlgorithm::FixedWindow:
        rollWindow(nowNs);
        if (m_windowCount < m_limit) {
            ++m_windowCount;
            return {};
        }
        return {false, double(m_windowStartNs + m_windowNs - nowNs) * 1e-9};
    case RateAlgorithm::SlidingWindow:
        trimLog(nowNs);
        if (int64_t(m_log.size()) < m_limit) {
            m_log.push_back(nowNs);
            return {};
        }
        return {false, double(m_log.front() + m_windowNs - nowNs) * 1e-9};
    }
    return {};
}

double RateLimiter::level(int64_t nowNs)
{
    switch (m_algorithm) {
    case RateAlgorithm::None:
        return 0;
    case RateAlgorithm::TokenBucket:
        refill(nowNs);
        return m_tokens;
    case RateAlgorithm::FixedWindow:
        rollWindow(nowNs);
        return double(m_limit - m_windowCount);
    case RateAlgorithm::SlidingWindow:
        trimLog(nowNs);
        return double(m_limit - int64_t(m_log.size()));
    }
    return 0;
}

} // namespace looplab::labs::api
