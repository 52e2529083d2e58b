#include "histogram_view.h"

#include "axis_ticks.h"
#include "text_cache.h"
#include "theme.h"
#include "ui_text.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

HistogramView::HistogramView(const QString& title, QWidget* parent) : PaintedChart(title, parent)
{
    setPlaceholder(tr("no samples yet"));
}

void HistogramView::setFrame(metrics::SnapshotPtr keep, const metrics::HistogramData* data)
{
    if (m_frozen)
        return;
    m_keep = std::move(keep);
    m_data = data;
    update();
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
    for (const QString& candidate : {tr("n = %1 · mean %2 · max %3").arg(n, mean, max), tr("n = %1 · max %2").arg(n, max), tr("n = %1").arg(n)})
        if (fm.horizontalAdvance(candidate) <= area.width()) {
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
    const QFontMetrics fm(t.axisFont());
    const int axisW = fm.horizontalAdvance(QStringLiteral("100%")) + fm.height() + 14;
    const int pctRowH = fm.height() + 4; // percentile labels above the plot
    const QRect plot(area.left() + axisW, area.top() + pctRowH, area.width() - axisW - 14,
                     area.height() - pctRowH - timeAxisHeight());
    if (plot.width() < 40 || plot.height() < 30)
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
    auto xOf = [&](double v) { return plot.left() + (std::log10(std::max(v, 1e-300)) - l0) / (l1 - l0) * plot.width(); };

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
    const double yStep = niceStep(yMax, std::max(2, plot.height() / 45));
    for (double v : linearTicks(0, yMax, std::max(2, plot.height() / 45))) {
        const int y = int(yOf(v));
        p.setPen(t.grid);
        p.drawLine(plot.left(), y, plot.right(), y);
        p.setPen(t.text);
        textcache::draw(p, QRect(area.left(), y - fm.height() / 2, axisW - 6, fm.height()),
            Qt::AlignRight | Qt::AlignVCenter, tickLabel(v, yStep) + QLatin1Char('%'));
    }
    p.save();
    p.translate(area.left() + fm.height() / 2 + 1, plot.center().y());
    p.rotate(-90);
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    p.drawText(QRect(-plot.height() / 2 - 30, -fm.height() / 2, plot.height() + 60, fm.height()), Qt::AlignCenter,
               tr("samples (%)"));
    p.restore();

    const QColor barColor = t.seriesColor(0);
    for (int i = 0; i < nBars; ++i) {
        if (bars[size_t(i)] <= 0)
            continue;
        const int top = int(yOf(bars[size_t(i)]));
        p.fillRect(QRect(plot.left() + i * barPx, std::min(top, plot.bottom() - 1), barPx - 1,
                         std::max(1, plot.bottom() - top)), barColor);
        ++m_bars;
    }

    // X axis: decades (or 1-2-5), unit in the title.
    p.setPen(t.axis);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    const double vLo = std::pow(10.0, l0), vHi = std::pow(10.0, l1);
    for (double v : logTicks(vLo, vHi, std::max(3, plot.width() / 70))) {
        const int x = int(xOf(v));
        p.setPen(t.axis);
        p.drawLine(x, plot.bottom(), x, plot.bottom() + 4);
        p.setPen(t.text);
        const QString label = tickLabel(v, v);
        const int w = fm.horizontalAdvance(label);
        textcache::draw(p, QRect(x - w / 2 - 2, plot.bottom() + 5, w + 4, fm.height()), Qt::AlignCenter, label);
    }
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    textcache::draw(p,
        QRect(plot.left(), plot.bottom() + 5 + fm.height(), plot.width(), QFontMetrics(t.axisTitleFont()).height()),
        Qt::AlignHCenter | Qt::AlignTop,
        QFontMetrics(t.axisTitleFont())
            .elidedText(
                (m_valueTitle.isEmpty() ? labelWithUnit(humanize(h.name), h.unit) : m_valueTitle) + tr(", log scale"),
                Qt::ElideRight, plot.width()));

    // Percentile lines with labels above the plot; labels that would collide are skipped.
    struct Pct {
        const char* name;
        double v;
        QColor c;
    };
    const Pct pcts[] = {{"p50", h.p50, t.stateColor(metrics::LaneState::Running)},
                        {"p90", h.p90, t.seriesColor(1)},
                        {"p95", h.p95, t.seriesColor(5)},
                        {"p99", h.p99, t.alert}};
    int lastRight = -1000;
    p.setFont(t.axisFont());
    for (const Pct& pc : pcts) {
        const int x = int(xOf(pc.v));
        if (x < plot.left() - 1 || x > plot.right() + 1)
            continue;
        p.setPen(QPen(pc.c, 2, Qt::DashLine));
        p.drawLine(x, plot.top(), x, plot.bottom());
        const QString label = QStringLiteral("%1 %2").arg(QLatin1String(pc.name), formatNumber(pc.v));
        const int w = fm.horizontalAdvance(label);
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
