#pragma once
// Chart annotations where something changed (a parameter edited, a blocking call began, a slow
// callback): a vertical line per mark and a readable caption. Marks that say the same thing share
// one caption at the first of them, with a count ("blocking call began (200 ms)  ×9"). Captions are
// staggered over a few rows; when marks crowd closer than their captions are wide they fold into
// one caption with a count ("slow callback 120 ms  +4 more"), so a burst of 50 marks never becomes
// an unreadable pile.
#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace looplab::ui {

struct ChartMark {
    double tS; // run time in seconds
    QColor color;
    QString label; // the caption ("nprobe → 8", "blocking call 200 ms"); empty: a line only
};

// One caption as laid out: which marks it stands for and where it goes.
struct MarkCaption {
    QRectF rect; // in the painter's coordinates
    QString text; // with the fold count when `count` > 1
    QColor color; // of the first mark
    int first = 0; // index into the visible marks, in time order
    int count = 1; // marks this caption stands for: its repeats and the ones folded into it
    bool leftOfLine = false; // near the plot's right edge the caption ends at its line
};

// Lay out captions for marks at x positions `xs` (ascending, plot coordinates) inside `plot`.
// Pure geometry, so tests can check that no two captions overlap.
std::vector<MarkCaption> layoutMarkCaptions(const std::vector<double>& xs, const std::vector<const ChartMark*>& marks,
    const QRectF& plot, const QFont& font, int maxRows);

// Paint the marks in [fromS, toS] over `plot` (a linear time axis): lines, then (withCaptions)
// captions for the marks that have a label. Returns the number of captions drawn.
int paintMarks(QPainter& p, const QRectF& plot, double fromS, double toS, const std::vector<ChartMark>& marks,
    bool withCaptions = true);

} // namespace looplab::ui
