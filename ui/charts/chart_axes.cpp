#include "chart_axes.h"

#include "painted_chart.h"
#include "text_cache.h"
#include "theme.h"

#include <QPainter>

#include <cmath>
#include <limits>

namespace looplab::ui {

namespace {
// Tick marks outward from the axis line, and the gap between a tick and its label: Qt Charts'
// label padding, so the axes look as they did when it drew them.
constexpr double kTick = 5;
constexpr double kGap = 1;
// The least room between two neighbouring labels of an axis.
constexpr double kLabelGap = 4;

// Sets `field` to `value`; whether that changed it.
template <typename T> bool assign(T& field, const T& value)
{
    if (field == value)
        return false;
    field = value;
    return true;
}

std::vector<double> tickValues(const AxisRange& a)
{
    std::vector<double> out;
    if (!(a.hi > a.lo) || !(a.step > 0))
        return out;
    const double first = std::ceil(a.lo / a.step - 1e-9), last = std::floor(a.hi / a.step + 1e-9);
    if (last - first > 1000) // a step far too fine for any axis: draw none rather than thousands
        return out;
    for (double k = first; k <= last; ++k) {
        const double v = k * a.step;
        out.push_back(std::fabs(v) < a.step * 1e-9 ? 0.0 : v); // never "-0"
    }
    return out;
}
} // namespace

QString ChartAxes::tickText(double v)
{
    return QString::number(v, 'g', 6);
}

bool ChartAxes::setX(const AxisRange& x, bool unitOnLabels)
{
    // `|`, not `||`: both are assigned.
    return markDirty(assign(m_x, x) | assign(m_unitOnLabels, unitOnLabels));
}

bool ChartAxes::setY(const AxisRange& y)
{
    return markDirty(assign(m_y, y));
}

bool ChartAxes::setTitles(const QString& xTitle, const QString& yTitle)
{
    return markDirty(assign(m_xTitle, xTitle) | assign(m_yTitle, yTitle));
}

bool ChartAxes::setArea(const QRectF& area, const QRectF& bounds)
{
    return markDirty(assign(m_area, area) | assign(m_bounds, bounds));
}

bool ChartAxes::markDirty(bool changed)
{
    m_dirty = m_dirty || changed;
    return changed;
}

void ChartAxes::layout()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    ++m_revision;
    const Theme& t = Theme::current();
    const QFont font = t.axisFont();
    const double labelH = QFontMetricsF(font).height();
    const bool xTitle = !m_unitOnLabels && !m_xTitle.isEmpty();

    // Vertically: half a label's height above the plot (the top y label is centred on its edge);
    // below it the ticks, the x labels and the x title (in the label font: see applyTheme()).
    const double top = std::ceil(m_area.top() + labelH / 2);
    const double bottom = std::floor(m_area.bottom() - kTick - kGap - labelH - (xTitle ? labelH + 1 : 0) - 1);
    const double plotH = std::max(1.0, bottom - top);

    // The y labels, and the title beside them: wrapped into lines when the axis is shorter.
    const std::vector<double> yValues = tickValues(m_y);
    double labelW = 0;
    std::vector<QString> yTexts;
    yTexts.reserve(yValues.size());
    for (double v : yValues) {
        yTexts.push_back(tickText(v));
        labelW = std::max(labelW, textcache::advance(yTexts.back(), font));
    }
    m_yTitleLines = m_yTitle.isEmpty() ? QStringList() : PaintedChart::verticalTitleLines(m_yTitle, int(plotH) - 4);
    const double titleW = PaintedChart::verticalTitleWidth(m_yTitleLines);
    const double left = std::ceil(m_area.left() + titleW + (titleW > 0 ? 4 : 0) + labelW + kGap + kTick);
    const double right = std::max(left + 1, std::floor(m_area.right()));
    m_plot = QRectF(QPointF(left, top), QPointF(right, top + plotH));

