#include "painted_chart.h"

#include "axis_ticks.h"
#include "text_cache.h"
#include "theme.h"

#include <QPainter>

namespace looplab::ui {

PaintedChart::PaintedChart(const QString& title, QWidget* parent) : QWidget(parent), m_title(title)
{
    m_placeholder = tr("waiting for data…");
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
}

void PaintedChart::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void PaintedChart::paintEvent(QPaintEvent*)
{
    const Theme& t = Theme::current();
    QPainter p(this);
    p.fillRect(rect(), t.background);
    const QFontMetrics tfm(t.titleFont());
    const int headerH = tfm.height() + 6;
    p.setFont(t.titleFont());
    p.setPen(t.text);
    const int titleW = textcache::advanceInt(m_title, t.titleFont());
    textcache::draw(p, QRect(8, 3, titleW + 4, headerH), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    paintHeader(p, QRect(8 + titleW + 20, 3, width() - titleW - 36, headerH));
    const QRect area(0, headerH + 4, width(), height() - headerH - 4);
    p.save();
    const bool painted = paintContent(p, area);
    p.restore();
    if (!painted) {
        p.setPen(t.mutedText);
        p.setFont(t.baseFont());
        p.drawText(area.adjusted(12, 4, -12, -4), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    }
}

int PaintedChart::timeAxisHeight()
{
    const Theme& t = Theme::current();
    return QFontMetrics(t.axisFont()).height() + QFontMetrics(t.axisTitleFont()).height() + 8;
}

void PaintedChart::paintTimeAxis(QPainter& p, const QRect& plot, double fromS, double toS) const
{
    const Theme& t = Theme::current();
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(t.axis);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    if (toS > fromS) {
        const int target = std::max(3, plot.width() / 110);
        const double step = niceStep(toS - fromS, target);
        p.setFont(t.axisFont());
        const QFontMetrics fm(t.axisFont());
        for (double v : linearTicks(fromS, toS, target)) {
            const int x = plot.left() + int((v - fromS) / (toS - fromS) * plot.width());
            p.setPen(t.axis);
            p.drawLine(x, plot.bottom(), x, plot.bottom() + 4);
            p.setPen(t.text);
            const QString label = tickLabel(v, step);
            const int w = textcache::advanceInt(label, t.axisFont());
            textcache::draw(p, QRect(x - w / 2 - 2, plot.bottom() + 5, w + 4, fm.height()), Qt::AlignCenter, label);
        }
    }
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    const QFontMetrics fm(t.axisFont());
    textcache::draw(p,
        QRect(plot.left(), plot.bottom() + 5 + fm.height(), plot.width(), QFontMetrics(t.axisTitleFont()).height()),
        Qt::AlignHCenter | Qt::AlignTop, tr("time (s)"));
    p.restore();
}

int PaintedChart::paintSwatch(QPainter& p, int x, int yCenter, const QColor& color, const QString& label)
{
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const int s = fm.height() - 4;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(QRect(x, yCenter - s / 2, s, s), color);
    p.setPen(t.axis);
    p.drawRect(QRect(x, yCenter - s / 2, s, s));
    p.setPen(t.text);
    p.setFont(t.axisFont());
    const int w = textcache::advanceInt(label, t.axisFont());
    textcache::draw(
        p, QRect(x + s + 4, yCenter - fm.height() / 2, w + 2, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, label);
    p.restore();
    return x + s + 4 + w + 14;
}

} // namespace looplab::ui
