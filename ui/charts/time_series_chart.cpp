#include "time_series_chart.h"

#include "axis_ticks.h"
#include "dashed_line.h"
#include "decimate.h"
#include "painted_chart.h"
#include "text_cache.h"
#include "theme.h"
#include "ui_text.h"

#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

TimeSeriesChart::TimeSeriesChart(const QString& title, const QString& yTitle, QWidget* parent)
    : QChartView(new QChart, parent)
    , m_title(title)
    , m_yTitle(yTitle)
{
    QChart* c = chart();
    c->setAnimationOptions(QChart::NoAnimation);
    c->setBackgroundRoundness(0);
    // The view paints the background, with the axes, from its layer (drawBackground()).
    c->setBackgroundVisible(false);
    c->setMargins(QMargins(2, 2, 6, 2));
    c->layout()->setContentsMargins(0, 0, 0, 0);
    c->legend()->setAlignment(Qt::AlignTop);
    c->legend()->setVisible(false);
    c->setTitle(title);

    m_axes.setTitles(tr("time (s)"), yTitle);
    m_axes.setX(m_xAxis, false);
    m_axes.setY({m_yLo, m_yHi, 0.25});

    setRenderHint(QPainter::Antialiasing, true);
    setRubberBand(QChartView::NoRubberBand);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    // drawBackground() covers the whole viewport: no fill of the palette's colour under it first.
    viewport()->setAutoFillBackground(false);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setFrameShape(QFrame::NoFrame);
    // The view repaints every frame; the axes layer is kept by drawBackground() itself, which
    // knows when it changed (QGraphicsView's background cache would be a picture to a recording
    // paint device too, where the tests want the labels as text).
    setCacheMode(QGraphicsView::CacheNone);
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    // A handful of items (title, legend): a BSP index is not worth keeping for them.
    scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
    // Qt Charts' title and legend are text items that shape and lay out their text again on every
    // paint (QTextDocumentLayout, HarfBuzz: an eighth of the GUI thread's time on the pool panel
    // under saturation, issue 18). They change only when the chart's layout or legend does, so
    // they are painted into the layer with the axes, and the view's own item pass (drawItems(),
    // reached through IndirectPainting) leaves them out on the screen. Any change to an item
    // reaches the scene as changed(), which makes the layer stale.
    setOptimizationFlag(QGraphicsView::IndirectPainting, true);
    connect(scene(), &QGraphicsScene::changed, this, [this] {
        ++m_sceneRevision;
        viewport()->update();
    });
    applyTheme();
}

int TimeSeriesChart::addSeries(const QString& label, const QString& unit, const QColor& color, qreal width)
{
    auto* line = new QLineSeries(chart());
    line->setName(label);
    QPen pen(color, width);
    // Round joins cost an arc per point when stroking (atan2 + Bézier flattening: most of a
    // frame for a 1000-point min/max polyline); bevel joins look the same at this density.
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::BevelJoin);
    line->setPen(pen);
    // No axes attached: the chart maps the points itself, and Qt Charts has nothing to lay out.
    chart()->addSeries(line);
    m_series.push_back({line, label, unit, {}, width});
    m_styled = false;
    // A single series is named by the chart title and the y axis; several need a legend.
    chart()->legend()->setVisible(m_series.size() > 1);
    applyTheme();
    fitAxisTitles();
    return int(m_series.size()) - 1;
}

void TimeSeriesChart::setTitles(const QString& title, const QString& yTitle)
{
    m_title = title;
    m_yTitle = yTitle;
    chart()->setTitle(title);
    m_axes.setTitles(tr("time (s)"), yTitle);
    fitAxisTitles();
    viewport()->update();
}

void TimeSeriesChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitAxisTitles();
}

