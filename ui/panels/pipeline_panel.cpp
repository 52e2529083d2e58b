#include "pipeline_panel.h"

#include "charts/axis_ticks.h"
#include "charts/timeline_widget.h"
#include "event_loop_panel.h"
#include "series_math.h"
#include "theme.h"
#include "ui_text.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace looplab::ui {

using metrics::LaneState;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A rate series is binned finely (10 ms at first): one bin at 10 items/s reads 0 or 100. The
// flow picture shows the mean over the last second, which is what "10 items/s" means. Gauges
// that flip many times a second (workers in service) are averaged the same way, over less.
double recentMean(const metrics::SeriesData* s, double windowS = 1.0)
{
    if (!s || s->values.empty() || s->binNs <= 0)
        return kNaN;
    const double binS = double(s->binNs) * 1e-9;
    const size_t want = std::max<size_t>(1, size_t(std::lround(windowS / binS)));
    const size_t n = std::min(want, s->values.size());
    double sum = 0;
    size_t used = 0;
    for (size_t i = s->values.size() - n; i < s->values.size(); ++i)
        if (std::isfinite(s->values[i])) {
            sum += s->values[i];
            ++used;
        }
    return used ? sum / double(used) : kNaN;
}

double orZero(double v)
{
    return std::isfinite(v) ? v : 0.0;
}

// Putters count as blocked (red) when they spent at least this share of the last second on put.
constexpr double kBlockedPct = 5.0;

QString rateText(double perS)
{
    return std::isfinite(perS) ? QCoreApplication::translate("PipelinePanel", "%1 /s").arg(formatNumber(perS))
                               : QStringLiteral("–");
}

QString disciplineText(const PipelineStageInfo& s)
{
    if (s.discipline == QLatin1String("lifo"))
        return QCoreApplication::translate("PipelinePanel", "LIFO");
    if (s.discipline == QLatin1String("priority"))
        return QCoreApplication::translate("PipelinePanel", "priority");
    return QCoreApplication::translate("PipelinePanel", "FIFO");
}

QColor stageColor(int index)
{
    return Theme::current().seriesColor(index);
}

void setDashed(TimeSeriesChart* chart, int seriesIndex)
{
    const auto all = chart->chart()->series();
    if (seriesIndex < 0 || seriesIndex >= all.size())
        return;
    if (auto* line = qobject_cast<QLineSeries*>(all[seriesIndex])) {
        QPen pen = line->pen();
        pen.setStyle(Qt::DashLine);
        line->setPen(pen);
    }
}

// Several stages: the legend names the stages (solid lines); the dashed partner of each is
// explained by the chart's title, its hover text still names it.
void hideFromLegend(TimeSeriesChart* chart, int seriesIndex)
{
    const auto all = chart->chart()->series();
    if (seriesIndex < 0 || seriesIndex >= all.size())
        return;
    for (QLegendMarker* m : chart->chart()->legend()->markers(all[seriesIndex]))
        m->setVisible(false);
}

void recolor(TimeSeriesChart* chart, int seriesIndex, const QColor& color)
{
    const auto all = chart->chart()->series();
    if (seriesIndex < 0 || seriesIndex >= all.size())
        return;
    if (auto* line = qobject_cast<QLineSeries*>(all[seriesIndex])) {
        QPen pen = line->pen();
        pen.setColor(color);
        line->setPen(pen);
    }
}

QFont boldFont(QFont f)
{
    f.setBold(true);
    return f;
}

// The longest of `variants` (longest first) that fits `width`; the last one elided otherwise. A
// box narrowed by a small window or many stages keeps its numbers and drops words.
QString fitText(const QFontMetrics& fm, int width, const QStringList& variants)
{
    for (const QString& v : variants)
        if (fm.horizontalAdvance(v) <= width)
            return v;
    return fm.elidedText(variants.isEmpty() ? QString() : variants.last(), Qt::ElideRight, width);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Flow picture

PipelineFlowView::PipelineFlowView(const QString& title, QWidget* parent)
    : PaintedChart(title, parent)
{
    setPlaceholder(tr("waiting for the first items…"));
}

void PipelineFlowView::setConfig(const PipelineSourceInfo& source, const std::vector<PipelineStageInfo>& stages)
{
    m_source = source;
    m_stages = stages;
    update();
}

void PipelineFlowView::setFrame(const PipelineFlowNow& now)
{
    if (m_frozen)
        return;
    m_now.hasData = now.hasData;
    m_now.async = now.async;
    m_now.producedPerS = now.producedPerS;
    m_now.completed = now.completed;
    m_now.stages.resize(now.stages.size());
    std::copy(now.stages.begin(), now.stages.end(), m_now.stages.begin());
    update();
}

void PipelineFlowView::paintHeader(QPainter& p, const QRect& area)
{
    const Theme& t = Theme::current();
    int x = area.left();
    const int y = area.center().y();
    const QFontMetrics fm(t.axisFont());
    const std::pair<QColor, QString> entries[] = {
        {t.stateColor(LaneState::Running), tr("worker serving an item")},
        {t.idleFill, tr("worker waiting on get")},
        {t.alert, tr("blocked on put (queue full)")},
    };
    for (const auto& [c, label] : entries) {
        if (x + fm.horizontalAdvance(label) + 24 > area.right())
            break;
        x = paintSwatch(p, x, y, c, label);
    }
}

void PipelineFlowView::paintArrow(
    QPainter& p, const QPoint& from, const QPoint& to, const QString& label, bool blocked, bool labelBelow)
{
    const Theme& t = Theme::current();
    const QColor c = blocked ? t.alert : t.axis.darker(t.isDark() ? 70 : 130);
    const int head = blocked ? 11 : 9;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(c, blocked ? 3.5 : 2.0, Qt::SolidLine, Qt::FlatCap));
    const QPointF a(from), b(to);
    const QPointF dir = (b - a) / std::max(1.0, std::hypot(b.x() - a.x(), b.y() - a.y()));
    const QPointF n(-dir.y(), dir.x());
    const QPointF tip = b;
    const QPointF base = tip - dir * head;
    p.drawLine(a, base);
    QPainterPath arrow;
    arrow.moveTo(tip);
    arrow.lineTo(base + n * (head * 0.55));
    arrow.lineTo(base - n * (head * 0.55));
    arrow.closeSubpath();
    p.fillPath(arrow, c);
    if (!label.isEmpty()) {
        p.setFont(boldFont(t.baseFont()));
        const QFontMetrics fm(boldFont(t.baseFont()));
        const bool vertical = std::abs(b.y() - a.y()) > std::abs(b.x() - a.x());
        QRect r;
        if (vertical) {
            r = QRect(int(a.x()) + 6, int(std::min(a.y(), b.y())), fm.horizontalAdvance(label) + 4,
                int(std::abs(b.y() - a.y())));
            p.setPen(blocked ? t.alert : t.text);
            p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, label);
        } else {
            const int w = int(std::abs(b.x() - a.x())) + 24;
            const int cx = int((a.x() + b.x()) / 2);
            r = labelBelow ? QRect(cx - w / 2, int(a.y()) + 5, w, fm.height())
                           : QRect(cx - w / 2, int(a.y()) - fm.height() - 4, w, fm.height());
            p.setPen(blocked ? t.alert : t.text);
            p.drawText(r, Qt::AlignCenter, fm.elidedText(label, Qt::ElideRight, w));
        }
    }
    p.restore();
}

