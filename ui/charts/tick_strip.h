#pragma once
// The event loop's ticks over time: each tick (one pass of the loop: run the ready callbacks) is
// a bar as wide as it lasted and as tall as its length on a log scale, so 50 µs ticks and a 200 ms
// blocking call are both visible. Gaps are the loop idling in select(). Ticks longer than the
// slow-callback threshold are red, like asyncio's debug-mode warning.
#include "metrics/snapshot.h"
#include "painted_chart.h"

#include <QImage>

#include <array>
#include <vector>

namespace looplab::ui {

class TickStrip : public PaintedChart
{
    Q_OBJECT
public:
    explicit TickStrip(const QString& title, QWidget* parent = nullptr);

    // The lane whose Running/Blocking spans are the ticks, and the mark flagging slow callbacks.
    void setSources(const QString& laneName, const QString& slowMarkName);
    void setSlowThresholdMs(double ms) { m_thresholdMs = ms; }
    void setFrame(metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab, double fromS, double toS);
    void setFrozen(bool frozen) { m_frozen = frozen; }

    // Counted in the last paint (tests).
    int lastTickCount() const { return m_ticks; }
    int lastSlowCount() const { return m_slow; }

    QSize sizeHint() const override;
    // Tall enough for three decade labels and the y title on two lines at the theme's fonts: at
    // 110 px the plot was 40 px, one label and a title in three stacked lines.
    QSize minimumSizeHint() const override;

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void paintHeader(QPainter& p, const QRect& area) override;

private:
    QString m_laneName = QStringLiteral("event loop");
    QString m_markName = QStringLiteral("slow_callback");
    double m_thresholdMs = 100;
    metrics::SnapshotPtr m_keep;
    const metrics::LabSnapshot* m_lab = nullptr;
    double m_fromS = 0, m_toS = 10;
    bool m_frozen = false;
    int m_ticks = 0, m_slow = 0;

    // The plot's bars (with its background and grid) as last painted. Ticks only ever arrive at
    // the right, so while the window, the scale and the size stay, the columns left of the
    // newest tick are final and each paint redraws only the columns from there on: redrawing
    // 30 s of ticks (30 000 spans) every frame was the costliest widget of the event loop panel
    // under saturation (issue 18).
    struct BarLayer {
        QImage image;
        double fromNs = 0, toNs = 0, maxMs = 0, thresholdMs = 0;
        std::array<QRgb, 5> colours{}; // idle, grid, running, blocking, slow
        int doneX = 0; // columns [0, doneX) are final
        double doneNs = 0; // the run time at column doneX
        // The last span that ended before doneNs: when it is not there any more, the lane is not
        // the one painted (a restart) and the layer is redrawn whole.
        int64_t anchorStart = -1, anchorEnd = -1;
        int ticks = 0, slow = 0; // counted among the spans that ended before doneNs
        double longestMs = 0; // and the longest of them
    } m_layer;
    bool layerContinues(const metrics::LaneData& lane) const;
};

} // namespace looplab::ui
