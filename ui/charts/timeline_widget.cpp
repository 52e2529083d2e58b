#include "timeline_widget.h"

#include "detail_cut.h"
#include "text_cache.h"
#include "theme.h"
#include "ui_text.h"

#include <QHash>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

using metrics::LaneState;

TimelineWidget::TimelineWidget(const QString& title, QWidget* parent)
    : PaintedChart(title, parent)
{
    setPlaceholder(tr("no lanes yet: nothing has run"));
}

void TimelineWidget::setFrame(metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab, double fromS, double toS)
{
    if (m_frozen)
        return;
    m_keep = std::move(keep);
    m_lab = lab;
    m_fromS = fromS;
    m_toS = toS > fromS ? toS : fromS + 1;
    update();
}

std::vector<TimelineWidget::Row> TimelineWidget::rows() const
{
    std::vector<Row> out;
    if (!m_lab)
        return out;
    QStringList present;
    for (const auto& l : m_lab->lanes)
        if (!present.contains(l.group) && (m_filter.isEmpty() || m_filter.contains(l.group)))
            present << l.group;
    QStringList groups;
    for (const QString& g : m_order)
        if (present.contains(g))
            groups << g;
    for (const QString& g : present)
        if (!groups.contains(g))
            groups << g;
    const bool headers = groups.size() > 1 || !m_groupTitles.isEmpty();
    for (int g = 0; g < groups.size(); ++g) {
        bool first = true;
        for (const auto& l : m_lab->lanes) {
            if (l.group != groups[g])
                continue;
            if (first && headers)
                out.push_back({nullptr, m_groupTitles.value(groups[g], groups[g])});
            first = false;
            out.push_back({&l, l.name});
        }
    }
    return out;
}

int TimelineWidget::visibleLaneCount() const
{
    int n = 0;
    for (const Row& r : rows())
        n += r.lane != nullptr;
    return n;
}

void TimelineWidget::paintHeader(QPainter& p, const QRect& area)
{
    // Legend: the states that occur in the shown lanes (always at least running and idle).
    if (!m_lab)
        return;
    std::array<bool, metrics::kLaneStateCount> seen{};
    seen[size_t(LaneState::Running)] = true;
    seen[size_t(LaneState::Idle)] = true;
    for (const Row& r : rows())
        if (r.lane)
            for (int s = 0; s < metrics::kLaneStateCount; ++s)
                if (r.lane->totalNs[size_t(s)] > 0 || r.lane->current == LaneState(s))
                    seen[size_t(s)] = true;
    seen[size_t(LaneState::Done)] = false;
    int x = area.left();
    const int y = area.center().y();
    for (int s = 1; s <= metrics::kLaneStateCount; ++s) {
        const int state = s % metrics::kLaneStateCount; // idle last
        if (!seen[size_t(state)] || LaneState(state) == LaneState::Done)
            continue;
        const QString label = laneStateLabel(LaneState(state));
        if (x + textcache::advanceInt(label, Theme::current().axisFont()) + 24 > area.right())
            break;
        x = paintSwatch(p, x, y, Theme::current().stateColor(LaneState(state)), laneStateLabel(LaneState(state)));
    }
}

