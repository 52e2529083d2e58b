#pragma once
// A live time-series chart on Qt Charts. Each frame every series is thinned to at most a
// (min, max) pair per two pixel columns and painted as one polyline over the chart. Qt Charts
// keeps the title, the legend (clickable: panels hide series through its markers) and the
// background; it is never handed the points, whose geometry it would recompute and stroke on
// every change, and has no axes: the chart paints its own (chart_axes.h) into a layer it keeps
// between axis changes. The x axis is a bounded window of run time in seconds; the y axis
// always names its unit. Hovering shows a crosshair with the values under the cursor; while
// frozen (Run → Pause) the chart keeps its picture for inspection.
#include "chart_axes.h"
#include "mark_captions.h"
#include "metrics/snapshot.h"

#include <QChartView>
#include <QColor>
#include <QLineF>
#include <QList>
#include <QPainter>
#include <QPixmap>
#include <QPointF>
#include <QString>

#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

QT_BEGIN_NAMESPACE
class QGraphicsItem;
class QLineSeries;
class QStyleOptionGraphicsItem;
QT_END_NAMESPACE

namespace looplab::ui {

class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    // `yTitle` already carries the unit: "loop lag (ms)".
    TimeSeriesChart(const QString& title, const QString& yTitle, QWidget* parent = nullptr);

    // `unit` is used in hover text. Returns the series index.
    int addSeries(const QString& label, const QString& unit, const QColor& color, qreal width = 2.0);
    int seriesCount() const { return int(m_series.size()); }

    // One frame: x range [fromS, toS] and, per series index, its data (nullptr: none yet).
    void setFrame(double fromS, double toS, const std::vector<const metrics::SeriesData*>& data);
    // withCaptions false: the lines only (the caption is on another chart of the panel).
    void setMarks(std::vector<ChartMark> marks, bool withCaptions = true);
    // One caption per event: the panel's first chart carries the captions, the others the lines.
    static void setMarksOn(std::initializer_list<TimeSeriesChart*> charts, const std::vector<ChartMark>& marks)
    {
        bool first = true;
        for (TimeSeriesChart* c : charts) {
            c->setMarks(marks, first);
            first = false;
        }
    }
    // A dashed horizontal line (a threshold), drawn when inside the y range.
    void setReferenceLine(double y, const QString& label, const QColor& color);
    // The y axis never shows less than [0, floor].
    void setMinimumYMax(double v) { m_minYMax = v; }
    // > 0: the y axis ends exactly there, whatever the data (0: automatic again). Set from outside
    // the panel: the A/B comparison gives both charts of a pair the larger of their two ranges.
    void setFixedYMax(double v) { m_fixedYMax = v; }
    double yMin() const { return m_yLo; }
    double yMax() const { return m_yHi; }
    // The plot (inside the axes), in scene coordinates.
    QRectF plotRect();
    // The axes as last laid out (tests: their labels and titles).
    ChartAxes& axes() { return m_axes; }
    void setTitles(const QString& title, const QString& yTitle);

    void setFrozen(bool frozen) { m_frozen = frozen; }
    bool isFrozen() const { return m_frozen; }
    QString title() const { return m_title; }
    // Colours of palette series, fonts and line widths from the current Theme.
    void applyTheme();
    // Captions drawn for the marks in the last paint (tests).
    int lastCaptionCount() const { return m_captions; }
    // How many times the cached layer (axes, title, legend) was painted again (tests).
    int layerPaintCount() const { return m_layerPaints; }
    // false: Qt Charts' title and legend are painted by the view on every paint, as before they
    // were cached (tests compare both pictures).
    void setItemsInLayer(bool on)
    {
        m_itemsInLayer = on;
        m_layerRevision = -1;
        viewport()->update();
    }
    // false: the lines are stroked whole on every paint, as before the chart kept them (tests
    // compare both pictures).
    void setLinesKept(bool on)
    {
        m_linesKept = on;
        m_lines.key = {};
        viewport()->update();
    }
    // Pixel columns of the plot whose lines were stroked in the last paint (tests, benchmark).
    int lastStrokedWidth() const { return m_strokedWidth; }

