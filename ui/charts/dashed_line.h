#pragma once
// Dashed horizontal and vertical lines (marks, thresholds, percentiles) filled as rectangles.
// Stroking a dashed pen wider than a pixel goes through QDashStroker and QStroker on every paint:
// two thirds of a chart's marks under saturation (issue 18); the rectangles are plain fills.
// They are Qt::DashLine as a QPen(colour, width, Qt::DashLine) drew it, square caps included:
// a dash of 4 widths, each end stretched by half a width, every 6 widths.
#include <QColor>
#include <QPainter>
#include <QPointF>
#include <QRectF>

#include <algorithm>
#include <vector>

namespace looplab::ui {

// From `a` to `b`, which share an x (vertical) or a y (horizontal); any other line is stroked
// with the dashed pen as before. Leaves the painter without a pen and with `color` as its brush.
inline void paintDashedLine(QPainter& p, QPointF a, QPointF b, const QColor& color, qreal width)
{
    const bool vertical = a.x() == b.x();
    if ((!vertical && a.y() != b.y()) || !(width > 0)) {
        p.setPen(QPen(color, width, Qt::DashLine));
        p.drawLine(a, b);
        return;
    }
    const qreal from = vertical ? std::min(a.y(), b.y()) : std::min(a.x(), b.x());
    const qreal to = (vertical ? std::max(a.y(), b.y()) : std::max(a.x(), b.x())) + width / 2;
    thread_local std::vector<QRectF> dashes;
    dashes.clear();
    for (qreal s = from - width / 2; s < to; s += 6 * width) {
        const qreal len = std::min(5 * width, to - s);
        dashes.push_back(
            vertical ? QRectF(a.x() - width / 2, s, width, len) : QRectF(s, a.y() - width / 2, len, width));
    }
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawRects(dashes.data(), int(dashes.size()));
}

} // namespace looplab::ui