void TimeSeriesChart::fitAxisTitles()
{
    const Theme& t = Theme::current();
    const QFontMetrics afm(t.axisFont()), tfm(t.titleFont());
    // A short chart has no height for both the x labels and the "time (s)" under them: it drops
    // the title and writes the unit on each label (0 s, 10 s). The bound is where Qt Charts'
    // labels of a 400 px chart with a legend began to elide at font scales 1 and 1.5 (180 and
    // 240 px), with a margin. (The y title wraps instead: ChartAxes.)
    const int textH = tfm.height() + afm.height() * (chart()->legend()->isVisible() ? 3 : 2);
    const bool compact = height() < int(2.3 * textH) + 45;
    if (int(compact) != m_compact) {
        m_compact = compact;
        m_xTicksForWidth = 0; // labels of another width: choose the ticks again
    }
}

QRectF TimeSeriesChart::plotRect()
{
    // Qt Charts' plot area is the room below the title and legend; the axes take their part of it.
    m_axes.setArea(chart()->mapRectToScene(chart()->plotArea()), sceneRect());
    return m_axes.plot();
}

void TimeSeriesChart::setReferenceLine(double y, const QString& label, const QColor& color)
{
    // A frame repaints only the columns its lines changed in: what else the plot shows is
    // repainted here, when it changes (panels set their lines again on every frame).
    const bool same
        = (y == m_refY || (std::isnan(y) && std::isnan(m_refY))) && label == m_refLabel && color == m_refColor;
    m_refY = y;
    m_refLabel = label;
    m_refColor = color;
    if (!same)
        updatePlot();
}

void TimeSeriesChart::setMarks(std::vector<ChartMark> marks, bool withCaptions)
{
    const bool same = withCaptions == m_markCaptions && marks.size() == m_marks.size()
        && std::equal(marks.begin(), marks.end(), m_marks.begin(), [](const ChartMark& a, const ChartMark& b) {
               return a.tS == b.tS && a.color == b.color && a.label == b.label;
           });
    m_marks = std::move(marks);
    m_markCaptions = withCaptions;
    if (!same)
        updatePlot();
}

void TimeSeriesChart::updatePlot()
{
    viewport()->update(mapFromScene(plotRect().adjusted(-2, -2, 2, 2)).boundingRect());
}