    // Points handed to Qt Charts for series i in the last frame (tests, benchmark).
    qsizetype pointCount(int i) const;
    // Last value shown of series i (NaN when none).
    double lastValue(int i) const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    // On the screen the title and legend are in the layer (drawBackground()): nothing to paint
    // here. Other painters (a PDF, the tests' text recorder) get the items as Qt Charts paints them.
    void drawItems(
        QPainter* painter, int numItems, QGraphicsItem* items[], const QStyleOptionGraphicsItem options[]) override;

private:
    struct Series {
        QLineSeries* line = nullptr;
        QString label;
        QString unit;
        QList<QPointF> points;
        qreal width = 2.0;
    };
    void updateYAxis(double lo, double hi, bool any);
    // At a fractional device pixel ratio a picture kept in one image and copied to another
    // position is not the picture painted there (rounding of the scaled coordinates, resampling):
    // the title and legend, and the lines, are then painted each time as before they were kept.
    static bool wholePixels(qreal dpr) { return dpr == std::floor(dpr); }
    bool itemsInLayer(qreal dpr) const { return m_itemsInLayer && wholePixels(dpr); }
    // Repaints the plot (something drawn over the lines changed).
    void updatePlot();
    // Strokes each visible series' polyline, from the segments that reach x >= sinceX on.
    void paintSeries(QPainter& p, const QRectF& plot, double sinceX);
    // The layer with the lines over it, brought up to date (drawBackground(), raster only).
    void updateLines(const QRectF& bounds, qreal dpr);
    struct LinesKey;
    LinesKey linesKey();
    bool linesKeepable(QPainter::RenderHints hints) const;
    double linesChangedFrom(const LinesKey& key) const;
    // [from, to) columns (scene x) stroked again for lines changed from sinceX.
    std::pair<int, int> linesRedoColumns(double sinceX, const QRectF& plot, double widest) const;
    double widestPen() const;
    // A short chart drops the x title and writes the unit on its labels instead.
    void fitAxisTitles();
    QPointF toScene(double x, double y);

    QString m_title;
    QString m_yTitle; // in full; the axis may show it wrapped
    int m_xTicksForWidth = 0; // the width the x ticks were chosen for
    int m_compact = -1; // x axis without its title, the unit on the labels (-1: not decided yet)
    ChartAxes m_axes;
    AxisRange m_xAxis{0, 10, 2};
    // The axes, Qt Charts' title and legend (and the background under them) as last painted, and
    // what they were painted for: the axes' revision, the scene's (bumped whenever an item of
    // Qt Charts changes: a legend marker hidden, the layout moved) and the render hints.
    QPixmap m_layer;
    int m_layerRevision = -1;
    int m_sceneRevision = 0;
    int m_layerSceneRevision = -1;
    QPainter::RenderHints m_layerHints;
    int m_layerPaints = 0;
    std::vector<Series> m_series;
    std::vector<ChartMark> m_marks;
    bool m_markCaptions = true;
    double m_refY = std::numeric_limits<double>::quiet_NaN();
    QString m_refLabel;
    QColor m_refColor;
    double m_minYMax = 0;
    double m_fixedYMax = 0;
    double m_yLo = 0, m_yHi = 1;
    double m_fromS = 0, m_toS = 1;
    bool m_hasData = false;
    bool m_frozen = false;
    bool m_itemsInLayer = true;
    bool m_hover = false;
    bool m_dense = false;
    bool m_styled = false;
    int m_captions = 0;
    QPointF m_hoverPos; // viewport coordinates
    std::vector<QPointF> m_pixels; // scratch: one series' points in scene coordinates

    // The layer with the series' lines stroked over it, as last painted. Between two steps of the
    // time window the x axis stays, and while the y axis stays too a frame's new points change
    // only the right end of each line: the lines left of the first point that differs from the
    // last frame's are kept, and only the columns from there (less a pen's width) are copied
    // from the layer again and stroked, from the segments that reach them. Stroking every line
    // whole each frame was the largest part of the charts' paint under saturation (issue 18).
    struct LinesKey {
        double fromS = 0, toS = 0, yLo = 0, yHi = 0;
        QRectF plot;
        int layerPaints = -1;
        QPainter::RenderHints hints;
        std::vector<std::tuple<QRgb, qreal, bool, bool>> pens; // colour, width, cosmetic, visible
        bool operator==(const LinesKey&) const = default;
    };
    struct Lines {
        QPixmap image;
        LinesKey key;
        std::vector<QList<QPointF>> points; // per series, as stroked
    } m_lines;
    bool m_linesKept = true;
    bool m_linesPainted = false; // this paint's background carried the lines
    int m_strokedWidth = 0;
    std::vector<QLineF> m_segments; // scratch: the same as line segments
};

} // namespace looplab::ui
