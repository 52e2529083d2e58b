// The course's coroutine and task demos, asserted from real runs of the event-loop lab:
// sequential awaits add up while create_task overlaps, a coroutine never awaited runs nothing,
// task.cancel() ends a task early through its CancelledError cleanup, and timeouts end in
// TimeoutError (tasks_timed_out), not in tasks_cancelled.
#include "metrics/snapshot.h"
#include "support/run_scenario.h"

#include <QTest>

#include <algorithm>

using looplab::testing::metric;
using looplab::testing::runScenario;

namespace {
QByteArray scenario(const QByteArray& labs, double durationS = 10)
{
    return R"({"looplab": 1, "duration_s": )" + QByteArray::number(durationS) + R"(, "labs": [)" + labs + "]}";
}

QByteArray ioTask(const QByteArray& name, double ms, const QByteArray& extra = {})
{
    return R"({"name": ")" + name + R"(", "steps": [{"io_ms": )" + QByteArray::number(ms) + "}]" + extra + "}";
}

// Waits are timers: they end no earlier than asked (less a little timer rounding), and later
// only by what a busy machine adds, which gets generous room. CPU steps burn thread CPU time,
// which other processes on a shared machine stretch in wall time: `slack` widens the bound.
void verifyWall(double wallS, double expectS, double slack = 1.3)
{
    QVERIFY2(wallS >= expectS - 0.005 && wallS < expectS * slack + 0.25,
        qPrintable(QStringLiteral("wall %1 s, expected about %2 s").arg(wallS).arg(expectS)));
}
} // namespace