void TimeSeriesChart::setFrame(double fromS, double toS, const std::vector<const metrics::SeriesData*>& data)
{
    if (m_frozen)
        return;
    // Not on the screen (a collapsed splitter pane, a hidden dock) while the window is: no work
    // and no paint; the next frame after it shows again brings it up to date.
    if (window()->isVisible() && viewport()->visibleRegion().isEmpty())
        return;
    if (!(toS > fromS))
        toS = fromS + 1;
    m_fromS = fromS;
    m_toS = toS;
    fitAxisTitles();
    // One (min, max) pair per two pixel columns: every spike survives, and points cost CPU.
    const QRectF plot = plotRect();
    const int plotW = int(plot.width() > 1 ? plot.width() : width());
    const int buckets = std::max(16, plotW / 2);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool any = false;
    for (size_t i = 0; i < m_series.size(); ++i) {
        Series& s = m_series[i];
        s.points.clear();
        const metrics::SeriesData* d = i < data.size() ? data[i] : nullptr;
        if (d && !d->values.empty()) {
            s.points.reserve(std::min<qsizetype>(qsizetype(d->values.size()), 2 * buckets + 4));
            const DecimateStats st = decimateSeries(*d, fromS, toS, buckets, s.points);
            if (st.any) {
                lo = std::min(lo, st.yMin);
                hi = std::max(hi, st.yMax);
                any = true;
            }
        }
    }
    if (any != m_hasData)
        updatePlot(); // "waiting for data…" comes or goes
    m_hasData = any;
    // Dense data (a min/max envelope, more points than pixel columns) is drawn with 1-px pens
    // and no antialiasing: the raster engine's cosmetic-line fast path. A wider pen goes through
    // QStroker (angles and joins per vertex), which cost most of a frame at 1000+ points and
    // looks no different inside a dense envelope. Sparse data keeps smooth, thick lines.
    qsizetype total = 0;
    for (const Series& s : m_series)
        total += s.points.size();
    const bool dense = total > plotW;
    if (dense != m_dense || !m_styled) {
        m_dense = dense;
        m_styled = true;
        setRenderHint(QPainter::Antialiasing, !dense);
        const double scale = Theme::current().lineScale();
        for (Series& s : m_series) {
            QPen pen = s.line->pen();
            // Presenter mode keeps dense envelopes at 2 px: 1 px vanishes on a projector.
            pen.setWidthF(dense ? (scale > 1 ? 2.0 : 1.0) : s.width * scale);
            pen.setCosmetic(dense);
            s.line->setPen(pen);
        }
    }
    // Only when it moved or the chart's width changed: a new x range lays out the axes again and
    // repaints their layer. Labels keep their own width again apart ("10 s" in a short chart).
    if (fromS != m_xAxis.lo || toS != m_xAxis.hi || width() != m_xTicksForWidth) {
        m_xTicksForWidth = width();
        QString widest = QString::number(toS, 'g', 3);
        if (m_compact == 1)
            widest += QStringLiteral(" s");
        const int spacing = std::max(int(110 * Theme::current().fontScale()),
            2 * textcache::advanceInt(widest, Theme::current().axisFont()) + 12);
        m_xAxis = {fromS, toS, niceStep(toS - fromS, std::max(3, width() / spacing))};
    }
    m_axes.setX(m_xAxis, m_compact == 1);
    updateYAxis(lo, hi, any);
    // The lines are painted by drawForeground(), clipped to the plot. While the layer (axes,
    // title, legend) stays as it is, only the plot is painted again: the rest of the chart on the
    // screen is already that layer, and copying it again (and flushing it to the window system)
    // every frame was a tenth of the GUI thread's time on the pool panel (issue 18).
    const bool layerKept = m_layerRevision == m_axes.revision()
        && m_layerSceneRevision == (itemsInLayer(devicePixelRatioF()) ? m_sceneRevision : -2)
        && m_layerHints == renderHints();
    if (!layerKept || m_hover) {
        viewport()->update();
        return;
    }
    // Kept lines: only the columns they changed in (what else the plot shows asked for its own
    // repaint when it changed: setMarks(), setReferenceLine(), subclasses). The plot's pixels
    // copied and flushed to the window system every frame were the larger part of the charts'
    // paint once the lines were kept.
    QRectF region = plotRect().adjusted(-2, -2, 2, 2);
    if (m_linesKept && linesKeepable(renderHints()) && wholePixels(devicePixelRatioF())) {
        const double sinceX = linesChangedFrom(linesKey());
        if (sinceX == std::numeric_limits<double>::infinity())
            return; // the same lines: nothing to repaint
        if (std::isfinite(sinceX)) {
            const auto [from, to] = linesRedoColumns(sinceX, plotRect(), widestPen());
            region.setLeft(std::max(region.left(), double(from)));
            region.setRight(std::min(region.right(), double(to)));
        }
    }
    if (region.width() > 0)
        viewport()->update(mapFromScene(region).boundingRect());
}

void TimeSeriesChart::updateYAxis(double lo, double hi, bool any)
{
    if (!any) {
        lo = 0;
        hi = 0;
    }
    hi = std::max(hi, m_minYMax);
    const double wantHi = hi > 0 ? niceCeil(hi * 1.08) : (lo < 0 ? 0 : 1);
    const double wantLo = lo < 0 ? -niceCeil(-lo * 1.08) : 0;
    // Grow at once, shrink only when the data fell well below: a steady axis is readable.
    if (wantHi > m_yHi || wantHi < m_yHi * 0.45 || !any)
        m_yHi = wantHi;
    if (wantLo < m_yLo || wantLo > m_yLo * 0.45)
        m_yLo = wantLo;
    if (m_fixedYMax > 0)
        m_yHi = m_fixedYMax;
    if (!(m_yHi > m_yLo))
        m_yHi = m_yLo + 1;
    m_axes.setY(
        {m_yLo, m_yHi, niceStep(m_yHi - m_yLo, std::max(2, int(height() / (60 * Theme::current().fontScale()))))});
}