// Rows of text inside a box, top to bottom; returns the y after the row.
static int textRow(
    QPainter& p, const QRect& box, int y, const QStringList& variants, const QFont& font, const QColor& color)
{
    const QFontMetrics fm(font);
    if (y + fm.height() > box.bottom() - 2)
        return y;
    p.setFont(font);
    p.setPen(color);
    p.drawText(QRect(box.left() + 8, y, box.width() - 16, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
        fitText(fm, box.width() - 16, variants));
    return y + fm.height() + 2;
}

// A row of `n` dots, the first `lit` filled with `on`, the next `alert` filled with `alertColor`,
// then a caption; a bar instead of dots when they would not fit. Returns the y after the row.
static int dotRow(QPainter& p, const QRect& box, int y, int n, double lit, double alert, const QColor& on,
    const QColor& alertColor, const QStringList& caption)
{
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.baseFont());
    const int rowH = fm.height();
    if (y + rowH > box.bottom() - 2 || n <= 0)
        return y;
    const int full = box.width() - 16;
    int d = rowH - 4;
    if (n * d * 1.35 > full * 0.6)
        d = int(full * 0.6 / (n * 1.35));
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const int litN = int(std::lround(std::clamp(lit, 0.0, double(n))));
    const int alertN = int(std::lround(std::clamp(alert, 0.0, double(n - litN))));
    int x = box.left() + 8;
    if (d >= 6) {
        const double step = d * 1.35;
        for (int i = 0; i < n; ++i) {
            const QRectF r(x + i * step, y + (rowH - d) / 2.0, d, d);
            QColor fill = t.idleFill;
            if (i < litN)
                fill = on;
            else if (i < litN + alertN)
                fill = alertColor;
            p.setBrush(fill);
            p.setPen(QPen(t.axis, 1));
            p.drawEllipse(r);
        }
        x += int(n * step) + 4;
    } else {
        // Too many workers for dots: one bar, the serving share lit.
        const int w = std::max(24, int(full * 0.4));
        const QRect bar(x, y + rowH / 2 - 5, w, 10);
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillRect(bar, t.idleFill);
        p.fillRect(QRect(bar.left(), bar.top(), int(w * double(litN) / n), bar.height()), on);
        p.fillRect(QRect(bar.left() + int(w * double(litN) / n), bar.top(), int(w * double(alertN) / n), bar.height()),
            alertColor);
        p.setPen(t.axis);
        p.drawRect(bar);
        x += w + 6;
    }
    p.restore();
    if (!caption.isEmpty()) {
        p.setFont(t.baseFont());
        p.setPen(t.text);
        const int w = std::max(0, box.right() - 8 - x);
        p.drawText(QRect(x, y, w, rowH), Qt::AlignLeft | Qt::AlignVCenter, fitText(fm, w, caption));
    }
    return y + rowH + 2;
}

static void paintBox(QPainter& p, const QRect& box, bool alert)
{
    const Theme& t = Theme::current();
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(t.surface);
    p.setPen(QPen(alert ? t.alert : t.axis, alert ? 3 : 1.2));
    p.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    p.restore();
}

void PipelineFlowView::paintSource(QPainter& p, const QRect& box)
{
    const Theme& t = Theme::current();
    const double blocked = m_now.stages.empty() ? 0 : orZero(m_now.stages.front().blockedPutters);
    const double share = m_now.stages.empty() ? 0 : m_now.stages.front().blockedSharePct;
    paintBox(p, box, share >= kBlockedPct);
    int y = box.top() + 5;
    y = textRow(p, box, y, {tr("source")}, boldFont(t.baseFont()), t.text);
    QStringList offer;
    if (m_source.arrival == QLatin1String("burst"))
        offer
            << tr("bursts of %1 every %2")
                   .arg(m_source.burstSize)
                   .arg(formatValue(m_source.burstEveryMs, QStringLiteral("ms")))
            << tr("%1 every %2").arg(m_source.burstSize).arg(formatValue(m_source.burstEveryMs, QStringLiteral("ms")));
    else
        offer << tr("offers %1 (%2)").arg(rateText(m_source.ratePerS), m_source.arrival)
              << tr("offers %1").arg(rateText(m_source.ratePerS));
    y = textRow(p, box, y, offer, t.baseFont(), t.mutedText);
    y = textRow(p, box, y, {tr("produced %1").arg(rateText(m_now.producedPerS)), rateText(m_now.producedPerS)},
        t.baseFont(), t.text);
    QStringList who;
    if (m_source.producers == 1)
        who << (m_now.async ? tr("1 producer coroutine") : tr("1 producer thread")) << tr("1 producer");
    else
        who << (m_now.async ? tr("%1 producer coroutines") : tr("%1 producer threads")).arg(m_source.producers)
            << tr("%1 producers").arg(m_source.producers);
    y = dotRow(p, box, y + 2, m_source.producers, 0, share >= kBlockedPct ? std::max(1.0, std::round(blocked)) : 0.0,
        t.stateColor(LaneState::Running), t.alert, who);
    if (share >= kBlockedPct) {
        y = textRow(p, box, y, {tr("blocked on put"), tr("blocked")}, boldFont(t.baseFont()), t.alert);
        const QString pct = formatValue(share, QStringLiteral("%"));
        textRow(p, box, y, {tr("%1 of the time").arg(pct), pct}, boldFont(t.baseFont()), t.alert);
    } else {
        textRow(p, box, y, {tr("not blocked on put"), tr("not blocked")}, t.baseFont(), t.mutedText);
    }
}