class TestEventLoopCourse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // `await say(a); await say(b)` in one coroutine against create_task for both, in one run
    // (two labs side by side, same load): the first takes a + b, the second max(a, b).
    void sequentialAwaitsAddUpTasksOverlap_data()
    {
        QTest::addColumn<double>("aMs");
        QTest::addColumn<double>("bMs");
        QTest::newRow("say(2) then say(5), scaled to 200/500 ms") << 200.0 << 500.0;
        QTest::newRow("longer first: 500/200 ms") << 500.0 << 200.0;
        QTest::newRow("equal: 300/300 ms") << 300.0 << 300.0;
    }
    void sequentialAwaitsAddUpTasksOverlap()
    {
        QFETCH(double, aMs);
        QFETCH(double, bMs);
        const QByteArray a = QByteArray::number(aMs), b = QByteArray::number(bMs);
        auto r = runScenario(
            scenario(R"({"id": "sequential", "kind": "event_loop", "script": [{"name": "main", "steps": [{"io_ms": )"
                + a + R"(}, {"io_ms": )" + b + R"(}]}]},
                {"id": "tasks", "kind": "event_loop", "script": [)"
                + ioTask("alice", aMs) + ", " + ioTask("bob", bMs) + "]}"),
            15);
        QVERIFY(r);
        const double seq = metric(*r, "sequential", "wall_s");
        const double tasks = metric(*r, "tasks", "wall_s");
        qInfo("sequential %.3f s, create_task %.3f s", seq, tasks);
        QCOMPARE(metric(*r, "sequential", "tasks_completed"), 1.0);
        QCOMPARE(metric(*r, "tasks", "tasks_completed"), 2.0);
        verifyWall(seq, (aMs + bMs) / 1000);
        verifyWall(tasks, std::max(aMs, bMs) / 1000);
        // The difference is the shorter wait, which the tasks overlap and the awaits do not.
        QVERIFY2(seq - tasks >= 0.8 * std::min(aMs, bMs) / 1000, "sequential awaits did not add up");
    }

    // say("Alice", 2) without await: a coroutine object is made and dropped; nothing of it runs.
    void neverAwaitedRunsNothing_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<double>("neverAwaited");
        QTest::addColumn<double>("completed");
        QTest::addColumn<double>("wallS");
        QTest::newRow("both never awaited") << QByteArray(ioTask("say(Alice, 2)", 300, R"(, "never_awaited": true)")
            + ", " + ioTask("say(Bob, 1)", 300, R"(, "never_awaited": true)"))
                                            << 2.0 << 0.0 << 0.0;
        QTest::newRow("one awaited, one not")
            << QByteArray(ioTask("say(Alice, 2)", 300, R"(, "never_awaited": true)") + ", " + ioTask("greet", 300))
            << 1.0 << 1.0 << 0.3;
    }
    void neverAwaitedRunsNothing()
    {
        QFETCH(QByteArray, script);
        QFETCH(double, neverAwaited);
        QFETCH(double, completed);
        QFETCH(double, wallS);
        auto r = runScenario(scenario(R"({"id": "loop", "kind": "event_loop", "script": [)" + script + "]}"), 10);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "coroutines_never_awaited"), neverAwaited);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), completed);
        QCOMPARE(metric(*r, "loop", "tasks_cancelled"), 0.0);
        const double wall = metric(*r, "loop", "wall_s");
        if (wallS > 0)
            verifyWall(wall, wallS);
        else
            QVERIFY2(wall < 0.1, qPrintable(QString::number(wall))); // its 300 ms wait never happened
        const auto* lab = r->data.findLab(QStringLiteral("loop"));
        QVERIFY(lab);
        // Its lane never ran or waited, and CPython's warning is on the chart, naming the function.
        const auto* lane = lab->findLane(QStringLiteral("say(Alice, 2)"));
        QVERIFY(lane);
        int64_t active = 0;
        for (size_t s = 0; s < lane->totalNs.size(); ++s)
            if (looplab::metrics::LaneState(s) != looplab::metrics::LaneState::Idle)
                active += lane->totalNs[s];
        QCOMPARE(active, int64_t(0));
        const auto warnings = std::count_if(lab->marks.begin(), lab->marks.end(),
            [](const auto& m) { return m.name == QLatin1String("never_awaited:say"); });
        QCOMPARE(double(warnings), neverAwaited);
    }

    // How a task ends: completed, cancelled (task.cancel(), CancelledError) or timed out
    // (asyncio.timeout / wait_for out of retries: TimeoutError), and when.
    void tasksEndAsAsyncioSays_data()
    {
        QTest::addColumn<QByteArray>("lab");
        QTest::addColumn<double>("completed");
        QTest::addColumn<double>("cancelled");
        QTest::addColumn<double>("timedOut");
        QTest::addColumn<double>("wallS");
        QTest::addColumn<double>("slack"); // on wallS: wider where a CPU step's burn sets the time
        const QByteArray script = R"("kind": "event_loop", "script": [)";
        QTest::newRow("task.cancel() after 300 ms of a 3 s sleep")
            << QByteArray(script + ioTask("long_task", 3000, R"(, "cancel_after_ms": 300)") + "]") << 0.0 << 1.0 << 0.0
            << 0.3 << 1.3;
        QTest::newRow("cancel, then 300 ms of awaited cleanup") << QByteArray(
            script + ioTask("long_task", 3000, R"(, "cancel_after_ms": 300, "on_cancel": [{"io_ms": 300}])") + "]")
                                                                << 0.0 << 1.0 << 0.0 << 0.6 << 1.3;
        QTest::newRow("cancel, then 300 ms of CPU cleanup on the loop") << QByteArray(
            script + ioTask("long_task", 3000, R"(, "cancel_after_ms": 300, "on_cancel": [{"cpu_ms": 300}])") + "]")
                                                                        << 0.0 << 1.0 << 0.0 << 0.6 << 4.0;
        QTest::newRow("cancel after the task is done: no effect")
            << QByteArray(script + ioTask("quick", 200, R"(, "cancel_after_ms": 1000)") + "]") << 1.0 << 0.0 << 0.0
            << 0.2 << 1.3;
        // CPU work is not interrupted: the cancel lands at the next await, which never starts.
        QTest::newRow("cancel during CPU work lands at the next await") << QByteArray(
            script + R"({"name": "t", "cancel_after_ms": 100, "steps": [{"cpu_ms": 250}, {"io_ms": 2000}]}])")
                                                                        << 0.0 << 1.0 << 0.0 << 0.25 << 4.0;
        QTest::newRow("asyncio.timeout(0.1) around 500 ms: TimeoutError")
            << QByteArray(R"("kind": "event_loop", "tasks": 20, "io_ms": 500, "timeout_ms": 100)") << 0.0 << 0.0 << 20.0
            << 0.1 << 1.3;
        // Every attempt takes 500 ms against a 50 ms wait_for: 50 + 10 + 50 + 20 + 50 ms, then TimeoutError.
        QTest::newRow("wait_for out of retries: TimeoutError") << QByteArray(
            R"("kind": "event_loop", "tasks": 10, "io_ms": 500, "timeout_ms": 50, "retries": 2, "backoff_ms": 10)")
                                                               << 0.0 << 0.0 << 10.0 << 0.18 << 1.3;
        QTest::newRow("cancel before the timeout: CancelledError")
            << QByteArray(R"("timeout_ms": 600, )" + script + ioTask("t", 2000, R"(, "cancel_after_ms": 200)") + "]")
            << 0.0 << 1.0 << 0.0 << 0.2 << 1.3;
        QTest::newRow("timeout before the cancel: TimeoutError, cleanup still runs")
            << QByteArray(R"("timeout_ms": 200, )" + script
                   + ioTask("t", 2000, R"(, "cancel_after_ms": 600, "on_cancel": [{"io_ms": 200}])") + "]")
            << 0.0 << 0.0 << 1.0 << 0.4 << 1.3;
    }
    void tasksEndAsAsyncioSays()
    {
        QFETCH(QByteArray, lab);
        QFETCH(double, completed);
        QFETCH(double, cancelled);
        QFETCH(double, timedOut);
        QFETCH(double, wallS);
        QFETCH(double, slack);
        auto r = runScenario(scenario(R"({"id": "loop", )" + lab + "}"), 15);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), completed);
        QCOMPARE(metric(*r, "loop", "tasks_cancelled"), cancelled);
        QCOMPARE(metric(*r, "loop", "tasks_timed_out"), timedOut);
        verifyWall(metric(*r, "loop", "wall_s"), wallS, slack);
    }

    // The CPU cleanup runs on the loop thread: it blocks the loop for its whole length, which the
    // lag probe measures while another task keeps the run going.
    void cpuCleanupBlocksTheLoop()
    {
        auto r
            = runScenario(scenario(R"({"id": "loop", "kind": "event_loop", "script": [)"
                              + ioTask("long_task", 3000, R"(, "cancel_after_ms": 200, "on_cancel": [{"cpu_ms": 300}])")
                              + ", " + ioTask("other", 1500) + "]}"),
                15);
        QVERIFY(r);
        QCOMPARE(metric(*r, "loop", "tasks_cancelled"), 1.0);
        QCOMPARE(metric(*r, "loop", "tasks_completed"), 1.0);
        const double lag = metric(*r, "loop", "lag_max_ms");
        const double busy = metric(*r, "loop", "tick_busy_max_ms");
        qInfo("lag max %.1f ms, busiest tick %.1f ms", lag, busy);
        QVERIFY2(lag >= 250, qPrintable(QString::number(lag)));
        QVERIFY2(busy >= 290, qPrintable(QString::number(busy)));
        QVERIFY(metric(*r, "loop", "slow_callbacks") >= 1);
    }
};

QTEST_GUILESS_MAIN(TestEventLoopCourse)
#include "test_event_loop_course.moc"