void TimeSeriesChart::applyTheme()
{
    const Theme& t = Theme::current();
    QChart* c = chart();
    c->setBackgroundBrush(t.background);
    c->setBackgroundVisible(false); // the view paints it (drawBackground())
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(t.text);
    c->setTitleFont(t.titleFont());
    c->legend()->setLabelColor(t.text);
    c->legend()->setFont(t.axisFont());
    // The axes' fonts and colours are the theme's (ChartAxes::paint()): the labels in the axis
    // font and the text colour, the titles muted; the x title in the axis font too (Chinese
    // glyphs fall back, and short charts need that font's line height for their tick labels),
    // the rotated y title in the axis title font (it needs the CJK one, theme.cpp).
    m_axes.invalidate();
    m_layerRevision = -1;
    setBackgroundBrush(t.background);
    // Smaller than this, a chart has no room left for its labels at the theme's font size (a
    // projector's fonts need a larger chart).
    setMinimumSize(int(260 * t.fontScale()), int(150 * t.fontScale()));
    c->legend()->setShowToolTips(true); // a label the legend had to shorten shows in full on hover
    m_compact = -1; // fonts changed: decide again
    // A series drawn in a palette colour (of whichever theme) takes this theme's colour of the
    // same index; colours from elsewhere (lane states) are left as the panel chose them.
    for (Series& s : m_series) {
        QPen pen = s.line->pen();
        const int index = t.seriesColorIndex(pen.color());
        if (index >= 0 && pen.color() != t.seriesColor(index)) {
            pen.setColor(t.seriesColor(index));
            s.line->setPen(pen);
        }
    }
    m_styled = false; // pen widths follow the theme's line scale at the next frame
}

qsizetype TimeSeriesChart::pointCount(int i) const
{
    return i >= 0 && size_t(i) < m_series.size() ? m_series[size_t(i)].points.size() : 0;
}

double TimeSeriesChart::lastValue(int i) const
{
    if (i < 0 || size_t(i) >= m_series.size() || m_series[size_t(i)].points.isEmpty())
        return std::numeric_limits<double>::quiet_NaN();
    return m_series[size_t(i)].points.last().y();
}

void TimeSeriesChart::mouseMoveEvent(QMouseEvent* event)
{
    m_hover = true;
    m_hoverPos = event->position();
    viewport()->update();
    QChartView::mouseMoveEvent(event);
}

void TimeSeriesChart::leaveEvent(QEvent* event)
{
    m_hover = false;
    viewport()->update();
    QChartView::leaveEvent(event);
}

QPointF TimeSeriesChart::toScene(double x, double y)
{
    const QRectF plot = plotRect();
    return {plot.left() + (x - m_fromS) / (m_toS - m_fromS) * plot.width(),
        plot.bottom() - (y - m_yLo) / (m_yHi - m_yLo) * plot.height()};
}