void PipelineFlowView::paintStage(QPainter& p, const QRect& box, int i)
{
    const Theme& t = Theme::current();
    const PipelineStageInfo& cfg = m_stages[size_t(i)];
    const PipelineStageNow& now = m_now.stages[size_t(i)];
    const bool hasNext = size_t(i + 1) < m_stages.size();
    const double blockedDownstream = hasNext ? orZero(m_now.stages[size_t(i + 1)].blockedPutters) : 0.0;
    const double downstreamShare = hasNext ? m_now.stages[size_t(i + 1)].blockedSharePct : 0.0;
    const double depth = std::round(orZero(now.depth));
    const bool full = cfg.capacity > 0 && depth >= cfg.capacity;
    paintBox(p, box, false);

    // Title: name, order, service time.
    const QFontMetrics tfm(boldFont(t.baseFont()));
    int y = box.top() + 5;
    {
        p.setFont(boldFont(t.baseFont()));
        p.setPen(t.text);
        const int nameW = std::min(tfm.horizontalAdvance(cfg.name) + 2, box.width() - 16);
        p.drawText(QRect(box.left() + 8, y, nameW, tfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
            tfm.elidedText(cfg.name, Qt::ElideRight, nameW));
        const QString service = formatValue(cfg.serviceMs, QStringLiteral("ms"));
        const QFontMetrics fm(t.axisFont());
        const int x = box.left() + 8 + nameW + 8;
        const int w = std::max(0, box.right() - 8 - x);
        p.setFont(t.axisFont());
        p.setPen(t.mutedText);
        p.drawText(QRect(x, y, w, tfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
            fitText(fm, w,
                {tr("%1 · %2/item%3").arg(disciplineText(cfg), service, cfg.exponential ? tr(" (random)") : QString()),
                    tr("%1 · %2/item").arg(disciplineText(cfg), service),
                    tr("%1 · %2").arg(disciplineText(cfg), service), disciplineText(cfg)}));
        y += tfm.height() + 3;
    }

    // The queue: a tank filled from its exit (right) towards its entrance (left).
    const int tankH = std::clamp(box.height() / 5, 18, 34);
    const QRect tank(box.left() + 8, y, box.width() - 16, tankH);
    const double scale = cfg.capacity > 0 ? double(cfg.capacity) : std::max({now.depthMax, depth, 1.0});
    const double frac = std::clamp(depth / scale, 0.0, 1.0);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(tank, t.background);
    const int fw = int(std::round(tank.width() * frac));
    p.fillRect(QRect(tank.right() + 1 - fw, tank.top(), fw, tank.height()), stageColor(i));
    // Slots: one cell per item of a small queue, so "10 of 10" can be counted.
    if (cfg.capacity > 0 && cfg.capacity <= 40 && tank.width() / cfg.capacity >= 6) {
        p.setPen(QPen(t.background, 1));
        for (int k = 1; k < cfg.capacity; ++k) {
            const int x = tank.left() + int(std::round(double(tank.width()) * k / cfg.capacity));
            p.drawLine(x, tank.top() + 1, x, tank.bottom() - 1);
        }
    }
    p.setPen(QPen(full ? t.alert : t.axis, full ? 2.5 : 1.2));
    p.setBrush(Qt::NoBrush);
    p.drawRect(tank);
    if (cfg.capacity <= 0) {
        // Unbounded: ∞ at the entrance.
        p.setFont(boldFont(t.baseFont()));
        p.setPen(t.mutedText);
        p.drawText(QRect(tank.left() + 4, tank.top(), 30, tank.height()), Qt::AlignLeft | Qt::AlignVCenter,
            QStringLiteral("∞"));
    }
    p.restore();
    y += tankH + 2;

    const QString d = formatNumber(depth);
    QStringList depthText;
    if (cfg.capacity > 0)
        depthText << tr("%1 of %2 waiting (maxsize)").arg(d).arg(cfg.capacity)
                  << tr("%1 of %2 waiting").arg(d).arg(cfg.capacity) << tr("%1/%2 waiting").arg(d).arg(cfg.capacity)
                  << QStringLiteral("%1/%2").arg(d).arg(cfg.capacity);
    else
        depthText << tr("%1 waiting · unbounded (max so far %2)").arg(d, formatNumber(now.depthMax))
                  << tr("%1 waiting (max %2)").arg(d, formatNumber(now.depthMax)) << tr("%1 waiting").arg(d) << d;
    y = textRow(p, box, y, depthText, full ? boldFont(t.baseFont()) : t.baseFont(), full ? t.alert : t.text);

    // Workers: lit while serving an item; red while blocked putting into the next queue.
    const double serving = orZero(now.inService);
    const double putBlocked = downstreamShare >= kBlockedPct ? std::min(std::max(1.0, std::round(blockedDownstream)),
                                  std::max(0.0, double(cfg.workers) - std::round(serving)))
                                                             : 0.0;
    const QString sv = formatNumber(std::round(serving));
    y = dotRow(p, box, y + 1, cfg.workers, serving, putBlocked, t.stateColor(LaneState::Running), t.alert,
        {tr("%1 of %2 serving").arg(sv).arg(cfg.workers), tr("%1/%2 serving").arg(sv).arg(cfg.workers),
            QStringLiteral("%1/%2").arg(sv).arg(cfg.workers)});
    const QString busy = formatValue(orZero(now.utilization), QStringLiteral("%"));
    y = textRow(p, box, y, {tr("busy %1 of the time").arg(busy), tr("busy %1").arg(busy)}, t.baseFont(), t.text);
    if (downstreamShare >= kBlockedPct) {
        const QString pct = formatValue(downstreamShare, QStringLiteral("%"));
        textRow(p, box, y,
            {tr("blocked putting into %1: %2 of the time").arg(m_stages[size_t(i + 1)].name, pct),
                tr("blocked on put %1").arg(pct), tr("blocked %1").arg(pct)},
            boldFont(t.baseFont()), t.alert);
    }
}

void PipelineFlowView::paintSink(QPainter& p, const QRect& box)
{
    const Theme& t = Theme::current();
    paintBox(p, box, false);
    int y = box.top() + 5;
    y = textRow(p, box, y, {tr("done")}, boldFont(t.baseFont()), t.text);
    y = textRow(p, box, y, {formatNumber(m_now.completed)}, t.headlineFont(), t.text);
    y = textRow(p, box, y, {tr("items")}, t.baseFont(), t.mutedText);
    double dropped = 0;
    for (const auto& s : m_now.stages)
        dropped += orZero(s.droppedTotal);
    if (dropped > 0) {
        y = textRow(p, box, y + 4, {tr("dropped")}, t.baseFont(), t.alert);
        textRow(p, box, y, {formatNumber(dropped)}, boldFont(t.baseFont()), t.alert);
    }
}

bool PipelineFlowView::paintContent(QPainter& p, const QRect& area)
{
    if (!m_now.hasData || m_stages.empty() || m_now.stages.size() != m_stages.size())
        return false;
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const int n = int(m_stages.size());
    bool drops = false;
    for (int i = 0; i < n; ++i)
        drops = drops || m_stages[size_t(i)].dropWhenFull || m_now.stages[size_t(i)].droppedTotal > 0;

    const int pad = 8;
    const int w = area.width() - 2 * pad;
    // Arrows and end boxes give way first as the row gets tight (small window, many stages).
    int arrowW = std::clamp(w / (4 * n + 6), 64, 120);
    int sourceW = std::clamp(w * 16 / 100, 170, 240);
    int sinkW = std::clamp(w * 10 / 100, 110, 150);
    int stageW = (w - sourceW - sinkW - (n + 1) * arrowW) / n;
    for (const auto& [a, so, si] : {std::tuple{54, 136, 88}, std::tuple{42, 112, 80}}) {
        if (stageW >= 190)
            break;
        arrowW = a;
        sourceW = so;
        sinkW = si;
        stageW = std::max(70, (w - sourceW - sinkW - (n + 1) * arrowW) / n);
    }
    stageW = std::min(stageW, 560); // very wide windows: keep boxes compact, centre the row
    const int used = sourceW + sinkW + n * stageW + (n + 1) * arrowW;
    const int x0 = area.left() + pad + std::max(0, (w - used) / 2);

    const int dropRoom = drops ? fm.height() * 2 + 8 : 0;
    // As tall as the stage box's rows need (title, tank, four lines), no taller.
    const QFontMetrics bfm(t.baseFont());
    const int contentH = 5 + QFontMetrics(boldFont(t.baseFont())).height() + 3 + 34 + 2 + 4 * (bfm.height() + 2) + 8;
    const int boxH = std::clamp(area.height() - dropRoom - 8, 80, contentH);
    const int top = area.top() + 2 + std::max(0, (area.height() - dropRoom - 8 - boxH) / 2);

    // Arrows sit at the height of the queues' tanks (items flow into the tank).
    const int titleH = QFontMetrics(boldFont(t.baseFont())).height() + 3;
    const int tankH = std::clamp(boxH / 5, 18, 34);
    const int arrowY = top + 5 + titleH + tankH / 2;

    int x = x0;
    paintSource(p, QRect(x, top, sourceW, boxH));
    x += sourceW;
    for (int i = 0; i <= n; ++i) {
        // Arrow i: into stage i (or into "done" for i == n).
        double rate = 0;
        if (i == 0)
            rate = m_now.stages[0].arrivalsPerS;
        else
            rate = m_now.stages[size_t(i - 1)].throughputPerS;
        const bool blocked = i < n && m_now.stages[size_t(i)].blockedSharePct >= kBlockedPct;
        paintArrow(p, QPoint(x + 4, arrowY), QPoint(x + arrowW - 4, arrowY), rateText(rate), blocked, false);
        if (blocked) {
            // "blocked" and the share under the arrow; only the share when the arrow is short.
            const QFont f = boldFont(t.axisFont());
            const QFontMetrics bfm(f);
            const double share = m_now.stages[size_t(i)].blockedSharePct;
            const QString pct = QString::number(share, 'f', share < 10 ? 1 : 0) + QStringLiteral(" %");
            p.setFont(f);
            p.setPen(t.alert);
            int ly = arrowY + 8;
            if (bfm.horizontalAdvance(tr("blocked")) <= arrowW - 4) {
                p.drawText(QRect(x, ly, arrowW, bfm.height()), Qt::AlignCenter, tr("blocked"));
                ly += bfm.height();
            }
            p.drawText(
                QRect(x, ly, arrowW, bfm.height()), Qt::AlignCenter, bfm.elidedText(pct, Qt::ElideRight, arrowW));
        }
        x += arrowW;
        if (i == n) {
            paintSink(p, QRect(x, top, sinkW, boxH));
            break;
        }
        const QRect box(x, top, stageW, boxH);
        paintStage(p, box, i);
        const PipelineStageNow& s = m_now.stages[size_t(i)];
        if (m_stages[size_t(i)].dropWhenFull || s.droppedTotal > 0) {
            const QPoint from(box.center().x(), box.bottom() + 1);
            const QString label
                = tr("dropped %1 (%2 in all)").arg(rateText(s.droppedPerS), formatNumber(s.droppedTotal));
            paintArrow(p, from, QPoint(from.x(), from.y() + dropRoom - 2), label, orZero(s.droppedPerS) > 0, false);
        }
        x += stageW;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Wait-time distributions

PipelineWaitView::PipelineWaitView(const QString& title, QWidget* parent)
    : PaintedChart(title, parent)
{
    setPlaceholder(tr("no item has left a queue yet"));
}

void PipelineWaitView::setConfig(const std::vector<PipelineStageInfo>& stages)
{
    m_stages = stages;
    m_waitNames.clear();
    m_levelNames.clear();
    for (const auto& s : stages) {
        m_waitNames.push_back(s.name + QStringLiteral(".wait_ms"));
        std::vector<QString> levels;
        if (s.discipline == QLatin1String("priority"))
            for (int k = 0; k < s.priorities; ++k)
                levels.push_back(s.name + QStringLiteral(".wait_ms_level%1").arg(k));
        m_levelNames.push_back(std::move(levels));
    }
    update();
}

void PipelineWaitView::setFrame(metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab)
{
    if (m_frozen)
        return;
    m_keep = std::move(keep);
    m_lab = lab;
    update();
}

void PipelineWaitView::paintHeader(QPainter& p, const QRect& area)
{
    const Theme& t = Theme::current();
    int x = area.left();
    const int y = area.center().y();
    const QFontMetrics fm(t.axisFont());
    const std::pair<QColor, QString> entries[] = {
        {t.stateColor(LaneState::Running), tr("p50 (median)")},
        {t.alert, tr("p99")},
    };
    for (const auto& [c, label] : entries) {
        if (x + fm.horizontalAdvance(label) + 24 > area.right())
            break;
        x = paintSwatch(p, x, y, c, label);
    }
}

bool PipelineWaitView::paintContent(QPainter& p, const QRect& area)
{
    if (!m_lab || m_stages.empty())
        return false;
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());

    // One row per stage (a priority stage: one per level), all on one log axis, so the stages'
    // waits (or the levels' starvation) compare at a glance.
    struct Row {
        const metrics::HistogramData* h;
        QString label;
        QColor color;
    };
    std::vector<Row> rows;
    const bool multi = m_stages.size() > 1;
    uint64_t total = 0;
    for (size_t i = 0; i < m_stages.size(); ++i) {
        const auto& cfg = m_stages[i];
        const QString stage = multi ? tr("%1 (%2)").arg(cfg.name, disciplineText(cfg)) : QString();
        if (!m_levelNames[i].empty()) {
            for (size_t k = 0; k < m_levelNames[i].size(); ++k) {
                const QString level = k == 0 ? tr("level 0 (served first)") : tr("level %1").arg(k);
                rows.push_back({m_lab->findHistogram(m_levelNames[i][k]),
                    multi ? stage + QStringLiteral(" ") + level : level, stageColor(int(i))});
            }
        } else {
            rows.push_back({m_lab->findHistogram(m_waitNames[i]), stage, stageColor(int(i))});
        }
        if (const auto* h = m_lab->findHistogram(m_waitNames[i]))
            total += h->count;
    }
    if (total == 0)
        return false;

    // The y title beside the rows, wrapped into a second line when they are short.
    const int plotH = area.height() - timeAxisHeight() - 2;
    const QStringList yTitle
        = verticalTitleLines(rows.size() > 1 ? tr("items (% of the row)") : tr("items (%)"), std::max(1, plotH));
    const int axisW = fm.horizontalAdvance(QStringLiteral("100%")) + verticalTitleWidth(yTitle) + 10;
    const QRect plotArea(area.left() + axisW, area.top(), area.width() - axisW - 14, plotH);
    if (plotArea.width() < 60 || plotArea.height() < 30)
        return true;

    // Shared log x range over the rows.
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (const Row& r : rows) {
        if (!r.h || r.h->count == 0 || r.h->buckets.empty())
            continue;
        hi = std::max(hi, r.h->buckets.back()[1]);
        for (const auto& b : r.h->buckets)
            if (b[1] > 0) {
                lo = std::min(lo, std::max(b[0], b[1] * 0.5));
                break;
            }
    }
    if (!(hi > 0))
        return false;
    // Waits of a few microseconds (taken at once by an idle worker) and of seconds share one
    // picture: at most six decades below the longest wait.
    lo = std::max(lo, hi * 1e-6);
    if (!(hi > lo))
        hi = lo * 10;
    const double l0 = std::floor(std::log10(lo));
    double l1 = std::ceil(std::log10(hi) * 2) / 2;
    if (l1 - l0 < 1)
        l1 = l0 + 1;
    auto xOf = [&](double v) {
        return plotArea.left() + (std::log10(std::max(v, 1e-300)) - l0) / (l1 - l0) * plotArea.width();
    };

    const int nRows = int(rows.size());
    const int bandH = fm.height() + 2; // row caption
    const int rowH = plotArea.height() / nRows;
    const int barPx = 5;
    const int nBars = std::max(1, plotArea.width() / barPx);
    std::vector<double> bars(size_t(nBars), 0.0);

    p.setRenderHint(QPainter::Antialiasing, false);
    for (int r = 0; r < nRows; ++r) {
        const QRect row(plotArea.left(), plotArea.top() + r * rowH, plotArea.width(), rowH);
        const QRect plot(row.left(), row.top() + bandH, row.width(), row.height() - bandH - 3);
        const metrics::HistogramData* h = rows[size_t(r)].h;
        // Caption: the percentiles first (they are the lesson), then the count.
        QString caption;
        if (h && h->count > 0)
            caption = tr("p50 %1 · p99 %2 · max %3 · n = %4")
                          .arg(formatValue(h->p50, QStringLiteral("ms")), formatValue(h->p99, QStringLiteral("ms")),
                              formatValue(h->max, QStringLiteral("ms")), formatNumber(double(h->count)));
        else
            caption = tr("no item has left yet");
        if (!rows[size_t(r)].label.isEmpty())
            caption = rows[size_t(r)].label + QStringLiteral(": ") + caption;
        p.setFont(t.axisFont());
        p.setPen(t.text);
        p.drawText(QRect(row.left(), row.top(), row.width(), bandH), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(caption, Qt::ElideRight, row.width()));
        if (plot.height() < 6)
            continue;
        p.setPen(t.axis);
        p.drawLine(plot.bottomLeft(), plot.bottomRight());
        if (!h || h->count == 0)
            continue;
        std::fill(bars.begin(), bars.end(), 0.0);
        for (const auto& b : h->buckets) {
            const double mid = std::sqrt(std::max(b[0], 1e-300) * b[1]);
            const int i = std::clamp(int((xOf(mid) - plot.left()) / barPx), 0, nBars - 1);
            bars[size_t(i)] += b[2];
        }
        double maxShare = 0;
        for (double& c : bars) {
            c = c / double(h->count) * 100.0;
            maxShare = std::max(maxShare, c);
        }
        const double yMax = std::min(100.0, niceCeil(maxShare * 1.05));
        auto yOf = [&](double share) { return plot.bottom() - share / yMax * plot.height(); };
        // Y: the top of this row, in % of its items (0 is the row's base line).
        p.setPen(t.text);
        p.drawText(QRect(area.left(), plot.top() - 2, axisW - 6, fm.height()), Qt::AlignRight | Qt::AlignTop,
            tickLabel(yMax, yMax / 2) + QLatin1Char('%'));
        p.setPen(t.grid);
        p.drawLine(plot.left(), plot.top(), plot.right(), plot.top());
        for (int i = 0; i < nBars; ++i) {
            if (bars[size_t(i)] <= 0)
                continue;
            const int top = int(yOf(bars[size_t(i)]));
            p.fillRect(QRect(plot.left() + i * barPx, std::min(top, plot.bottom() - 1), barPx - 1,
                           std::max(1, plot.bottom() - top)),
                rows[size_t(r)].color);
        }
        // p50 / p99 lines over the bars.
        for (const auto& [v, c] : {std::pair{h->p50, t.stateColor(LaneState::Running)}, std::pair{h->p99, t.alert}}) {
            const int x = int(xOf(v));
            if (x < plot.left() - 1 || x > plot.right() + 1)
                continue;
            p.setPen(QPen(c, 2, Qt::DashLine));
            p.drawLine(x, plot.top(), x, plot.bottom());
        }
    }

    paintVerticalTitle(p, area.left() + 1, plotArea.center().y(), yTitle);

    // X axis: 1-2-5, decades or every other decade, as many as have room for their labels (the
    // histogram's rule, axis_ticks.h); the unit is in the title.
    const int axisY = plotArea.top() + nRows * rowH - 3;
    const double vLo = std::pow(10.0, l0), vHi = std::pow(10.0, l1);
    p.setFont(t.axisFont());
    const int labelsLeft = plotArea.left();
    const auto ticks = fittingLogTicks(
        vLo, vHi, area.right() - 2 - labelsLeft, [&](double v) { return xOf(v) - labelsLeft; },
        [&](const QString& label) { return double(fm.horizontalAdvance(label)); },
        fm.horizontalAdvance(QStringLiteral("  ")));
    for (const AxisTick& tick : ticks) {
        const int x = int(xOf(tick.value));
        p.setPen(t.axis);
        p.drawLine(x, axisY, x, axisY + 4);
        p.setPen(t.text);
        const int lw = fm.horizontalAdvance(tick.label);
        p.drawText(QRect(labelsLeft + int(tick.centre) - lw / 2 - 1, axisY + 5, lw + 2, fm.height()), Qt::AlignCenter,
            tick.label);
    }
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    const QFontMetrics afm(t.axisTitleFont());
    p.drawText(QRect(plotArea.left(), axisY + 5 + fm.height(), plotArea.width(), afm.height()),
        Qt::AlignHCenter | Qt::AlignTop,
        afm.elidedText(tr("wait in the queue (ms), log scale"), Qt::ElideRight, plotArea.width()));
    return true;
}

// ---------------------------------------------------------------------------------------------
// Little's law

LittleLawChart::LittleLawChart(const QString& title, const QString& yTitle, QWidget* parent)
    : TimeSeriesChart(title, yTitle, parent)
{ }

QFont LittleLawChart::lineFont() const
{
    // One stage: the equation is the point of the chart, in the body font; several: smaller.
    return m_lines.size() > 1 ? Theme::current().axisFont() : Theme::current().baseFont();
}

void LittleLawChart::setEquations(const std::vector<LittleLawLine>& lines)
{
    if (isFrozen())
        return;
    m_lines = lines;
    // The equations are a caption under the x axis: their room is the chart's bottom margin,
    // changed only when the number of lines does (a margin change relayouts the chart).
    const int n = std::max<int>(1, int(m_lines.size()));
    if (n != m_reservedLines) {
        m_reservedLines = n;
        const QFontMetrics fm(lineFont());
        chart()->setMargins(QMargins(2, 2, 6, 4 + n * (fm.height() + 1)));
    }
    viewport()->update();
}

void LittleLawChart::drawForeground(QPainter* p, const QRectF& rect)
{
    TimeSeriesChart::drawForeground(p, rect);
    if (m_lines.empty())
        return;
    const Theme& t = Theme::current();
    const QFont font = lineFont();
    const QFont bold = boldFont(font);
    const QFontMetrics fm(font), bfm(bold);
    const QRectF scene = sceneRect();
    const int lineH = fm.height() + 1;
    double y = scene.bottom() - 2 - double(m_lines.size()) * lineH;
    p->save();
    for (const LittleLawLine& l : m_lines) {
        double x = scene.left() + 8;
        if (!l.stage.isEmpty()) {
            p->setFont(bold);
            p->setPen(l.color);
            p->drawText(QRectF(x, y, scene.width(), lineH), Qt::AlignLeft | Qt::AlignVCenter, l.stage);
            x += bfm.horizontalAdvance(l.stage) + 6;
        }
        p->setFont(font);
        p->setPen(l.bad ? t.alert : t.text);
        const int w = int(scene.right() - 8 - x);
        p->drawText(QRectF(x, y, w, lineH), Qt::AlignLeft | Qt::AlignVCenter, fitText(fm, w, l.variants));
        y += lineH;
    }
    p->restore();
}

// ---------------------------------------------------------------------------------------------
// Timeline with a caption

bool PipelineTimeline::paintContent(QPainter& p, const QRect& area)
{
    if (m_caption.isEmpty())
        return TimelineWidget::paintContent(p, area);
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const QRect textRect(area.left() + 8, 0, area.width() - 16, area.height());
    const int capH = std::min(area.height() / 3, fm.boundingRect(textRect, Qt::TextWordWrap, m_caption).height()) + 4;
    const bool painted = TimelineWidget::paintContent(p, area.adjusted(0, 0, 0, -capH));
    if (painted) {
        p.setFont(t.axisFont());
        p.setPen(t.mutedText);
        p.drawText(QRect(area.left() + 8, area.bottom() - capH + 2, area.width() - 16, capH),
            Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, m_caption);
    }
    return painted;
}

// ---------------------------------------------------------------------------------------------
// The panel

PipelinePanel::PipelinePanel(const scenario::LabConfig& config, QWidget* parent)
    : LabPanel(config, parent)
{
    readConfig();
    const Theme& t = Theme::current();
    const int n = int(m_stages.size());
    const bool single = n == 1;

    m_flow = new PipelineFlowView(tr("Pipeline: source → queues → workers"));
    m_flow->setConfig(m_source, m_stages);

    // Depth against capacity, one colour per stage; the capacity dashed in the same colour.
    // Every stage gets its maxsize series, fed only while the stage is bounded: a capacity edited
    // later (the lab restarts, this panel stays) then needs no new series.
    m_depth = new TimeSeriesChart(QString(), labelWithUnit(tr("depth"), tr("items")));
    for (int i = 0; i < n; ++i) {
        const auto& s = m_stages[size_t(i)];
        m_depth->addSeries(single ? tr("depth") : s.name, tr("items"), stageColor(i));
        const int k = m_depth->addSeries(
            single ? tr("maxsize") : tr("%1 maxsize").arg(s.name), tr("items"), stageColor(i), 1.5);
        setDashed(m_depth, k);
        if (!single)
            hideFromLegend(m_depth, k);
    }
    applyCapacityLabels();
    m_depth->setMinimumYMax(1);

    // Busy share of the workers and blocked share of whoever puts into the queue.
    m_shares = new TimeSeriesChart(
        single ? tr("Workers busy · putters blocked") : tr("Busy · blocked on put (dashed)"), tr("% of the time"));
    for (int i = 0; i < n; ++i) {
        const auto& s = m_stages[size_t(i)];
        const QString putters = i == 0 ? tr("producers") : tr("%1 workers").arg(m_stages[size_t(i - 1)].name);
        const QColor busyC = single ? t.stateColor(LaneState::Running) : stageColor(i);
        const QColor blockC = single ? t.stateColor(LaneState::QueueBlocked) : stageColor(i);
        m_shares->addSeries(single ? tr("workers busy") : s.name, QStringLiteral("%"), busyC);
        const int k = m_shares->addSeries(
            single ? tr("%1 blocked").arg(putters) : tr("%1 blocked on put into %2").arg(putters, s.name),
            QStringLiteral("%"), blockC, single ? 2.0 : 1.5);
        if (!single) {
            setDashed(m_shares, k);
            hideFromLegend(m_shares, k);
        }
    }
    m_shares->setMinimumYMax(100);

    m_little
        = new LittleLawChart(single ? tr("Little's law: L = λ·W") : tr("Little's law: L, λ·W (dashed)"), tr("items"));
    for (int i = 0; i < n; ++i) {
        const auto& s = m_stages[size_t(i)];
        m_little->addSeries(single ? tr("L (measured)") : s.name, tr("items"), stageColor(i));
        const int k = m_little->addSeries(
            single ? tr("λ·W") : tr("%1 λ·W").arg(s.name), tr("items"), single ? t.seriesColor(1) : stageColor(i), 2.0);
        setDashed(m_little, k);
        if (!single)
            hideFromLegend(m_little, k);
    }
    m_little->setMinimumYMax(1);
    // Several stages: the equations under the chart name each stage in its colour (the legend).
    if (!single)
        m_little->chart()->legend()->setVisible(false);
    for (TimeSeriesChart* c : {m_depth, m_shares, static_cast<TimeSeriesChart*>(m_little)})
        c->chart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    m_timeline = new PipelineTimeline(tr("Timeline"));
    QStringList order{QStringLiteral("loop"), QStringLiteral("producers")};
    m_timeline->setGroupTitle(QStringLiteral("loop"), tr("event loop"));
    m_timeline->setGroupTitle(QStringLiteral("gil"), tr("the GIL (emulated): who holds it"));
    m_timeline->setGroupTitle(QStringLiteral("producers"), tr("producers"));
    QStringList who;
    for (int i = 0; i < n; ++i) {
        const auto& s = m_stages[size_t(i)];
        order << s.name;
        m_timeline->setGroupTitle(s.name, tr("%1 workers").arg(s.name));
    }
    order << QStringLiteral("main") << QStringLiteral("gil");
    m_timeline->setGroupTitle(QStringLiteral("main"), tr("main"));
    if (n <= 2) {
        who << tr("producers: put into “%1” (full)").arg(m_stages.front().name);
        for (int i = 0; i < n; ++i) {
            const auto& s = m_stages[size_t(i)];
            who << (i + 1 < n ? tr("%1 workers: get from “%1” (empty) or put into “%2” (full)")
                                    .arg(s.name, m_stages[size_t(i + 1)].name)
                              : tr("%1 workers: get from “%1” (empty)").arg(s.name));
        }
    } else {
        who << tr("producers: put into “%1” (full)").arg(m_stages.front().name)
            << tr("workers: get from their stage's queue (empty) or put into the next one (full)");
    }
    who << tr("main: join()");
    m_timeline->setCaption(tr("Blocked on a queue — %1").arg(who.join(QStringLiteral(" · "))));
    m_timeline->setGroupOrder(order);

    m_wait = new PipelineWaitView(single
            ? tr("Wait in “%1” (%2)").arg(m_stages.front().name, disciplineText(m_stages.front()))
            : tr("Wait in the queues"));
    m_wait->setConfig(m_stages);

    // Layout: the flow picture on top, three charts, then timeline | wait distributions.
    auto* chartsRow = new QSplitter(Qt::Horizontal);
    chartsRow->addWidget(m_depth);
    chartsRow->addWidget(m_shares);
    chartsRow->addWidget(m_little);
    chartsRow->setChildrenCollapsible(false);

    auto* bottomRow = new QSplitter(Qt::Horizontal);
    bottomRow->addWidget(m_timeline);
    bottomRow->addWidget(m_wait);
    bottomRow->setChildrenCollapsible(false);

    m_split = new QSplitter(Qt::Vertical);
    m_split->addWidget(m_flow);
    m_split->addWidget(chartsRow);
    m_split->addWidget(bottomRow);
    m_split->setChildrenCollapsible(false);
    m_split->setObjectName(QStringLiteral("pipelineSplitter"));
    m_chartsRow = chartsRow;
    m_bottomRow = bottomRow;

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_split, 1);

    m_now.async = m_async;
    m_now.stages.resize(m_stages.size());
}

void PipelinePanel::readConfig()
{
    const QJsonObject& params = m_config.params;
    m_async = params.value(QStringLiteral("mode")).toString() == QLatin1String("async");
    const QJsonObject src = params.value(QStringLiteral("source")).toObject();
    m_source.producers = std::max(1, src.value(QStringLiteral("producers")).toInt(1));
    m_source.ratePerS = std::max(0.0, src.value(QStringLiteral("rate_per_s")).toDouble(10));
    m_source.arrival = src.value(QStringLiteral("arrival")).toString(QStringLiteral("fixed"));
    m_source.burstSize = std::max(1, src.value(QStringLiteral("burst_size")).toInt(10));
    m_source.burstEveryMs = std::max(1.0, src.value(QStringLiteral("burst_every_ms")).toDouble(1000));

    QJsonArray stages = params.value(QStringLiteral("stages")).toArray();
    if (stages.isEmpty())
        stages.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("work")}});
    m_stages.clear();
    for (qsizetype i = 0; i < stages.size(); ++i) {
        const QJsonObject o = stages.at(i).toObject();
        PipelineStageInfo s;
        s.name = o.value(QStringLiteral("name")).toString();
        if (s.name.isEmpty())
            s.name = QStringLiteral("stage%1").arg(i + 1);
        s.workers = std::max(1, o.value(QStringLiteral("workers")).toInt(1));
        s.capacity = std::max(0, o.value(QStringLiteral("capacity")).toInt(10));
        s.serviceMs = std::max(0.0, o.value(QStringLiteral("service_ms")).toDouble(100));
        s.exponential = o.value(QStringLiteral("service_dist")).toString() == QLatin1String("exponential");
        s.discipline = o.value(QStringLiteral("discipline")).toString(QStringLiteral("fifo"));
        s.priorities = std::max(1, o.value(QStringLiteral("priorities")).toInt(3));
        s.dropWhenFull = o.value(QStringLiteral("on_full")).toString() == QLatin1String("drop");
        m_stages.push_back(s);
    }

    m_names.clear();
    for (const auto& s : m_stages) {
        const QString p = s.name + QLatin1Char('.');
        StageNames nm;
        nm.depth = p + QStringLiteral("depth");
        nm.capacity = p + QStringLiteral("capacity");
        nm.inService = p + QStringLiteral("in_service");
        nm.arrivals = p + QStringLiteral("arrivals");
        nm.throughput = p + QStringLiteral("throughput");
        nm.dropped = p + QStringLiteral("dropped");
        nm.blockedPutters = p + QStringLiteral("blocked_putters");
        nm.utilization = p + QStringLiteral("utilization");
        nm.blockedShare = p + QStringLiteral("blocked_put_share");
        nm.littleL = p + QStringLiteral("little_L");
        nm.littleLambdaW = p + QStringLiteral("little_lambda_W");
        nm.mDepthMax = p + QStringLiteral("depth_max");
        nm.mThroughput = p + QStringLiteral("throughput_per_s");
        nm.mL = p + QStringLiteral("L");
        nm.mWms = p + QStringLiteral("W_ms");
        nm.mError = p + QStringLiteral("littles_law_error");
        nm.mDropped = p + QStringLiteral("items_dropped");
        m_names.push_back(nm);
    }
    m_hints.assign(m_stages.size() * 12 + 1, -1);
}

