#pragma once
// Tick placement for the QPainter charts: "nice" steps (1, 2, 5 × 10^k) for linear axes and
// decades for logarithmic ones.
#include <QString>

#include <functional>
#include <vector>

namespace looplab::ui {

double niceStep(double range, int targetTicks);
// Ticks k * step within [lo, hi].
std::vector<double> linearTicks(double lo, double hi, int targetTicks);
// 1, 2, 5 × 10^k within [lo, hi] (lo > 0), thinned to about targetTicks.
std::vector<double> logTicks(double lo, double hi, int targetTicks);

// A log axis's ticks whose labels fit along `length` pixels without touching: 1, 2, 5 per
// decade; else decades only; else every 2nd, 3rd… decade (10^n with n a multiple of that
// step, so ticks stay put while the range moves). `pos(v)` is v's pixel along the
// axis from 0, `extent(label)` the label's size along it (its width, or its height on a vertical
// axis). Labels centred on their tick are pushed inside [0, length]; neighbours keep `gap` px.
// Never empty when [lo, hi] holds a power of ten, else at most the one label that fits.
struct AxisTick {
    double value;
    QString label;
    double centre; // where the label is centred, after pushing it inside the axis
};
std::vector<AxisTick> fittingLogTicks(double lo, double hi, double length, const std::function<double(double)>& pos,
    const std::function<double(const QString&)>& extent, double gap);
// A round upper bound for an axis showing values up to v (0 → 1).
double niceCeil(double v);
// Tick label without trailing zeros: 0.5, 2, 12.5, 800, and thousands and millions short when
// the step is that coarse: 1k, 2k, 10k, 3M (the unit is on the axis title).
QString tickLabel(double v, double step);

} // namespace looplab::ui
