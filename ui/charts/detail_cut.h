#pragma once
// Where a lane's spans were not all kept (metrics::LaneData::detailFromNs — a busy event loop ticks
// thousands of times a second and the collector keeps the latest spans only): a hatched band from
// the plot's left edge to the cut, captioned when the caption fits, so that part of the chart does
// not read as "idle" or "nothing happened". Shared by the tick strip and the timeline.
#include <QRect>
#include <QString>

class QPainter;

namespace looplab::ui {

// `cutNs` run-relative, 0: nothing was dropped (nothing painted).
void paintDetailCut(QPainter& p, const QRect& band, double fromS, double toS, int64_t cutNs, const QString& caption);

} // namespace looplab::ui