void PipelinePanel::parameterChanged(const QString& path, const QJsonValue& value)
{
    // Paths are "source.rate_per_s" or "stages[1].service_ms": update the nested value so the
    // flow picture's labels follow live edits.
    static const QRegularExpression kStage(QStringLiteral("^stages\\[(\\d+)\\]\\.(\\w+)$"));
    static const QRegularExpression kSource(QStringLiteral("^source\\.(\\w+)$"));
    QJsonObject& params = m_config.params;
    if (const auto m = kStage.match(path); m.hasMatch()) {
        QJsonArray stages = params.value(QStringLiteral("stages")).toArray();
        const int i = m.captured(1).toInt();
        if (i >= 0 && i < stages.size()) {
            QJsonObject o = stages.at(i).toObject();
            o.insert(m.captured(2), value);
            stages.replace(i, o);
            params.insert(QStringLiteral("stages"), stages);
        }
    } else if (const auto s = kSource.match(path); s.hasMatch()) {
        QJsonObject src = params.value(QStringLiteral("source")).toObject();
        src.insert(s.captured(1), value);
        params.insert(QStringLiteral("source"), src);
    } else {
        LabPanel::parameterChanged(path, value);
    }
    const size_t before = m_stages.size();
    readConfig();
    // The pictures follow any edit; the charts' series were made for the stages at construction
    // (a changed stage list shows in them once the window rebuilds the panel).
    m_flow->setConfig(m_source, m_stages);
    m_wait->setConfig(m_stages);
    if (m_stages.size() == before)
        applyCapacityLabels();
}

