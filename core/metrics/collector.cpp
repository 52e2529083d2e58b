#include "collector.h"

#include <algorithm>
#include <cmath>

namespace looplab::metrics {

Collector::Collector(Registry& registry, int64_t runStartNs, CollectorOptions options)
    : m_registry(registry)
    , m_start(runStartNs)
    , m_opt(options)
    , m_binNs(options.binNs)
{ }

void Collector::syncCatalogue()
{
    // Labs may add lanes, series or histograms while running; pick up the new ones.
    const auto series = m_registry.series();
    for (size_t i = m_series.size(); i < series.size(); ++i)
        m_series.push_back(SeriesState{series[i], {}, std::numeric_limits<double>::quiet_NaN()});
    const auto lanes = m_registry.lanes();
    for (size_t i = m_lanes.size(); i < lanes.size(); ++i) {
        LaneStateData l;
        l.info = lanes[i];
        l.since = std::max<int64_t>(0, m_latestRel);
        m_lanes.push_back(std::move(l));
    }
    const auto hists = m_registry.histograms();
    for (size_t i = m_hists.size(); i < hists.size(); ++i) {
        HistState h;
        h.info = hists[i];
        // Percentiles over time become ordinary series so every chart and the CSV get them.
        auto add = [&](const char* suffix) {
            return m_registry.addSeries(
                {h.info.lab, h.info.name + QLatin1String(suffix), h.info.unit, SeriesKind::Gauge});
        };
        h.p50 = add("_p50");
        h.p95 = add("_p95");
        h.p99 = add("_p99");
        m_hists.push_back(std::move(h));
    }
    if (m_series.size() < m_registry.series().size())
        syncCatalogue(); // the percentile series just added
    const auto marks = m_registry.marks();
    for (size_t i = m_markInfo.size(); i < marks.size(); ++i)
        m_markInfo.push_back(marks[i]);
}

size_t Collector::drain()
{
    syncCatalogue();
    size_t n = 0;
    m_registry.forEachRing([&](EventRing& ring) { n += ring.drain([&](const Event& e) { onEvent(e); }); });
    m_collected += n;
    // Close percentile windows that ended (with a grace period for late rings).
    // Event time, not only the wall clock, moves the windows (replays and tests feed past times).
    const int64_t nowRel = std::max(nowNs() - m_start, m_latestRel);
    for (auto& h : m_hists) {
        const int64_t closeBefore = (nowRel - m_opt.percentileWindowNs / 4) / m_opt.percentileWindowNs;
        while (h.windowIndex < closeBefore) {
            closePercentileWindow(h, (h.windowIndex + 1) * m_opt.percentileWindowNs);
            ++h.windowIndex;
            if (h.window.count() == 0 && h.windowIndex < closeBefore)
                h.windowIndex = closeBefore; // skip empty windows at once
        }
    }
    for (auto& l : m_lanes)
        trimSpans(l, nowRel);
    return n;
}

void Collector::onEvent(const Event& e)
{
    // Declared during the run (a deadlock's caption mark) after this drain copied the catalogue,
    // and recorded before its ring was drained: copy the catalogue again rather than drop it.
    const size_t known = e.kind == EventKind::State ? m_lanes.size()
        : e.kind == EventKind::Sample               ? m_hists.size()
        : e.kind == EventKind::Mark                 ? m_markInfo.size()
                                                    : m_series.size();
    if (e.id >= known)
        syncCatalogue();
    const int64_t rel = std::max<int64_t>(0, e.tNs - m_start);
    m_latestRel = std::max(m_latestRel, rel);
    switch (e.kind) {
    case EventKind::Gauge:
    case EventKind::Count:
        if (e.id < m_series.size())
            addToSeries(m_series[e.id], rel, e.value, e.kind == EventKind::Count);
        break;
    case EventKind::State: {
        if (e.id >= m_lanes.size())
            break;
        auto& l = m_lanes[e.id];
        const int64_t t = std::max(rel, l.since); // one lane may be written by several threads
        l.totalNs[size_t(l.current)] += t - l.since;
        if (l.current != LaneState::Idle && t > l.since) {
            l.spans.push_back({l.since, t, l.current, l.aux});
            if (l.spans.size() > m_opt.maxSpansPerLane) {
                l.droppedUntilNs = l.spans.front().endNs;
                l.spans.pop_front();
            }
        }
        l.current = e.state;
        l.since = t;
        l.aux = e.aux;
        break;
    }
    case EventKind::Sample: {
        if (e.id >= m_hists.size())
            break;
        auto& h = m_hists[e.id];
        h.all.add(e.value);
        const int64_t w = rel / m_opt.percentileWindowNs;
        if (w > h.windowIndex) {
            closePercentileWindow(h, (h.windowIndex + 1) * m_opt.percentileWindowNs);
            h.windowIndex = w;
        }
        h.window.add(e.value);
        break;
    }
    case EventKind::Mark:
        if (e.id < m_markInfo.size()) {
            m_marks.push_back({m_markInfo[e.id].lab, MarkData{rel, m_markInfo[e.id].name, e.value}});
            if (m_marks.size() > m_opt.maxMarks)
                m_marks.pop_front();
        }
        break;
    }
}

void Collector::addToSeries(SeriesState& s, int64_t rel, double value, bool isCount)
{
    size_t idx = size_t(rel / m_binNs);
    while (idx >= m_opt.maxBins) {
        halveResolution();
        idx = size_t(rel / m_binNs);
    }
    if (s.bins.size() <= idx)
        s.bins.resize(idx + 1);
    Bin& b = s.bins[idx];
    b.sum += value;
    b.last = value;
    b.n += isCount ? 0 : 1;
    if (isCount)
        b.n = std::max<uint32_t>(b.n, 1);
}

void Collector::halveResolution()
{
    for (auto& s : m_series) {
        std::deque<Bin> merged;
        for (size_t i = 0; i < s.bins.size(); i += 2) {
            Bin a = s.bins[i];
            if (i + 1 < s.bins.size()) {
                const Bin& b = s.bins[i + 1];
                if (s.info.kind == SeriesKind::Rate) {
                    a.sum += b.sum;
                    a.n = std::max(a.n, b.n);
                } else if (b.n) {
                    a.sum += b.sum;
                    a.n += b.n;
                    a.last = b.last;
                }
            }
            merged.push_back(a);
        }
        s.bins = std::move(merged);
    }
    m_binNs *= 2;
}

void Collector::closePercentileWindow(HistState& h, int64_t windowEndRel)
{
    if (h.window.count() == 0)
        return;
    const int64_t t = m_start + windowEndRel - 1;
    auto put = [&](SeriesId id, double v) {
        if (id < m_series.size())
            addToSeries(m_series[id], t - m_start, v, false);
    };
    put(h.p50, h.window.quantile(0.50));
    put(h.p95, h.window.quantile(0.95));
    put(h.p99, h.window.quantile(0.99));
    h.window.clear();
}

void Collector::trimSpans(LaneStateData& l, int64_t nowRel)
{
    const int64_t cutoff = nowRel - m_opt.spanWindowNs;
    while (!l.spans.empty() && l.spans.front().endNs < cutoff)
        l.spans.pop_front();
}

void Collector::finish(int64_t nowAbsNs)
{
    drain();
    const int64_t nowRel = std::max<int64_t>(0, nowAbsNs - m_start);
    for (auto& h : m_hists) {
        closePercentileWindow(h, (h.windowIndex + 1) * m_opt.percentileWindowNs);
        ++h.windowIndex;
    }
    for (auto& l : m_lanes) {
        const int64_t t = std::max(nowRel, l.since);
        l.totalNs[size_t(l.current)] += t - l.since;
        if (l.current != LaneState::Idle && l.current != LaneState::Done && t > l.since)
            l.spans.push_back({l.since, t, l.current, l.aux});
        l.since = t;
        l.current = LaneState::Done;
    }
}

const LogLinearHistogram* Collector::histogram(int lab, const QString& name) const
{
    for (const auto& h : m_hists)
        if (h.info.lab == lab && h.info.name == name)
            return &h.all;
    return nullptr;
}

void Collector::fill(std::vector<LabSnapshot>& labs, int64_t nowAbsNs, int64_t windowNs) const
{
    const int64_t nowRel = std::max<int64_t>(0, nowAbsNs - m_start);
    const int64_t from = windowNs > 0 ? std::max<int64_t>(0, nowRel - windowNs) : 0;
    auto labOf = [&](int index) -> LabSnapshot* {
        return index >= 0 && size_t(index) < labs.size() ? &labs[size_t(index)] : nullptr;
    };

    const size_t lastBin = size_t(nowRel / m_binNs);
    const size_t firstBin = size_t(from / m_binNs);
    for (const auto& s : m_series) {
        LabSnapshot* lab = labOf(s.info.lab);
        if (!lab)
            continue;
        SeriesData d;
        d.name = s.info.name;
        d.unit = s.info.unit;
        d.kind = s.info.kind;
        d.binNs = m_binNs;
        d.startNs = int64_t(firstBin) * m_binNs;
        const size_t end = std::max(lastBin + 1, firstBin);
        d.values.reserve(end - firstBin);
        // A gauge holds its last value until the next sample: carry it forward through empty bins
        // (the value before the window is found by walking back).
        double carry = std::numeric_limits<double>::quiet_NaN();
        for (size_t i = std::min(firstBin, s.bins.size()); i-- > 0;)
            if (s.bins[i].n) {
                carry = s.bins[i].last;
                break;
            }
        const double binS = double(m_binNs) * 1e-9;
        for (size_t i = firstBin; i < end; ++i) {
            if (s.info.kind == SeriesKind::Rate) {
                // The bin in progress is not complete yet: don't show a dip at the right edge.
                if (i == lastBin && windowNs > 0)
                    break;
                d.values.push_back(i < s.bins.size() ? s.bins[i].sum / binS : 0.0);
            } else {
                if (i < s.bins.size() && s.bins[i].n) {
                    d.values.push_back(s.bins[i].sum / s.bins[i].n);
                    carry = s.bins[i].last;
                } else {
                    d.values.push_back(carry);
                }
            }
        }
        lab->series.push_back(std::move(d));
    }

    for (const auto& l : m_lanes) {
        LabSnapshot* lab = labOf(l.info.lab);
        if (!lab)
            continue;
        LaneData d;
        d.name = l.info.name;
        d.group = l.info.group;
        d.totalNs = l.totalNs;
        d.current = l.current;
        // Binary search for the window start: spans are sorted by start.
        auto it = std::lower_bound(
            l.spans.begin(), l.spans.end(), from, [](const Span& s, int64_t t) { return s.endNs < t; });
        d.spans.assign(it, l.spans.end());
        d.detailFromNs = l.droppedUntilNs > from ? l.droppedUntilNs : 0;
        if (l.current != LaneState::Idle && l.current != LaneState::Done && nowRel > l.since) {
            d.spans.push_back({l.since, nowRel, l.current, l.aux});
            d.totalNs[size_t(l.current)] += nowRel - l.since;
        } else if (nowRel > l.since) {
            d.totalNs[size_t(l.current)] += nowRel - l.since;
        }
        lab->lanes.push_back(std::move(d));
    }

    for (const auto& h : m_hists) {
        LabSnapshot* lab = labOf(h.info.lab);
        if (!lab)
            continue;
        HistogramData d;
        d.name = h.info.name;
        d.unit = h.info.unit;
        d.count = h.all.count();
        d.min = h.all.min();
        d.max = h.all.max();
        d.mean = h.all.mean();
        d.p50 = h.all.quantile(0.50);
        d.p90 = h.all.quantile(0.90);
        d.p95 = h.all.quantile(0.95);
        d.p99 = h.all.quantile(0.99);
        for (const auto& b : h.all.buckets())
            d.buckets.push_back({b.lo, b.hi, double(b.count)});
        lab->histograms.push_back(std::move(d));
    }

    for (const auto& [index, m] : m_marks)
        if (LabSnapshot* lab = labOf(index); lab && m.tNs >= from)
            lab->marks.push_back(m);
}

} // namespace looplab::metrics
