#include "series_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace looplab::ui {

double lastFinite(const metrics::SeriesData* s)
{
    if (!s)
        return std::numeric_limits<double>::quiet_NaN();
    for (size_t i = s->values.size(); i-- > 0;)
        if (std::isfinite(s->values[i]))
            return s->values[i];
    return std::numeric_limits<double>::quiet_NaN();
}

void smoothRate(const metrics::SeriesData& in, double windowS, metrics::SeriesData& out)
{
    out.name = in.name;
    out.unit = in.unit;
    out.kind = in.kind;
    out.startNs = in.startNs;
    out.binNs = in.binNs;
    const size_t n = in.values.size();
    out.values.resize(n);
    const size_t k = std::max<size_t>(1, size_t(std::llround(windowS * 1e9 / double(std::max<int64_t>(1, in.binNs)))));
    auto at = [&](size_t i) { return std::isfinite(in.values[i]) ? in.values[i] : 0.0; };
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        sum += at(i);
        if (i >= k)
            sum -= at(i - k);
        out.values[i] = std::max(0.0, sum / double(std::min(i + 1, k)));
    }
}

} // namespace looplab::ui