void PipelinePanel::applyTheme()
{
    LabPanel::applyTheme();
    // Series colours come from the theme (light and dark palettes differ): paint them anew.
    const Theme& t = Theme::current();
    const bool single = m_stages.size() == 1;
    for (int i = 0; i < int(m_stages.size()); ++i) {
        recolor(m_depth, 2 * i, stageColor(i));
        recolor(m_depth, 2 * i + 1, stageColor(i));
        recolor(m_shares, 2 * i, single ? t.stateColor(LaneState::Running) : stageColor(i));
        recolor(m_shares, 2 * i + 1, single ? t.stateColor(LaneState::QueueBlocked) : stageColor(i));
        recolor(m_little, 2 * i, stageColor(i));
        recolor(m_little, 2 * i + 1, single ? t.seriesColor(1) : stageColor(i));
    }
}

void PipelinePanel::applyCapacityLabels()
{
    const bool single = m_stages.size() == 1;
    bool anyCapacity = false;
    for (const auto& s : m_stages)
        anyCapacity = anyCapacity || s.capacity > 0;
    QString title;
    if (single)
        title = anyCapacity ? tr("Queue depth and maxsize") : tr("Queue depth (unbounded queue)");
    else
        title = anyCapacity ? tr("Queue depth · maxsize (dashed)") : tr("Queue depth (unbounded queues)");
    m_depth->setTitles(title, labelWithUnit(tr("depth"), tr("items")));
    if (single) {
        // The one stage's maxsize in the legend only while there is one.
        const auto all = m_depth->chart()->series();
        if (all.size() >= 2)
            for (QLegendMarker* m : m_depth->chart()->legend()->markers(all[1]))
                m->setVisible(anyCapacity);
        m_depth->chart()->legend()->setVisible(anyCapacity);
    }
}

