// The asyncio lesson's outcomes, asserted from real runs of the event-loop lab.
#include "engine/cpu_work.h"
#include "metrics/event.h"
#include "support/run_scenario.h"
#include "support/sanitizer.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <thread>

using looplab::metrics::nowNs;
using looplab::testing::metric;
using looplab::testing::runScenario;

namespace {
QByteArray scenario(const QByteArray& labParams, double durationS = 10)
{
    return R"({"looplab": 1, "duration_s": )" + QByteArray::number(durationS)
        + R"(, "labs": [{"id": "loop", "kind": "event_loop", )" + labParams + "}]}";
}
} // namespace

class TestEventLoopLab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gatherRunsConcurrently()
    {
        // 100 tasks that each await 200 ms finish in about 200 ms, not 20 s.
        auto r = runScenario(scenario(R"("tasks": 100, "io_ms": 200)"), 15);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 100.0);
        const double wall = metric(*r, "loop", "wall_s");
        // Sequentially it would take 20 s; the slack widens under a sanitizer (slower wake-ups).
        const double slow = std::min(looplab::test::kSanitizerSlowdown, 4.0);
        QVERIFY2(wall >= 0.195 && wall < 0.2 + 0.2 * slow, qPrintable(QString::number(wall)));
        QVERIFY(metric(*r, "loop", "task_latency_p99_ms") < 200 + 100 * slow);
        QVERIFY(metric(*r, "loop", "lag_p99_ms") < 20 * slow);
    }

    void blockingCallDrivesLag_data()
    {
        QTest::addColumn<QByteArray>("params");
        QTest::addColumn<bool>("blocks");
        QTest::addColumn<double>("durationS");
        // time.sleep(0.2) inside async def, periodically
        QTest::newRow("time.sleep on the loop")
            << QByteArray(R"("tasks": 1, "io_ms": 1500, "blocking_call_ms": 200, "blocking_every_ms": 400)") << true
            << 1.5;
        // 200 ms of CPU per task, on the loop / via asyncio.to_thread / via a process
        QTest::newRow("cpu on_loop") << QByteArray(R"("tasks": 3, "io_ms": 50, "cpu_ms": 200, "cpu_mode": "on_loop")")
                                     << true << 8.0;
        // C code that releases the GIL (NumPy, hashlib): the loop stays free. Pure-Python code sent
        // to_thread does not: see toThreadSharesTheGil.
        QTest::newRow("cpu to_thread (releases_gil)") << QByteArray(
            R"("tasks": 3, "io_ms": 50, "cpu_ms": 200, "cpu_mode": "to_thread", "cpu_kind": "releases_gil", "executor_workers": 2)")
                                                      << false << 8.0;
        QTest::newRow("cpu to_process") << QByteArray(
            R"("tasks": 3, "io_ms": 50, "cpu_ms": 200, "cpu_mode": "to_process", "executor_workers": 2)")
                                        << false << 8.0;
    }
    void blockingCallDrivesLag()
    {
        QFETCH(QByteArray, params);
        QFETCH(bool, blocks);
        QFETCH(double, durationS); // CPU cases end when their tasks do; the duration is a cap
        auto r = runScenario(scenario(params, durationS), 20);
        QVERIFY(r);
        const double lagMax = metric(*r, "loop", "lag_max_ms");
        const double lagP99 = metric(*r, "loop", "lag_p99_ms");
        const double slow = metric(*r, "loop", "slow_callbacks");
        qInfo("lag max %.1f ms, p99 %.1f ms, slow callbacks %.0f", lagMax, lagP99, slow);
        if (blocks) {
            QVERIFY2(lagMax >= 190, qPrintable(QString::number(lagMax)));
            QVERIFY(slow >= 1);
            QVERIFY(metric(*r, "loop", "tick_busy_max_ms") >= 190);
        } else {
            // Near zero against the ≥ 190 ms of a blocked loop: 20 ms, wider under a sanitizer
            // (every wake-up is slower there), never near the blocked case.
            const double bound = std::min(20 * looplab::test::kSanitizerSlowdown, 95.0);
            QVERIFY2(lagP99 < bound, qPrintable(QStringLiteral("p99 %1 ms, bound %2").arg(lagP99).arg(bound)));
            QCOMPARE(slow, 0.0);
            QCOMPARE(metric(*r, "loop", "tasks_completed"), 3.0);
        }
    }

    // Issue 14's side-by-side: six 400 ms CPU calls through asyncio.to_thread, heartbeat every
    // 10 ms. Under CPython (one GIL shared by the loop and the executor threads), pure-Python work
    // keeps total CPU near one core whatever the worker count, and the loop must win the GIL back
    // before each pass: lag rises to the switch-interval scale with one worker (CPython 3.11:
    // p50 5.7 ms) and to a convoy with six (CPython: p99 221 ms). The same work as C code that
    // releases the GIL, or on a free-threaded interpreter, keeps lag near zero and uses both cores.
    // Walls are compared with each other (same run, same load), not with absolute clocks.
    void toThreadSharesTheGil()
    {
        auto run = [](const char* extra) {
            const QByteArray p
                = QByteArray(R"("tasks": 6, "io_ms": 0, "cpu_ms": 400, "cpu_mode": "to_thread", )") + extra;
            auto r = runScenario(scenario(p, 30), 40);
            return r;
        };
        struct Row {
            const char* name;
            const char* params;
            double wall = 0, p50 = 0, p99 = 0, cores = 0;
        };
        auto measure = [&](Row& row) {
            auto r = run(row.params);
            if (!r)
                return false;
            if (metric(*r, "loop", "tasks_completed") != 6.0)
                return false;
            row.wall = metric(*r, "loop", "wall_s");
            row.p50 = metric(*r, "loop", "lag_p50_ms");
            row.p99 = metric(*r, "loop", "lag_p99_ms");
            row.cores = metric(*r, "loop", "executor_cores_used");
            qInfo("%-26s wall %.2f s  lag p50 %.2f ms  p99 %.1f ms  cores %.2f", row.name, row.wall, row.p50, row.p99,
                row.cores);
            return true;
        };
        // Other processes on these 2 cores only ever add lag and wall time, so lower bounds hold
        // in every attempt, and an upper bound gets up to three attempts (the quietest counts)
        // and is stretched by the share of the cores the run actually got (measured: the work's
        // CPU time over its wall time, against what an idle machine gives it).
        auto slowdown
            = [](const Row& r, double idealCores) { return std::max(1.0, idealCores / std::max(r.cores, 0.1)); };
        const int64_t sumNs = 6 * 400'000'000LL;

        // One worker: the loop waits for the GIL about a switch interval (5 ms) per pass
        // (CPython 3.11: lag p50 5.7 ms, p99 10.5 ms).
        Row one{"python, 1 worker", R"("executor_workers": 1)"};
        for (int attempt = 0; attempt < 3; ++attempt) {
            QVERIFY(measure(one));
            QVERIFY2(one.p50 >= 2.5, qPrintable(QString::number(one.p50)));
            if (one.p50 <= 9 * slowdown(one, 1))
                break;
        }
        QVERIFY2(
            one.p50 <= 9 * slowdown(one, 1), qPrintable(QStringLiteral("%1 (cores %2)").arg(one.p50).arg(one.cores)));

        // Six workers: no speedup (CPU near one core, wall about the sum of the work) and the
        // convoy: the loop is one of seven threads wanting the GIL (CPython: 2.13 s, p99 221 ms).
        Row six{"python, 6 workers", R"("executor_workers": 6)"};
        QVERIFY(measure(six));
        QVERIFY2(six.cores <= 1.15, qPrintable(QString::number(six.cores)));
        QVERIFY2(six.wall >= 0.85 * double(sumNs) * 1e-9, qPrintable(QString::number(six.wall)));
        QVERIFY2(six.p99 >= 25, qPrintable(QString::number(six.p99)));

        // GIL released / no GIL: lag near zero.
        Row c{"releases_gil, 6 workers", R"("executor_workers": 6, "cpu_kind": "releases_gil")"};
        Row ft{"free_threaded, 6 workers", R"("executor_workers": 6, "interpreter": "free_threaded")"};
        for (Row* row : {&c, &ft}) {
            for (int attempt = 0; attempt < 3; ++attempt) {
                QVERIFY(measure(*row));
                if (row->p50 < 1.5 * slowdown(*row, 2))
                    break;
            }
            QVERIFY2(row->p50 < 1.5 * slowdown(*row, 2),
                qPrintable(QStringLiteral("%1: %2 (cores %3)").arg(row->name).arg(row->p50).arg(row->cores)));
            // Same machine, same moment: the GIL makes the loop's lag at least twice as bad.
            QVERIFY2(one.p50 >= 2 * row->p50, qPrintable(QStringLiteral("%1 vs %2").arg(one.p50).arg(row->p50)));
        }
        // ... and the work spreads over the cores the machine gives us. Other processes decide
        // how many that is, so it is measured right before, in the same run: two plain threads
        // burning CPU for 300 ms (CPU time over wall time). The pair (same work, python vs
        // releases_gil) then runs back to back, up to three times, the clearest attempt counting.
        auto availableCores = [] {
            std::atomic<int64_t> cpu{0};
            const int64_t t0 = nowNs();
            auto burn = [&] {
                const int64_t c0 = looplab::engine::threadCpuNs();
                while (nowNs() - t0 < 300'000'000)
                    looplab::engine::cpuChunk(uint64_t(t0), 2000);
                cpu += looplab::engine::threadCpuNs() - c0;
            };
            std::thread a(burn), b(burn);
            a.join();
            b.join();
            return double(cpu.load()) / double(nowNs() - t0);
        };
        bool spread = false;
        for (int attempt = 0; attempt < 3 && !spread; ++attempt) {
            const double avail = availableCores();
            Row py{"python, 6 workers", R"("executor_workers": 6)"};
            Row cc{"releases_gil, 6 workers", R"("executor_workers": 6, "cpu_kind": "releases_gil")"};
            QVERIFY(measure(py) && measure(cc));
            qInfo("available cores %.2f", avail);
            QVERIFY2(py.cores <= 1.15, qPrintable(QString::number(py.cores)));
            spread = cc.cores >= std::min(1.4, 0.75 * avail) && cc.cores >= py.cores * std::min(1.3, avail);
        }
        QVERIFY2(spread, "releases_gil work did not use the cores the machine had free");
    }

    void courseGatherDemoTakesTwoSecondsNotThree()
    {
        // say_after(2, "hello") and say_after(1, "world") under asyncio.gather.
        // At the course's own scale (the built-in stretches it five times for a class to watch).
        auto r = looplab::testing::runBuiltinScenario(
            QStringLiteral("event_loop_gather.json"), 15, {QStringLiteral("time_scale=1")});
        QVERIFY(r);
        const double wall = metric(*r, "loop", "wall_s");
        QVERIFY2(wall >= 1.99 && wall < 2.3, qPrintable(QString::number(wall)));
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 2.0);
        // The named tasks are lanes.
        const auto* lab = r->data.findLab(QStringLiteral("loop"));
        QVERIFY(lab->findLane(QStringLiteral("hello")));
        QVERIFY(lab->findLane(QStringLiteral("world")));
    }

    void timeoutCancelsLateTasks()
    {
        // asyncio.timeout: the late tasks end with TimeoutError (see also test_event_loop_course).
        auto r = runScenario(scenario(R"("tasks": 20, "io_ms": 500, "timeout_ms": 100)"), 10);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "tasks_timed_out"), 20.0);
        QCOMPARE(metric(*r, "loop", "tasks_cancelled"), 0.0);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 0.0);
        QVERIFY(metric(*r, "loop", "wall_s") < 0.3); // cancelled at 100 ms, not after 500
    }

    void timeScaleStretchesDurations()
    {
        auto r = runScenario(
            R"({"looplab": 1, "time_scale": 3, "labs": [{"id": "loop", "kind": "event_loop", "tasks": 5, "io_ms": 100}]})",
            10);
        QVERIFY(r);
        const double wall = metric(*r, "loop", "wall_s");
        QVERIFY2(wall >= 0.295 && wall < 0.5, qPrintable(QString::number(wall)));
    }

    void poissonArrivalsAllComplete()
    {
        auto r = runScenario(scenario(R"("tasks": 200, "arrival_per_s": 1000, "io_ms": 20)"), 10);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 200.0);
        const double wall = metric(*r, "loop", "wall_s");
        QVERIFY2(wall > 0.1 && wall < 0.6, qPrintable(QString::number(wall))); // ~0.2 s of arrivals
    }

    void semaphoreLimitsConcurrentFetches()
    {
        // async with asyncio.Semaphore(5): 30 fetches of 100 ms go 5 at a time: ~600 ms.
        auto r = runScenario(scenario(R"("tasks": 30, "io_ms": 100, "semaphore": 5)"), 10);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "io_in_flight_max"), 5.0);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 30.0);
        const double wall = metric(*r, "loop", "wall_s");
        QVERIFY2(wall >= 0.59 && wall < 0.9, qPrintable(QString::number(wall)));
        QVERIFY(metric(*r, "loop", "semaphore_wait_p99_ms") >= 400);
    }

    void retriesRescueTimedOutFetches()
    {
        // Random fetch times (mean 100 ms) with a 150 ms wait_for: without retries some tasks
        // fail; with 4 retries and backoff nearly all complete, at the cost of retries.
        auto once = runScenario(
            scenario(R"("tasks": 200, "io_ms": 100, "io_dist": "exponential", "timeout_ms": 150, "retries": 0)"), 10);
        auto retried = runScenario(
            scenario(
                R"("tasks": 200, "io_ms": 100, "io_dist": "exponential", "timeout_ms": 150, "retries": 4, "backoff_ms": 20)"),
            20);
        QVERIFY(once && retried);
        // A call that gives up ends with TimeoutError: timed out, not cancelled.
        const double failedOnce = metric(*once, "loop", "tasks_timed_out");
        const double failedRetried = metric(*retried, "loop", "tasks_timed_out");
        QCOMPARE(metric(*retried, "loop", "tasks_cancelled"), 0.0);
        qInfo("failed without retries: %.0f/200, with 4 retries: %.0f/200 (%.0f retries made)", failedOnce,
            failedRetried, metric(*retried, "loop", "retries_made"));
        QVERIFY(failedOnce >= 20); // P(fetch > 150 ms) = e^-1.5 ≈ 22 %
        QVERIFY(failedRetried <= 2); // (0.22)^5 ≈ 0.05 %
        QVERIFY(metric(*retried, "loop", "retries_made") >= 20);
    }

    void stopMidRunDrainsEveryCoroutine()
    {
        // duration shorter than the tasks: the engine stops the lab while coroutines sleep.
        auto r = runScenario(scenario(R"("tasks": 1000, "io_ms": 5000)", 0.3), 10);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 0.0);
        QCOMPARE(metric(*r, "loop", "tasks_cancelled"), 1000.0);
    }
};

QTEST_GUILESS_MAIN(TestEventLoopLab)
#include "test_event_loop_lab.moc"
