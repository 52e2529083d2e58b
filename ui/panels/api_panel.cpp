#include "api_panel.h"

#include "charts/axis_ticks.h"
#include "charts/gauge_bar.h"
#include "charts/timeline_widget.h"
#include "event_loop_panel.h"
#include "series_math.h"
#include "theme.h"
#include "ui_text.h"

#include <QChart>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

using metrics::LaneState;

namespace {
// The api lab's series, lanes, histograms and marks (its public contract with the UI).
const char* const kRateNames[]
    = {"offered_rps", "served_rps", "rejected_rps", "client_error_rps", "server_error_rps", "error_rps", "timeout_rps"};
const QString kInflight = QStringLiteral("inflight");
const QString kQueued = QStringLiteral("queued");
const QString kServerInflight = QStringLiteral("server_inflight");
const QString kTokenLevel = QStringLiteral("token_bucket_level");
const QString kDbBusy = QStringLiteral("db_busy");
const QString kDbWaiting = QStringLiteral("db_waiting");
const QString kCacheHitRatio = QStringLiteral("cache_hit_ratio");
const QString kLatency = QStringLiteral("latency_ms");
const QString kLag = QStringLiteral("server_lag_ms");
const QString kDbWait = QStringLiteral("db_wait_ms");
const char* const kPercentiles[] = {"_p50", "_p95", "_p99"};

// asyncio's slow_callback_duration: the server flags callbacks longer than this (api_server.cpp).
constexpr double kSlowCallbackMs = 100;
// Counts arrive every 10 ms: a rate over 10 ms bins is mostly noise. Over 1 s, Poisson arrivals at
// 100/s still wander by ±10 %, which is what a load tester's per-second report shows too.
constexpr double kRateWindowS = 1.0;

QJsonObject child(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toObject();
}

double number(const QJsonObject& o, const char* key, double fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toDouble() : fallback;
}

// "server.db.pool_size" = 10 into nested objects, creating the ones on the way.
void setPath(QJsonObject& root, const QStringList& keys, int i, const QJsonValue& value)
{
    if (i == keys.size() - 1) {
        root.insert(keys[i], value);
        return;
    }
    QJsonObject sub = root.value(keys[i]).toObject();
    setPath(sub, keys, i + 1, value);
    root.insert(keys[i], sub);
}

QColor faded(const QColor& c)
{
    QColor f = c;
    f.setAlpha(110);
    return f;
}
} // namespace

// ---------------------------------------------------------------------------------------------
// StackedRateChart

StackedRateChart::StackedRateChart(const QString& title, const QString& yTitle, const QString& unit, QWidget* parent)
    : PaintedChart(title, parent)
    , m_yTitle(yTitle)
    , m_unit(unit)
{ }

int StackedRateChart::addLayer(const QString& label, const QColor& color)
{
    m_layers.push_back({label, color});
    return int(m_layers.size()) - 1;
}

void StackedRateChart::setLine(const QString& label, const QColor& color)
{
    m_lineLabel = label;
    m_lineColor = color;
}

double StackedRateChart::lastValue(int i) const
{
    const size_t stride = m_layers.size() + 1;
    if (m_x.empty() || i < -1 || i >= int(m_layers.size()))
        return std::numeric_limits<double>::quiet_NaN();
    const size_t c = m_x.size() - 1;
    return m_v[c * stride + (i < 0 ? m_layers.size() : size_t(i))];
}

void StackedRateChart::setFrame(
    double fromS, double toS, const std::vector<const metrics::SeriesData*>& layers, const metrics::SeriesData* line)
{
    if (m_frozen)
        return;
    if (!(toS > fromS))
        toS = fromS + 1;
    m_fromS = fromS;
    m_toS = toS;
    m_x.clear();
    m_v.clear();

    // Every series of a lab shares its bins (same start and width). Rates stop before the bin in
    // progress; columns end where the shortest series ends so no layer drops to zero at the edge.
    const metrics::SeriesData* ref = line;
    size_t n = SIZE_MAX;
    for (const metrics::SeriesData* s : layers)
        if (s) {
            ref = ref ? ref : s;
            n = std::min(n, s->values.size());
        }
    if (line)
        n = std::min(n, line->values.size());
    if (!ref || n == SIZE_MAX || n == 0 || ref->binNs <= 0) {
        update();
        return;
    }
    const double binS = double(ref->binNs) * 1e-9;
    const double x0 = double(ref->startNs) * 1e-9 + binS / 2;
    const double fi = std::ceil((fromS - x0) / binS), li = std::floor((toS - x0) / binS);
    const size_t first = fi <= 0 ? 0 : size_t(fi);
    const size_t last = li < 0 ? 0 : std::min(n, size_t(li) + 1); // exclusive
    if (first >= last) {
        update();
        return;
    }
    // About one column per two pixels: average groups of bins (a mean keeps the stack's total).
    const int plotW = std::max(40, width() - 80);
    const size_t cols = std::max<size_t>(16, size_t(plotW / 2));
    const size_t group = std::max<size_t>(1, (last - first + cols - 1) / cols);
    const size_t stride = m_layers.size() + 1;
    double hi = 0;
    for (size_t b = first; b < last; b += group) {
        const size_t e = std::min(last, b + group);
        m_x.push_back(x0 + binS * (double(b) + double(e - 1)) / 2);
        double total = 0;
        for (size_t j = 0; j < stride; ++j) {
            const metrics::SeriesData* s = j < m_layers.size() ? (j < layers.size() ? layers[j] : nullptr) : line;
            double v = 0;
            if (s) {
                for (size_t i = b; i < e; ++i)
                    v += std::isfinite(s->values[i]) ? s->values[i] : 0.0;
                v /= double(e - b);
            }
            m_v.push_back(v);
            if (j < m_layers.size())
                total += v;
            else
                hi = std::max(hi, v);
        }
        hi = std::max(hi, total);
    }
    updateYAxis(hi);
    update();
}

