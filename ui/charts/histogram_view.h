#pragma once
// A latency distribution: the histogram's buckets on a logarithmic value axis (latencies span
// decades), regrouped to a few pixels per bar, with p50/p90/p95/p99 drawn as labelled lines and
// the count, mean and max in the header.
#include "metrics/snapshot.h"
#include "painted_chart.h"
#include "refresh_throttle.h"

namespace looplab::ui {

class HistogramView : public PaintedChart
{
    Q_OBJECT
public:
    explicit HistogramView(const QString& title, QWidget* parent = nullptr);

    // `valueTitle` names the x axis, unit included: "task latency (ms)".
    void setValueTitle(const QString& title) { m_valueTitle = title; }
    void setFrame(metrics::SnapshotPtr keep, const metrics::HistogramData* data);
    void setFrozen(bool frozen) { m_frozen = frozen; }

    int lastBarCount() const { return m_bars; }

    QSize sizeHint() const override { return {360, 220}; }
    QSize minimumSizeHint() const override { return {240, 140}; }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void paintHeader(QPainter& p, const QRect& area) override;

private:
    QString m_valueTitle;
    metrics::SnapshotPtr m_keep;
    const metrics::HistogramData* m_data = nullptr;
    bool m_frozen = false;
    int m_bars = 0;
    // Ten repaints a second: a distribution's shape changes slowly, and each costs ~0.3 ms.
    RefreshThrottle m_refresh{this, 100};
};

} // namespace looplab::ui
