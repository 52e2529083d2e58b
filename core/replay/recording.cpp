// Rebuilding a Snapshot at time t from a Recording: the same shapes the live collector fills
// (series bins from the start of the window, spans overlapping it, marks in it), so the panels
// draw a replay exactly as they draw a run.
#include "recording.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace looplab::replay {

namespace {

std::atomic<uint64_t> g_serial{0};

int64_t saturatingAdd(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return r;
}

} // namespace

double SeriesTrack::valueAtBin(int64_t bin) const
{
    // The last change at or before `bin`: counters hold their value until the next one.
    auto it = std::upper_bound(
        points.begin(), points.end(), bin, [](int64_t b, const SeriesPoint& p) { return b < p.bin; });
    if (it == points.begin())
        return std::numeric_limits<double>::quiet_NaN();
    return std::prev(it)->value;
}

const LabTrack* Recording::findLab(const QString& id) const
{
    for (const auto& lab : labs)
        if (lab.id == id)
            return &lab;
    return nullptr;
}

metrics::SnapshotPtr Recording::snapshotAt(int64_t tNs, int64_t windowNs) const
{
    const int64_t t = std::clamp<int64_t>(tNs, 0, m_durationNs);
    const int64_t from = windowNs > 0 ? std::max<int64_t>(0, t - windowNs) : 0;
    const bool atEnd = t >= m_durationNs;

    auto snap = std::make_shared<metrics::Snapshot>();
    snap->serial = ++g_serial;
    snap->state = !atEnd     ? metrics::RunState::Running
        : runError.isEmpty() ? metrics::RunState::Finished
                             : metrics::RunState::Failed;
    snap->elapsedNs = t;
    snap->timeScale = timeScale;
    snap->eventsRecorded = eventsRecorded;
    snap->eventsDropped = eventsDropped;
    snap->labs.reserve(labs.size());

    const int64_t firstBin = from / binNs;
    const int64_t lastBin = std::min(t / binNs, std::max<int64_t>(0, binCount() - 1));
    for (const auto& lab : labs) {
        metrics::LabSnapshot out;
        out.id = lab.id;
        out.kind = lab.kind;
        out.metrics = lab.metrics;
        out.status = atEnd ? QString() : QStringLiteral("replay");

        for (const auto& s : lab.series) {
            metrics::SeriesData d;
            d.name = s.name;
            d.unit = s.unit;
            d.kind = s.kind;
            d.binNs = binNs;
            d.startNs = firstBin * binNs;
            // As live: a rate's bin in progress is left out until it is complete.
            const int64_t end = s.kind == metrics::SeriesKind::Rate && !atEnd && windowNs > 0 ? lastBin : lastBin + 1;
            if (end > firstBin)
                d.values.reserve(size_t(end - firstBin));
            // Walk the changes once instead of a search per bin.
            auto it = std::upper_bound(
                s.points.begin(), s.points.end(), firstBin, [](int64_t b, const SeriesPoint& p) { return b < p.bin; });
            double value = it == s.points.begin() ? std::numeric_limits<double>::quiet_NaN() : std::prev(it)->value;
            for (int64_t b = firstBin; b < end; ++b) {
                while (it != s.points.end() && it->bin <= b)
                    value = (it++)->value;
                d.values.push_back(value);
            }
            out.series.push_back(std::move(d));
        }

        for (const auto& lane : lab.lanes) {
            metrics::LaneData d;
            d.name = lane.name;
            d.group = lane.group;
            // Spans are sorted by start (and, within a lane, do not overlap, so by end too).
            const auto& spans = lane.spans;
            auto firstEnding = std::lower_bound(
                spans.begin(), spans.end(), t, [](const metrics::Span& s, int64_t x) { return s.endNs <= x; });
            // Whole-run totals up to t: a checkpoint, then the spans after it.
            size_t k = size_t(firstEnding - spans.begin()) / LaneTrack::kCheckpointEvery;
            if (k < lane.checkpoints.size())
                d.totalNs = lane.checkpoints[k];
            int64_t busy = 0;
            for (size_t i = k * LaneTrack::kCheckpointEvery; i < spans.size() && spans[i].startNs < t; ++i) {
                const auto& s = spans[i];
                d.totalNs[size_t(s.state)]
                    = saturatingAdd(d.totalNs[size_t(s.state)], std::min(s.endNs, t) - s.startNs);
            }
            for (int s = 1; s < metrics::kLaneStateCount; ++s)
                busy = saturatingAdd(busy, d.totalNs[size_t(s)]);
            // Idle is not written as spans: it is the rest of the time.
            d.totalNs[size_t(metrics::LaneState::Idle)] = std::max<int64_t>(0, t - busy);

            auto begin = std::lower_bound(
                spans.begin(), spans.end(), from, [](const metrics::Span& s, int64_t x) { return s.endNs < x; });
            for (auto it = begin; it != spans.end() && it->startNs < t; ++it) {
                metrics::Span s = *it;
                s.endNs = std::min(s.endNs, t);
                d.spans.push_back(s);
                if (it->endNs > t)
                    d.current = s.state; // in progress at t
            }
            if (atEnd)
                d.current = metrics::LaneState::Done;
            out.lanes.push_back(std::move(d));
        }

        auto m = std::lower_bound(lab.marks.begin(), lab.marks.end(), from,
            [](const metrics::MarkData& mk, int64_t x) { return mk.tNs < x; });
        for (; m != lab.marks.end() && m->tNs <= t; ++m)
            out.marks.push_back(*m);

        // Only the whole run's histograms exist: show them once the replay reaches the end.
        if (atEnd)
            out.histograms = lab.histograms;
        snap->labs.push_back(std::move(out));
    }
    return snap;
}

} // namespace looplab::replay