void StackedRateChart::updateYAxis(double hi)
{
    const double want = niceCeil(std::max(hi, 1.0) * 1.08);
    // Grow at once, shrink only when the data fell well below: a steady axis is readable.
    if (want > m_yHi || want < m_yHi * 0.45)
        m_yHi = want;
}

int StackedRateChart::paintLegend(QPainter& p, const QRect& area)
{
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const int rowH = fm.height() + 4;
    int x = area.left() + 8, y = area.top() + rowH / 2;
    auto room = [&](const QString& label, int extra) {
        const int w = extra + fm.horizontalAdvance(label) + 14;
        if (x > area.left() + 8 && x + w > area.right() - 4) {
            x = area.left() + 8;
            y += rowH;
        }
    };
    if (!m_lineLabel.isEmpty()) {
        room(m_lineLabel, 26);
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(m_lineColor, 2.5));
        p.drawLine(QPointF(x, y), QPointF(x + 20, y));
        p.setPen(t.text);
        p.setFont(t.axisFont());
        const int w = fm.horizontalAdvance(m_lineLabel);
        p.drawText(
            QRect(x + 24, y - fm.height() / 2, w + 2, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, m_lineLabel);
        p.restore();
        x += 24 + w + 14;
    }
    // Bottom layer first, as the stack is built.
    for (size_t j = 0; j < m_layers.size(); ++j) {
        room(m_layers[j].label, fm.height());
        x = paintSwatch(p, x, y, m_layers[j].color, m_layers[j].label);
    }
    return y + rowH / 2 - area.top();
}

