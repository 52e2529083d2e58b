#include "axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace looplab::ui {

double niceStep(double range, int targetTicks)
{
    if (!(range > 0) || targetTicks < 1)
        return 1;
    const double raw = range / targetTicks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    const double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10; // nearest, not next above
    return nice * mag;
}

std::vector<double> linearTicks(double lo, double hi, int targetTicks)
{
    std::vector<double> out;
    if (!(hi > lo))
        return out;
    const double step = niceStep(hi - lo, targetTicks);
    for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
        out.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    return out;
}

std::vector<double> logTicks(double lo, double hi, int targetTicks)
{
    std::vector<double> out;
    if (!(lo > 0) || !(hi > lo))
        return out;
    const int e0 = int(std::floor(std::log10(lo)));
    const int e1 = int(std::ceil(std::log10(hi)));
    const int decades = std::max(1, e1 - e0);
    // Many decades: only powers of ten; few: 1, 2, 5.
    const bool fine = decades <= 3 || decades * 3 <= targetTicks * 1.5;
    for (int e = e0; e <= e1; ++e) {
        const double base = std::pow(10.0, e);
        for (double m : {1.0, 2.0, 5.0}) {
            if (!fine && m != 1.0)
                continue;
            const double t = m * base;
            if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9))
                out.push_back(t);
        }
    }
    return out;
}

std::vector<AxisTick> fittingLogTicks(double lo, double hi, double length, const std::function<double(double)>& pos,
    const std::function<double(const QString&)>& extent, double gap)
{
    if (!(lo > 0) || !(hi > lo) || !(length > 0))
        return {};
    const int e0 = int(std::floor(std::log10(lo))), e1 = int(std::ceil(std::log10(hi)));
    auto layout = [&](const std::vector<double>& values) {
        std::vector<AxisTick> out;
        for (double v : values) {
            const QString label = tickLabel(v, v);
            const double half = extent(label) / 2;
            out.push_back({v, label, std::clamp(pos(v), half, std::max(half, length - half))});
        }
        return out;
    };
    auto fits = [&](const std::vector<AxisTick>& ticks) {
        for (size_t i = 0; i < ticks.size(); ++i) {
            const double half = extent(ticks[i].label) / 2;
            if (2 * half > length)
                return false;
            if (i > 0 && ticks[i].centre - half < ticks[i - 1].centre + extent(ticks[i - 1].label) / 2 + gap)
                return false;
        }
        return true;
    };
    auto inRange = [&](double t) { return t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9); };
    // Coarser and coarser: level 0 is 1-2-5, level k ≥ 1 every k-th decade.
    std::vector<double> last;
    for (int every = 0; every <= e1 - e0 + 1; ++every) {
        std::vector<double> values;
        for (int e = e0; e <= e1; ++e) {
            if (every > 1 && ((e % every) + every) % every != 0)
                continue;
            for (double m : {1.0, 2.0, 5.0})
                if ((every == 0 || m == 1.0) && inRange(m * std::pow(10.0, e)))
                    values.push_back(m * std::pow(10.0, e));
        }
        if (values.empty())
            break;
        const auto ticks = layout(values);
        if (fits(ticks))
            return ticks;
        last = values;
    }
    // Not even the coarsest spacing fits: the one tick nearest the middle, if its label fits.
    if (last.empty())
        return {};
    const double mid = length / 2;
    const double v = *std::min_element(last.begin(), last.end(),
        [&](double a, double b) { return std::fabs(pos(a) - mid) < std::fabs(pos(b) - mid); });
    auto one = layout({v});
    return fits(one) ? one : std::vector<AxisTick>{};
}

double niceCeil(double v)
{
    if (!(v > 0) || !std::isfinite(v))
        return 1;
    const double mag = std::pow(10.0, std::floor(std::log10(v)));
    const double f = v / mag;
    for (double n : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
        if (f <= n + 1e-9)
            return n * mag;
    return 10 * mag;
}

QString tickLabel(double v, double step)
{
    // Steps of thousands or millions: 1k, 2.5k, 10k; 2M. A finer step keeps every digit (9500,
    // 10000, 10500), so neighbouring labels read alike.
    if (v == 0)
        return QStringLiteral("0");
    if (step >= 1e6)
        return QString::number(v / 1e6, 'g', 6) + QStringLiteral("M");
    if (step >= 1e3)
        return QString::number(v / 1e3, 'g', 6) + QStringLiteral("k");
    int decimals = 0;
    if (step > 0 && step < 1)
        decimals = std::min(6, int(std::ceil(-std::log10(step) - 1e-9)));
    QString s = QString::number(v, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

} // namespace looplab::ui
