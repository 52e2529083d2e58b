// Cost of recording one event (goal: <= 20 ns median on the 2-core VM) and the collector's drain
// rate (goal: >= 20 M events/s).
#include "metrics/collector.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>

using namespace looplab::metrics;

static void BM_RecordEvent(benchmark::State& state)
{
    Registry reg;
    const auto s = reg.addSeries({0, QStringLiteral("x"), QStringLiteral("1/s"), SeriesKind::Rate});
    auto rec = reg.recorder(QStringLiteral("bench"));
    Collector c(reg, nowNs());
    int64_t i = 0;
    for (auto _ : state) {
        rec.count(s, 1); // includes the steady_clock read, as labs use it
        if ((++i & 0x7fff) == 0) {
            state.PauseTiming();
            c.drain(); // keep the ring from filling: we time recording, not dropping
            state.ResumeTiming();
        }
    }
    state.counters["dropped"] = double(reg.droppedEvents());
}
BENCHMARK(BM_RecordEvent)->Repetitions(5)->ReportAggregatesOnly(true);

static void BM_RecordEventGivenTime(benchmark::State& state)
{
    Registry reg;
    const auto s = reg.addSeries({0, QStringLiteral("x"), QStringLiteral("u"), SeriesKind::Gauge});
    auto rec = reg.recorder(QStringLiteral("bench"));
    Collector c(reg, nowNs());
    int64_t i = 0;
    const int64_t t = nowNs();
    for (auto _ : state) {
        rec.gauge(s, double(i), t + i);
        if ((++i & 0x7fff) == 0) {
            state.PauseTiming();
            c.drain();
            state.ResumeTiming();
        }
    }
}
BENCHMARK(BM_RecordEventGivenTime)->Repetitions(5)->ReportAggregatesOnly(true);

static void BM_Drain(benchmark::State& state)
{
    Registry reg;
    std::vector<SeriesId> series;
    for (int i = 0; i < 8; ++i)
        series.push_back(reg.addSeries({0, QStringLiteral("s%1").arg(i), QStringLiteral("u"), SeriesKind::Gauge}));
    const auto lane = reg.addLane({0, QStringLiteral("lane"), QStringLiteral("g")});
    const auto h = reg.addHistogram({0, QStringLiteral("lat"), QStringLiteral("ms")});
    auto rec = reg.recorder(QStringLiteral("bench"));
    const int64_t t0 = nowNs();
    Collector c(reg, t0);
    const int batch = 50'000;
    int64_t t = t0;
    for (auto _ : state) {
        state.PauseTiming();
        for (int i = 0; i < batch; ++i) {
            t += 1000;
            switch (i % 4) {
            case 0:
                rec.gauge(series[size_t(i % 8)], i, t);
                break;
            case 1:
                rec.count(series[size_t(i % 8)], 1, t);
                break;
            case 2:
                rec.state(lane, i % 8 == 2 ? LaneState::Running : LaneState::Idle, t);
                break;
            default:
                rec.sample(h, double(i % 1000), t);
                break;
            }
        }
        state.ResumeTiming();
        c.drain();
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * batch);
}
BENCHMARK(BM_Drain)->Unit(benchmark::kMicrosecond)->Repetitions(3)->ReportAggregatesOnly(true);

// The summary lines for `make bench`: medians of repeated timed loops, beside the goals.
static double medianNsPerRecord(bool withClock)
{
    std::vector<double> runs;
    for (int rep = 0; rep < 9; ++rep) {
        Registry reg;
        const auto s = reg.addSeries({0, QStringLiteral("x"), QStringLiteral("1/s"), SeriesKind::Rate});
        auto rec = reg.recorder(QStringLiteral("bench"));
        const int n = 60'000; // fits in one ring: no drops, no drain inside the timed loop
        const int64_t t0 = nowNs();
        for (int i = 0; i < n; ++i) {
            if (withClock)
                rec.count(s, 1);
            else
                rec.count(s, 1, t0 + i);
        }
        runs.push_back(double(nowNs() - t0) / n);
    }
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

static double drainMEventsPerS()
{
    Registry reg;
    const auto s = reg.addSeries({0, QStringLiteral("x"), QStringLiteral("u"), SeriesKind::Gauge});
    const auto h = reg.addHistogram({0, QStringLiteral("lat"), QStringLiteral("ms")});
    auto rec = reg.recorder(QStringLiteral("bench"));
    const int64_t t0 = nowNs();
    Collector c(reg, t0);
    int64_t busy = 0, n = 0;
    for (int rep = 0; rep < 40; ++rep) {
        for (int i = 0; i < 60'000; ++i)
            i % 2 ? rec.gauge(s, i, t0 + n * 1000 + i) : rec.sample(h, i % 100, t0 + n * 1000 + i);
        const int64_t a = nowNs();
        n += int64_t(c.drain());
        busy += nowNs() - a;
    }
    return double(n) / (double(busy) * 1e-9) / 1e6;
}

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    const double withClock = medianNsPerRecord(true);
    const double given = medianNsPerRecord(false);
    const double drain = drainMEventsPerS();
    std::printf("record one event, clock read included: %.1f ns (median); timestamp given: %.1f ns; goal <= 20 ns\n",
        withClock, given);
    std::printf("drain: %.1f M events/s; goal >= 20 M/s\n", drain);
    std::printf("BENCH\trecord one event (clock read + ring push)\t%.1f\t20\tgoal\tns\tlower\n", withClock);
    std::printf("BENCH\trecord one event (ring push, time given)\t%.1f\t20\tgoal\tns\tlower\n", given);
    std::printf("BENCH\tcollector drain rate\t%.1f\t20\tgoal\tM events/s\thigher\n", drain);
    return 0;
}