void TimeSeriesChart::drawBackground(QPainter* p, const QRectF&)
{
    const QRectF bounds = sceneRect();
    plotRect(); // the axes laid out for the current plot area
    // Painters that do not paint pixels (a PDF, the tests' text recorder) get the axes as they
    // are: real text. (Qt Charts' title and legend stay text items, painted each frame: their
    // QGraphicsItem caches either left them blank (DeviceCoordinateCache) or printed
    // "QPainter::begin: Paint device returned engine == 0" while updating parts of a picture
    // (ItemCoordinateCache), Qt 6.4.)
    const bool raster = p->paintEngine() && p->paintEngine()->type() == QPaintEngine::Raster;
    m_linesPainted = false;
    if (!raster) {
        p->fillRect(bounds, Theme::current().background);
        m_axes.paint(*p);
        return;
    }
    // On the screen the layer changes only when the axes do (every few seconds, when the time
    // window steps on, or when the y range grows or shrinks) or when Qt Charts' items do.
    const qreal dpr = p->device() ? p->device()->devicePixelRatioF() : 1.0;
    const QSize size = (bounds.size() * dpr).toSize();
    const bool items = itemsInLayer(dpr);
    const int sceneRevision = items ? m_sceneRevision : -2;
    if (m_layer.size() != size || m_layer.devicePixelRatioF() != dpr || m_layerRevision != m_axes.revision()
        || m_layerSceneRevision != sceneRevision || m_layerHints != p->renderHints()) {
        if (m_layer.size() != size)
            m_layer = QPixmap(size);
        m_layer.setDevicePixelRatio(dpr);
        m_layer.fill(Theme::current().background);
        QPainter lp(&m_layer);
        lp.setRenderHints(p->renderHints());
        lp.translate(-bounds.topLeft());
        m_axes.paint(lp);
        // The title and legend over the axes, as the view would paint them: the scene's items in
        // scene coordinates, with the view's render hints (the scene has no background of its own).
        if (items)
            scene()->render(&lp, bounds, bounds, Qt::IgnoreAspectRatio);
        m_layerRevision = m_axes.revision();
        m_layerSceneRevision = sceneRevision;
        m_layerHints = p->renderHints();
        ++m_layerPaints;
    }
    if (!m_linesKept || !linesKeepable(p->renderHints()) || !wholePixels(dpr)) {
        m_strokedWidth = int(std::ceil(plotRect().width()));
        p->drawPixmap(bounds.topLeft(), m_layer);
        return;
    }
    updateLines(bounds, dpr);
    p->drawPixmap(bounds.topLeft(), m_lines.image);
    m_linesPainted = true;
}

TimeSeriesChart::LinesKey TimeSeriesChart::linesKey()
{
    LinesKey key{m_fromS, m_toS, m_yLo, m_yHi, plotRect(), m_layerPaints, renderHints(), {}};
    for (const Series& s : m_series) {
        const QPen pen = s.line->pen();
        key.pens.emplace_back(pen.color().rgba(), pen.widthF(), pen.isCosmetic(), s.line->isVisible());
    }
    return key;
}

bool TimeSeriesChart::linesKeepable(QPainter::RenderHints hints) const
{
    // Lines are kept where a part of one stroked again is exactly what stroking it whole paints:
    // 1-px aliased polylines (each pixel the pen's colour or not), and wide pens, stroked as
    // separate segments (the raster engine rasterises each on its own). A thin antialiased
    // polyline is one path, whose pixels depend by a rounding step on all of it.
    for (const Series& s : m_series) {
        const QPen pen = s.line->pen();
        const bool polyline = pen.isCosmetic() || pen.widthF() <= 1;
        if (polyline && (pen.widthF() > 1 || hints.testFlag(QPainter::Antialiasing)))
            return false;
    }
    return true;
}

double TimeSeriesChart::linesChangedFrom(const LinesKey& key) const
{
    // Where the lines differ from those stroked last: from the segment before the first point
    // that changed (a single point is drawn as a dot: stroked whole). -inf: everything; +inf:
    // nothing.
    if (!(key == m_lines.key && m_lines.image.size() == m_layer.size() && m_lines.points.size() == m_series.size()))
        return -std::numeric_limits<double>::infinity();
    double sinceX = std::numeric_limits<double>::infinity();
    const double sx = key.plot.width() / (m_toS - m_fromS);
    for (size_t k = 0; k < m_series.size(); ++k) {
        const QList<QPointF>& now = m_series[k].points;
        const QList<QPointF>& was = m_lines.points[k];
        qsizetype i = 0;
        while (i < now.size() && i < was.size() && now[i] == was[i])
            ++i;
        if (i == now.size() && i == was.size())
            continue; // unchanged
        if (i == 0 || now.size() == 1 || was.size() == 1)
            return -std::numeric_limits<double>::infinity();
        sinceX = std::min(sinceX, key.plot.left() + (was[i - 1].x() - m_fromS) * sx);
    }
    return sinceX;
}