void PipelinePanel::resizeEvent(QResizeEvent* event)
{
    LabPanel::resizeEvent(event);
    // Proportions for the first real size (until the user drags a splitter): the flow picture a
    // quarter, the charts a third, timeline and wait distributions the rest.
    if (!m_sized && m_split->height() > 200) {
        const int h = m_split->height();
        const int flowH = std::clamp(h * 24 / 100, 190, 230);
        const int rest = h - flowH;
        m_split->setSizes({flowH, rest * 48 / 100, rest - rest * 48 / 100});
        const int w = m_bottomRow->width();
        m_bottomRow->setSizes({w * 55 / 100, w - w * 55 / 100});
        const int cw = m_chartsRow->width();
        m_chartsRow->setSizes({cw / 3, cw / 3, cw - 2 * (cw / 3)});
        m_sized = true;
    }
}

const metrics::SeriesData* PipelinePanel::series(const metrics::LabSnapshot* lab, const QString& name, int& hint) const
{
    if (!lab)
        return nullptr;
    // The series keep their declaration order from frame to frame: check the last index first.
    if (hint >= 0 && size_t(hint) < lab->series.size() && lab->series[size_t(hint)].name == name)
        return &lab->series[size_t(hint)];
    for (size_t i = 0; i < lab->series.size(); ++i)
        if (lab->series[i].name == name) {
            hint = int(i);
            return &lab->series[i];
        }
    return nullptr;
}

