#include "histogram_view.h"

#include "axis_ticks.h"
#include "dashed_line.h"
#include "text_cache.h"
#include "theme.h"
#include "ui_text.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

HistogramView::HistogramView(const QString& title, QWidget* parent)
    : PaintedChart(title, parent)
{
    setPlaceholder(tr("no samples yet"));
}

void HistogramView::setFrame(metrics::SnapshotPtr keep, const metrics::HistogramData* data)
{
    if (m_frozen)
        return;
    m_keep = std::move(keep);
    m_data = data;
    m_refresh.request();
}

void HistogramView::paintHeader(QPainter& p, const QRect& area)
{
    if (!m_data || m_data->count == 0)
        return;
    const Theme& t = Theme::current();
    p.setFont(t.axisFont());
    p.setPen(t.mutedText);
    // The longest summary that fits.
    const QString n = formatNumber(double(m_data->count));
    const QString mean = formatValue(m_data->mean, m_data->unit), max = formatValue(m_data->max, m_data->unit);
    const QFontMetrics fm(t.axisFont());
    QString text;
    for (const QString& candidate :
        {tr("n = %1 · mean %2 · max %3").arg(n, mean, max), tr("n = %1 · max %2").arg(n, max), tr("n = %1").arg(n)})
        if (textcache::advanceInt(candidate, t.axisFont()) <= area.width()) {
            text = candidate;
            break;
        }
    textcache::draw(p, area, Qt::AlignRight | Qt::AlignVCenter, text);
}

