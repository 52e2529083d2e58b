#include "decimate.h"

#include <algorithm>
#include <cmath>

namespace looplab::ui {

DecimateStats decimateMinMax(
    const double* y, size_t n, double x0, double dx, double from, double to, int buckets, QList<QPointF>& out)
{
    DecimateStats stats;
    if (n == 0 || dx <= 0 || !(to > from) || buckets <= 0)
        return stats;
    // Index range covering [from, to] with one neighbour each side.
    const double fi = std::floor((from - x0) / dx) - 1;
    const double li = std::ceil((to - x0) / dx) + 1;
    const size_t first = fi <= 0 ? 0 : std::min(n, size_t(fi));
    const size_t last = li < 0 ? 0 : std::min(n, size_t(li) + 1); // exclusive
    if (first >= last)
        return stats;

    const double perBucket = (to - from) / double(buckets);
    // Fast path: fewer points than buckets — nothing to thin.
    const bool thin = double(last - first) > 2.0 * buckets;

    stats.yMin = std::numeric_limits<double>::infinity();
    stats.yMax = -std::numeric_limits<double>::infinity();
    long curBucket = std::numeric_limits<long>::min();
    size_t minI = 0, maxI = 0;
    bool open = false;
    auto flush = [&] {
        if (!open)
            return;
        const size_t a = std::min(minI, maxI), b = std::max(minI, maxI);
        out.append(QPointF(x0 + double(a) * dx, y[a]));
        if (b != a)
            out.append(QPointF(x0 + double(b) * dx, y[b]));
        open = false;
    };
    for (size_t i = first; i < last; ++i) {
        const double v = y[i];
        if (!std::isfinite(v))
            continue;
        const double x = x0 + double(i) * dx;
        if (x >= from && x <= to) {
            stats.yMin = std::min(stats.yMin, v);
            stats.yMax = std::max(stats.yMax, v);
            stats.any = true;
        }
        if (!thin) {
            out.append(QPointF(x, v));
            continue;
        }
        const long bucket = long(std::floor((x - from) / perBucket));
        if (bucket != curBucket) {
            flush();
            curBucket = bucket;
            minI = maxI = i;
            open = true;
        } else {
            if (v < y[minI])
                minI = i;
            if (v > y[maxI])
                maxI = i;
        }
    }
    flush();
    if (!stats.any)
        stats.yMin = stats.yMax = 0;
    return stats;
}

DecimateStats decimateSeries(const metrics::SeriesData& s, double fromS, double toS, int buckets, QList<QPointF>& out)
{
    const double binS = double(s.binNs) * 1e-9;
    const double x0 = double(s.startNs) * 1e-9 + binS / 2;
    return decimateMinMax(s.values.data(), s.values.size(), x0, binS, fromS, toS, buckets, out);
}

} // namespace looplab::ui
