#include "detail_cut.h"

#include "text_cache.h"
#include "theme.h"

#include <QBrush>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>

namespace looplab::ui {

void paintDetailCut(QPainter& p, const QRect& band, double fromS, double toS, int64_t cutNs, const QString& caption)
{
    const double cutS = double(cutNs) * 1e-9;
    if (cutNs <= 0 || cutS <= fromS || toS <= fromS || band.width() <= 0)
        return;
    const int right = band.left() + int(std::min(1.0, (cutS - fromS) / (toS - fromS)) * band.width());
    if (right <= band.left())
        return;
    const Theme& t = Theme::current();
    const QRect r(band.left(), band.top(), right - band.left(), band.height());
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(r, t.background);
    QColor hatch = t.mutedText;
    hatch.setAlphaF(0.35);
    p.fillRect(r, QBrush(hatch, Qt::BDiagPattern));
    // The caption on a plain patch of background, in the middle of the band, when it fits.
    p.setFont(t.axisFont());
    const int w = textcache::advanceInt(caption, t.axisFont());
    const int h = QFontMetrics(t.axisFont()).height();
    if (w + 12 <= r.width() && h + 4 <= r.height()) {
        const QRect label(r.center().x() - w / 2 - 3, r.center().y() - h / 2, w + 6, h);
        p.fillRect(label, t.background);
        p.setPen(t.mutedText);
        textcache::draw(p, label, Qt::AlignCenter, caption);
    }
    p.restore();
}

} // namespace looplab::ui
