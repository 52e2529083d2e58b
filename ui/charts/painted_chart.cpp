#include "painted_chart.h"

#include "axis_ticks.h"
#include "text_cache.h"
#include "theme.h"

#include <QPainter>
#include <QTextLayout>

namespace looplab::ui {

PaintedChart::PaintedChart(const QString& title, QWidget* parent)
    : QWidget(parent)
    , m_title(title)
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
    // A title wider than a narrow chart wraps (never elided); the header legend then has no room.
    const QStringList titleLines = wrapText(m_title, t.titleFont(), width() - 16);
    const int titleW = textcache::advanceInt(titleLines.value(0), t.titleFont());
    for (int i = 0; i < titleLines.size(); ++i)
        textcache::draw(p, QRect(8, 3 + i * tfm.height(), std::max(titleW + 4, width() - 16), headerH),
            Qt::AlignLeft | Qt::AlignVCenter, titleLines[i]);
    const int titleH = headerH + std::max(0, int(titleLines.size()) - 1) * tfm.height();
    if (titleLines.size() <= 1)
        paintHeader(p, QRect(8 + titleW + 20, 3, width() - titleW - 36, headerH));
    const QRect area(0, titleH + 4, width(), height() - titleH - 4);
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

void PaintedChart::paintLegend(QPainter& p, const QRect& area, const std::vector<LegendItem>& items)
{
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const int s = fm.height() - 4;
    auto itemW = [&](const QString& label) { return s + 4 + textcache::advanceInt(label, t.axisFont()) + 14; };
    auto labelOf
        = [](const LegendItem& it, bool brief) { return brief && !it.shortLabel.isEmpty() ? it.shortLabel : it.label; };
    for (bool brief : {false, true}) {
        int total = -14; // no gap after the last
        for (const LegendItem& it : items)
            total += itemW(labelOf(it, brief));
        if (total <= area.width() || brief) {
            int x = area.left();
            for (const LegendItem& it : items) {
                const QString label = labelOf(it, brief);
                if (x + itemW(label) - 14 > area.right())
                    break; // the rest does not fit
                x = paintSwatch(p, x, area.center().y(), it.color, label);
            }
            return;
        }
    }
}

QStringList PaintedChart::wrapText(const QString& text, const QFont& font, int width)
{
    // Called on every paint (titles): the common case, a line that fits, from the text cache.
    if (width <= 0 || textcache::advanceInt(text, font) <= width)
        return {text};
    QTextLayout layout(text, font);
    QTextOption option;
    // Whole words first: break inside a word only when that one word is wider than a line.
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    QStringList lines;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        lines << text.mid(line.textStart(), line.textLength()).trimmed();
    }
    layout.endLayout();
    lines.removeAll(QString());
    return lines.isEmpty() ? QStringList{text} : lines;
}

QStringList PaintedChart::verticalTitleLines(const QString& text, int length)
{
    return wrapText(text, Theme::current().axisTitleFont(), length);
}

int PaintedChart::verticalTitleWidth(const QStringList& lines)
{
    return int(lines.size()) * QFontMetrics(Theme::current().axisTitleFont()).height();
}

void PaintedChart::paintVerticalTitle(QPainter& p, int left, int centreY, const QStringList& lines)
{
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisTitleFont());
    p.save();
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    for (int i = 0; i < lines.size(); ++i) {
        const int w = textcache::advanceInt(lines[i], t.axisTitleFont()) + 4;
        p.save();
        p.translate(left + fm.height() * i + fm.height() / 2, centreY);
        p.rotate(-90);
        // The cached text keeps its layout for the rotation it was last drawn with: a title is
        // always drawn upwards, so it is laid out once.
        textcache::draw(p, QRect(-w / 2, -fm.height() / 2, w, fm.height()), Qt::AlignCenter, lines[i]);
        p.restore();
    }
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
