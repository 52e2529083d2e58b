#include "vector_search_sweep.h"

#include "charts/axis_ticks.h"
#include "theme.h"
#include "ui_text.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

namespace {
const QString kRecall = QStringLiteral("recall_at_k");
const QString kLatencyP50 = QStringLiteral("latency_ms_p50");

// Values of `s` whose bin starts in [fromS, toS].
std::vector<double> valuesIn(const metrics::SeriesData* s, double fromS, double toS)
{
    std::vector<double> out;
    if (!s)
        return out;
    for (size_t i = 0; i < s->values.size(); ++i) {
        const double t = s->timeOf(i);
        if (t >= fromS && t <= toS && std::isfinite(s->values[i]))
            out.push_back(s->values[i]);
    }
    return out;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}
} // namespace

std::vector<int> ParameterSweep::powersOfTwo(int from, int max)
{
    std::vector<int> out;
    for (int v = std::max(1, from); v <= max; v *= 2)
        out.push_back(v);
    return out;
}

int ParameterSweep::start(const QString& path, const std::vector<int>& values, int original, double nowS)
{
    m_path = path;
    m_values = values.empty() ? std::vector<int>{original} : values;
    m_points.clear();
    m_original = original;
    m_step = 0;
    m_stepStart = nowS;
    m_running = true;
    m_message.clear();
    return m_values.front();
}

std::optional<int> ParameterSweep::advance(const metrics::LabSnapshot& lab, double nowS)
{
    if (!m_running)
        return std::nullopt;
    if (nowS < m_stepStart) // the run restarted underneath
        return abort(QCoreApplication::translate("ParameterSweep", "the run restarted"));
    if (nowS < m_stepStart + kStepS)
        return std::nullopt;
    const double from = m_stepStart + kSettleS;
    const auto recalls = valuesIn(lab.findSeries(kRecall), from, nowS);
    SweepPoint pt;
    pt.value = m_values[size_t(m_step)];
    pt.recall = recalls.empty() ? std::numeric_limits<double>::quiet_NaN() : recalls.back();
    pt.p50Ms = median(valuesIn(lab.findSeries(kLatencyP50), from, nowS));
    if (std::isfinite(pt.recall) && std::isfinite(pt.p50Ms))
        m_points.push_back(pt);
    if (++m_step < int(m_values.size())) {
        m_stepStart = nowS;
        return m_values[size_t(m_step)];
    }
    m_running = false;
    m_message = QCoreApplication::translate("ParameterSweep", "done: %n values measured", "", int(m_points.size()));
    return m_original;
}

std::optional<int> ParameterSweep::abort(const QString& why)
{
    if (!m_running)
        return std::nullopt;
    m_running = false;
    m_message = QCoreApplication::translate("ParameterSweep", "stopped: %1").arg(why);
    return m_original;
}

// ---------------------------------------------------------------------------------------------

SweepPlot::SweepPlot(const QString& title, QWidget* parent)
    : PaintedChart(title, parent)
{ }

void SweepPlot::setPoints(const std::vector<SweepPoint>& points, const QString& parameter)
{
    m_points = points;
    m_parameter = parameter;
    update();
}

void SweepPlot::paintHeader(QPainter& p, const QRect& area)
{
    if (m_points.empty())
        return;
    const Theme& t = Theme::current();
    p.setFont(t.axisFont());
    p.setPen(t.mutedText);
    const QString text = tr("%1 values of %2").arg(m_points.size()).arg(m_parameter);
    p.drawText(area, Qt::AlignRight | Qt::AlignVCenter,
        QFontMetrics(t.axisFont()).elidedText(text, Qt::ElideRight, area.width()));
}

