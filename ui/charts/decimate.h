#pragma once
// Min/max decimation: a chart never needs more than one (min, max) pair per pixel column, and
// keeping both extremes means a 1-bin spike (a blocking call's lag) is never thinned away.
#include "metrics/snapshot.h"

#include <QList>
#include <QPointF>

namespace looplab::ui {

struct DecimateStats {
    double yMin = 0;
    double yMax = 0;
    bool any = false; // at least one finite value in range
};

// Values y[i] at x = x0 + i * dx. Appends to `out` the points whose x lies in [from, to] (plus one
// neighbour on each side so lines reach the edges), at most two per bucket (`buckets` ≈ plot
// width in pixels), in x order. NaN values are skipped (a gauge with no sample yet).
DecimateStats decimateMinMax(
    const double* y, size_t n, double x0, double dx, double from, double to, int buckets, QList<QPointF>& out);

// A snapshot series, with x in seconds of run time at the middle of each bin.
DecimateStats decimateSeries(
    const metrics::SeriesData& series, double fromS, double toS, int buckets, QList<QPointF>& out);

} // namespace looplab::ui
