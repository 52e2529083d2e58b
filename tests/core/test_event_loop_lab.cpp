// The asyncio lesson's outcomes, asserted from real runs of the event-loop lab.
#include "support/run_scenario.h"

#include <QTest>

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
        QVERIFY2(wall >= 0.195 && wall < 0.4, qPrintable(QString::number(wall)));
        QVERIFY(metric(*r, "loop", "task_latency_p99_ms") < 300);
        QVERIFY(metric(*r, "loop", "lag_p99_ms") < 20);
    }

    void blockingCallDrivesLag_data()
    {
        QTest::addColumn<QByteArray>("params");
        QTest::addColumn<bool>("blocks");
        QTest::addColumn<double>("durationS");
        // time.sleep(0.2) inside async def, periodically
        QTest::newRow("time.sleep on the loop") << QByteArray(R"("tasks": 1, "io_ms": 1500, "blocking_call_ms": 200, "blocking_every_ms": 400)") << true << 1.5;
        // 200 ms of CPU per task, on the loop / via asyncio.to_thread / via a process
        QTest::newRow("cpu on_loop") << QByteArray(R"("tasks": 3, "io_ms": 50, "cpu_ms": 200, "cpu_mode": "on_loop")") << true << 8.0;
        QTest::newRow("cpu to_thread") << QByteArray(R"("tasks": 3, "io_ms": 50, "cpu_ms": 200, "cpu_mode": "to_thread", "executor_workers": 2)") << false << 8.0;
        QTest::newRow("cpu to_process") << QByteArray(R"("tasks": 3, "io_ms": 50, "cpu_ms": 200, "cpu_mode": "to_process", "executor_workers": 2)") << false << 8.0;
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
            QVERIFY2(lagP99 < 20, qPrintable(QString::number(lagP99)));
            QCOMPARE(slow, 0.0);
            QCOMPARE(metric(*r, "loop", "tasks_completed"), 3.0);
        }
    }

    void courseGatherDemoTakesTwoSecondsNotThree()
    {
        // say_after(2, "hello") and say_after(1, "world") under asyncio.gather.
        auto r = looplab::testing::runBuiltinScenario(QStringLiteral("event_loop_gather.json"), 15);
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
        auto r = runScenario(scenario(R"("tasks": 20, "io_ms": 500, "timeout_ms": 100)"), 10);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "tasks_cancelled"), 20.0);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 0.0);
        QVERIFY(metric(*r, "loop", "wall_s") < 0.3); // cancelled at 100 ms, not after 500
    }

    void timeScaleStretchesDurations()
    {
        auto r = runScenario(R"({"looplab": 1, "time_scale": 3, "labs": [{"id": "loop", "kind": "event_loop", "tasks": 5, "io_ms": 100}]})", 10);
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
        auto once = runScenario(scenario(R"("tasks": 200, "io_ms": 100, "io_dist": "exponential", "timeout_ms": 150, "retries": 0)"), 10);
        auto retried = runScenario(scenario(R"("tasks": 200, "io_ms": 100, "io_dist": "exponential", "timeout_ms": 150, "retries": 4, "backoff_ms": 20)"), 20);
        QVERIFY(once && retried);
        const double failedOnce = metric(*once, "loop", "tasks_cancelled");
        const double failedRetried = metric(*retried, "loop", "tasks_cancelled");
        qInfo("failed without retries: %.0f/200, with 4 retries: %.0f/200 (%.0f retries made)", failedOnce,
              failedRetried, metric(*retried, "loop", "retries_made"));
        QVERIFY(failedOnce >= 20);          // P(fetch > 150 ms) = e^-1.5 ≈ 22 %
        QVERIFY(failedRetried <= 2);        // (0.22)^5 ≈ 0.05 %
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
