#include "axis_ticks.h"

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
    if (std::fabs(v) >= 1e4 && std::fmod(v, 1000) == 0)
        return QString::number(v / 1000, 'g', 6) + QStringLiteral("k");
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
