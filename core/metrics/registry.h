#pragma once
// The run's catalogue of what is measured: series, lanes, histograms and marks, each named with a
// unit, plus the event rings of every producing thread. Labs declare what they measure when they
// start (and may add lanes later, e.g. a worker process that is respawned); ids stay stable.
#include "event.h"
#include "event_ring.h"

#include <QString>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace looplab::metrics {

enum class SeriesKind : uint8_t {
    Gauge, // mean/last of a level over each bin
    Rate, // sum of Count events per bin, shown per second
};

struct SeriesInfo {
    int lab = 0; // index of the lab in the scenario
    QString name; // machine name, used in metrics.csv and summary: "lag_ms"
    QString unit; // "ms", "tasks", "1/s", "%"
    SeriesKind kind = SeriesKind::Gauge;
};

struct LaneInfo {
    int lab = 0;
    QString name; // "worker 1", "hello", "GIL"
    QString group; // "workers", "tasks", "executor"
};

struct HistogramInfo {
    int lab = 0;
    QString name; // "task_latency_ms"
    QString unit; // "ms"
};

struct MarkInfo {
    int lab = 0;
    QString name; // "slow_callback"
};

class Recorder;

class Registry
{
public:
    SeriesId addSeries(SeriesInfo info);
    LaneId addLane(LaneInfo info);
    HistogramId addHistogram(HistogramInfo info);
    MarkId addMark(MarkInfo info);

    // A recorder for the calling thread. Allocates its ring once; recording through it never
    // allocates. Keep it for the thread's life; rings live as long as the registry.
    Recorder recorder(const QString& threadName);

    // The calling thread's recorder for this registry, created on first use (for threads we do
    // not start ourselves: QThreadPool workers, QtConcurrent). Thread-safe.
    Recorder local();

    // Snapshots of the catalogue (the collector and exports read these).
    std::vector<SeriesInfo> series() const;
    std::vector<LaneInfo> lanes() const;
    std::vector<HistogramInfo> histograms() const;
    std::vector<MarkInfo> marks() const;

    // For the collector: visit every ring.
    template <typename Fn> void forEachRing(Fn&& fn)
    {
        std::vector<EventRing*> rings;
        {
            std::lock_guard lock(m_mutex);
            rings.reserve(m_rings.size());
            for (auto& r : m_rings)
                rings.push_back(r.get());
        }
        for (auto* r : rings)
            fn(*r);
    }

    uint64_t droppedEvents() const;
    uint64_t recordedEvents() const;

private:
    mutable std::mutex m_mutex;
    std::vector<SeriesInfo> m_series;
    std::vector<LaneInfo> m_lanes;
    std::vector<HistogramInfo> m_histograms;
    std::vector<MarkInfo> m_marks;
    std::deque<std::unique_ptr<EventRing>> m_rings;
    std::atomic<uint64_t> m_serial{0};
};

// A thread's cheap handle to its ring. Copyable (copies share the ring) but must only be used
// from one thread at a time: the ring is single-producer.
class Recorder
{
public:
    Recorder() = default;
    explicit Recorder(EventRing* ring)
        : m_ring(ring)
    { }

    bool isValid() const { return m_ring != nullptr; }

    void gauge(SeriesId id, double value, int64_t t = nowNs()) noexcept
    {
        push({t, value, id, EventKind::Gauge, LaneState::Idle, 0});
    }
    void count(SeriesId id, double n = 1, int64_t t = nowNs()) noexcept
    {
        push({t, n, id, EventKind::Count, LaneState::Idle, 0});
    }
    void state(LaneId lane, LaneState s, int64_t t = nowNs(), uint32_t aux = 0) noexcept
    {
        push({t, 0, lane, EventKind::State, s, aux});
    }
    void sample(HistogramId id, double value, int64_t t = nowNs()) noexcept
    {
        push({t, value, id, EventKind::Sample, LaneState::Idle, 0});
    }
    void mark(MarkId id, double value = 0, int64_t t = nowNs()) noexcept
    {
        push({t, value, id, EventKind::Mark, LaneState::Idle, 0});
    }
    void push(const Event& e) noexcept
    {
        if (m_ring)
            m_ring->push(e);
    }

private:
    EventRing* m_ring = nullptr;
};

} // namespace looplab::metrics
