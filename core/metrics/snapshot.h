#pragma once
// Immutable pictures of a run, handed from the engine thread to the UI (shared_ptr<const>) and to
// the exporters. Plain values: no pointers into the collector.
#include "event.h"
#include "registry.h"

#include <QMap>
#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace looplab::metrics {

struct SeriesData {
    QString name;
    QString unit;
    SeriesKind kind = SeriesKind::Gauge;
    int64_t startNs = 0; // run-relative time of values[0]'s bin start
    int64_t binNs = 0; // bin width
    std::vector<double> values; // NaN where a gauge had no sample yet; rates are per second
    double timeOf(size_t i) const { return double(startNs + int64_t(i) * binNs) * 1e-9; }
};

struct Span {
    int64_t startNs; // run-relative
    int64_t endNs;
    LaneState state;
    uint32_t aux;
};

struct LaneData {
    QString name;
    QString group;
    std::vector<Span> spans; // sorted by start, recent window only
    std::array<int64_t, kLaneStateCount> totalNs{}; // whole run, per state
    LaneState current = LaneState::Idle;
    // > 0: the lane changed state too often to keep every span of the window (a busy event loop
    // ticks thousands of times a second): before this time (run-relative) its spans were dropped,
    // and a chart must say so rather than draw the lane as idle there.
    int64_t detailFromNs = 0;
};

struct HistogramData {
    QString name;
    QString unit;
    uint64_t count = 0;
    double min = 0, max = 0, mean = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0;
    std::vector<std::array<double, 3>> buckets; // lo, hi, count
};

struct MarkData {
    int64_t tNs; // run-relative
    QString name;
    double value;
};

struct LabSnapshot {
    QString id;
    QString kind;
    std::vector<SeriesData> series;
    std::vector<LaneData> lanes;
    std::vector<HistogramData> histograms;
    std::vector<MarkData> marks;
    QMap<QString, double> metrics; // live headline numbers (what summary.json will hold)
    QString status; // a line for the UI: "building index 40 %", "cuda unavailable: ..."

    const SeriesData* findSeries(const QString& name) const;
    const HistogramData* findHistogram(const QString& name) const;
    const LaneData* findLane(const QString& name) const;
};

enum class RunState { Idle, Starting, Running, Finished, Failed };

struct Snapshot {
    uint64_t serial = 0;
    RunState state = RunState::Idle;
    int64_t elapsedNs = 0; // since the run started
    double timeScale = 1;
    uint64_t eventsRecorded = 0;
    uint64_t eventsDropped = 0; // rings were full: counted, never silent
    uint64_t eventsCollected = 0; // taken out of the rings by the collector (= recorded at the end)
    double engineCpuShare = 0; // engine+lab process CPU over the last second, in cores
    std::vector<LabSnapshot> labs;

    const LabSnapshot* findLab(const QString& id) const;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

} // namespace looplab::metrics
