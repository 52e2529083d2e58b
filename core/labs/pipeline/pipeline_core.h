#pragma once
// What both execution modes share: the items, the catalogue of what is measured (series, lanes,
// histograms), the per-stage time-weighted levels, the counters, the random schedules, and the
// summary metrics computed from all of it. The runners (pipeline_threads.cpp,
// pipeline_async.cpp) only move items and call the record*() helpers at the right moments.
#include "engine/lab.h"
#include "pipeline_config.h"
#include "pyrt/gil.h"
#include "stage_stats.h"

#include <QMap>

#include <atomic>
#include <climits>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace looplab::pipeline {

struct Item {
    uint64_t id = 0;
    int64_t createdNs = 0; // when the producer made it (end-to-end latency starts here)
    int64_t enqueuedNs = 0; // when it entered the current stage's queue (set under the queue's lock)
    int32_t priority = 0; // level in the current stage; sentinels: INT32_MAX (served last)
    bool sentinel = false; // the course's `None` end signal
};

inline void stampEnqueued(Item& item) noexcept
{
    item.enqueuedNs = metrics::nowNs();
}

// Span.aux of a QueueBlocked span says which call blocked (for the window's legend).
enum BlockAux : uint32_t { kBlockedOnPut = 1, kBlockedOnGet = 2, kBlockedInJoin = 3 };

using Rng = std::mt19937_64;

struct StageIds {
    metrics::SeriesId depth = 0, inService = 0, arrivals = 0, throughput = 0, dropped = 0, blockedPutters = 0,
                      utilization = 0, blockedShare = 0, littleL = 0, littleLambdaW = 0, capacity = 0;
    metrics::HistogramId wait = 0, service = 0;
    std::vector<metrics::HistogramId> waitLevel; // priority stages: one per level
    std::vector<metrics::LaneId> workers;
};

class PipelineCore
{
public:
    explicit PipelineCore(PipelineConfig config);
    ~PipelineCore();

    // Engine thread, at start: declare what is measured, reset counters, start the monitor.
    void begin(const engine::LabContext& ctx);
    // Engine thread, after the runner stopped: stop the monitor, fix the end time.
    void end();

    const PipelineConfig& config() const { return m_config; }
    const engine::LabContext& ctx() const { return m_ctx; }
    int stageCount() const { return int(m_config.stages.size()); }
    const StageIds& ids(int stage) const { return m_stageIds[size_t(stage)]; }
    metrics::LaneId producerLane(int p) const { return m_producerLanes[size_t(p)]; }
    metrics::LaneId mainLane() const { return m_mainLane; }
    // async mode: the event-loop thread's lane (Running while it holds the GIL for a pass).
    metrics::LaneId loopLane() const { return m_loopLane; }
    // The lab's emulated GIL (core/pyrt): nullptr when free-threaded. Every thread that runs the
    // lab's "Python code" goes through it — thread workers and producers, or the loop thread.
    pyrt::Gil* gil() const { return m_gil.get(); }
    // Who holds the GIL, as the GIL lane's aux says: thread workers 0.., then the producers.
    int gilIndexOfWorker(int stage, int worker) const;
    int gilIndexOfProducer(int producer) const;
    StageLevels& levels(int stage) { return *m_levels[size_t(stage)]; }
    // Putters into a stage's queue: the producers for the first, the previous stage's workers.
    int puttersOf(int stage) const;

    // ---- schedules (scaled by the time scale) -----------------------------------------------
    Rng rngFor(uint64_t role, uint64_t index) const;
    qint64 itemsFor(int producer) const; // this producer's share of source.items (0: endless)
    int burstShareFor(int producer) const; // its share of each burst
    int64_t gapNs(Rng& rng) const; // time to its next item (fixed/poisson)
    int64_t burstEveryNs() const;
    int64_t serviceNs(int stage, Rng& rng) const;
    int64_t cpuNs(int stage) const;
    int priorityFor(int stage, Rng& rng) const;
    Item makeItem();