std::pair<int, int> TimeSeriesChart::linesRedoColumns(double sinceX, const QRectF& plot, double widest) const
{
    // The columns from sinceX, less what a pen's width and antialiasing reach of a segment that
    // ends there, up to the last point of any line as it was and as it is now (none right of it).
    const double sx = plot.width() / (m_toS - m_fromS);
    double lastX = sinceX;
    for (size_t k = 0; k < m_series.size(); ++k)
        for (const QList<QPointF>* pts : {&m_series[k].points, &m_lines.points[k]})
            if (!pts->isEmpty())
                lastX = std::max(lastX, plot.left() + (pts->back().x() - m_fromS) * sx);
    return {int(std::floor(sinceX - widest)) - 2, int(std::ceil(lastX + widest)) + 2};
}

double TimeSeriesChart::widestPen() const
{
    double widest = 1;
    for (const Series& s : m_series)
        widest = std::max(widest, s.line->pen().widthF());
    return widest;
}

void TimeSeriesChart::updateLines(const QRectF& bounds, qreal dpr)
{
    const QRectF plot = plotRect();
    LinesKey key = linesKey();
    const double sinceX = linesChangedFrom(key);
    m_strokedWidth = 0;
    if (sinceX == std::numeric_limits<double>::infinity())
        return; // nothing changed
    if (m_lines.image.size() != m_layer.size())
        m_lines.image = QPixmap(m_layer.size());
    m_lines.image.setDevicePixelRatio(dpr);
    QPainter lp(&m_lines.image);
    lp.setRenderHints(renderHints());
    lp.translate(-bounds.topLeft());
    const QRectF clip = plot.adjusted(-1, -1, 1, 1);
    const double widest = widestPen();
    const int top = int(std::floor(bounds.top())), bottom = int(std::ceil(bounds.bottom()));
    int fromX = int(std::floor(bounds.left())), toX = int(std::ceil(bounds.right()));
    if (!std::isfinite(sinceX)) {
        // Everything: the layer, and every line stroked over it under the plot's clip.
        lp.drawPixmap(bounds.topLeft(), m_layer);
        lp.setClipRect(clip);
        paintSeries(lp, plot, sinceX);
    } else {
        // The columns that changed are the layer's again, with the segments that reach them
        // stroked over it.
        const double sx = plot.width() / (m_toS - m_fromS);
        const auto [redoFrom, redoTo] = linesRedoColumns(sinceX, plot, widest);
        fromX = redoFrom;
        toX = std::min(toX, redoTo);
        // The paint engine clips a line to the clip's edges in fixed point, which moves its
        // antialiased pixels by a rounding step: the segments are stroked into a scratch strip
        // whose left edge only segments that end left of fromX cross, and the strip is copied
        // from fromX on.
        int stripX = fromX;
        const double reach = fromX - widest - 2;
        const double reachS = m_fromS + (reach - plot.left()) / sx;
        for (const Series& s : m_series) {
            // The last point left of reach: the segment from it is the first stroked.
            const auto it = std::lower_bound(
                s.points.begin(), s.points.end(), reachS, [](const QPointF& a, double x) { return a.x() < x; });
            if (it == s.points.begin()) {
                stripX = int(std::floor(bounds.left()));
                continue;
            }
            stripX = std::min(stripX, int(std::floor(plot.left() + ((it - 1)->x() - m_fromS) * sx - widest)) - 2);
        }
        stripX = std::max(stripX, int(std::floor(bounds.left())));
        QPixmap strip(QSize(toX - stripX, bottom - top) * dpr);
        strip.setDevicePixelRatio(dpr);
        {
            QPainter sp(&strip);
            sp.setRenderHints(renderHints());
            sp.translate(-stripX, -top);
            sp.drawPixmap(bounds.topLeft(), m_layer);
            sp.setClipRect(clip.intersected(QRectF(stripX, top, toX - stripX, bottom - top)));
            paintSeries(sp, plot, stripX - widest - 2);
        }
        lp.drawPixmap(
            QPointF(fromX, top), strip, QRectF((fromX - stripX) * dpr, 0, (toX - fromX) * dpr, (bottom - top) * dpr));
    }
    m_strokedWidth
        = std::max(0, std::min(toX, int(std::ceil(plot.right()))) - std::max(fromX, int(std::floor(plot.left()))));
    m_lines.key = std::move(key);
    m_lines.points.resize(m_series.size());
    for (size_t k = 0; k < m_series.size(); ++k)
        m_lines.points[k] = m_series[k].points;
}

