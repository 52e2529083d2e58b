#pragma once
// What a summary metric's name says about it: its unit and, where there is one, which way is
// better (throughput up, latency down). Names are summary.json's ("lag_p99_ms", "speedup",
// "fetch.wait_p99_ms"); a name that says nothing clear gets no direction — no colour beats a
// wrong colour.
#include <QString>

namespace looplab::ui::compare {

enum class Better { Unknown, Higher, Lower };

struct MetricInfo {
    QString unit; // "ms", "1/s", "×", "0–1", "" (a count)
    Better better = Better::Unknown;
};

MetricInfo metricInfo(const QString& name);

// B / A. NaN when either is NaN or when A is 0 and B is not (no finite ratio); 1 when both are 0.
double compareRatio(double a, double b);

// Which run did better: +1 B, -1 A, 0 the same (within 2 %, or within `absTolerance`), unknown
// direction, or no numbers.
int betterSide(double a, double b, Better better, double absTolerance = 0);
// The tie tolerance of a metric: shares (0–1) closer than 0.01 are the same however small they
// are (0.00001 vs 0.000006 GIL waits are both "none").
double tieTolerance(const MetricInfo& info);

} // namespace looplab::ui::compare
