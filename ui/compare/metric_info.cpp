#include "metric_info.h"

#include <QStringList>

#include <cmath>

namespace looplab::ui::compare {

namespace {
bool anyOf(const QString& s, std::initializer_list<const char*> words, bool exact)
{
    for (const char* w : words)
        if (exact ? s == QLatin1String(w) : s.contains(QLatin1String(w)))
            return true;
    return false;
}
} // namespace

MetricInfo metricInfo(const QString& name)
{
    // Per-stage pipeline metrics are "STAGE.metric": the last part carries the meaning.
    const QString m = name.section(QLatin1Char('.'), -1);
    MetricInfo info;
    if (m.endsWith(QLatin1String("_us_per_task")))
        info.unit = QStringLiteral("µs");
    else if (m.endsWith(QLatin1String("_per_s")) || m.startsWith(QLatin1String("rps_")) || m == QLatin1String("qps"))
        info.unit = QStringLiteral("1/s");
    else if (m.endsWith(QLatin1String("_ms")))
        info.unit = QStringLiteral("ms");
    else if (m.endsWith(QLatin1String("_s")))
        info.unit = QStringLiteral("s");
    else if (m.endsWith(QLatin1String("_pct")))
        info.unit = QStringLiteral("%");
    else if (m == QLatin1String("speedup"))
        info.unit = QStringLiteral("×");
    else if (anyOf(m, {"_share", "_ratio", "utilization", "recall"}, false))
        info.unit = QStringLiteral("0–1");

    if (anyOf(m,
            {"speedup", "throughput_per_s", "qps", "rps_served", "completed", "tasks_completed", "items_completed",
                "queries_completed", "items_done", "cache_hit_ratio", "recall_at_k"},
            true))
        info.better = Better::Higher;
    else if (anyOf(m,
                 {"latency", "lag", "wait", "tick_busy", "failed", "cancelled", "lost_updates", "errors", "timeouts",
                     "dropped", "restarts", "rps_5xx", "rps_429", "ipc_us", "slow_callbacks"},
                 false)
        || anyOf(m, {"wall_s", "W_ms", "index_build_s"}, true))
        info.better = Better::Lower;
    return info;
}

double compareRatio(double a, double b)
{
    if (!std::isfinite(a) || !std::isfinite(b))
        return std::nan("");
    if (a == 0)
        return b == 0 ? 1.0 : std::nan("");
    return b / a;
}

double tieTolerance(const MetricInfo& info)
{
    return info.unit == QStringLiteral("0–1") ? 0.01 : 0.0;
}

int betterSide(double a, double b, Better better, double absTolerance)
{
    if (better == Better::Unknown || !std::isfinite(a) || !std::isfinite(b))
        return 0;
    // Within 2 % of each other (relative to the larger magnitude) is a tie: run-to-run noise.
    const double scale = std::max(std::fabs(a), std::fabs(b));
    if (scale == 0 || std::fabs(b - a) <= std::max(0.02 * scale, absTolerance))
        return 0;
    const bool bHigher = b > a;
    return (better == Better::Higher) == bHigher ? 1 : -1;
}

} // namespace looplab::ui::compare