bool SweepPlot::paintContent(QPainter& p, const QRect& area)
{
    if (m_points.empty())
        return false;
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const QFontMetrics titleFm(t.axisTitleFont());
    const int axisW = fm.horizontalAdvance(QStringLiteral("0.99")) + titleFm.height() + 14;
    const QRect plot(area.left() + axisW, area.top() + fm.height() + 4, area.width() - axisW - 24,
        area.height() - fm.height() - 4 - timeAxisHeight());
    if (plot.width() < 60 || plot.height() < 40)
        return false;

    // Axes: recall from a round floor below the lowest point up to 1; latency from 0.
    double minRecall = 1, maxLat = 0;
    for (const SweepPoint& s : m_points) {
        minRecall = std::min(minRecall, s.recall);
        maxLat = std::max(maxLat, s.p50Ms);
    }
    const double yLo = std::max(0.0, std::floor((minRecall - 0.05) * 10) / 10);
    const double yHi = 1.0;
    const double xHi = niceCeil(maxLat * 1.1);
    auto xOf = [&](double v) { return plot.left() + v / xHi * plot.width(); };
    auto yOf = [&](double v) { return plot.bottom() - (v - yLo) / (yHi - yLo) * plot.height(); };

    p.setFont(t.axisFont());
    const int yTicks = std::max(2, plot.height() / 40);
    const double yStep = niceStep(yHi - yLo, yTicks);
    for (double v : linearTicks(yLo, yHi, yTicks)) {
        const int y = int(yOf(v));
        p.setPen(t.grid);
        p.drawLine(plot.left(), y, plot.right(), y);
        p.setPen(t.text);
        p.drawText(QRect(area.left(), y - fm.height() / 2, axisW - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
            tickLabel(v, yStep));
    }
    const int xTicks = std::max(2, plot.width() / 90);
    const double xStep = niceStep(xHi, xTicks);
    for (double v : linearTicks(0, xHi, xTicks)) {
        const int x = int(xOf(v));
        p.setPen(t.grid);
        p.drawLine(x, plot.top(), x, plot.bottom());
        p.setPen(t.text);
        const QString label = tickLabel(v, xStep);
        const int w = fm.horizontalAdvance(label);
        p.drawText(QRect(x - w / 2 - 2, plot.bottom() + 5, w + 4, fm.height()), Qt::AlignCenter, label);
    }
    p.setPen(t.axis);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    // Axis titles.
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    p.drawText(QRect(plot.left(), plot.bottom() + 5 + fm.height(), plot.width(), titleFm.height()),
        Qt::AlignHCenter | Qt::AlignTop, labelWithUnit(tr("latency p50"), QStringLiteral("ms")));
    p.save();
    p.translate(area.left() + 2, plot.center().y());
    p.rotate(-90);
    p.drawText(QRect(-plot.height() / 2, 0, plot.height(), titleFm.height()), Qt::AlignCenter, tr("recall@k"));
    p.restore();

    // The curve, then the points with their value.
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor c = t.seriesColor(0);
    QPainterPath path;
    for (size_t i = 0; i < m_points.size(); ++i) {
        const QPointF pt(xOf(m_points[i].p50Ms), yOf(m_points[i].recall));
        if (i == 0)
            path.moveTo(pt);
        else
            path.lineTo(pt);
    }
    p.setPen(QPen(c, 2 * t.lineScale()));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setFont(t.axisFont());
    const double r = 4 * std::max(1.0, t.lineScale());
    for (const SweepPoint& s : m_points) {
        const QPointF pt(xOf(s.p50Ms), yOf(s.recall));
        p.setPen(QPen(t.background, 1.5));
        p.setBrush(c);
        p.drawEllipse(pt, r, r);
        p.setPen(t.text);
        const QString label = QString::number(s.value);
        // Left of points near the right edge, right of the others; below points near the top.
        const int w = fm.horizontalAdvance(label);
        const double lx = pt.x() + w + r + 6 > plot.right() ? pt.x() - w - r - 4 : pt.x() + r + 3;
        const double ly = pt.y() - r - 2 < plot.top() + fm.height() ? pt.y() + r + fm.ascent() : pt.y() - r - 2;
        p.drawText(QPointF(lx, ly), label);
    }
    return true;
}

} // namespace looplab::ui