void TimeSeriesChart::paintSeries(QPainter& p, const QRectF& plot, double sinceX)
{
    if (!(m_toS > m_fromS && m_yHi > m_yLo))
        return;
    const double sx = plot.width() / (m_toS - m_fromS), sy = plot.height() / (m_yHi - m_yLo);
    for (const Series& s : m_series) {
        if (s.points.isEmpty() || !s.line->isVisible())
            continue;
        m_pixels.resize(size_t(s.points.size()));
        for (qsizetype i = 0; i < s.points.size(); ++i) {
            const QPointF& v = s.points[i];
            m_pixels[size_t(i)] = QPointF(plot.left() + (v.x() - m_fromS) * sx, plot.bottom() - (v.y() - m_yLo) * sy);
        }
        const QPen pen = s.line->pen();
        const bool polyline = pen.isCosmetic() || pen.widthF() <= 1;
        // The first segment that reaches sinceX: its start is the last point left of it.
        size_t first = 0;
        if (m_pixels.size() > 1 && std::isfinite(sinceX)) {
            const auto it = std::lower_bound(
                m_pixels.begin(), m_pixels.end(), sinceX, [](const QPointF& a, double x) { return a.x() < x; });
            first = it == m_pixels.begin() ? 0 : size_t(it - m_pixels.begin()) - 1;
            first = std::min(first, m_pixels.size() - 2);
        }
        const QPointF* pts = m_pixels.data() + first;
        const size_t n = m_pixels.size() - first;
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        if (n == 1) {
            p.drawPoint(pts[0]);
        } else if (polyline) {
            p.drawPolyline(pts, int(n)); // the raster engine's fast path
        } else {
            // A wide pen strokes a polyline with a join at every vertex (angles, arcs); one
            // segment at a time, as Qt Charts drew them, looks the same and costs far less.
            m_segments.resize(n - 1);
            for (size_t i = 0; i + 1 < n; ++i)
                m_segments[i] = QLineF(pts[i], pts[i + 1]);
            p.drawLines(m_segments.data(), int(m_segments.size()));
        }
    }
}

void TimeSeriesChart::drawItems(
    QPainter* p, int numItems, QGraphicsItem* items[], const QStyleOptionGraphicsItem options[])
{
    const bool raster = p->paintEngine() && p->paintEngine()->type() == QPaintEngine::Raster;
    if (raster && itemsInLayer(p->device() ? p->device()->devicePixelRatioF() : 1.0))
        return; // painted into the layer by drawBackground()
    QGraphicsView::drawItems(p, numItems, items, options);
}

