#pragma once
// Tick placement for the QPainter charts: "nice" steps (1, 2, 5 × 10^k) for linear axes and
// decades for logarithmic ones.
#include <QString>
#include <vector>

namespace looplab::ui {

double niceStep(double range, int targetTicks);
// Ticks k * step within [lo, hi].
std::vector<double> linearTicks(double lo, double hi, int targetTicks);
// 1, 2, 5 × 10^k within [lo, hi] (lo > 0), thinned to about targetTicks.
std::vector<double> logTicks(double lo, double hi, int targetTicks);
// A round upper bound for an axis showing values up to v (0 → 1).
double niceCeil(double v);
// Tick label without trailing zeros: 0.5, 2, 1000, 12.5
QString tickLabel(double v, double step);

} // namespace looplab::ui
