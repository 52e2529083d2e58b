#pragma once
// A recorded run read back from the trace.json LoopLab wrote (core/export/trace_json.cpp), so the
// window can play it again: the scenario that ran, the summary it measured, and enough of the data
// (series, lane spans, marks) to rebuild a metrics::Snapshot at any moment of the run.
//
// What a trace does not hold is not invented: histograms' buckets are not in the trace (only
// their percentile series NAME_p50/_p95/_p99 are), so replayed snapshots carry no histograms
// unless the trace's "looplab" object has a "histograms" list (then the whole-run ones appear at
// the end of the replay). Series kinds (gauge or rate) and the bin width are read from
// "looplab.series" / "looplab.bin_ns" when present, otherwise inferred (a unit ending in "/s" is a
// rate; the bin is the greatest common divisor of the counter timestamps).
#include "metrics/snapshot.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <array>
#include <cstdint>
#include <variant>
#include <vector>

namespace looplab::replay {

// Traces larger than this are refused before reading (a 60 s run of the busiest scenario is a
// few MB; this bound keeps a wrong file from exhausting memory).
constexpr qint64 kMaxTraceBytes = 512LL * 1024 * 1024;
// A series is rebuilt as one value per bin; no series gets more bins than this (the collector
// keeps at most 4096, so a real trace is far below it).
constexpr int64_t kMaxBins = 1 << 16;

struct SeriesPoint {
    int64_t bin; // index of the bin (time = bin * Recording::binNs)
    double value; // the bin's value as the run showed it (rates per second)
};

struct SeriesTrack {
    QString name;
    QString unit;
    metrics::SeriesKind kind = metrics::SeriesKind::Gauge;
    // Only the changes, as the trace stores them (a counter holds its value until the next one):
    // sorted by bin, one point per bin. Before the first point the series had no value (NaN).
    std::vector<SeriesPoint> points;
    double valueAtBin(int64_t bin) const;
};

struct LaneTrack {
    QString name;
    QString group;
    std::vector<metrics::Span> spans; // sorted by start
    // Per-state time of spans[0 .. k*kCheckpointEvery), so a snapshot's totals cost O(256).
    static constexpr size_t kCheckpointEvery = 256;
    std::vector<std::array<int64_t, metrics::kLaneStateCount>> checkpoints;
};

struct LabTrack {
    QString id;
    QString kind;
    QMap<QString, double> metrics; // summary.json's metrics (null there: NaN here)
    std::vector<SeriesTrack> series;
    std::vector<LaneTrack> lanes;
    std::vector<metrics::MarkData> marks; // sorted by time
    std::vector<metrics::HistogramData> histograms; // whole run; only when the trace carries them
};

class Recording
{
public:
    scenario::Scenario scenario; // parsed and validated with the lab catalog
    QString title; // summary "scenario" (the title the run had)
    double wallS = 0; // summary "duration_s": how long the run lasted
    double timeScale = 1;
    uint64_t eventsRecorded = 0;
    uint64_t eventsDropped = 0;
    QString runError; // summary "error": the run itself failed (still replayable)
    int64_t binNs = 10'000'000; // width of a series bin
    std::vector<LabTrack> labs; // one per scenario lab, in scenario order
    int skippedEvents = 0; // malformed or foreign trace events that were ignored
    int totalEvents = 0;

    // Length of the run, ns (summary duration, or the last event when that is later).
    int64_t durationNs() const { return m_durationNs; }
    // Number of series bins over the whole run (the run's series had this many values).
    int64_t binCount() const { return binNs > 0 ? m_durationNs / binNs + 1 : 0; }

    // The run as it looked at time t (clamped to [0, durationNs]): series bins, spans and marks
    // up to t, within the last windowNs (0: from the start). Metrics are the summary's. State is
    // Running before the end and Finished (or Failed) at it. Each call has a new serial.
    metrics::SnapshotPtr snapshotAt(int64_t tNs, int64_t windowNs = 0) const;

    const LabTrack* findLab(const QString& id) const;

private:
    friend std::variant<Recording, QString> loadRecordingFromBytes(const QByteArray& bytes);
    int64_t m_durationNs = 0;
};

// Reads a trace file. Errors say what is wrong, in words meant for a teacher:
// "this trace has no \"looplab\" object: it was not recorded by LoopLab".
std::variant<Recording, QString> loadRecording(const QString& path);
// Same from bytes (tests and the fuzzer). Never throws, never crashes on any input.
std::variant<Recording, QString> loadRecordingFromBytes(const QByteArray& bytes);

} // namespace looplab::replay
