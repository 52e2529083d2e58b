#include "view_window.h"

#include "charts/axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace looplab::ui {

ViewWindow liveViewWindow(double nowS, double windowS, double plannedS, bool running)
{
    if (!running)
        return {0, std::max(nowS, 1.0)};
    const double span = std::min(windowS, plannedS > 0 ? plannedS : windowS);
    if (nowS <= span)
        return {0, span};
    const double step = niceStep(span, 6);
    const double to = std::ceil(nowS / step) * step;
    return {to - span, to};
}

} // namespace looplab::ui