bool StackedRateChart::paintContent(QPainter& p, const QRect& area)
{
    m_plot = QRect();
    if (m_x.empty())
        return false;
    const Theme& t = Theme::current();
    const QFontMetrics fm(t.axisFont());
    const int legendH = paintLegend(p, area);

    // Plot rectangle: y title and tick labels on the left, time axis below.
    const std::vector<double> ticks = linearTicks(0, m_yHi, std::max(2, (area.height() - legendH) / 55));
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : m_yHi;
    int labelW = 0;
    for (double v : ticks)
        labelW = std::max(labelW, fm.horizontalAdvance(tickLabel(v, step)));
    const int titleW = QFontMetrics(t.axisTitleFont()).height() + 4;
    const QRect plot(area.left() + titleW + labelW + 10, area.top() + legendH + 8, 0, 0);
    const QRect plotRect(
        plot.left(), plot.top(), area.right() - 10 - plot.left(), area.bottom() - timeAxisHeight() - plot.top());
    if (plotRect.width() < 30 || plotRect.height() < 30)
        return true;
    m_plot = plotRect;
    auto xOf = [&](double s) { return plotRect.left() + (s - m_fromS) / (m_toS - m_fromS) * plotRect.width(); };
    auto yOf = [&](double v) { return plotRect.bottom() - v / m_yHi * plotRect.height(); };

    // Grid and y labels.
    p.setFont(t.axisFont());
    for (double v : ticks) {
        const int y = int(std::lround(yOf(v)));
        p.setPen(t.grid);
        p.drawLine(plotRect.left(), y, plotRect.right(), y);
        p.setPen(t.text);
        p.drawText(QRect(plotRect.left() - labelW - 8, y - fm.height() / 2, labelW + 2, fm.height()),
            Qt::AlignRight | Qt::AlignVCenter, tickLabel(v, step));
    }
    p.save();
    p.setFont(t.axisTitleFont());
    p.setPen(t.mutedText);
    p.translate(area.left() + 2, plotRect.center().y());
    p.rotate(-90);
    p.drawText(QRect(-plotRect.height() / 2 - 40, 0, plotRect.height() + 80, titleW), Qt::AlignCenter, m_yTitle);
    p.restore();
    p.setPen(t.axis);
    p.drawLine(plotRect.bottomLeft(), plotRect.topLeft());
    paintTimeAxis(p, plotRect, m_fromS, m_toS);

    // Stacked areas, bottom layer first; each polygon runs along its top and back along the top
    // of the layer below.
    const size_t stride = m_layers.size() + 1;
    const size_t cols = m_x.size();
    p.save();
    p.setClipRect(plotRect.adjusted(0, -1, 1, 1));
    p.setRenderHint(QPainter::Antialiasing, true);
    std::vector<double> below(cols, 0.0);
    QPolygonF poly;
    poly.reserve(qsizetype(2 * cols + 2));
    for (size_t j = 0; j < m_layers.size(); ++j) {
        poly.clear();
        bool any = false;
        for (size_t c = 0; c < cols; ++c) {
            const double v = m_v[c * stride + j];
            any = any || v > 0;
            poly << QPointF(xOf(m_x[c]), yOf(below[c] + v));
        }
        for (size_t c = cols; c-- > 0;)
            poly << QPointF(xOf(m_x[c]), yOf(below[c]));
        for (size_t c = 0; c < cols; ++c)
            below[c] += m_v[c * stride + j];
        if (!any)
            continue;
        QColor fill = m_layers[j].color;
        fill.setAlpha(200);
        p.setPen(QPen(m_layers[j].color.darker(115), 1));
        p.setBrush(fill);
        p.drawPolygon(poly);
    }
    if (!m_lineLabel.isEmpty()) {
        poly.clear();
        for (size_t c = 0; c < cols; ++c)
            poly << QPointF(xOf(m_x[c]), yOf(m_v[c * stride + m_layers.size()]));
        QPen pen(m_lineColor, 2.5);
        pen.setJoinStyle(Qt::BevelJoin);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(poly);
    }
    // Marks (parameter edits): a line and a caption each ("rate_limit_rps → 50").
    paintMarks(p, QRectF(plotRect), m_fromS, m_toS, m_marks);
    p.restore();

    // Hover: the column under the cursor, every layer's value.
    if (m_hover && plotRect.contains(m_hoverPos)) {
        const double tS = m_fromS + double(m_hoverPos.x() - plotRect.left()) / plotRect.width() * (m_toS - m_fromS);
        auto it = std::lower_bound(m_x.begin(), m_x.end(), tS);
        size_t c = size_t(it - m_x.begin());
        if (c == cols || (c > 0 && std::fabs(m_x[c - 1] - tS) < std::fabs(m_x[c] - tS)))
            c = c == 0 ? 0 : c - 1;
        c = std::min(c, cols - 1);
        const double x = xOf(m_x[c]);
        p.setPen(QPen(t.hover, 1));
        p.drawLine(QPointF(x, plotRect.top()), QPointF(x, plotRect.bottom()));
        QStringList lines;
        lines << tr("t = %1 s").arg(QString::number(m_x[c], 'f', 2));
        if (!m_lineLabel.isEmpty())
            lines << QStringLiteral("%1: %2").arg(m_lineLabel, formatValue(m_v[c * stride + m_layers.size()], m_unit));
        for (size_t j = m_layers.size(); j-- > 0;) {
            const double v = m_v[c * stride + j];
            lines << QStringLiteral("%1: %2").arg(m_layers[j].label, formatValue(v, m_unit));
        }
        for (const ChartMark& m : m_marks)
            if (std::fabs(xOf(m.tS) - m_hoverPos.x()) <= 3)
                lines << m.label;
        QFontMetricsF hfm(t.axisFont());
        double w = 0;
        for (const QString& l : lines)
            w = std::max(w, hfm.horizontalAdvance(l));
        QRectF box(m_hoverPos.x() + 12, plotRect.top() + 6, w + 12, hfm.height() * lines.size() + 8);
        if (box.right() > plotRect.right())
            box.moveRight(m_hoverPos.x() - 12);
        QColor bg = t.background;
        bg.setAlpha(235);
        p.setBrush(bg);
        p.setPen(QPen(t.axis, 1));
        p.drawRoundedRect(box, 4, 4);
        p.setPen(t.text);
        for (int i = 0; i < lines.size(); ++i)
            p.drawText(QPointF(box.left() + 6, box.top() + 4 + hfm.ascent() + i * hfm.height()), lines[i]);
    }
    return true;
}

void StackedRateChart::mouseMoveEvent(QMouseEvent* event)
{
    m_hover = true;
    m_hoverPos = event->position().toPoint();
    update();
    PaintedChart::mouseMoveEvent(event);
}

void StackedRateChart::leaveEvent(QEvent* event)
{
    m_hover = false;
    update();
    PaintedChart::leaveEvent(event);
}

// ---------------------------------------------------------------------------------------------
// ApiPanel

