#pragma once
// Small reductions of a snapshot's series that several panels need for their headline numbers
// and rate charts (one copy, so every panel reads "the last value" and "per second" alike).
#include "metrics/snapshot.h"

namespace looplab::ui {

// The series' most recent finite value; NaN when there is none (or no series).
double lastFinite(const metrics::SeriesData* s);

// A per-bin rate averaged over a trailing window of `windowS`: the collector's 10 ms bins turn a
// rate of a few dozen per second into a comb of zeros and spikes; over 1 s it reads like a load
// tester's per-second report. NaN bins count as 0; the first bins average what exists so far.
// `out` keeps its buffer from frame to frame.
void smoothRate(const metrics::SeriesData& in, double windowS, metrics::SeriesData& out);

} // namespace looplab::ui