bool TimelineWidget::paintContent(QPainter& p, const QRect& area)
{
    m_rects = 0;
    m_rowY.clear();
    const std::vector<Row> rs = rows();
    if (rs.empty())
        return false;
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const QFont boldFont = [&] {
        QFont f = t.axisFont();
        f.setBold(true);
        return f;
    }();
    const QFontMetrics bfm(boldFont);

    int labelW = 0;
    for (const Row& r : rs)
        labelW = std::max(labelW, textcache::advanceInt(r.text, r.lane ? t.axisFont() : boldFont));
    labelW = std::clamp(labelW + 14, 60, std::max(60, area.width() / 4));

    const QRect plotArea(
        area.left() + labelW, area.top(), area.width() - labelW - 10, area.height() - timeAxisHeight());
    if (plotArea.width() < 20 || plotArea.height() < 10)
        return true;

    // Lane height: fit everything; headers take a text line when there is room.
    int lanes = 0, headers = 0;
    for (const Row& r : rs)
        (r.lane ? lanes : headers)++;
    int headerH = bfm.height() + 2;
    int laneH = lanes ? (plotArea.height() - headers * headerH) / lanes : 0;
    if (laneH < fm.height() * 0.6) {
        headerH = std::max(6, headerH / 2);
        laneH = lanes ? (plotArea.height() - headers * headerH) / lanes : 0;
    }
    laneH = std::clamp(laneH, 1, fm.height() * 2 + 6);
    m_laneH = laneH;
    const int gap = laneH >= 8 ? 2 : (laneH >= 4 ? 1 : 0);
    const bool labelEvery = laneH >= fm.height() - 2;
    // When labels don't fit on every lane, label every k-th so they never overlap.
    const int labelStride = labelEvery ? 1 : std::max(1, int(std::ceil(double(fm.height()) / std::max(1, laneH))));

    const double from = m_fromS * 1e9, to = m_toS * 1e9;
    const double pxPerNs = plotArea.width() / (to - from);
    m_plot = plotArea;

    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(t.axisFont());
    int y = plotArea.top();
    int laneIndexInGroup = 0;
    for (const Row& r : rs) {
        if (y >= plotArea.bottom())
            break;
        if (!r.lane) {
            laneIndexInGroup = 0;
            // The group's rule starts after its title: a title longer than the lane labels' column
            // was struck through by it.
            int ruleLeft = plotArea.left();
            if (headerH >= bfm.height()) {
                p.setFont(boldFont);
                p.setPen(t.text);
                textcache::draw(
                    p, QRect(area.left() + 4, y, area.width(), headerH), Qt::AlignLeft | Qt::AlignVCenter, r.text);
                p.setFont(t.axisFont());
                ruleLeft = std::max(ruleLeft, area.left() + 4 + textcache::advanceInt(r.text, boldFont) + 8);
            }
            p.setPen(t.grid);
            if (ruleLeft < plotArea.right())
                p.drawLine(ruleLeft, y + headerH / 2, plotArea.right(), y + headerH / 2);
            y += headerH;
            continue;
        }
        const metrics::LaneData& lane = *r.lane;
        const int boxH = std::max(1, laneH - gap);
        m_rowY.push_back({y, &lane});
        // Lane background = idle, except where its spans were not kept (a busy loop's ticks).
        p.fillRect(QRect(plotArea.left(), y, plotArea.width(), boxH), t.idleFill);
        paintDetailCut(
            p, QRect(plotArea.left(), y, plotArea.width(), boxH), m_fromS, m_toS, lane.detailFromNs, tr("not kept"));
        if (labelEvery || laneIndexInGroup % labelStride == 0) {
            p.setPen(t.text);
            const int ty = labelEvery ? y : y + boxH / 2 - fm.height() / 2;
            textcache::draw(p, QRect(area.left() + 4, ty, labelW - 8, std::max(boxH, fm.height())),
                Qt::AlignRight | Qt::AlignVCenter,
                textcache::advanceInt(r.text, t.axisFont()) <= labelW - 8
                    ? r.text
                    : fm.elidedText(r.text, Qt::ElideMiddle, labelW - 8));
        }
        ++laneIndexInGroup;

        // Visible spans: spans are sorted by start and don't overlap, so their ends are sorted too.
        const auto& spans = lane.spans;
        auto it = std::lower_bound(
            spans.begin(), spans.end(), int64_t(from), [](const metrics::Span& s, int64_t t0) { return s.endNs < t0; });
        // Runs of equal colour are merged into one rectangle: a lane that awaits I/O for most of
        // the window costs a few rectangles, not one per pixel column.
        struct Run {
            int x0 = 0, x1 = 0;
            QRgb rgba = 0;
            bool open = false;
        } run;
        auto drawRun = [&] {
            if (!run.open)
                return;
            p.fillRect(QRect(run.x0, y, run.x1 - run.x0, boxH), QColor::fromRgba(run.rgba));
            ++m_rects;
            run.open = false;
        };
        auto emitBox = [&](int x0, int x1, const QColor& c) {
            const QRgb rgba = c.rgba();
            if (run.open && run.rgba == rgba && x0 <= run.x1) {
                run.x1 = std::max(run.x1, x1);
                return;
            }
            drawRun();
            run = {x0, x1, rgba, true};
        };
        std::array<double, metrics::kLaneStateCount> acc{};
        long curPx = std::numeric_limits<long>::min();
        auto flush = [&] {
            if (curPx == std::numeric_limits<long>::min())
                return;
            int best = -1;
            double total = 0;
            for (int st = 0; st < metrics::kLaneStateCount; ++st) {
                total += acc[size_t(st)];
                if (acc[size_t(st)] > 0 && (best < 0 || acc[size_t(st)] > acc[size_t(best)]))
                    best = st;
            }
            if (best >= 0) {
                QColor c = t.stateColor(LaneState(best));
                // Faded by how much of the column the lane was busy; 8 levels so runs merge.
                const double share = std::min(1.0, total * pxPerNs);
                c.setAlphaF(0.35 + 0.65 * std::round(share * 8) / 8);
                emitBox(int(curPx), int(curPx) + 1, c);
            }
            acc = {};
            curPx = std::numeric_limits<long>::min();
        };
        for (; it != spans.end() && double(it->startNs) <= to; ++it) {
            if (it->state == LaneState::Idle || it->state == LaneState::Done)
                continue;
            const double s0 = std::max(double(it->startNs), from), s1 = std::min(double(it->endNs), to);
            if (s1 <= s0)
                continue;
            const double x0 = plotArea.left() + (s0 - from) * pxPerNs;
            const double x1 = plotArea.left() + (s1 - from) * pxPerNs;
            if (x1 - x0 >= 1.0) {
                flush();
                const int ix0 = int(std::floor(x0)), ix1 = int(std::ceil(x1));
                emitBox(ix0, std::max(ix0 + 1, ix1), t.stateColor(it->state));
                continue;
            }
            const long px = long(std::floor(x0));
            if (px != curPx) {
                flush();
                curPx = px;
            }
            acc[size_t(it->state)] += s1 - s0;
        }
        flush();
        drawRun();
        y += laneH;
    }
    paintFlows(p, std::max(1, laneH - gap));
    if (m_rowY.size() < size_t(lanes)) {
        p.setPen(t.mutedText);
        textcache::draw(p, QRect(plotArea.left(), plotArea.bottom() - fm.height(), plotArea.width() - 4, fm.height()),
            Qt::AlignRight, tr("+%n more lane(s)", "", int(size_t(lanes) - m_rowY.size())));
    }
    // The axis sits right under the last lane; the room left below shows where each lane's time
    // went over the whole run (the spans above are only the visible window).
    const int axisY = std::min(plotArea.bottom(), y + 2);
    paintTimeAxis(p, QRect(plotArea.left(), plotArea.top(), plotArea.width(), axisY - plotArea.top()), m_fromS, m_toS);
    paintTotals(p,
        QRect(area.left(), axisY + timeAxisHeight() + 6, area.width(), area.bottom() - axisY - timeAxisHeight() - 6),
        labelW, plotArea.width());
    return true;
}