    // Each label centred on its tick, pushed inside the chart; one that would touch the label
    // before it is left out (its grid line stays).
    m_yTickPx.clear();
    m_yLabels.clear();
    double lastTop = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < yValues.size(); ++i) {
        const double y = m_plot.bottom() - (yValues[i] - m_y.lo) / (m_y.hi - m_y.lo) * m_plot.height();
        m_yTickPx.push_back(y);
        const double w = textcache::advance(yTexts[i], font);
        QRectF box(m_plot.left() - kTick - kGap - w, y - labelH / 2, w, labelH);
        if (box.top() < m_bounds.top())
            box.moveTop(m_bounds.top());
        if (box.bottom() > lastTop - 1)
            continue;
        lastTop = box.top();
        m_yLabels.push_back({yTexts[i], box});
    }
    m_xTickPx.clear();
    m_xLabels.clear();
    double lastRight = -std::numeric_limits<double>::infinity();
    for (double v : tickValues(m_x)) {
        const double x = m_plot.left() + (v - m_x.lo) / (m_x.hi - m_x.lo) * m_plot.width();
        m_xTickPx.push_back(x);
        // The symbol in every language, as on Qt Charts' labels before.
        const QString text = m_unitOnLabels ? tickText(v) + QStringLiteral(" s") : tickText(v);
        const double w = textcache::advance(text, font);
        QRectF box(x - w / 2, m_plot.bottom() + kTick + kGap, w, labelH);
        if (box.left() < m_bounds.left())
            box.moveLeft(m_bounds.left());
        if (box.right() > m_bounds.right())
            box.moveRight(m_bounds.right());
        if (box.left() < lastRight + kLabelGap)
            continue;
        lastRight = box.right();
        m_xLabels.push_back({text, box});
    }
    if (xTitle) {
        const double w = std::max(m_plot.width(), textcache::advance(m_xTitle, font));
        m_xTitleBox = QRectF(m_plot.center().x() - w / 2, m_plot.bottom() + kTick + kGap + labelH + 1, w, labelH);
    } else {
        m_xTitleBox = QRectF();
    }
}

void ChartAxes::paint(QPainter& p)
{
    layout();
    const Theme& t = Theme::current();
    const QRectF& r = m_plot;
    p.save();
    // One-pixel lines on whole pixels: crisp, and the raster engine's cosmetic-line fast path.
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(t.grid, 0));
    for (double x : m_xTickPx)
        p.drawLine(QPointF(std::round(x), r.top()), QPointF(std::round(x), r.bottom()));
    for (double y : m_yTickPx)
        p.drawLine(QPointF(r.left(), std::round(y)), QPointF(r.right(), std::round(y)));
    p.setPen(QPen(t.axis, 0));
    p.drawLine(r.bottomLeft(), r.topLeft());
    p.drawLine(r.bottomLeft(), r.bottomRight());
    for (double x : m_xTickPx)
        p.drawLine(QPointF(std::round(x), r.bottom()), QPointF(std::round(x), r.bottom() + kTick));
    for (double y : m_yTickPx)
        p.drawLine(QPointF(r.left() - kTick, std::round(y)), QPointF(r.left(), std::round(y)));

    p.setFont(t.axisFont());
    p.setPen(t.text);
    for (const std::vector<Label>* labels : {&m_xLabels, &m_yLabels})
        for (const Label& l : *labels)
            textcache::draw(p, l.box, Qt::AlignCenter, l.text);
    if (!m_xTitleBox.isNull()) {
        p.setPen(t.mutedText);
        textcache::draw(p, m_xTitleBox, Qt::AlignHCenter | Qt::AlignTop, m_xTitle);
    }
    if (!m_yTitleLines.isEmpty())
        PaintedChart::paintVerticalTitle(p, int(m_area.left()), int(r.center().y()), m_yTitleLines);
    p.restore();
}

} // namespace looplab::ui
