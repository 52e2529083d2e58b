#include "registry.h"

#include <atomic>
#include <unordered_map>

namespace looplab::metrics {

namespace {
std::atomic<uint64_t> g_registrySerial{1};
}

SeriesId Registry::addSeries(SeriesInfo info)
{
    std::lock_guard lock(m_mutex);
    m_series.push_back(std::move(info));
    return SeriesId(m_series.size() - 1);
}

LaneId Registry::addLane(LaneInfo info)
{
    std::lock_guard lock(m_mutex);
    m_lanes.push_back(std::move(info));
    return LaneId(m_lanes.size() - 1);
}

HistogramId Registry::addHistogram(HistogramInfo info)
{
    std::lock_guard lock(m_mutex);
    m_histograms.push_back(std::move(info));
    return HistogramId(m_histograms.size() - 1);
}

MarkId Registry::addMark(MarkInfo info)
{
    std::lock_guard lock(m_mutex);
    m_marks.push_back(std::move(info));
    return MarkId(m_marks.size() - 1);
}

Recorder Registry::recorder(const QString& threadName)
{
    auto ring = std::make_unique<EventRing>(threadName.toStdString());
    std::lock_guard lock(m_mutex);
    m_rings.push_back(std::move(ring));
    return Recorder(m_rings.back().get());
}

Recorder Registry::local()
{
    // Keyed by a per-registry serial rather than the pointer, so a new registry at a reused
    // address never gets a dead ring.
    thread_local std::unordered_map<uint64_t, Recorder> cache;
    if (m_serial == 0) {
        std::lock_guard lock(m_mutex);
        if (m_serial == 0)
            m_serial = g_registrySerial.fetch_add(1);
    }
    auto it = cache.find(m_serial);
    if (it != cache.end())
        return it->second;
    if (cache.size() > 64) // a long-lived pool thread across many runs: forget old registries
        cache.clear();
    Recorder r = recorder(QStringLiteral("pool-thread"));
    cache.emplace(m_serial, r);
    return r;
}

std::vector<SeriesInfo> Registry::series() const
{
    std::lock_guard lock(m_mutex);
    return m_series;
}

std::vector<LaneInfo> Registry::lanes() const
{
    std::lock_guard lock(m_mutex);
    return m_lanes;
}

std::vector<HistogramInfo> Registry::histograms() const
{
    std::lock_guard lock(m_mutex);
    return m_histograms;
}

std::vector<MarkInfo> Registry::marks() const
{
    std::lock_guard lock(m_mutex);
    return m_marks;
}

uint64_t Registry::droppedEvents() const
{
    std::lock_guard lock(m_mutex);
    uint64_t n = 0;
    for (auto& r : m_rings)
        n += r->dropped();
    return n;
}

uint64_t Registry::recordedEvents() const
{
    std::lock_guard lock(m_mutex);
    uint64_t n = 0;
    for (auto& r : m_rings)
        n += r->pushed();
    return n;
}

} // namespace looplab::metrics
