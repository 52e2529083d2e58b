#pragma once
// The axes of a TimeSeriesChart — grid, axis lines, ticks, tick labels, axis titles — laid out
// and painted by the chart itself rather than by Qt Charts. A QValueAxis keeps each label and
// title as a QGraphicsTextItem, and painting those shapes their text again (QTextDocumentLayout,
// HarfBuzz) on every frame: with the grid items, over half of a chart's paint under saturation
// (issue 18). Here the labels go through the text cache, and the whole layer changes only when
// an axis does (every few seconds as the time window steps on), so the chart keeps it in a
// pixmap between changes.
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

class QPainter;

namespace looplab::ui {

// A linear axis: [lo, hi] with a tick at every multiple of step inside it.
struct AxisRange {
    double lo = 0;
    double hi = 1;
    double step = 1;
    bool operator==(const AxisRange&) const = default;
};

class ChartAxes
{
public:
    // Each setter returns whether it changed the layout. unitOnLabels: a chart too short for the
    // x title under its labels writes the unit on each label instead ("10 s").
    bool setX(const AxisRange& x, bool unitOnLabels);
    bool setY(const AxisRange& y);
    bool setTitles(const QString& xTitle, const QString& yTitle);
    // `area`: the room for the axes and the plot (Qt Charts' plot area, below the chart's title
    // and legend); `bounds`: the chart, which no label may leave.
    bool setArea(const QRectF& area, const QRectF& bounds);
    // Fonts or colours changed.
    void invalidate() { m_dirty = true; }

    const QRectF& plot()
    {
        layout();
        return m_plot;
    }
    // Changes whenever the layer looks different (a cached picture of it is then stale).
    int revision()
    {
        layout();
        return m_revision;
    }
    // Grid, axis lines and ticks under the series; labels and titles beside them.
    void paint(QPainter& p);

    // The tick labels as drawn (tests: units, no overlap).
    struct Label {
        QString text;
        QRectF box;
    };
    const std::vector<Label>& xLabels()
    {
        layout();
        return m_xLabels;
    }
    const std::vector<Label>& yLabels()
    {
        layout();
        return m_yLabels;
    }
    // The y title as drawn: one line, or wrapped when the axis is shorter than it.
    const QStringList& yTitleLines()
    {
        layout();
        return m_yTitleLines;
    }

    // A tick value as "%g" formats it (six significant digits, no trailing zeros): what Qt
    // Charts' labels showed.
    static QString tickText(double v);

private:
    void layout();
    bool markDirty(bool changed); // returns `changed`

    AxisRange m_x, m_y;
    bool m_unitOnLabels = false;
    QString m_xTitle, m_yTitle;
    QRectF m_area, m_bounds;
    bool m_dirty = true;
    int m_revision = 0;

    // Layout results.
    QRectF m_plot;
    std::vector<double> m_xTickPx, m_yTickPx; // every tick (grid lines), labelled or not
    std::vector<Label> m_xLabels, m_yLabels;
    QStringList m_yTitleLines;
    QRectF m_xTitleBox;
};

} // namespace looplab::ui