bool HistogramView::paintContent(QPainter& p, const QRect& area)
{
    m_bars = 0;
    if (!m_data || m_data->count == 0 || m_data->buckets.empty())
        return false;
    const metrics::HistogramData& h = *m_data;
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont()), tfm(t.axisTitleFont());
    const int pctRowH = fm.height() + 4; // percentile labels above the plot
    // The x title (unit included) under the tick labels: one line, or the value and "log scale"
    // on two lines, or wrapped further, so a narrow chart never elides it.
    const QString valueTitle = m_valueTitle.isEmpty() ? labelWithUnit(humanize(h.name), h.unit) : m_valueTitle;
    const int titleRoom = area.width() - 8;
    QStringList xTitle{valueTitle + tr(", log scale")};
    if (textcache::advanceInt(xTitle.front(), t.axisTitleFont()) > titleRoom)
        xTitle = wrapText(valueTitle, t.axisTitleFont(), titleRoom) + QStringList{tr("log scale")};
    const int xAxisH = fm.height() + 8 + int(xTitle.size()) * tfm.height();
    const int plotTop = area.top() + pctRowH, plotH = area.height() - pctRowH - xAxisH;
    if (plotH < 30)
        return true;
    // Y: share of samples in %, the title beside it upwards (wrapped when the plot is short).
    const QStringList yTitle = verticalTitleLines(tr("samples (%)"), plotH);
    const int axisW = textcache::advanceInt(QStringLiteral("100%"), t.axisFont()) + verticalTitleWidth(yTitle) + 10;
    const QRect plot(area.left() + axisW, plotTop, area.width() - axisW - 14, plotH);
    if (plot.width() < 40)
        return true;

    // X: log10 of the value; fall back to a decade around the value when all are equal.
    double lo = h.buckets.front()[0], hi = h.buckets.back()[1];
    lo = std::max(lo, hi * 1e-6);
    if (!(lo > 0))
        lo = 1e-3;
    if (!(hi > lo))
        hi = lo * 10;
    double l0 = std::floor(std::log10(lo) * 2) / 2, l1 = std::ceil(std::log10(hi) * 2) / 2;
    if (l1 - l0 < 1) {
        l0 -= 0.5;
        l1 += 0.5;
    }
    auto xOf
        = [&](double v) { return plot.left() + (std::log10(std::max(v, 1e-300)) - l0) / (l1 - l0) * plot.width(); };

    // Regroup buckets into bars about 6 px wide.
    const int barPx = 6;
    const int nBars = std::max(1, plot.width() / barPx);
    std::vector<double> bars(size_t(nBars), 0.0);
    for (const auto& b : h.buckets) {
        const double mid = std::sqrt(std::max(b[0], 1e-300) * b[1]);
        const int i = std::clamp(int((xOf(mid) - plot.left()) / barPx), 0, nBars - 1);
        bars[size_t(i)] += b[2];
    }
    double maxShare = 0;
    for (double& c : bars) {
        c = c / double(h.count) * 100.0;
        maxShare = std::max(maxShare, c);
    }
    const double yMax = std::min(100.0, niceCeil(maxShare * 1.05));
    auto yOf = [&](double share) { return plot.bottom() - share / yMax * plot.height(); };

    p.setRenderHint(QPainter::Antialiasing, false);
    // Y grid + labels: share of samples in %.
    p.setFont(t.axisFont());
    const int yTicks = std::max(2, plot.height() / std::max(45, 3 * fm.height()));
    const double yStep = niceStep(yMax, yTicks);
    for (double v : linearTicks(0, yMax, yTicks)) {
        const int y = int(yOf(v));
        p.setPen(t.grid);
        p.drawLine(plot.left(), y, plot.right(), y);
        p.setPen(t.text);
        // The bottom label sits on the axis line, clear of the x labels under the plot.
        const int labelY
            = std::clamp(y - fm.height() / 2, plot.top() - fm.height() / 2, plot.bottom() - fm.height() + 2);
        textcache::draw(p, QRect(area.left(), labelY, axisW - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
            tickLabel(v, yStep) + QLatin1Char('%'));
    }
    paintVerticalTitle(p, area.left() + 1, plot.center().y(), yTitle);

    const QColor barColor = t.seriesColor(0);
    for (int i = 0; i < nBars; ++i) {
        if (bars[size_t(i)] <= 0)
            continue;
        const int top = int(yOf(bars[size_t(i)]));
        p.fillRect(QRect(plot.left() + i * barPx, std::min(top, plot.bottom() - 1), barPx - 1,
                       std::max(1, plot.bottom() - top)),
            barColor);
        ++m_bars;
    }

    // X axis: 1-2-5 per decade, or decades, or every other decade: as many as have room for
    // their labels (measured) and a gap. The unit is in the title.
    p.setPen(t.axis);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    const double vLo = std::pow(10.0, l0), vHi = std::pow(10.0, l1);
    const int labelsLeft = plot.left(), labelsLen = area.right() - 2 - plot.left();
    const auto ticks = fittingLogTicks(
        vLo, vHi, labelsLen, [&](double v) { return xOf(v) - labelsLeft; },
        [&](const QString& label) { return double(textcache::advanceInt(label, t.axisFont())); },
        textcache::advanceInt(QStringLiteral("  "), t.axisFont()));
    for (const AxisTick& tick : ticks) {
        const int x = int(xOf(tick.value));
        p.setPen(t.axis);
        p.drawLine(x, plot.bottom(), x, plot.bottom() + 4);
        p.setPen(t.text);
        const int w = textcache::advanceInt(tick.label, t.axisFont());
        textcache::draw(p, QRect(labelsLeft + int(tick.centre) - w / 2 - 1, plot.bottom() + 5, w + 2, fm.height()),
            Qt::AlignCenter, tick.label);
    }
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    for (int i = 0; i < xTitle.size(); ++i) {
        // Centred under the plot when it fits there, else under the whole chart.
        const bool underPlot = textcache::advanceInt(xTitle[i], t.axisTitleFont()) <= plot.width();
        textcache::draw(p,
            QRect(underPlot ? plot.left() : area.left() + 4, plot.bottom() + 5 + fm.height() + i * tfm.height(),
                underPlot ? plot.width() : area.width() - 8, tfm.height()),
            Qt::AlignHCenter | Qt::AlignTop, xTitle[i]);
    }

    // Percentile lines with labels above the plot; labels that would collide are skipped.
    struct Pct {
        const char* name;
        double v;
        QColor c;
    };
    const Pct pcts[] = {{"p50", h.p50, t.stateColor(metrics::LaneState::Running)}, {"p90", h.p90, t.seriesColor(1)},
        {"p95", h.p95, t.seriesColor(5)}, {"p99", h.p99, t.alert}};
    int lastRight = -1000;
    p.setFont(t.axisFont());
    for (const Pct& pc : pcts) {
        const int x = int(xOf(pc.v));
        if (x < plot.left() - 1 || x > plot.right() + 1)
            continue;
        paintDashedLine(p, QPointF(x, plot.top()), QPointF(x, plot.bottom()), pc.c, 2);
        const QString label = QStringLiteral("%1 %2").arg(QLatin1String(pc.name), formatNumber(pc.v));
        const int w = textcache::advanceInt(label, t.axisFont());
        int lx = std::clamp(x - w / 2, area.left() + axisW, area.right() - w - 2);
        if (lx <= lastRight + 4)
            continue;
        p.setPen(pc.c.darker(t.isDark() ? 80 : 120));
        textcache::draw(p, QRect(lx, area.top(), w + 2, pctRowH), Qt::AlignCenter, label);
        lastRight = lx + w;
    }
    return true;
}

} // namespace looplab::ui
