#include "mark_captions.h"

#include "dashed_line.h"
#include "text_cache.h"
#include "theme.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace looplab::ui {

namespace {
constexpr double kPad = 4; // inside a caption box
constexpr double kGap = 6; // between captions on one row
constexpr double kMaxWidth = 260; // at the default axis font (9.5 pt); longer captions are elided

// "blocking call began (200 ms)  ×9  +2 more": the first mark's caption, how many marks said
// the same (one caption per kind of event, not one per occurrence), and how many others were
// folded in for want of room.
QString foldedText(const QString& first, int repeats, int others)
{
    QString text = first;
    if (repeats > 1)
        text = QCoreApplication::translate("ChartMarks", "%1  ×%2").arg(text).arg(repeats);
    if (others > 0)
        text = QCoreApplication::translate("ChartMarks", "%1  +%n more", "", others).arg(text);
    return text;
}
} // namespace

std::vector<MarkCaption> layoutMarkCaptions(const std::vector<double>& xs, const std::vector<const ChartMark*>& marks,
    const QRectF& plot, const QFont& font, int maxRows)
{
    std::vector<MarkCaption> out;
    if (xs.empty() || plot.width() < 40)
        return out;
    const QFontMetricsF fm(font);
    const double h = fm.height() + 2;
    // Captions may cover up to about half the plot's height, never all of it.
    maxRows = std::clamp(maxRows, 1, std::max(1, int(plot.height() / (2.2 * h))));
    const double maxWidth = kMaxWidth * std::max(1.0, font.pointSizeF() / 9.5);
    std::vector<double> rowRight(size_t(maxRows), -1e9); // right edge of the last caption per row
    std::vector<int> rowOf; // row of each caption in `out`

    auto boxFor = [&](double x, const QString& text, int row) {
        const double w = std::min({maxWidth, textcache::advance(text, font) + 2 * kPad, plot.width() - 4});
        QRectF r(x + 3, plot.top() + 2 + row * (h + 2), w, h);
        if (r.right() > plot.right() - 1) // near the right edge: the caption goes left of the line
            r.moveRight(std::max(plot.left() + w, x - 3));
        return r;
    };

    // A caption per distinct text, at its first mark: a blocking call every second is one
    // caption with its count, and a line at each occurrence.
    std::vector<size_t> firsts;
    std::vector<int> repeats(marks.size(), 0); // by the index of the first mark with that text
    for (size_t i = 0; i < xs.size(); ++i) {
        const auto same
            = std::find_if(firsts.begin(), firsts.end(), [&](size_t f) { return marks[f]->label == marks[i]->label; });
        const size_t first = same == firsts.end() ? i : *same;
        if (first == i)
            firsts.push_back(i);
        ++repeats[first];
    }

    for (const size_t i : firsts) {
        const QString text = foldedText(marks[i]->label, repeats[i], 0);
        // The first row whose last caption ends before this one would start.
        int row = -1;
        QRectF box;
        for (int r = 0; r < maxRows; ++r) {
            box = boxFor(xs[i], text, r);
            if (box.left() >= rowRight[size_t(r)] + kGap) {
                row = r;
                break;
            }
        }
        if (row < 0 && !out.empty()) {
            // No room: fold into the latest caption, which grows by its count.
            MarkCaption& c = out.back();
            c.count += repeats[i];
            const int own = repeats[size_t(c.first)];
            c.text = foldedText(marks[size_t(c.first)]->label, own, c.count - own);
            const int r = rowOf.back();
            // It grows to the right only (shifting it left could cover its neighbour on the row);
            // at the plot's edge the text is elided in the middle, keeping the count.
            QRectF grown = c.rect;
            grown.setWidth(std::min(
                std::min(maxWidth, textcache::advance(c.text, font) + 2 * kPad), plot.right() - 1 - grown.left()));
            grown.setWidth(std::max(grown.width(), c.rect.width()));
            c.rect = grown;
            rowRight[size_t(r)] = std::max(rowRight[size_t(r)], grown.right());
            continue;
        }
        if (row < 0) {
            row = 0;
            box = boxFor(xs[i], text, 0);
        }
        out.push_back({box, text, marks[i]->color, int(i), repeats[i], box.right() < xs[i]});
        rowOf.push_back(row);
        rowRight[size_t(row)] = box.right();
    }
    return out;
}

int paintMarks(
    QPainter& p, const QRectF& plot, double fromS, double toS, const std::vector<ChartMark>& marks, bool withCaptions)
{
    if (!(toS > fromS) || marks.empty())
        return 0;
    std::vector<const ChartMark*> visible;
    for (const ChartMark& m : marks)
        if (m.tS >= fromS && m.tS <= toS)
            visible.push_back(&m);
    if (visible.empty())
        return 0;
    std::stable_sort(
        visible.begin(), visible.end(), [](const ChartMark* a, const ChartMark* b) { return a->tS < b->tS; });
    std::vector<double> xs;
    xs.reserve(visible.size());
    for (const ChartMark* m : visible)
        xs.push_back(plot.left() + (m->tS - fromS) / (toS - fromS) * plot.width());

    const Theme& t = Theme::current();
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    // Lines: at most one per pixel column.
    int lastX = std::numeric_limits<int>::min();
    for (size_t i = 0; i < visible.size(); ++i) {
        if (int(xs[i]) == lastX)
            continue;
        lastX = int(xs[i]);
        QColor c = visible[i]->color;
        c.setAlpha(190);
        paintDashedLine(
            p, QPointF(xs[i], plot.top()), QPointF(xs[i], plot.bottom()), c, std::max(1.5, 1.5 * t.lineScale()));
    }
    // Captions: a box in the chart's background, a bar in the mark's colour, the text. Only for
    // marks with a label, and only on the chart that carries them (the others show the lines).
    std::vector<double> capXs;
    std::vector<const ChartMark*> captioned;
    for (size_t i = 0; withCaptions && i < visible.size(); ++i)
        if (!visible[i]->label.isEmpty()) {
            capXs.push_back(xs[i]);
            captioned.push_back(visible[i]);
        }
    if (captioned.empty()) {
        p.restore();
        return 0;
    }
    const QFont font = t.axisFont();
    const auto captions = layoutMarkCaptions(capXs, captioned, plot, font, 3);
    p.setFont(font);
    const QFontMetricsF fm(font);
    for (const MarkCaption& c : captions) {
        QColor bg = t.background;
        bg.setAlpha(225);
        p.fillRect(c.rect, bg);
        // The colour bar on the side of the caption that touches its line.
        p.fillRect(
            QRectF(c.leftOfLine ? c.rect.right() - 3 : c.rect.left(), c.rect.top(), 3, c.rect.height()), c.color);
        p.setPen(t.text);
        const QRectF textRect
            = c.leftOfLine ? c.rect.adjusted(kPad - 1, 0, -kPad - 1, 0) : c.rect.adjusted(kPad + 1, 0, -kPad + 1, 0);
        const bool fits = textcache::advance(c.text, font) <= textRect.width() + 1;
        textcache::draw(p, textRect, Qt::AlignLeft | Qt::AlignVCenter,
            fits ? c.text : fm.elidedText(c.text, Qt::ElideMiddle, textRect.width() + 1));
    }
    p.restore();
    return int(captions.size());
}

} // namespace looplab::ui
