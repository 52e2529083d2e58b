#include "tick_strip.h"

#include "axis_ticks.h"
#include "detail_cut.h"
#include "text_cache.h"
#include "theme.h"
#include "ui_text.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

using metrics::LaneState;

namespace {
constexpr double kMinMs = 0.001; // bottom of the log axis: 1 µs (a Qt loop pass can take 5 µs)
}

TickStrip::TickStrip(const QString& title, QWidget* parent)
    : PaintedChart(title, parent)
{
    setPlaceholder(tr("no ticks yet: the loop has not run"));
}

QSize TickStrip::minimumSizeHint() const
{
    const Theme& t = Theme::current();
    const int header = QFontMetrics(t.titleFont()).height() + 10;
    return {300, header + 5 * QFontMetrics(t.axisFont()).height() + timeAxisHeight() + 4};
}

QSize TickStrip::sizeHint() const
{
    return {600, std::max(150, minimumSizeHint().height())};
}

void TickStrip::setSources(const QString& laneName, const QString& slowMarkName)
{
    m_laneName = laneName;
    m_markName = slowMarkName;
}

void TickStrip::setFrame(metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab, double fromS, double toS)
{
    if (m_frozen)
        return;
    m_keep = std::move(keep);
    m_lab = lab;
    m_fromS = fromS;
    m_toS = toS > fromS ? toS : fromS + 1;
    update();
}

void TickStrip::paintHeader(QPainter& p, const QRect& area)
{
    const Theme& t = Theme::current();
    const QString threshold = formatValue(m_thresholdMs, QStringLiteral("ms"));
    paintLegend(p, area,
        {{t.stateColor(LaneState::Running), tr("tick (running callbacks)"), tr("tick")},
            {t.alert, tr("slow callback (> %1)").arg(threshold), tr("slow (> %1)").arg(threshold)},
            {t.stateColor(LaneState::Blocking), tr("blocking call"), tr("blocking")},
            {t.idleFill, tr("idle (waiting in select)"), tr("idle")}});
}

namespace {
bool isTick(const metrics::Span& s)
{
    return s.state == LaneState::Running || s.state == LaneState::Blocking;
}
} // namespace

bool TickStrip::layerContinues(const metrics::LaneData& lane) const
{
    if (m_layer.doneX == 0)
        return true; // nothing final yet: it is all drawn again anyway
    const auto& spans = lane.spans;
    const auto after = std::lower_bound(spans.begin(), spans.end(), m_layer.doneNs,
        [](const metrics::Span& s, double t0) { return double(s.endNs) < t0; });
    if (after == spans.begin())
        return m_layer.anchorStart < 0;
    const metrics::Span& anchor = *(after - 1);
    return anchor.startNs == m_layer.anchorStart && anchor.endNs == m_layer.anchorEnd;
}

