#include "histogram.h"

#include <algorithm>

namespace looplab::metrics {

int LogLinearHistogram::bucketOf(double v) noexcept
{
    if (!(v > 0))
        return 0;
    int exp = 0;
    const double mant = std::frexp(v, &exp); // v = mant * 2^exp, mant in [0.5, 1)
    if (exp <= kMinExp)
        return 0;
    if (exp > kMaxExp)
        return kBuckets - 1;
    const int sub = std::clamp(int((mant - 0.5) * 2 * kSub), 0, kSub - 1);
    return 1 + (exp - kMinExp - 1) * kSub + sub;
}

double LogLinearHistogram::bucketLow(int b) noexcept
{
    if (b <= 0)
        return 0;
    const int exp = (b - 1) / kSub + kMinExp + 1;
    const int sub = (b - 1) % kSub;
    return std::ldexp(0.5 + double(sub) / (2 * kSub), exp);
}

double LogLinearHistogram::bucketHigh(int b) noexcept
{
    if (b <= 0)
        return std::ldexp(0.5, kMinExp + 1);
    const int exp = (b - 1) / kSub + kMinExp + 1;
    const int sub = (b - 1) % kSub;
    return std::ldexp(0.5 + double(sub + 1) / (2 * kSub), exp);
}

void LogLinearHistogram::add(double v) noexcept
{
    if (std::isnan(v))
        return;
    ++m_counts[size_t(bucketOf(v))];
    ++m_count;
    m_sum += v;
    m_min = std::min(m_min, v);
    m_max = std::max(m_max, v);
}

void LogLinearHistogram::merge(const LogLinearHistogram& other) noexcept
{
    if (!other.m_count)
        return;
    for (size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_count += other.m_count;
    m_sum += other.m_sum;
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
}

void LogLinearHistogram::clear() noexcept
{
    if (!m_count)
        return;
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_count = 0;
    m_sum = 0;
    m_min = std::numeric_limits<double>::infinity();
    m_max = -std::numeric_limits<double>::infinity();
}

double LogLinearHistogram::quantile(double q) const noexcept
{
    if (!m_count)
        return 0;
    q = std::clamp(q, 0.0, 1.0);
    // Rank of the wanted sample (1-based), nearest-rank definition.
    const uint64_t rank = std::max<uint64_t>(1, uint64_t(std::ceil(q * double(m_count))));
    uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        const uint64_t c = m_counts[size_t(b)];
        if (!c)
            continue;
        if (seen + c >= rank) {
            // Interpolate inside the bucket, then clamp to what was really seen.
            const double frac = double(rank - seen) / double(c);
            const double v = bucketLow(b) + frac * (bucketHigh(b) - bucketLow(b));
            return std::clamp(v, m_min, m_max);
        }
        seen += c;
    }
    return m_max;
}

std::vector<LogLinearHistogram::Bucket> LogLinearHistogram::buckets() const
{
    std::vector<Bucket> out;
    for (int b = 0; b < kBuckets; ++b)
        if (const uint64_t c = m_counts[size_t(b)])
            out.push_back({bucketLow(b), bucketHigh(b), c});
    return out;
}

} // namespace looplab::metrics