void TimelineWidget::paintFlows(QPainter& p, int boxH)
{
    m_flowArrows = 0;
    if (m_flows.empty() || m_rowY.empty())
        return;
    QHash<QString, int> topY; // lane name -> the top of its row
    for (const auto& [y, lane] : m_rowY)
        topY.insert(lane->name, y);
    const Theme& t = Theme::current();
    QColor colour = t.text;
    colour.setAlphaF(0.8);
    const QFontMetrics fm(t.axisFont());
    const double pxPerS = m_plot.width() / (m_toS - m_fromS);
    const auto xOf = [&](double s) { return m_plot.left() + (s - m_fromS) * pxPerS; };
    const auto visible = [&](double s) { return s >= m_fromS && s <= m_toS; };
    // Calls handed over together would draw one line over the other: each arrow that would land
    // within 3 px of one already drawn moves right until it stands apart.
    std::vector<int> used;
    const auto apart = [&](double x) {
        for (int tries = 0; tries < 12; ++tries) {
            const bool clash = std::any_of(used.begin(), used.end(), [&](int u) { return std::abs(u - int(x)) < 3; });
            if (!clash)
                break;
            x += 3;
        }
        used.push_back(int(x));
        return x;
    };
    const auto arrow = [&](double x0, int y0, double x1, int y1, Qt::PenStyle style) {
        p.setPen(QPen(colour, 1.3, style));
        p.drawLine(QPointF(x0, y0), QPointF(x1, y1));
        // The head at the receiving lane, pointing along the line.
        const double dx = x1 - x0, dy = y1 - y0, len = std::max(1.0, std::hypot(dx, dy));
        const double ux = dx / len, uy = dy / len, head = std::min(6.0, len / 2);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawPolygon(
            QPolygonF({QPointF(x1, y1), QPointF(x1 - head * ux - head * 0.5 * uy, y1 - head * uy + head * 0.5 * ux),
                QPointF(x1 - head * ux + head * 0.5 * uy, y1 - head * uy - head * 0.5 * ux)}));
        p.setBrush(Qt::NoBrush);
        ++m_flowArrows;
    };
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setClipRect(m_plot);
    p.setFont(t.axisFont());
    for (const Flow& f : m_flows) {
        const auto from = topY.constFind(f.fromLane), to = topY.constFind(f.toLane);
        if (from == topY.constEnd() || to == topY.constEnd() || *from == *to)
            continue;
        const int fromMid = *from + boxH / 2, toMid = *to + boxH / 2;
        // The work on the worker's lane: a thread sleeping in a blocking call is idle to the OS,
        // so without this its lane would look empty while it holds the call.
        if (f.workS >= 0 && f.workS <= m_toS && (f.endS < 0 || f.endS >= m_fromS)) {
            const double x0 = xOf(std::max(f.workS, m_fromS)), x1 = xOf(f.endS < 0 ? m_toS : std::min(f.endS, m_toS));
            const QRectF box(x0, *to + 1, std::max(2.0, x1 - x0), std::max(2, boxH - 2));
            QColor fill = colour;
            fill.setAlphaF(0.12);
            p.setPen(QPen(colour, 1));
            p.setBrush(fill);
            p.drawRoundedRect(box, 2, 2);
            p.setBrush(Qt::NoBrush);
            if (!f.label.isEmpty() && box.height() >= fm.height() - 2
                && textcache::advanceInt(f.label, t.axisFont()) + 8 < box.width())
                textcache::draw(p, box.toRect().adjusted(4, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter, f.label);
        }
        // Out solid (the call handed over), back dashed (the result handed back).
        if (visible(f.startS)) {
            const double x0 = apart(xOf(f.startS));
            arrow(x0, fromMid, std::max(x0, f.workS >= 0 ? xOf(f.workS) : x0), toMid, Qt::SolidLine);
        }
        if (f.endS >= 0 && visible(f.endS)) {
            const double x = apart(xOf(f.endS));
            arrow(x, toMid, x, fromMid, Qt::DashLine);
        }
    }
    p.restore();
}

void TimelineWidget::paintTotals(QPainter& p, const QRect& area, int labelW, int plotW)
{
    std::vector<const metrics::LaneData*> lanes;
    for (const auto& [y, lane] : m_rowY)
        lanes.push_back(lane);
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const int barH = std::min(fm.height() + 4, 26);
    const int needed = fm.height() + 6 + int(lanes.size()) * (barH + 3);
    if (lanes.empty() || area.height() < needed)
        return;
    QFont bold = t.axisFont();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(t.text);
    textcache::draw(p, QRect(area.left() + 4, area.top(), area.width() - 8, fm.height() + 2),
        Qt::AlignLeft | Qt::AlignVCenter, tr("Where the time went (whole run, share per state)"));
    p.setFont(t.axisFont());
    int y = area.top() + fm.height() + 6;
    const int left = area.left() + labelW;
    for (const metrics::LaneData* lane : lanes) {
        int64_t total = 0;
        for (int64_t v : lane->totalNs)
            total += v;
        p.setPen(t.text);
        textcache::draw(p, QRect(area.left() + 4, y, labelW - 8, barH), Qt::AlignRight | Qt::AlignVCenter,
            textcache::advanceInt(lane->name, t.axisFont()) <= labelW - 8
                ? lane->name
                : fm.elidedText(lane->name, Qt::ElideMiddle, labelW - 8));
        if (total <= 0) {
            y += barH + 3;
            continue;
        }
        double x = left;
        // Busy states first, idle last, so bars line up by "busy" from the left.
        for (int k = 1; k <= metrics::kLaneStateCount; ++k) {
            const auto s = LaneState(k % metrics::kLaneStateCount);
            const int64_t v = lane->totalNs[size_t(s)];
            if (v <= 0 || s == LaneState::Done)
                continue;
            const double w = double(v) / double(total) * plotW;
            const QRect r(int(std::round(x)), y, std::max(1, int(std::round(x + w)) - int(std::round(x))), barH);
            p.fillRect(r, t.stateColor(s));
            const QString pct = QStringLiteral("%1 %").arg(
                QString::number(100.0 * double(v) / double(total), 'f', v * 1000 >= total * 10 ? 0 : 1));
            if (textcache::advanceInt(pct, t.axisFont()) + 6 < r.width()) {
                const bool darkFill = t.stateColor(s).lightnessF() < 0.55;
                p.setPen(darkFill ? QColor(Qt::white) : t.text);
                textcache::draw(p, r, Qt::AlignCenter, pct);
            }
            x += w;
        }
        y += barH + 3;
    }
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (!m_lab || !m_plot.contains(pos) || m_laneH <= 0) {
        QToolTip::hideText();
        return;
    }
    const metrics::LaneData* lane = nullptr;
    for (const auto& [y, l] : m_rowY)
        if (pos.y() >= y && pos.y() < y + m_laneH)
            lane = l;
    if (!lane) {
        QToolTip::hideText();
        return;
    }
    const double tS = m_fromS + double(pos.x() - m_plot.left()) / m_plot.width() * (m_toS - m_fromS);
    const int64_t tNs = int64_t(tS * 1e9);
    const auto& spans = lane->spans;
    auto it = std::lower_bound(
        spans.begin(), spans.end(), tNs, [](const metrics::Span& s, int64_t t0) { return s.endNs < t0; });
    QString text
        = QStringLiteral("<b>%1</b> · t = %2 s<br>").arg(lane->name.toHtmlEscaped(), QString::number(tS, 'f', 3));
    if (it != spans.end() && it->startNs <= tNs)
        text += tr("%1 for %2")
                    .arg(laneStateLabel(it->state),
                        formatValue(double(it->endNs - it->startNs) / 1e6, QStringLiteral("ms")));
    else
        text += laneStateLabel(LaneState::Idle);
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

} // namespace looplab::ui
