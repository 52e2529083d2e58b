// Cost of recording one event (goal: <= 20 ns median on the 2-core VM) and the collector's drain
// rate (goal: >= 20 M events/s).
#include "metrics/collector.h"

#include <benchmark/benchmark.h>

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
            case 0: rec.gauge(series[size_t(i % 8)], i, t); break;
            case 1: rec.count(series[size_t(i % 8)], 1, t); break;
            case 2: rec.state(lane, i % 8 == 2 ? LaneState::Running : LaneState::Idle, t); break;
            default: rec.sample(h, double(i % 1000), t); break;
            }
        }
        state.ResumeTiming();
        c.drain();
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * batch);
}
BENCHMARK(BM_Drain)->Unit(benchmark::kMicrosecond)->Repetitions(3)->ReportAggregatesOnly(true);

BENCHMARK_MAIN();
