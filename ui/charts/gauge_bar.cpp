#include "gauge_bar.h"

#include "axis_ticks.h"
#include "text_cache.h"
#include "theme.h"
#include "ui_text.h"

#include <QPainter>

#include <cmath>

namespace looplab::ui {

GaugeBar::GaugeBar(const QString& label, const QString& unit, QWidget* parent)
    : QWidget(parent)
    , m_label(label)
    , m_unit(unit)
    , m_color(Theme::current().seriesColor(0))
{ }

void GaugeBar::setColor(const QColor& c)
{
    m_color = c;
    m_colorIndex = Theme::current().seriesColorIndex(c);
    update();
}

void GaugeBar::setValue(double v)
{
    if (m_frozen)
        return;
    m_value = v;
    if (std::isfinite(v))
        m_peak = std::max(m_peak, v);
    m_refresh.request();
}

QSize GaugeBar::sizeHint() const
{
    const Theme& t = Theme::current();
    return {200, QFontMetrics(t.axisFont()).height() + QFontMetrics(t.headlineFont()).height() + 18};
}

QSize GaugeBar::minimumSizeHint() const
{
    return {140, sizeHint().height()};
}

void GaugeBar::paintEvent(QPaintEvent*)
{
    const Theme& t = Theme::current();
    QPainter p(this);
    p.fillRect(rect(), t.background);
    const QFontMetrics lfm(t.axisFont()), hfm(t.headlineFont());
    p.setFont(t.axisFont());
    p.setPen(t.mutedText);
    textcache::draw(p, QRect(8, 2, width() - 16, lfm.height()), Qt::AlignLeft | Qt::AlignVCenter, m_label);
    p.setFont(t.headlineFont());
    const bool alert = std::isfinite(m_value) && m_value >= m_threshold;
    p.setPen(alert ? t.alert : t.text);
    const QString text = std::isfinite(m_value) ? formatValue(m_value, m_unit) : QStringLiteral("–");
    textcache::draw(p, QRect(8, 2 + lfm.height(), width() - 16, hfm.height()), Qt::AlignLeft | Qt::AlignVCenter, text);

    const double max = m_max > 0 ? m_max : niceCeil(std::max(m_peak, 1.0));
    const QRect bar(8, height() - 10, width() - 16, 6);
    p.fillRect(bar, t.idleFill);
    if (std::isfinite(m_value) && max > 0) {
        const double f = std::clamp(m_value / max, 0.0, 1.0);
        p.fillRect(QRect(bar.left(), bar.top(), int(bar.width() * f), bar.height()),
            alert ? t.alert : (m_colorIndex >= 0 ? t.seriesColor(m_colorIndex) : m_color));
    }
    // The scale ("of 100 ms") only where it fits beside the label (large presenter fonts).
    const QString of = tr("of %1").arg(formatValue(max, m_unit));
    if (lfm.horizontalAdvance(m_label) + lfm.horizontalAdvance(of) + 12 <= width() - 16) {
        p.setFont(t.axisFont());
        p.setPen(t.mutedText);
        textcache::draw(p, QRect(8, 2, width() - 16, lfm.height()), Qt::AlignRight | Qt::AlignVCenter, of);
    }
}

} // namespace looplab::ui
