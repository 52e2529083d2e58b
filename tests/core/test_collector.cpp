// The collector: events from several threads' rings become series, spans and histograms; full
// rings are counted, never silent; memory stays bounded whatever the run length.
#include "metrics/collector.h"
#include "support/sanitizer.h"

#include <QTest>
#include <QThread>

#include <thread>

using namespace looplab::metrics;
using looplab::test::kSanitized;
using looplab::test::liveHeapBytes;

namespace {
constexpr int64_t kMs = 1'000'000;

long rssKb()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const auto parts = f.readAll().split(' ');
    return parts.size() > 1 ? parts[1].toLong() * 4 : 0;
}
} // namespace

class TestCollector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ratesGaugesAndPercentiles()
    {
        Registry reg;
        const int64_t t0 = nowNs();
        Collector c(reg, t0);
        const auto rate = reg.addSeries({0, QStringLiteral("done"), QStringLiteral("1/s"), SeriesKind::Rate});
        const auto depth = reg.addSeries({0, QStringLiteral("depth"), QStringLiteral("items"), SeriesKind::Gauge});
        const auto lat = reg.addHistogram({0, QStringLiteral("latency_ms"), QStringLiteral("ms")});
        auto rec = reg.recorder(QStringLiteral("t"));
        // 1 s of 1000 events/s, depth 5 then 9, latencies 1..1000 ms.
        for (int i = 0; i < 1000; ++i) {
            const int64_t t = t0 + int64_t(i) * kMs;
            rec.count(rate, 1, t);
            rec.gauge(depth, i < 500 ? 5 : 9, t);
            rec.sample(lat, i + 1, t);
        }
        c.drain();
        c.finish(t0 + 1000 * kMs);
        std::vector<LabSnapshot> labs(1);
        c.fill(labs, t0 + 1000 * kMs, 0);
        const auto* r = labs[0].findSeries(QStringLiteral("done"));
        QVERIFY(r);
        double sum = 0;
        for (double v : r->values)
            sum += v * double(r->binNs) * 1e-9;
        QCOMPARE(qRound(sum), 1000); // rates integrate back to the count
        QCOMPARE(r->values[10], 1000.0); // a 10 ms bin with 10 events is 1000/s
        const auto* d = labs[0].findSeries(QStringLiteral("depth"));
        QCOMPARE(d->values[10], 5.0);
        QCOMPARE(d->values[90], 9.0);
        const auto* h = labs[0].findHistogram(QStringLiteral("latency_ms"));
        QCOMPARE(h->count, uint64_t(1000));
        QVERIFY(std::abs(h->p50 - 500) < 20);
        QVERIFY(h->p99 <= h->max);
        // Percentiles over time were produced as series.
        const auto* p99 = labs[0].findSeries(QStringLiteral("latency_ms_p99"));
        QVERIFY(p99);
        QVERIFY(std::any_of(p99->values.begin(), p99->values.end(), [](double v) { return v > 200; }));
    }

    void spansAndStateTotals()
    {
        Registry reg;
        const int64_t t0 = nowNs();
        Collector c(reg, t0);
        const auto lane = reg.addLane({0, QStringLiteral("worker 1"), QStringLiteral("workers")});
        auto rec = reg.recorder(QStringLiteral("w"));
        rec.state(lane, LaneState::Running, t0 + 10 * kMs);
        rec.state(lane, LaneState::GilWait, t0 + 30 * kMs);
        rec.state(lane, LaneState::Running, t0 + 35 * kMs);
        rec.state(lane, LaneState::Idle, t0 + 50 * kMs);
        c.drain();
        std::vector<LabSnapshot> labs(1);
        c.fill(labs, t0 + 100 * kMs, 0);
        const auto& l = labs[0].lanes.at(0);
        QCOMPARE(l.spans.size(), size_t(3));
        QCOMPARE(l.spans[1].state, LaneState::GilWait);
        QCOMPARE(l.spans[1].endNs - l.spans[1].startNs, 5 * kMs);
        QCOMPARE(l.totalNs[size_t(LaneState::Running)], 35 * kMs);
        QCOMPARE(l.totalNs[size_t(LaneState::GilWait)], 5 * kMs);
        // Window: only spans that end inside the last 60 ms of t=100 ms.
        std::vector<LabSnapshot> recent(1);
        c.fill(recent, t0 + 100 * kMs, 60 * kMs);
        QCOMPARE(recent[0].lanes.at(0).spans.size(), size_t(1));
    }

    // A lane that ticks more often than maxSpansPerLane spans fit in the window keeps the latest
    // spans, and the snapshot says from when its detail is complete (a chart hatches before it
    // instead of drawing the lane idle); a window that starts after the cut says nothing.
    void droppedSpansAreAnnounced()
    {
        Registry reg;
        const int64_t t0 = nowNs();
        CollectorOptions opt;
        opt.maxSpansPerLane = 100;
        Collector c(reg, t0, opt);
        const auto lane = reg.addLane({0, QStringLiteral("event loop"), QStringLiteral("loop")});
        auto rec = reg.recorder(QStringLiteral("loop"));
        for (int i = 0; i < 300; ++i) { // 300 ticks of 1 ms, one every 2 ms
            rec.state(lane, LaneState::Running, t0 + 2 * i * kMs);
            rec.state(lane, LaneState::Idle, t0 + (2 * i + 1) * kMs);
        }
        c.drain();
        std::vector<LabSnapshot> labs(1);
        c.fill(labs, t0 + 600 * kMs, 0);
        const auto& l = labs[0].lanes.at(0);
        QCOMPARE(l.spans.size(), size_t(100));
        QCOMPARE(l.spans.front().startNs, 400 * kMs); // ticks 200..299 kept
        QCOMPARE(l.detailFromNs, 399 * kMs); // the end of tick 199, the last one dropped
        std::vector<LabSnapshot> recent(1);
        c.fill(recent, t0 + 600 * kMs, 100 * kMs); // from 500 ms: all there
        QCOMPARE(recent[0].lanes.at(0).detailFromNs, int64_t(0));
        QCOMPARE(recent[0].lanes.at(0).spans.size(), size_t(50));

        Collector quiet(reg, t0); // default cap: nothing dropped
        quiet.drain();
        std::vector<LabSnapshot> none(1);
        rec.state(lane, LaneState::Running, t0 + 700 * kMs);
        rec.state(lane, LaneState::Idle, t0 + 701 * kMs);
        quiet.drain();
        quiet.fill(none, t0 + 800 * kMs, 0);
        QCOMPARE(none[0].lanes.at(0).detailFromNs, int64_t(0));
    }

    void fullRingDropsAreCounted()
    {
        Registry reg;
        Collector c(reg, nowNs());
        const auto s = reg.addSeries({0, QStringLiteral("x"), QStringLiteral("1/s"), SeriesKind::Rate});
        auto rec = reg.recorder(QStringLiteral("flood"));
        const int n = 200'000; // more than one ring holds between drains
        for (int i = 0; i < n; ++i)
            rec.count(s);
        c.drain();
        QVERIFY(reg.droppedEvents() > 0);
        QCOMPARE(reg.droppedEvents() + c.eventsCollected(), uint64_t(n));
        QCOMPARE(reg.recordedEvents(), c.eventsCollected());
    }

    void manyThreadsNoLoss()
    {
        Registry reg;
        Collector c(reg, nowNs());
        const auto s = reg.addSeries({0, QStringLiteral("x"), QStringLiteral("1/s"), SeriesKind::Rate});
        std::atomic<bool> go{true};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                auto rec = reg.recorder(QStringLiteral("producer"));
                for (int i = 0; i < 50'000; ++i) {
                    rec.count(s);
                    if (i % 1000 == 0)
                        std::this_thread::yield();
                }
            });
        while (std::any_of(threads.begin(), threads.end(), [](auto& t) { return t.joinable(); })) {
            c.drain();
            for (auto& t : threads)
                if (t.joinable()) {
                    t.join();
                    break;
                }
        }
        go = false;
        c.drain();
        QCOMPARE(c.eventsCollected() + reg.droppedEvents(), uint64_t(200'000));
    }

    // A lab may declare a mark while the run goes on (the pool lab names each deadlock it finds)
    // and record it at once; a drain that copied the catalogue a moment before must still keep it.
    // Seen in a fresh clone's make test: a deadlock found, its caption missing from the marks.
    void marksDeclaredDuringTheRunAreKept()
    {
        Registry reg;
        const int64_t t0 = nowNs();
        Collector c(reg, t0);
        const int n = 1500; // fewer than CollectorOptions::maxMarks: none leaves by age
        std::atomic<bool> done{false};
        std::thread producer([&] {
            auto rec = reg.recorder(QStringLiteral("lab"));
            for (int i = 0; i < n; ++i) {
                rec.mark(reg.addMark({0, QStringLiteral("deadlock %1").arg(i)}), 2);
                if (i % 10 == 0)
                    std::this_thread::yield();
            }
            done = true;
        });
        while (!done)
            c.drain();
        producer.join();
        c.drain();
        QCOMPARE(reg.droppedEvents(), uint64_t(0));
        std::vector<LabSnapshot> labs(1);
        c.fill(labs, nowNs(), 0);
        QCOMPARE(int(labs[0].marks.size()), n);
        for (int i = 0; i < n; ++i)
            QCOMPARE(labs[0].marks[size_t(i)].name, QStringLiteral("deadlock %1").arg(i));
    }

    void fastClockFollowsSteadyClock()
    {
        // nowNs() reads the TSC; it must agree with steady_clock (Qt timers, other processes).
        int64_t worst = 0;
        for (int i = 0; i < 200; ++i) {
            const int64_t a = FastClock::steadyNs();
            const int64_t f = nowNs();
            const int64_t b = FastClock::steadyNs();
            worst = std::max(worst, std::max(a - f, f - b)); // f must lie within [a, b]
            QThread::usleep(500);
        }
        QVERIFY2(worst < 20'000, qPrintable(QStringLiteral("off by %1 ns").arg(worst)));
    }

    void memoryBoundedOverLongRuns()
    {
        // Ten "minutes" of a busy lab (synthetic timestamps, real collector): the resolution
        // halves instead of growing, spans leave the detail window, so RSS stays flat.
        Registry reg;
        const int64_t t0 = nowNs();
        Collector c(reg, t0);
        std::vector<SeriesId> series;
        for (int i = 0; i < 20; ++i)
            series.push_back(reg.addSeries({0, QStringLiteral("s%1").arg(i), QStringLiteral("u"), SeriesKind::Gauge}));
        std::vector<LaneId> lanes;
        for (int i = 0; i < 16; ++i)
            lanes.push_back(reg.addLane({0, QStringLiteral("lane %1").arg(i), QStringLiteral("g")}));
        const auto h = reg.addHistogram({0, QStringLiteral("lat"), QStringLiteral("ms")});
        auto rec = reg.recorder(QStringLiteral("busy"));
        // Under a sanitizer, RSS also holds the quarantine of freed blocks (tens of MB): measure
        // the live heap there instead.
        const auto memKb = [] { return kSanitized ? long(liveHeapBytes() / 1024) : rssKb(); };
        long rssAfter1 = 0;
        const int64_t step = kMs / 2; // an event burst every 0.5 ms of run time
        for (int64_t t = 0; t < 600'000 * kMs; t += step) {
            for (auto s : series)
                rec.gauge(s, double(t % 97), t0 + t);
            rec.state(
                lanes[size_t(t / step) % lanes.size()], (t / step) % 2 ? LaneState::Running : LaneState::Idle, t0 + t);
            rec.sample(h, double(t % 1000) / 10.0, t0 + t);
            if ((t / step) % 2000 == 0)
                c.drain();
            if (t == 60'000 * kMs)
                rssAfter1 = memKb();
        }
        c.drain();
        const long rssAfter10 = memKb();
        qInfo(kSanitized ? "live heap after 1 min: %ld kB, after 10 min: %ld kB"
                         : "RSS after 1 min: %ld kB, after 10 min: %ld kB",
            rssAfter1, rssAfter10);
        QVERIFY2(rssAfter10 - rssAfter1 < 8 * 1024, "memory grew with run length");
        QCOMPARE(reg.droppedEvents(), uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestCollector)
#include "test_collector.moc"