ApiPanel::ApiPanel(const scenario::LabConfig& config, QWidget* parent)
    : LabPanel(config, parent)
{
    const Theme& t = Theme::current();
    const QString reqPerS = tr("req/s");
    const QString requests = tr("requests");
    // One colour per outcome, the same in every chart of the panel.
    const QColor cOffered = t.seriesColor(0), cServed = t.seriesColor(2), cRejected = t.seriesColor(1),
                 cClient = t.seriesColor(3), cServer = t.seriesColor(5), cNoAnswer = t.seriesColor(6),
                 cTimeout = t.seriesColor(7);

    // Headline numbers: what a load test reports.
    m_servedNow = new GaugeBar(tr("served now"), reqPerS);
    m_rejectedNow = new GaugeBar(tr("429 now"), reqPerS);
    m_p99Now = new GaugeBar(tr("latency p99"), QStringLiteral("ms"));
    m_lagNow = new GaugeBar(tr("loop lag p99"), QStringLiteral("ms"));
    m_servedNow->setColor(cServed);
    m_rejectedNow->setColor(cRejected);
    m_p99Now->setColor(t.seriesColor(5));
    m_lagNow->setColor(t.seriesColor(0));
    m_lagNow->setThreshold(kSlowCallbackMs);
    m_absent = new QLabel;
    m_absent->setWordWrap(true);
    m_absent->setContentsMargins(8, 0, 8, 0);

    // (1) What became of the offered requests.
    m_rps = new StackedRateChart(
        tr("Requests per second (mean over %1 s)").arg(kRateWindowS), labelWithUnit(tr("rate"), reqPerS), reqPerS);
    m_rps->setLine(tr("offered"), cOffered);
    m_rps->addLayer(tr("served 2xx/3xx"), cServed);
    m_rps->addLayer(tr("rejected 429"), cRejected);
    m_rps->addLayer(tr("other 4xx"), cClient);
    m_rps->addLayer(tr("5xx"), cServer);
    m_rps->addLayer(tr("no answer"), cNoAnswer);
    m_rps->addLayer(tr("timed out"), cTimeout);

    // (2) Latency percentiles; the legend entries are check boxes.
    m_latency
        = new TimeSeriesChart(tr("Latency (from intended send)"), labelWithUnit(tr("latency"), QStringLiteral("ms")));
    m_latency->addSeries(QStringLiteral("p50"), QStringLiteral("ms"), t.seriesColor(0));
    m_latency->addSeries(QStringLiteral("p95"), QStringLiteral("ms"), t.seriesColor(3));
    m_latency->addSeries(QStringLiteral("p99"), QStringLiteral("ms"), t.seriesColor(5));
    m_latency->setMinimumYMax(1);
    {
        const auto series = m_latency->chart()->series();
        for (int i = 0; i < series.size() && i < 3; ++i)
            for (QLegendMarker* marker : m_latency->chart()->legend()->markers(series[i]))
                connect(
                    marker, &QLegendMarker::clicked, this, [this, i] { setLatencyShown(i, !m_latencyOn[size_t(i)]); });
    }
    styleLatencyLegend();

    // (3) Status codes as lines: small error rates are readable here, not under a big stack.
    m_status = new TimeSeriesChart(tr("Answers by status"), labelWithUnit(tr("rate"), reqPerS));
    m_status->addSeries(QStringLiteral("2xx/3xx"), reqPerS, cServed);
    m_status->addSeries(QStringLiteral("429"), reqPerS, cRejected);
    m_status->addSeries(tr("4xx"), reqPerS, cClient);
    m_status->addSeries(QStringLiteral("5xx"), reqPerS, cServer);
    m_status->addSeries(tr("failed"), reqPerS, cTimeout); // no answer + timed out: no status at all
    m_status->setMinimumYMax(1);

    // (4) Requests in flight.
    m_inflight = new TimeSeriesChart(tr("Requests in flight"), labelWithUnit(tr("requests"), QString()));
    // Client side: sent on a connection and awaiting the answer, or queued for a free connection.
    m_inflight->addSeries(tr("sent"), requests, t.seriesColor(4));
    m_inflight->addSeries(tr("queued"), requests, t.seriesColor(1));
    m_inflight->addSeries(tr("at server"), requests, t.seriesColor(3), 1.5);
    m_inflight->setMinimumYMax(1);

    // (5) The rate limiter's bucket (or what is left of its window).
    m_tokens = new TimeSeriesChart(tr("Token bucket"), labelWithUnit(tr("tokens"), QString()));
    m_tokens->addSeries(tr("tokens in the bucket"), tr("tokens"), t.seriesColor(0));
    m_tokens->setMinimumYMax(1);

    // (6) The database pool: busy connections against the pool, requests waiting, wait times.
    m_dbBusyNow = new GaugeBar(tr("DB busy"), tr("connections"));
    m_dbBusyNow->setColor(t.stateColor(LaneState::IoWait));
    m_db = new TimeSeriesChart(tr("DB connections busy"), labelWithUnit(tr("connections"), QString()));
    m_db->addSeries(tr("busy"), tr("connections"), t.stateColor(LaneState::IoWait).darker(130));
    m_db->setMinimumYMax(1);
    m_dbQueue = new TimeSeriesChart(tr("Waiting for a DB connection"), labelWithUnit(tr("requests"), QString()));
    m_dbQueue->addSeries(tr("requests waiting"), requests, t.seriesColor(5));
    m_dbQueue->setMinimumYMax(1);
    m_dbWait = new TimeSeriesChart(tr("Time to get a DB connection"), labelWithUnit(tr("wait"), QStringLiteral("ms")));
    m_dbWait->addSeries(QStringLiteral("p50"), QStringLiteral("ms"), t.seriesColor(0));
    m_dbWait->addSeries(QStringLiteral("p99"), QStringLiteral("ms"), t.seriesColor(5));
    m_dbWait->setMinimumYMax(1);

    // (7) Cache.
    m_cache = new TimeSeriesChart(tr("Cache hit ratio"), labelWithUnit(tr("hits"), QStringLiteral("%")));
    m_cache->addSeries(tr("hit ratio"), QStringLiteral("%"), t.seriesColor(2));
    m_cache->setMinimumYMax(100);

    // (8) The server loop's lag, slow callbacks marked.
    m_lag = new TimeSeriesChart(tr("Server loop lag"), labelWithUnit(tr("lag"), QStringLiteral("ms")));
    m_lag->addSeries(QStringLiteral("p50"), QStringLiteral("ms"), t.seriesColor(0));
    m_lag->addSeries(QStringLiteral("p99"), QStringLiteral("ms"), t.seriesColor(5));
    m_lag->setMinimumYMax(1);
    m_lag->setReferenceLine(kSlowCallbackMs,
        tr("%1: asyncio's slow-callback warning").arg(formatValue(kSlowCallbackMs, QStringLiteral("ms"))), t.alert);

    // (9) Who is doing what: the loop, the DB connections, the to_thread workers.
    m_timeline = new TimelineWidget(tr("Timeline"));
    m_timeline->setGroupOrder(
        {QStringLiteral("server"), QStringLiteral("db pool"), QStringLiteral("executor"), QStringLiteral("gil")});
    m_timeline->setGroupTitle(QStringLiteral("server"), tr("server event loop"));
    m_timeline->setGroupTitle(QStringLiteral("db pool"), tr("DB connections (busy during a query)"));
    m_timeline->setGroupTitle(QStringLiteral("executor"), tr("to_thread workers"));
    m_timeline->setGroupTitle(QStringLiteral("gil"), tr("the GIL (emulated): who holds it"));

    // Layout: headline numbers; the client's view (rates, latency, status codes); where requests
    // wait and what limits them (in flight, limiter, cache, DB queue, loop lag); the timeline
    // beside the database pool.
    auto* gauges = new QWidget;
    auto* gl = new QHBoxLayout(gauges);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->setSpacing(4);
    for (GaugeBar* g : {m_servedNow, m_rejectedNow, m_p99Now, m_lagNow, m_dbBusyNow})
        gl->addWidget(g, 1);

    m_rowA = new QSplitter(Qt::Horizontal);
    for (QWidget* w : std::initializer_list<QWidget*>{m_rps, m_latency, m_status})
        m_rowA->addWidget(w);
    m_rowB = new QSplitter(Qt::Horizontal);
    for (QWidget* w : std::initializer_list<QWidget*>{m_inflight, m_tokens, m_cache, m_dbQueue, m_lag})
        m_rowB->addWidget(w);
    m_rowC = new QSplitter(Qt::Horizontal);
    for (QWidget* w : std::initializer_list<QWidget*>{m_timeline, m_db, m_dbWait})
        m_rowC->addWidget(w);
    m_split = new QSplitter(Qt::Vertical);
    for (QSplitter* s : {m_rowA, m_rowB, m_rowC}) {
        s->setChildrenCollapsible(false);
        m_split->addWidget(s);
    }
    m_split->setChildrenCollapsible(false);
    m_split->setObjectName(QStringLiteral("apiSplitter"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(gauges);
    layout->addWidget(m_absent);
    layout->addWidget(m_split, 1);

    m_features = readFeatures();
    applyFeatures();
}

ApiPanel::Features ApiPanel::readFeatures() const
{
    Features f;
    const double scale = m_timeScale > 0 ? m_timeScale : 1;
    const QJsonObject server = child(m_config.params, "server");
    const QJsonObject load = child(m_config.params, "load");
    if (server.contains(QLatin1String("rate_limit"))) {
        const QJsonObject rl = child(server, "rate_limit");
        const QString algo = rl.value(QLatin1String("algorithm")).toString(QStringLiteral("token_bucket"));
        f.limiter = algo != QLatin1String("none");
        f.tokenBucket = algo == QLatin1String("token_bucket");
        const double rate = number(rl, "rate_per_s", 100) / scale;
        // The limiter's capacity (rate_limiter.cpp): the bucket's burst, or a window of 1 s.
        f.limitCapacity = f.tokenBucket ? number(rl, "burst", 20) : std::max(1.0, double(std::llround(rate)));
    }
    if (server.contains(QLatin1String("db"))) {
        const QJsonObject db = child(server, "db");
        f.db = true;
        f.poolSize = int(number(db, "pool_size", 10));
        f.acquireTimeoutMs = number(db, "acquire_timeout_ms", 0) * scale;
    }
    f.cache = server.contains(QLatin1String("cache"));
    // Load aimed at another server (a URL): the builtin server does not run, nothing of its
    // insides is measured.
    f.target = load.value(QLatin1String("target")).toString(QStringLiteral("builtin"));
    f.builtin = f.target == QLatin1String("builtin");
    if (!f.builtin)
        f.limiter = f.db = f.cache = false;
    f.openModel = load.value(QLatin1String("model")).toString(QStringLiteral("open")) != QLatin1String("closed");
    f.offeredPerS = f.openModel ? number(load, "rate_per_s", 0) / scale : 0;
    f.connections = int(number(load, "connections", 0));
    f.timeoutMs = number(load, "timeout_ms", 0) * scale;
    return f;
}

void ApiPanel::applyFeatures()
{
    const Features& f = m_features;
    const Theme& t = Theme::current();
    m_tokens->setVisible(f.limiter);
    m_dbBusyNow->setVisible(f.db);
    m_db->setVisible(f.db);
    m_dbQueue->setVisible(f.db);
    m_dbWait->setVisible(f.db);
    m_cache->setVisible(f.cache);

    m_lag->setVisible(f.builtin);
    m_lagNow->setVisible(f.builtin);
    m_rowC->setVisible(f.builtin);
    QStringList absent;
    if (f.builtin && !f.limiter)
        absent << tr("rate limiter (server.rate_limit)");
    if (f.builtin && !f.db)
        absent << tr("database pool (server.db)");
    if (f.builtin && !f.cache)
        absent << tr("cache (server.cache)");
    m_absent->setVisible(!absent.isEmpty() || !f.builtin);
    m_absent->setText(f.builtin
            ? tr("Not in this scenario, so not shown: %1.").arg(absent.join(QStringLiteral(", ")))
            : tr("The load goes to %1, not to the lab's own server: its loop lag, rate limiter, database "
                 "pool, cache and timeline are not measured here.")
                  .arg(f.target));
    QPalette pal = m_absent->palette();
    pal.setColor(QPalette::WindowText, t.mutedText);
    m_absent->setPalette(pal);
    m_absent->setFont(t.axisFont());

    if (f.limiter) {
        if (f.tokenBucket) {
            m_tokens->setTitles(tr("Token bucket"), labelWithUnit(tr("tokens"), QString()));
            m_tokens->setReferenceLine(
                f.limitCapacity, tr("bucket size (burst) %1").arg(formatNumber(f.limitCapacity)), t.alert);
        } else {
            m_tokens->setTitles(tr("Rate-limit window"), labelWithUnit(tr("requests left"), QString()));
            m_tokens->setReferenceLine(
                f.limitCapacity, tr("limit per window %1").arg(formatNumber(f.limitCapacity)), t.alert);
        }
        m_tokens->setMinimumYMax(f.limitCapacity);
    }
    if (f.db) {
        m_dbBusyNow->setRange(f.poolSize);
        m_dbBusyNow->setThreshold(f.poolSize);
        m_db->setReferenceLine(f.poolSize, tr("pool size %1").arg(f.poolSize), t.alert);
        m_db->setMinimumYMax(f.poolSize);
        if (f.acquireTimeoutMs > 0)
            m_dbWait->setReferenceLine(f.acquireTimeoutMs,
                tr("timeout %1 → 503").arg(formatValue(f.acquireTimeoutMs, QStringLiteral("ms"))), t.alert);
    }
    if (f.connections > 0)
        m_inflight->setReferenceLine(f.connections, tr("client connections %1").arg(f.connections), t.mutedText);
    if (f.timeoutMs > 0) {
        m_latency->setReferenceLine(
            f.timeoutMs, tr("timeout %1").arg(formatValue(f.timeoutMs, QStringLiteral("ms"))), t.alert);
        m_p99Now->setThreshold(f.timeoutMs);
    }
    m_servedNow->setRange(f.offeredPerS);
    m_rejectedNow->setRange(f.offeredPerS);
    if (m_sized)
        balanceRows();
}

void ApiPanel::setLatencyShown(int i, bool shown)
{
    if (i < 0 || i >= 3)
        return;
    m_latencyOn[size_t(i)] = shown;
    // Never none: hiding the last one shows the others again.
    if (!m_latencyOn[0] && !m_latencyOn[1] && !m_latencyOn[2])
        m_latencyOn = {true, true, true};
    styleLatencyLegend();
}

void ApiPanel::styleLatencyLegend()
{
    // The legend is the selector: a check box in each entry, unchecked ones faded; the line itself
    // is hidden and gets no data, so the y axis fits the percentiles shown.
    const Theme& t = Theme::current();
    static const char* const names[] = {"p50", "p95", "p99"};
    const auto series = m_latency->chart()->series();
    for (int i = 0; i < series.size() && i < 3; ++i) {
        const bool on = m_latencyOn[size_t(i)];
        series[i]->setVisible(on);
        series[i]->setName((on ? QStringLiteral("☑ ") : QStringLiteral("☐ ")) + QLatin1String(names[i]));
        for (QLegendMarker* marker : m_latency->chart()->legend()->markers(series[i])) {
            marker->setVisible(true);
            marker->setLabelBrush(on ? t.text : faded(t.mutedText));
        }
    }
    m_latency->chart()->legend()->setToolTip(tr("Click p50, p95 or p99 to show or hide it"));
}

void ApiPanel::parameterChanged(const QString& path, const QJsonValue& value)
{
    // The base class stores the path as one flat key; this lab's parameters are nested objects.
    setPath(m_config.params, path.split(QLatin1Char('.')), 0, value);
    m_features = readFeatures();
    applyFeatures();
}

void ApiPanel::resizeEvent(QResizeEvent* event)
{
    LabPanel::resizeEvent(event);
    // Proportions for the first real size (until the user drags a splitter): the client's view a
    // third, the server's insides a bit less, the timeline and the database the rest.
    if (!m_sized && m_split->height() > 200) {
        const int h = m_split->height();
        m_split->setSizes({h * 35 / 100, h * 31 / 100, h * 34 / 100});
        const int w = m_rowA->width();
        m_rowA->setSizes({w * 40 / 100, w * 30 / 100, w * 30 / 100});
        m_sized = true;
        balanceRows();
    }
}

void ApiPanel::balanceRows()
{
    // The server's charts share their row evenly; the timeline keeps 44 % of the last row when
    // the database charts are beside it. Hidden widgets get nothing.
    auto share = [](QSplitter* row, int firstPercent) {
        const int w = row->width();
        int visible = 0;
        for (int i = 0; i < row->count(); ++i)
            visible += row->widget(i)->isVisibleTo(row) ? 1 : 0;
        if (visible == 0 || w <= 0)
            return;
        const int first = visible > 1 && firstPercent > 0 ? w * firstPercent / 100 : 0;
        const int others = firstPercent > 0 ? visible - 1 : visible;
        QList<int> sizes;
        for (int i = 0; i < row->count(); ++i) {
            if (!row->widget(i)->isVisibleTo(row))
                sizes << 0;
            else if (i == 0 && firstPercent > 0)
                sizes << (visible > 1 ? first : w);
            else
                sizes << (others > 0 ? (w - first) / others : w);
        }
        row->setSizes(sizes);
    };
    share(m_rowB, 0);
    share(m_rowC, 44);
}

void ApiPanel::showFrame(const PanelFrame& f)
{
    updateCommon(f);
    if (f.snapshot && f.snapshot->timeScale > 0 && f.snapshot->timeScale != m_timeScale) {
        m_timeScale = f.snapshot->timeScale;
        m_features = readFeatures();
        applyFeatures();
    }
    if (m_frozen)
        return; // every chart keeps its picture; no need to smooth what nobody shows
    const metrics::LabSnapshot* lab = f.lab;
    auto series = [&](const QString& name) { return lab ? lab->findSeries(name) : nullptr; };

    // Rates, smoothed once for the three places that show them.
    std::array<const metrics::SeriesData*, RateCount> rate{};
    for (int r = 0; r < RateCount; ++r) {
        const metrics::SeriesData* raw = series(QLatin1String(kRateNames[r]));
        if (raw) {
            smoothRate(*raw, kRateWindowS, m_smooth[size_t(r)]);
            rate[size_t(r)] = &m_smooth[size_t(r)];
        }
    }
    auto pct = [&](const QString& hist, int i) { return series(hist + QLatin1String(kPercentiles[i])); };

    auto marks = lab ? chartMarks(*lab) : std::vector<ChartMark>{};
    std::vector<ChartMark> paramMarks;
    if (lab)
        for (size_t i = 0; i < lab->marks.size(); ++i)
            if (lab->marks[i].name.startsWith(QLatin1String("parameter"))) {
                paramMarks.push_back(marks[i]);
                marks[i].label.clear(); // captioned on the rps chart; a line on the lag chart
            }

    m_rps->setMarks(paramMarks);
    m_rps->setFrame(f.fromS, f.toS,
        {rate[Served], rate[Rejected], rate[ClientError], rate[ServerError], rate[NoAnswer], rate[Timeout]},
        rate[Offered]);
    m_latency->setMarks(paramMarks, false); // captioned once, on the rps chart
    m_latency->setFrame(f.fromS, f.toS,
        {m_latencyOn[0] ? pct(kLatency, 0) : nullptr, m_latencyOn[1] ? pct(kLatency, 1) : nullptr,
            m_latencyOn[2] ? pct(kLatency, 2) : nullptr});
    m_status->setMarks(paramMarks, false);
    const metrics::SeriesData* failed = nullptr;
    if (rate[NoAnswer] || rate[Timeout]) {
        const metrics::SeriesData* a = rate[NoAnswer] ? rate[NoAnswer] : rate[Timeout];
        const metrics::SeriesData* b = rate[Timeout] && rate[NoAnswer] ? rate[Timeout] : nullptr;
        m_failed.name = QStringLiteral("failed_rps");
        m_failed.unit = a->unit;
        m_failed.kind = a->kind;
        m_failed.startNs = a->startNs;
        m_failed.binNs = a->binNs;
        m_failed.values.assign(a->values.begin(), a->values.end());
        if (b && b->startNs == a->startNs && b->binNs == a->binNs) {
            m_failed.values.resize(std::min(a->values.size(), b->values.size()));
            for (size_t i = 0; i < m_failed.values.size(); ++i)
                m_failed.values[i] += b->values[i];
        }
        failed = &m_failed;
    }
    m_status->setFrame(f.fromS, f.toS, {rate[Served], rate[Rejected], rate[ClientError], rate[ServerError], failed});
    m_inflight->setFrame(f.fromS, f.toS, {series(kInflight), series(kQueued), series(kServerInflight)});
    if (m_features.limiter) {
        m_tokens->setMarks(paramMarks, false);
        m_tokens->setFrame(f.fromS, f.toS, {series(kTokenLevel)});
    }
    if (m_features.db) {
        m_db->setFrame(f.fromS, f.toS, {series(kDbBusy)});
        m_dbQueue->setFrame(f.fromS, f.toS, {series(kDbWaiting)});
        m_dbWait->setFrame(f.fromS, f.toS, {pct(kDbWait, 0), pct(kDbWait, 2)});
        m_dbBusyNow->setValue(lastFinite(series(kDbBusy)));
    }
    if (m_features.cache)
        m_cache->setFrame(f.fromS, f.toS, {series(kCacheHitRatio)});
    m_lag->setMarks(marks);
    m_lag->setFrame(f.fromS, f.toS, {pct(kLag, 0), pct(kLag, 2)});
    m_timeline->setFrame(f.snapshot, lab, f.fromS, f.toS);

    m_servedNow->setValue(lastFinite(rate[Served]));
    m_rejectedNow->setValue(lastFinite(rate[Rejected]));
    m_p99Now->setValue(lastFinite(pct(kLatency, 2)));
    m_lagNow->setValue(lastFinite(pct(kLag, 2)));
}

void ApiPanel::setFrozen(bool frozen)
{
    m_frozen = frozen;
    for (TimeSeriesChart* c : {m_latency, m_status, m_inflight, m_tokens, m_cache, m_lag, m_db, m_dbQueue, m_dbWait})
        c->setFrozen(frozen);
    m_rps->setFrozen(frozen);
    m_timeline->setFrozen(frozen);
    for (GaugeBar* g : {m_servedNow, m_rejectedNow, m_p99Now, m_lagNow, m_dbBusyNow})
        g->setFrozen(frozen);
}

QList<QWidget*> ApiPanel::charts() const
{
    QList<QWidget*> out{m_rps, m_latency, m_status, m_inflight};
    if (m_features.limiter)
        out << m_tokens;
    if (m_features.cache)
        out << m_cache;
    if (m_features.builtin)
        out << m_lag << m_timeline;
    if (m_features.db)
        out << m_db << m_dbQueue << m_dbWait;
    return out;
}

void ApiPanel::applyTheme()
{
    // Every chart, shown or not (a hidden one may come back after a parameter change).
    for (TimeSeriesChart* c : {m_latency, m_status, m_inflight, m_tokens, m_cache, m_lag, m_db, m_dbQueue, m_dbWait})
        c->applyTheme();
    styleLatencyLegend();
    applyFeatures();
    for (QWidget* w : std::initializer_list<QWidget*>{
             m_rps, m_timeline, m_servedNow, m_rejectedNow, m_p99Now, m_lagNow, m_dbBusyNow, m_absent})
        w->update();
}

} // namespace looplab::ui
