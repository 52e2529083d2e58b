#pragma once
// Drains every thread's ring on the engine thread (about every 10 ms) and folds the events into
// bounded aggregates: binned series (halving their resolution instead of growing), per-lane spans
// (a recent window) with whole-run per-state totals, log-linear histograms with percentile series,
// and marks. Memory does not grow with run length.
#include "histogram.h"
#include "registry.h"
#include "snapshot.h"

#include <deque>
#include <limits>
#include <vector>

namespace looplab::metrics {

struct CollectorOptions {
    int64_t binNs = 10'000'000; // initial series resolution
    size_t maxBins = 4096; // past this, pairs of bins merge (resolution halves)
    int64_t spanWindowNs = 120'000'000'000; // spans older than this leave the detail
    size_t maxSpansPerLane = 20'000;
    int64_t percentileWindowNs = 250'000'000; // histogram percentiles become series at this pace
    size_t maxMarks = 2000;
};

class Collector
{
public:
    Collector(Registry& registry, int64_t runStartNs, CollectorOptions options = {});

    // Engine thread: pull everything that is in the rings now.
    size_t drain();
    // Close every open percentile window and span at `nowNs` (end of run).
    void finish(int64_t nowNs);

    // Fill one LabSnapshot per lab index (ids and kinds are set by the caller). windowNs = 0: the
    // whole retained run; otherwise only series bins and spans within the last windowNs.
    void fill(std::vector<LabSnapshot>& labs, int64_t nowNs, int64_t windowNs) const;

    uint64_t eventsCollected() const { return m_collected; }
    int64_t runStartNs() const { return m_start; }
    // Whole-run histogram by name (for summaries).
    const LogLinearHistogram* histogram(int lab, const QString& name) const;

private:
    struct Bin {
        double sum = 0;
        double last = 0;
        uint32_t n = 0;
    };
    struct SeriesState {
        SeriesInfo info;
        std::deque<Bin> bins; // bins[0] starts at m_binStartNs (run relative)
        double lastValue = std::numeric_limits<double>::quiet_NaN();
    };
    struct LaneStateData {
        LaneInfo info;
        LaneState current = LaneState::Idle;
        int64_t since = 0; // run-relative
        uint32_t aux = 0;
        std::deque<Span> spans;
        int64_t droppedUntilNs = 0; // end of the last span maxSpansPerLane pushed out (0: none)
        std::array<int64_t, kLaneStateCount> totalNs{};
    };
    struct HistState {
        HistogramInfo info;
        LogLinearHistogram all;
        LogLinearHistogram window;
        int64_t windowIndex = 0;
        SeriesId p50 = 0, p95 = 0, p99 = 0;
    };

    void syncCatalogue();
    void onEvent(const Event& e);
    void addToSeries(SeriesState& s, int64_t rel, double value, bool isCount);
    void halveResolution();
    void closePercentileWindow(HistState& h, int64_t windowEndRel);
    void trimSpans(LaneStateData& l, int64_t nowRel);

    Registry& m_registry;
    int64_t m_start;
    CollectorOptions m_opt;
    int64_t m_binNs;
    std::vector<SeriesState> m_series;
    std::vector<LaneStateData> m_lanes;
    std::vector<HistState> m_hists;
    std::vector<MarkInfo> m_markInfo;
    std::deque<std::pair<int, MarkData>> m_marks; // (lab, mark)
    uint64_t m_collected = 0;
    int64_t m_latestRel = 0;
};

} // namespace looplab::metrics
