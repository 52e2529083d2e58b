#pragma once
// Base of the charts painted directly with QPainter (timeline, tick strip, histogram, gauge):
// a title, the theme's colours, a placeholder when there is nothing to show, and axis helpers so
// every such chart labels its axes the same way.
#include <QWidget>

#include <vector>

namespace looplab::ui {

class PaintedChart : public QWidget
{
    Q_OBJECT
public:
    explicit PaintedChart(const QString& title, QWidget* parent = nullptr);

    QString title() const { return m_title; }

    // `text` in lines no wider than `width` (whole words where they fit, CJK between any
    // two characters; a word wider than a line is broken). Also used by TimeSeriesChart.
    static QStringList wrapText(const QString& text, const QFont& font, int width);
    // An axis title written upwards beside a vertical axis `length` px long: one line, or wrapped
    // into two or more when the axis is short. Width taken: lines × the title font's height.
    // Also used by TimeSeriesChart's axes (chart_axes.h).
    static QStringList verticalTitleLines(const QString& text, int length);
    static int verticalTitleWidth(const QStringList& lines);
    // Paints those lines upwards, the first line leftmost, centred on `centreY`.
    static void paintVerticalTitle(QPainter& p, int left, int centreY, const QStringList& lines);

    void setTitle(const QString& title);
    // When the chart has nothing to show, this sentence replaces it.
    void setPlaceholder(const QString& text) { m_placeholder = text; }

protected:
    void paintEvent(QPaintEvent* event) override;
    // Paint the content inside `area` (below the title). Return false when there was nothing to
    // paint: the placeholder is shown instead.
    virtual bool paintContent(QPainter& p, const QRect& area) = 0;
    // Header line content right of the title (a legend). Default: nothing.
    virtual void paintHeader(QPainter& p, const QRect& area)
    {
        Q_UNUSED(p);
        Q_UNUSED(area);
    }

    // A horizontal time axis under `plot`: ticks, labels, "time (s)". Returns the height used.
    static int timeAxisHeight();
    void paintTimeAxis(QPainter& p, const QRect& plot, double fromS, double toS) const;
    // Legend swatch + label at x; returns the x after it.
    static int paintSwatch(QPainter& p, int x, int yCenter, const QColor& color, const QString& label);
    // A legend row inside `area`: the full labels when they all fit, else the short ones, else as
    // many items (short) as fit; never a label cut or run past the area.
    struct LegendItem {
        QColor color;
        QString label;
        QString shortLabel; // empty: the label
    };
    static void paintLegend(QPainter& p, const QRect& area, const std::vector<LegendItem>& items);

private:
    QString m_title;
    QString m_placeholder;
};

} // namespace looplab::ui
