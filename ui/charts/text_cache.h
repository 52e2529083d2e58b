#pragma once
// Text a chart draws on every frame — axis labels, lane names, mark captions, titles — is mostly
// the same strings frame after frame, and shaping them again (HarfBuzz, glyph advances, a text
// layout per drawText) was a fifth of the GUI thread's time while the labs ran (issue 18). Here
// each (string, font) is shaped once: QStaticText keeps the laid-out glyphs, and drawing it only
// blits them from the glyph cache. GUI thread only. The cache forgets everything past
// kMaxEntries (a long run's changing numbers would otherwise pile up).
#include <QFont>
#include <QFontMetricsF>
#include <QHash>
#include <QPaintEngine>
#include <QPainter>
#include <QStaticText>
#include <QString>

#include <vector>

namespace looplab::ui::textcache {

struct Entry {
    QStaticText text;
    qreal advance = 0;
    int advanceInt = 0;
};

inline Entry& entry(const QString& text, const QFont& font)
{
    constexpr int kMaxEntries = 4096;
    // One table per font; a window uses a handful of fonts (QFont::operator== is cheap, its key()
    // string is not).
    struct PerFont {
        QFont font;
        QHash<QString, Entry> texts;
    };
    static std::vector<PerFont> fonts;
    PerFont* table = nullptr;
    for (PerFont& f : fonts)
        if (f.font == font) {
            table = &f;
            break;
        }
    if (!table) {
        if (fonts.size() >= 32)
            fonts.clear();
        fonts.push_back({font, {}});
        table = &fonts.back();
    }
    QHash<QString, Entry>& cache = table->texts;
    auto it = cache.find(text);
    if (it != cache.end())
        return *it;
    if (cache.size() >= kMaxEntries)
        cache.clear();
    Entry e;
    e.text.setText(text);
    e.text.setTextFormat(Qt::PlainText);
    e.text.setPerformanceHint(QStaticText::AggressiveCaching);
    e.text.prepare(QTransform(), font);
    e.advance = QFontMetricsF(font).horizontalAdvance(text);
    e.advanceInt = QFontMetrics(font).horizontalAdvance(text);
    return *cache.insert(text, std::move(e));
}

// QFontMetricsF(font).horizontalAdvance(text), remembered.
inline qreal advance(const QString& text, const QFont& font)
{
    return entry(text, font).advance;
}

// QFontMetrics(font).horizontalAdvance(text), remembered.
inline int advanceInt(const QString& text, const QFont& font)
{
    return entry(text, font).advanceInt;
}

// One line of plain text in `rect` like QPainter::drawText(rect, flags, text) with horizontal and
// vertical alignment flags (no wrapping, no eliding), in the painter's font and pen.
inline void draw(QPainter& p, const QRectF& rect, int flags, const QString& text)
{
    if (text.isEmpty())
        return;
    // Painters that do not paint pixels (SVG, PDF) keep real text: it stays selectable.
    const QFont& font = p.font();
    const Entry& e = entry(text, font);
    const QFontMetricsF fm(font);
    const qreal w = e.advance;
    const qreal h = fm.height();
    const QPaintEngine* engine = p.paintEngine();
    if (!engine || engine->type() != QPaintEngine::Raster || text.contains(QLatin1Char('\n'))) {
        // As on the screen below: text that fits is not clipped (a line of Chinese glyphs from a
        // fallback font is a little taller than the font's own line).
        const bool fits = w <= rect.width() + 0.5 && h <= rect.height() + 0.5;
        p.drawText(rect, fits ? flags | Qt::TextDontClip : flags, text);
        return;
    }
    if (w > rect.width() + 0.5 || h > rect.height() + 0.5) {
        p.drawText(rect, flags, text); // does not fit: drawText clips it to the rectangle
        return;
    }
    qreal x = rect.left();
    if (flags & Qt::AlignRight)
        x = rect.right() - w;
    else if (flags & Qt::AlignHCenter)
        x = rect.left() + (rect.width() - w) / 2;
    qreal y = rect.top();
    if (flags & Qt::AlignBottom)
        y = rect.bottom() - h;
    else if (flags & Qt::AlignVCenter)
        y = rect.top() + (rect.height() - h) / 2;
    p.drawStaticText(QPointF(x, y), e.text);
}

inline void draw(QPainter& p, const QRect& rect, int flags, const QString& text)
{
    draw(p, QRectF(rect), flags, text);
}

} // namespace looplab::ui::textcache