bool TickStrip::paintContent(QPainter& p, const QRect& area)
{
    m_ticks = m_slow = 0;
    const metrics::LaneData* lane = m_lab ? m_lab->findLane(m_laneName) : nullptr;
    if (!lane)
        return false;
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const int plotTop = area.top() + 2, plotH = area.height() - timeAxisHeight() - 2;
    if (plotH < 20)
        return true;

    const double from = m_fromS * 1e9, to = m_toS * 1e9;
    const auto& spans = lane->spans;
    const std::array<QRgb, 5> colours{t.idleFill.rgba(), t.background.rgba(), t.stateColor(LaneState::Running).rgba(),
        t.stateColor(LaneState::Blocking).rgba(), t.alert.rgba()};
    const qreal dpr = devicePixelRatioF();
    // The layer goes on where it was, unless what it shows changed (the window, the threshold,
    // the colours, or the lane itself); its size and scale are checked once the plot is known.
    if (m_layer.fromNs != from || m_layer.toNs != to || m_layer.thresholdMs != m_thresholdMs
        || m_layer.colours != colours || m_layer.image.devicePixelRatio() != dpr || !layerContinues(*lane)) {
        m_layer = BarLayer{QImage(), from, to, 0, m_thresholdMs, colours, 0, from};
    }
    auto startingAt = [&](double ns) {
        return std::lower_bound(
            spans.begin(), spans.end(), ns, [](const metrics::Span& s, double t0) { return double(s.endNs) < t0; });
    };
    auto tail = startingAt(std::max(m_layer.doneNs, from));

    // Log y axis from 1 µs to at least 1 s (or the longest tick).
    double maxMs = std::max(1000.0, m_layer.longestMs);
    for (auto it = tail; it != spans.end() && double(it->startNs) <= to; ++it)
        if (isTick(*it))
            maxMs = std::max(maxMs, double(it->endNs - it->startNs) / 1e6);
    maxMs = std::pow(10.0, std::ceil(std::log10(maxMs)));
    const double l0 = std::log10(kMinMs), l1 = std::log10(maxMs);
    auto yOf = [&](double ms) {
        const double l = std::log10(std::max(ms, kMinMs));
        return plotTop + plotH - 1 - (l - l0) / (l1 - l0) * (plotH - 1);
    };
    // Decade labels that have room (a line each and a gap), kept inside the plot's height; the
    // axis is as wide as the widest of them and the title beside them (wrapped when short).
    const auto ticks = fittingLogTicks(
        kMinMs, maxMs, plotH, [&](double v) { return plotTop + plotH - 1 - yOf(v); },
        [&](const QString&) { return double(fm.height()); }, 0);
    int labelW = 0;
    for (const AxisTick& tick : ticks)
        labelW = std::max(labelW, textcache::advanceInt(tick.label, t.axisFont()));
    const QStringList yTitle = verticalTitleLines(tr("tick (ms, log)"), plotH);
    const int axisW = labelW + verticalTitleWidth(yTitle) + 10;
    const QRect plot(area.left() + axisW, plotTop, area.width() - axisW - 10, plotH);
    if (plot.width() < 20)
        return true;

    const double pxPerNs = plot.width() / (to - from);
    // Another scale or size: the layer is drawn again from the left.
    const QSize pixels = (QSizeF(plot.size()) * dpr).toSize();
    if (m_layer.maxMs != maxMs || m_layer.image.size() != pixels) {
        m_layer = BarLayer{QImage(pixels, QImage::Format_RGB32), from, to, maxMs, m_thresholdMs, colours, 0, from};
        m_layer.image.setDevicePixelRatio(dpr);
        tail = startingAt(from);
    }
    {
        QPainter lp(&m_layer.image);
        lp.translate(-plot.topLeft());
        lp.setClipRect(QRect(plot.left() + m_layer.doneX, plot.top(), plot.width() - m_layer.doneX, plot.height()));
        lp.fillRect(plot, t.idleFill);
        lp.setPen(t.background);
        for (const AxisTick& tick : ticks) {
            const int y = int(yOf(tick.value));
            lp.drawLine(plot.left(), y, plot.right(), y);
        }
        // Ticks. Several ticks in one pixel column fold into the longest of them.
        struct Column {
            long px = std::numeric_limits<long>::min();
            double maxMs = 0;
            double busyNs = 0;
            bool blocking = false;
        } col;
        auto colourFor = [&](double ms, bool blocking) {
            if (ms >= m_thresholdMs)
                return t.alert;
            return blocking ? t.stateColor(LaneState::Blocking) : t.stateColor(LaneState::Running);
        };
        // Equal neighbouring columns (same height and colour) merge into one rectangle.
        struct Run {
            int x0 = 0, x1 = 0, top = 0;
            QRgb rgba = 0;
            bool open = false;
        } run;
        auto drawRun = [&] {
            if (run.open)
                lp.fillRect(
                    QRect(run.x0, run.top, run.x1 - run.x0, plot.bottom() - run.top + 1), QColor::fromRgba(run.rgba));
            run.open = false;
        };
        auto emitBar = [&](int x0, int x1, int top, const QColor& c) {
            const QRgb rgba = c.rgba();
            if (run.open && run.rgba == rgba && run.top == top && x0 <= run.x1) {
                run.x1 = std::max(run.x1, x1);
                return;
            }
            drawRun();
            run = {x0, x1, top, rgba, true};
        };
        auto flush = [&] {
            if (col.px == std::numeric_limits<long>::min())
                return;
            QColor c = colourFor(col.maxMs, col.blocking);
            c.setAlphaF(0.45 + 0.55 * std::round(std::min(1.0, col.busyNs * pxPerNs) * 8) / 8);
            const int top = std::min(int(yOf(col.maxMs)), plot.bottom() - 2);
            emitBar(int(col.px), int(col.px) + 1, top, c);
            col = Column{};
        };
        for (auto it = tail; it != spans.end() && double(it->startNs) <= to; ++it) {
            if (!isTick(*it))
                continue;
            const double ms = double(it->endNs - it->startNs) / 1e6;
            ++m_ticks;
            if (ms >= m_thresholdMs)
                ++m_slow;
            const double s0 = std::max(double(it->startNs), from), s1 = std::min(double(it->endNs), to);
            const double x0 = plot.left() + (s0 - from) * pxPerNs, x1 = plot.left() + (s1 - from) * pxPerNs;
            if (x1 - x0 >= 1.5) {
                flush();
                const int top = std::min(int(yOf(ms)), plot.bottom() - 2);
                const int ix0 = int(std::floor(x0));
                emitBar(ix0, ix0 + std::max(1, int(std::ceil(x1) - std::floor(x0))), top,
                    colourFor(ms, it->state == LaneState::Blocking));
                continue;
            }
            const long px = long(std::floor(x0));
            if (px != col.px) {
                flush();
                col.px = px;
            }
            col.maxMs = std::max(col.maxMs, ms);
            col.busyNs += s1 - s0;
            col.blocking = col.blocking || it->state == LaneState::Blocking;
        }
        flush();
        drawRun();

        // The newest tick's column and those after it may still change; left of it, nothing can
        // (ticks arrive in time order): those columns are final from now on.
        m_ticks += m_layer.ticks;
        m_slow += m_layer.slow;
        if (!spans.empty() && double(spans.back().startNs) > m_layer.doneNs) {
            const int doneX = std::clamp(
                int(std::floor((double(spans.back().startNs) - from) * pxPerNs)), m_layer.doneX, plot.width());
            const double doneNs = from + doneX / pxPerNs;
            for (auto it = tail; it != spans.end() && double(it->endNs) < doneNs; ++it) {
                if (!isTick(*it))
                    continue;
                const double ms = double(it->endNs - it->startNs) / 1e6;
                ++m_layer.ticks;
                m_layer.slow += ms >= m_thresholdMs;
                m_layer.longestMs = std::max(m_layer.longestMs, ms);
            }
            m_layer.doneX = doneX;
            m_layer.doneNs = doneNs;
            const auto after = startingAt(doneNs);
            m_layer.anchorStart = after == spans.begin() ? -1 : (after - 1)->startNs;
            m_layer.anchorEnd = after == spans.begin() ? -1 : (after - 1)->endNs;
        }
    }
    p.drawImage(plot.topLeft(), m_layer.image);
    // Ticks older than the collector keeps: hatched and said so, not drawn as an idle loop.
    paintDetailCut(p, plot, m_fromS, m_toS, lane->detailFromNs, tr("older ticks not kept"));

    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(t.axisFont());
    p.setPen(t.text);
    for (const AxisTick& tick : ticks) {
        const int labelY = plot.bottom() - int(tick.centre) - fm.height() / 2;
        textcache::draw(
            p, QRect(area.left(), labelY, axisW - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, tick.label);
    }
    paintVerticalTitle(p, area.left() + 1, plot.center().y(), yTitle);

    // Threshold line and slow-callback marks (small triangles along the top).
    if (m_thresholdMs > kMinMs && m_thresholdMs < maxMs) {
        const int y = int(yOf(m_thresholdMs));
        p.setPen(QPen(t.alert, 1, Qt::DashLine));
        p.drawLine(plot.left(), y, plot.right(), y);
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(t.alert);
    int lastX = -100;
    for (const auto& m : m_lab->marks) {
        if (m.name != m_markName)
            continue;
        const double ts = double(m.tNs);
        if (ts < from || ts > to)
            continue;
        const int x = plot.left() + int((ts - from) * pxPerNs);
        if (x - lastX < 4)
            continue;
        lastX = x;
        const QPointF tri[3] = {QPointF(x - 5, plot.top()), QPointF(x + 5, plot.top()), QPointF(x, plot.top() + 8)};
        p.drawPolygon(tri, 3);
    }
    p.setBrush(Qt::NoBrush);
    paintTimeAxis(p, plot, m_fromS, m_toS);
    return true;
}

} // namespace looplab::ui