void PipelinePanel::showFrame(const PanelFrame& f)
{
    updateCommon(f);
    const metrics::LabSnapshot* lab = f.lab;
    const int n = int(m_stages.size());
    auto metric = [&](const QString& name) { return lab ? lab->metrics.value(name, kNaN) : kNaN; };

    m_now.hasData = lab != nullptr;
    m_now.async = m_async;
    m_now.stages.resize(size_t(n));
    m_depthData.clear();
    m_shareData.clear();
    m_littleData.clear();
    m_equations.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
        const StageNames& nm = m_names[size_t(i)];
        int* h = &m_hints[size_t(i) * 12];
        const auto* depth = series(lab, nm.depth, h[0]);
        const auto* blockedShare = series(lab, nm.blockedShare, h[8]);
        const auto* util = series(lab, nm.utilization, h[7]);
        PipelineStageNow& s = m_now.stages[size_t(i)];
        s.depth = lastFinite(depth);
        s.depthMax = std::max(orZero(metric(nm.mDepthMax)), orZero(s.depth));
        s.inService = recentMean(series(lab, nm.inService, h[2]), 0.25);
        s.arrivalsPerS = recentMean(series(lab, nm.arrivals, h[3]));
        s.throughputPerS = recentMean(series(lab, nm.throughput, h[4]));
        s.droppedPerS = recentMean(series(lab, nm.dropped, h[5]));
        s.droppedTotal = orZero(metric(nm.mDropped));
        s.blockedPutters = recentMean(series(lab, nm.blockedPutters, h[6]));
        s.blockedSharePct = orZero(lastFinite(blockedShare));
        s.utilization = lastFinite(util);

        m_depthData.push_back(depth);
        m_depthData.push_back(m_stages[size_t(i)].capacity > 0 ? series(lab, nm.capacity, h[1]) : nullptr);
        m_shareData.push_back(util);
        m_shareData.push_back(blockedShare);
        m_littleData.push_back(series(lab, nm.littleL, h[9]));
        m_littleData.push_back(series(lab, nm.littleLambdaW, h[10]));

        // L = λ·W over the steady part of the run (the metrics' window: its last two thirds).
        const double L = metric(nm.mL), lambda = metric(nm.mThroughput), W = metric(nm.mWms) / 1000.0,
                     err = metric(nm.mError);
        LittleLawLine& line = m_equations[size_t(i)];
        line.stage = n > 1 ? m_stages[size_t(i)].name : QString();
        line.color = stageColor(i);
        line.bad = false;
        line.variants.clear();
        if (!lab || !std::isfinite(L)) {
            line.variants << tr("waiting for data…");
        } else if (!(lambda > 0)) {
            line.variants << tr("no item has left the stage yet") << tr("no item done yet");
        } else {
            const bool ok = err <= 0.10;
            const double pct = err * 100;
            const QString approx = ok ? QStringLiteral("≈") : QStringLiteral("≠");
            const QString e = QString::number(pct, 'f', pct < 10 ? 1 : 0);
            line.variants
                << tr("L = %1 %2 λ·W = %3/s × %4 s (error %5 %)")
                       .arg(formatNumber(L), approx, formatNumber(lambda), formatNumber(W), e)
                << tr("L = %1 %2 %3/s × %4 s (%5 %)")
                       .arg(formatNumber(L), approx, formatNumber(lambda), formatNumber(W), e)
                << tr("%1 %2 %3/s × %4 s").arg(formatNumber(L), approx, formatNumber(lambda), formatNumber(W));
            line.bad = !ok;
        }
    }
    m_now.producedPerS = recentMean(series(lab, QStringLiteral("produced"), m_hints.back()));
    m_now.completed = orZero(metric(QStringLiteral("items_completed")));

    m_flow->setFrame(m_now);
    // Parameter edits (and any mark the lab records) annotate the time charts.
    const auto marks = lab ? chartMarks(*lab) : std::vector<ChartMark>{};
    TimeSeriesChart::setMarksOn({m_depth, m_shares, static_cast<TimeSeriesChart*>(m_little)}, marks);
    m_depth->setFrame(f.fromS, f.toS, m_depthData);
    m_shares->setFrame(f.fromS, f.toS, m_shareData);
    m_little->setFrame(f.fromS, f.toS, m_littleData);
    m_little->setEquations(m_equations);
    m_timeline->setFrame(f.snapshot, lab, f.fromS, f.toS);
    m_wait->setFrame(f.snapshot, lab);
}

void PipelinePanel::setFrozen(bool frozen)
{
    m_flow->setFrozen(frozen);
    for (TimeSeriesChart* c : {m_depth, m_shares, static_cast<TimeSeriesChart*>(m_little)})
        c->setFrozen(frozen);
    m_timeline->setFrozen(frozen);
    m_wait->setFrozen(frozen);
}

QList<QWidget*> PipelinePanel::charts() const
{
    return {m_flow, m_depth, m_shares, m_little, m_timeline, m_wait};
}

} // namespace looplab::ui
