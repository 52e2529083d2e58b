#pragma once
// The series, lanes and histograms the vector_search lab records, declared once at start. A
// default-constructed Instruments (registry == nullptr) records nothing: the benchmark uses the
// same executor path without metrics.
#include "metrics/registry.h"

#include <vector>

namespace looplab::labs::search {

struct Instruments {
    metrics::Registry* registry = nullptr;
    int lab = 0;

    // Series
    metrics::SeriesId qps = 0; // Rate: completed queries per second
    metrics::SeriesId loopLag = 0; // Gauge ms: lateness of each lag probe sample (aio::LagProbe)
    metrics::SeriesId inFlight = 0; // Gauge: queries sent and not yet answered
    metrics::SeriesId batchQueue = 0; // Gauge: queries waiting for a batch / an executor thread
    metrics::SeriesId batchSize = 0; // Gauge: size of each executor call
    metrics::SeriesId recall = 0; // Gauge: recall@k over the last sampled answers
    metrics::SeriesId buildProgress = 0; // Gauge %: index build progress
    metrics::SeriesId gpuUtil = 0; // Gauge %: NVML utilisation (cuda backend only)
    metrics::SeriesId gpuMem = 0; // Gauge MiB: NVML memory used (cuda backend only)
    // Histograms (each also gives NAME_p50/_p95/_p99 series)
    metrics::HistogramId latency = 0; // ms from a query's arrival to its answer
    metrics::HistogramId searchTime = 0; // ms inside the library call (one executor call)
    metrics::HistogramId batchHist = 0; // queries per executor call
    metrics::HistogramId lagHist = 0; // ms of loop lag, one sample per probe wake (nothing back-filled)
    // Lanes
    metrics::LaneId loopLane = 0; // the event loop thread: Blocking while it searches itself
    metrics::LaneId buildLane = 0; // the index build
    std::vector<metrics::LaneId> executorLanes; // one per executor worker
    metrics::LaneId gilLane = 0; // who holds the emulated GIL (interpreter "cpython" only)
    // Marks
    metrics::MarkId indexReady = 0;
    metrics::MarkId fallback = 0;

    bool enabled() const { return registry != nullptr; }
    static Instruments declare(metrics::Registry& registry, int lab, int executorWorkers, bool gpu, bool gil);
};

} // namespace looplab::labs::search
