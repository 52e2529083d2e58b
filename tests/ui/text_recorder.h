#pragma once
// What text a widget really draws, and where: a paint device whose engine keeps every text item
// (its string, its box in device pixels, and whether the painter's clip cut it) instead of
// pixels. A chart rendered into it is laid out exactly as on the screen — Qt Charts' own axis
// titles and labels included — so a test can check the drawn strings against the full ones
// (eliding) and the boxes against each other (overlap).
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPaintDevice>
#include <QPaintEngine>
#include <QPainter>
#include <QScreen>
#include <QTextItem>
#include <QWidget>

#include <memory>
#include <vector>

namespace looplab::uitest {

struct DrawnText {
    QString text;
    QRectF box; // device pixels: pen position to advance, ascent to descent
    QRectF ink; // device pixels: the glyphs' tight bounding box
    bool clipped = false; // the painter's clip cut part of it away
    QRectF clip; // that clip, in device pixels (empty: none)
};

class TextRecordingEngine : public QPaintEngine
{
public:
    TextRecordingEngine()
        : QPaintEngine(QPaintEngine::AllFeatures)
    { }
    std::vector<DrawnText> texts;

private:
    QPointF m_lastEnd;
    QTransform m_lastTransform;

public:
    bool begin(QPaintDevice*) override { return true; }
    bool end() override { return true; }
    Type type() const override { return QPaintEngine::User; }
    void updateState(const QPaintEngineState&) override { }
    void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override { }
    void drawPath(const QPainterPath&) override { }
    void drawPolygon(const QPointF*, int, PolygonDrawMode) override { }
    void drawTextItem(const QPointF& p, const QTextItem& item) override
    {
        const QString s = item.text();
        if (s.trimmed().isEmpty())
            return;
        const QRectF logical(p.x(), p.y() - item.ascent(), item.width(), item.ascent() + item.descent());
        QPainter* painter = this->painter();
        const QTransform toDevice = painter->deviceTransform();
        const QRectF tight = QFontMetricsF(item.font()).tightBoundingRect(s).translated(p);
        DrawnText d{s, toDevice.mapRect(logical), toDevice.mapRect(tight), false};
        if (painter->hasClipping()) {
            const QRectF clip = toDevice.mapRect(painter->clipBoundingRect());
            // The ink, with half a pixel of slack (glyph edges are antialiased): a Chinese line
            // is taller than its Latin font's box, but only glyphs cut away matter.
            d.clipped = !clip.adjusted(-0.5, -0.5, 0.5, 0.5).contains(d.ink);
            d.clip = clip;
        }
        // One string drawn in several runs (Latin, then CJK from a fallback font) is one label:
        // a run that starts on the same baseline where the last one ended continues it.
        const QPointF start = toDevice.map(p), end = toDevice.map(QPointF(p.x() + item.width(), p.y()));
        if (!texts.empty() && toDevice == m_lastTransform && QLineF(start, m_lastEnd).length() < 1.0) {
            DrawnText& last = texts.back();
            last.text += s;
            last.box |= d.box;
            last.ink |= d.ink;
            last.clipped = last.clipped || d.clipped;
        } else {
            texts.push_back(d);
        }
        m_lastEnd = end;
        m_lastTransform = toDevice;
    }
};

class TextRecorder : public QPaintDevice
{
public:
    explicit TextRecorder(QSize size)
        : m_size(size)
    { }
    ~TextRecorder() override = default;
    QPaintEngine* paintEngine() const override { return &m_engine; }
    const std::vector<DrawnText>& texts() const { return m_engine.texts; }

protected:
    int metric(PaintDeviceMetric m) const override
    {
        // The screen's logical DPI: fonts get the same pixel sizes the widget measured them with.
        const int dpi = int(QGuiApplication::primaryScreen()->logicalDotsPerInch());
        switch (m) {
        case PdmWidth:
            return m_size.width();
        case PdmHeight:
            return m_size.height();
        case PdmWidthMM:
            return int(m_size.width() * 25.4 / dpi);
        case PdmHeightMM:
            return int(m_size.height() * 25.4 / dpi);
        case PdmNumColors:
            return INT_MAX;
        case PdmDepth:
            return 32;
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY:
            return dpi;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(devicePixelRatioFScale());
        }
        return 0;
    }

private:
    QSize m_size;
    mutable TextRecordingEngine m_engine;
};

// The text `w` draws, as laid out at its current size.
inline std::vector<DrawnText> drawnTexts(QWidget& w)
{
    TextRecorder rec(w.size());
    w.render(&rec, QPoint(), QRegion(), QWidget::DrawChildren);
    return rec.texts();
}

} // namespace looplab::uitest
