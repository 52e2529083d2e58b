#pragma once
// Log-linear histogram (HDR-style): each power of two is split into 32 linear sub-buckets, so a
// reported percentile is within ~3 % of the true value, and is clamped to [min, max] so a p99 can
// never exceed the max. Fixed memory whatever the number of samples.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace looplab::metrics {

class LogLinearHistogram
{
public:
    static constexpr int kSubBits = 5;
    static constexpr int kSub = 1 << kSubBits;
    static constexpr int kMinExp = -20; // values below 2^-20 (~1e-6 of the unit) fold into bucket 0
    static constexpr int kMaxExp = 44;
    static constexpr int kBuckets = (kMaxExp - kMinExp) * kSub + 1;

    void add(double v) noexcept;
    void merge(const LogLinearHistogram& other) noexcept;
    void clear() noexcept;

    uint64_t count() const noexcept { return m_count; }
    double min() const noexcept { return m_count ? m_min : 0.0; }
    double max() const noexcept { return m_count ? m_max : 0.0; }
    double mean() const noexcept { return m_count ? m_sum / double(m_count) : 0.0; }
    double sum() const noexcept { return m_sum; }
    // q in [0, 1]
    double quantile(double q) const noexcept;

    // Non-empty buckets as (lower bound, upper bound, count), for histogram views.
    struct Bucket {
        double lo, hi;
        uint64_t count;
    };
    std::vector<Bucket> buckets() const;

    static int bucketOf(double v) noexcept;
    static double bucketLow(int b) noexcept;
    static double bucketHigh(int b) noexcept;

private:
    std::vector<uint64_t> m_counts = std::vector<uint64_t>(kBuckets, 0);
    uint64_t m_count = 0;
    double m_sum = 0;
    double m_min = std::numeric_limits<double>::infinity();
    double m_max = -std::numeric_limits<double>::infinity();
};

} // namespace looplab::metrics