    // ---- recording helpers (call from the thread that owns `rec`) ---------------------------
    void recordPut(metrics::Recorder& rec, int stage, size_t sizeAfter);
    void recordDrop(metrics::Recorder& rec, int stage);
    void recordSentinelPut(metrics::Recorder& rec, int stage, size_t sizeAfter);
    // Returns the wait in the queue.
    int64_t recordTake(metrics::Recorder& rec, int stage, const Item& item, size_t sizeAfter, int64_t t);
    void recordSentinelTake(metrics::Recorder& rec, int stage, size_t sizeAfter);
    void recordServiceEnd(metrics::Recorder& rec, int stage, const Item& item, int64_t takenAt, int64_t t);
    void recordAbandoned(int stage) { levels(stage).abandoned(); }
    void recordCompleted(metrics::Recorder& rec, const Item& item, int64_t t);
    void recordProduced(metrics::Recorder& rec, int64_t t);
    void recordLeftBehind(int stage, uint64_t n);
    // async mode: one sample of aio::LagProbe (loop thread).
    void recordLag(metrics::Recorder& rec, int64_t lagNs, int64_t t);

    // Observers handed to the queues: lane states at the exact moments a call blocks/resumes.
    struct PutObserver {
        PipelineCore* core;
        metrics::Recorder* rec;
        metrics::LaneId lane;
        int stage;
        metrics::LaneState after;
        void blocked();
        void unblocked();
    };
    struct WaitObserver {
        metrics::Recorder* rec;
        metrics::LaneId lane;
        uint32_t aux;
        metrics::LaneState after;
        void blocked() { rec->state(lane, metrics::LaneState::QueueBlocked, metrics::nowNs(), aux); }
        void unblocked() { rec->state(lane, after); }
    };
    PutObserver putObserver(
        metrics::Recorder& rec, metrics::LaneId lane, int stage, metrics::LaneState after = metrics::LaneState::Running)
    {
        return {this, &rec, lane, stage, after};
    }
    static WaitObserver getObserver(metrics::Recorder& rec, metrics::LaneId lane)
    {
        return {&rec, lane, kBlockedOnGet, metrics::LaneState::Running};
    }

    // The finite source is done and the pipeline drained: fix the end time, tell the engine.
    void finish();
    bool isFinished() const { return m_endNs.load() != 0; }

    // Live parameters.
    bool applyParameter(const QString& path, double value);

    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const;
    QString status() const;

    uint64_t completed() const { return m_completed.load(); }

private:
    struct Window {
        double seconds = 0;
        double L = 0; // time-average items in the stage
        double lambda = 0; // departures per second
        double W = 0; // mean time in the stage, seconds
        double errorRel = 0; // |L − λW| / L
    };
    static Window little(const StageTotals& a, const StageTotals& b);
    StageTotals totalsAt(int stage, int64_t t) const; // history lookup: latest sample at or before t
    int64_t endOrNow() const;
    void monitorLoop();
    void sampleOnce(metrics::Recorder& rec, int64_t now);

    PipelineConfig m_config;
    engine::LabContext m_ctx;
    int64_t m_startNs = 0;
    std::atomic<int64_t> m_endNs{0};

    std::vector<StageIds> m_stageIds;
    std::vector<metrics::LaneId> m_producerLanes;
    metrics::LaneId m_mainLane = 0;
    metrics::LaneId m_loopLane = 0;
    metrics::LaneId m_gilLane = 0;
    std::unique_ptr<pyrt::Gil> m_gil;
    metrics::SeriesId m_lagSeries = 0;
    metrics::HistogramId m_lag = 0;
    metrics::SeriesId m_producedSeries = 0;
    metrics::HistogramId m_latency = 0;

    std::vector<std::unique_ptr<StageLevels>> m_levels;
    std::unique_ptr<std::atomic<int64_t>[]> m_depthMax;
    std::unique_ptr<std::atomic<uint64_t>[]> m_leftBehind;
    std::unique_ptr<std::atomic<double>[]> m_serviceMs; // live
    std::atomic<double> m_ratePerS{0}; // live
    std::atomic<uint64_t> m_nextId{0};
    std::atomic<uint64_t> m_produced{0};
    std::atomic<uint64_t> m_completed{0};
    std::atomic<uint64_t> m_droppedFull{0};
    std::atomic<bool> m_overflowReported{false};

    // Monitor: samples every stage's totals at 10 Hz (live Little's law, utilization, blocked
    // share series) and keeps a thinned history for the steady-state window of the summary.
    std::thread m_monitor;
    std::mutex m_monitorMutex;
    std::condition_variable m_monitorCv;
    bool m_monitorStop = false;
    mutable std::mutex m_historyMutex;
    std::vector<std::vector<StageTotals>> m_history; // per stage, sorted by t, thinned
    std::vector<std::vector<StageTotals>> m_recent; // per stage, the last ~2 s
    std::vector<StageTotals> m_final; // per stage, at end()
};

} // namespace looplab::pipeline