void TimeSeriesChart::drawForeground(QPainter* p, const QRectF& rect)
{
    QChartView::drawForeground(p, rect);
    const Theme& t = Theme::current();
    const QRectF plot = plotRect();
    p->save();
    p->setClipRect(plot.adjusted(-1, -1, 1, 1));

    // The series: their decimated points as one polyline each, mapped straight to pixels. Qt
    // Charts draws the title and legend, but is never handed the points: on every
    // replace() it re-strokes each line's whole outline for mouse hit testing (QPainterPathStroker,
    // about a third of a busy panel's frame while the labs ran) and builds a path to paint it.
    // Each QLineSeries still holds the style (pen, visibility) that the legend shows. On the
    // screen the background already carried them (updateLines()).
    if (!m_linesPainted)
        paintSeries(*p, plot, -std::numeric_limits<double>::infinity());

    // Threshold.
    if (std::isfinite(m_refY) && m_refY > m_yLo && m_refY < m_yHi) {
        const double y = toScene(m_fromS, m_refY).y();
        paintDashedLine(*p, QPointF(plot.left(), y), QPointF(plot.right(), y), m_refColor, 1.2);
        p->setPen(m_refColor);
        p->setFont(t.axisFont());
        textcache::draw(
            *p, QRectF(plot.left() + 4, y - 18, plot.width() - 8, 16), Qt::AlignRight | Qt::AlignBottom, m_refLabel);
    }

    // Marks: a line and a caption each; crowded captions stagger, then fold.
    m_captions = paintMarks(*p, plot, m_fromS, m_toS, m_marks, m_markCaptions);

    if (!m_hasData) {
        p->setPen(t.mutedText);
        p->setFont(t.baseFont());
        p->drawText(plot, Qt::AlignCenter, tr("waiting for data…"));
    }
    p->restore();

    // Hover: crosshair and the values under it.
    if (m_hover && !m_series.empty()) {
        const QPointF scenePos = mapToScene(m_hoverPos.toPoint());
        if (plot.contains(scenePos)) {
            const double tS = m_fromS + (scenePos.x() - plot.left()) / plot.width() * (m_toS - m_fromS);
            p->save();
            p->setPen(QPen(t.hover, 1));
            p->drawLine(QPointF(scenePos.x(), plot.top()), QPointF(scenePos.x(), plot.bottom()));
            QStringList lines;
            lines << tr("t = %1 s").arg(QString::number(tS, 'f', 2));
            for (const Series& s : m_series) {
                if (s.points.isEmpty())
                    continue;
                auto it = std::lower_bound(
                    s.points.begin(), s.points.end(), tS, [](const QPointF& a, double x) { return a.x() < x; });
                if (it == s.points.end())
                    --it;
                else if (it != s.points.begin() && std::fabs((it - 1)->x() - tS) < std::fabs(it->x() - tS))
                    --it;
                lines << QStringLiteral("%1: %2").arg(s.label, formatValue(it->y(), s.unit));
            }
            for (const ChartMark& m : m_marks)
                if (std::fabs(toScene(m.tS, m_yLo).x() - scenePos.x()) <= 3)
                    lines << m.label;
            p->setFont(t.axisFont());
            const QFontMetricsF fm(t.axisFont());
            double w = 0;
            for (const QString& l : lines)
                w = std::max(w, fm.horizontalAdvance(l));
            const double h = fm.height() * lines.size() + 8;
            QRectF box(scenePos.x() + 12, plot.top() + 6, w + 12, h);
            if (box.right() > plot.right())
                box.moveRight(scenePos.x() - 12);
            QColor bg = t.background;
            bg.setAlpha(235);
            p->setBrush(bg);
            p->setPen(QPen(t.axis, 1));
            p->drawRoundedRect(box, 4, 4);
            p->setPen(t.text);
            for (int i = 0; i < lines.size(); ++i)
                p->drawText(QPointF(box.left() + 6, box.top() + 4 + fm.ascent() + i * fm.height()), lines[i]);
            p->restore();
        }
    }
}

} // namespace looplab::ui
