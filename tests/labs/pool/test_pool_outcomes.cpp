// The pool lab's teaching outcomes, asserted from real runs on the real Engine (2-core machine):
// the GIL serialises CPU-bound threads, free-threading and processes scale to the cores, I/O
// threads scale with their count even under the GIL, a CPU-bound thread delays an I/O thread by
// switch intervals (convoy effect), tiny tasks lose on processes, spawning per task costs, and a
// worker killed with SIGKILL is replaced while the run goes on.
#include "pool_scenario.h"
#include "support/foreign_load.h"
#include "support/run_scenario.h"
#include "support/sanitizer.h"
#include "support/worker_processes.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <signal.h>
#include <thread>
#include <unistd.h>

using looplab::testing::availableCores;
using looplab::testing::childrenCpuMs;
using looplab::testing::ForeignLoad;
using looplab::testing::metric;
using looplab::testing::runBuiltinScenario;
using looplab::testing::runScenario;
using looplab::testing::workerChildren;

namespace {

QByteArray scenario(const QByteArray& params, double durationS = 30, double timeScale = 1)
{
    return looplab::testing::poolScenario(params, durationS, timeScale);
}

struct Metrics {
    std::shared_ptr<const looplab::engine::RunResult> run;
    double operator[](const char* name) const
    {
        return metric(*run, QStringLiteral("pool"), QString::fromLatin1(name));
    }
};

Metrics runPool(const QByteArray& params, double timeoutS = 60, double timeScale = 1)
{
    return {runScenario(scenario(params, 30, timeScale), timeoutS)};
}

} // namespace

class TestPoolOutcomes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // 24 tasks of 20 ms of CPU: 480 ms of work on 2 cores.
    void cpuBoundSpeedup_data()
    {
        QTest::addColumn<QByteArray>("params");
        QTest::addColumn<int>("workers");
        QTest::addColumn<bool>("gil");
        const QByteArray cpu = R"("task": "cpu", "task_ms": 20, "tasks": 24, )";
        QTest::newRow("4 threads under the GIL: no speedup")
            << (cpu + R"("executor": "threads", "workers": 4, "gil": "cpython")") << 4 << true;
        QTest::newRow("4 threads free-threaded: the cores")
            << (cpu + R"("executor": "threads", "workers": 4, "gil": "free_threaded")") << 4 << false;
        QTest::newRow("2 native threads: the cores")
            << (cpu + R"("executor": "threads", "workers": 2, "gil": "native")") << 2 << false;
        QTest::newRow("2 processes: the cores") << (cpu + R"("executor": "processes", "workers": 2)") << 2 << false;
    }
    void cpuBoundSpeedup()
    {
        QFETCH(QByteArray, params);
        QFETCH(int, workers);
        QFETCH(bool, gil);
        const double cores = std::min<double>(workers, std::max(1u, std::thread::hardware_concurrency()));
        const ForeignLoad load;
        const Metrics m = runPool(params);
        QVERIFY(m.run);
        QCOMPARE(m["tasks_completed"], 24.0);
        QCOMPARE(m["tasks_failed"], 0.0);
        const double speedup = m["speedup"];
        qInfo("speedup %.2f, cpu_utilization %.2f, gil_wait_share %.2f, gil_switches %.0f", speedup,
            m["cpu_utilization"], m["gil_wait_share"], m["gil_switches"]);
        // The lanes say the same as the numbers.
        const auto* lab = m.run->data.findLab(QStringLiteral("pool"));
        QVERIFY(lab);
        int64_t running = 0, gilWait = 0;
        for (const auto& lane : lab->lanes)
            if (lane.group == QStringLiteral("threads") || lane.group == QStringLiteral("processes")) {
                running += lane.totalNs[size_t(looplab::metrics::LaneState::Running)];
                gilWait += lane.totalNs[size_t(looplab::metrics::LaneState::GilWait)];
            }
        QVERIFY(running > 400'000'000);
        QCOMPARE(gilWait > running, gil);
        QCOMPARE(lab->findLane(QStringLiteral("GIL (emulated)")) != nullptr, gil);
        if (gil) {
            // The one-worker baseline and the batch run at different moments: what others take
            // from the core in between moves the ratio, so the bound widens with the measured
            // foreign load (the GIL's other evidence below does not move).
            const double noise = 1 + std::max(0.0, load.cores() - 0.25);
            QVERIFY2(speedup <= 1.2 * noise,
                qPrintable(QStringLiteral("speedup %1, foreign load %2 cores").arg(speedup).arg(load.cores())));
            if (load.cores() <= 0.25) // and close to 1 when nothing else takes the core
                QVERIFY2(speedup >= 0.8, qPrintable(QStringLiteral("speedup %1").arg(speedup)));
            // 4 threads, one runs: each spends most of its task time wanting the GIL, and the
            // holder changes at every switch interval (~5 ms): ~100 switches in ~0.5 s.
            QVERIFY2(m["gil_wait_share"] > 0.6, qPrintable(QString::number(m["gil_wait_share"])));
            QVERIFY2(m["gil_switches"] >= 40, qPrintable(QString::number(m["gil_switches"])));
            // One core's worth of CPU shared by 4 workers.
            QVERIFY2(m["cpu_utilization"] < 0.35, qPrintable(QString::number(m["cpu_utilization"])));
        } else {
            QCOMPARE(m["gil_wait_share"], 0.0);
            QCOMPARE(m["gil_switches"], 0.0);
            // At least 0.8 of the cores that were free (1.6 on 2 idle cores); never more than
            // there are cores (or workers).
            const double free = std::clamp(availableCores(load), 0.5, cores);
            qInfo("cores free during the run %.2f", availableCores(load));
            QVERIFY2(speedup >= 0.8 * free && speedup <= cores * 1.1,
                qPrintable(QStringLiteral("speedup %1, free cores %2").arg(speedup).arg(free)));
            QVERIFY2(m["cpu_utilization"] * workers >= 0.7 * std::min<double>(workers, availableCores(load)),
                qPrintable(QString::number(m["cpu_utilization"])));
        }
    }

    void ioBoundThreadsScaleUnderTheGil()
    {
        // 8 threads, 64 tasks that each wait 20 ms: 1.28 s of waiting in ~0.16 s.
        // (Waiting needs no core: this holds on a busy machine too.)
        const Metrics m = runPool(
            R"("executor": "threads", "workers": 8, "gil": "cpython", "task": "io", "task_ms": 20, "tasks": 64)");
        QVERIFY(m.run);
        QCOMPARE(m["tasks_completed"], 64.0);
        QVERIFY(m["gil_wait_share"] < 0.1);
        QVERIFY2(m["speedup"] >= 6, qPrintable(QString::number(m["speedup"])));
    }

    void convoyEffect()
    {
        // The probe answers a request every 20 ms; each request takes the GIL twice. Beside a
        // CPU-bound thread each acquisition waits for the drop request (a switch interval, 5 ms);
        // beside an I/O-bound thread it is free. Both runs here, so the I/O case is judged against
        // the CPU case of the same moment, not against an absolute bound a busy or sanitized
        // machine can miss.
        const QByteArray common
            = R"("executor": "threads", "workers": 1, "gil": "cpython", "task_ms": 100, "tasks": 10, "probe_every_ms": 20, )";
        const Metrics cpu = runPool(common + R"("task": "cpu")");
        const Metrics io = runPool(common + R"("task": "io")");
        QVERIFY(cpu.run && io.run);
        for (const Metrics* m : {&cpu, &io}) {
            const auto* h
                = m->run->data.findLab(QStringLiteral("pool"))->findHistogram(QStringLiteral("probe_latency_ms"));
            QVERIFY(h && h->count >= 30); // ~50 probes in ~1 s
        }
        const double cpuP50 = cpu["probe_latency_p50_ms"], cpuP99 = cpu["probe_latency_p99_ms"];
        const double ioP50 = io["probe_latency_p50_ms"], ioP99 = io["probe_latency_p99_ms"];
        qInfo("probe beside a CPU-bound thread: p50 %.2f ms, p99 %.2f ms; beside an I/O-bound one: p50 %.2f ms, p99 "
              "%.2f ms",
            cpuP50, cpuP99, ioP50, ioP99);
        QVERIFY2(cpuP50 >= 2 * 5.0, qPrintable(QStringLiteral("p50 %1 ms").arg(cpuP50)));
        QVERIFY2(cpuP99 >= 2 * 5.0, qPrintable(QStringLiteral("p99 %1 ms").arg(cpuP99)));
        QVERIFY2(ioP99 > 0, "no probe latency beside the I/O-bound thread");
        QVERIFY2(ioP50 * 5 < cpuP50, qPrintable(QStringLiteral("p50 %1 vs %2 ms").arg(ioP50).arg(cpuP50)));
        QVERIFY2(ioP99 * 2 < cpuP50, qPrintable(QStringLiteral("p99 %1 vs p50 %2 ms").arg(ioP99).arg(cpuP50)));
    }

    void tinyTasksAreSlowerOnProcesses()
    {
        // 4000 tasks of 0.05 ms with 128 KB of arguments and results each (a NumPy array of 16 k
        // floats). One thread shares the data; processes copy it through a pipe both ways.
        const QByteArray tiny = R"("task": "cpu", "task_ms": 0.05, "tasks": 4000, )";
        const ForeignLoad load;
        const Metrics thread = runPool(tiny + R"("executor": "threads", "workers": 1, "gil": "cpython")");
        const Metrics procs = runPool(tiny + R"("executor": "processes", "workers": 2, "payload_kb": 128)");
        QVERIFY(thread.run && procs.run);
        QCOMPARE(procs["tasks_completed"], 4000.0);
        qInfo("tiny tasks: one thread %.0f/s, 2 processes %.0f/s (IPC %.1f us/task)", thread["throughput_per_s"],
            procs["throughput_per_s"], procs["ipc_us_per_task"]);
        QVERIFY(procs["ipc_us_per_task"] > 0);
        QCOMPARE(thread["ipc_us_per_task"], 0.0);
        // The process lanes show the IPC they pay, beside the running.
        int64_t ipc = 0, running = 0;
        for (const auto& lane : procs.run->data.findLab(QStringLiteral("pool"))->lanes)
            if (lane.group == QStringLiteral("processes")) {
                ipc += lane.totalNs[size_t(looplab::metrics::LaneState::Ipc)];
                running += lane.totalNs[size_t(looplab::metrics::LaneState::Running)];
            }
        QVERIFY(ipc > 0);
        QVERIFY(running >= 4000 * 50'000 * 9 / 10);
        // Copying 256 KB per task through pipes costs far more than the task: even with twice
        // the workers (and both cores when they are free) the processes are slower.
        qInfo("cores free during the runs %.2f", availableCores(load));
        QVERIFY(procs["throughput_per_s"] < thread["throughput_per_s"]);
    }

    void spawnPerTaskCostsMoreThanAPool_data()
    {
        QTest::addColumn<QByteArray>("executor");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<QByteArray>("taskMs");
        QTest::newRow("processes") << QByteArray(R"("executor": "processes")") << 200 << QByteArray("0.05");
        QTest::newRow("threads") << QByteArray(R"("executor": "threads", "gil": "native")") << 5000
                                 << QByteArray("0.005");
    }
    void spawnPerTaskCostsMoreThanAPool()
    {
        QFETCH(QByteArray, executor);
        QFETCH(int, tasks);
        QFETCH(QByteArray, taskMs);
        const QByteArray common = executor + R"(, "workers": 2, "task": "cpu", "task_ms": )" + taskMs + R"(, "tasks": )"
            + QByteArray::number(tasks);
        const ForeignLoad load;
        const Metrics pool = runPool(common);
        const Metrics spawn = runPool(common + R"(, "spawn_per_task": true)");
        QVERIFY(pool.run && spawn.run);
        QCOMPARE(spawn["tasks_completed"], double(tasks));
        qInfo("reused pool %.0f tasks/s, new one per task %.0f tasks/s (cores free %.2f)", pool["throughput_per_s"],
            spawn["throughput_per_s"], availableCores(load));
        QVERIFY(spawn["throughput_per_s"] * 1.5 < pool["throughput_per_s"]);
    }

    // Quality gate: kill -9 a worker process in the middle of a run.
    void killedWorkerIsRestartedAndTheRunGoesOn()
    {
        // After the one-worker baseline (at most 10 tasks: 0.2 s of CPU), in the batch.
        looplab::testing::WorkerKiller killer(2, 400);
        // 100 tasks of 20 ms on 2 processes: ~1 s after the baseline.
        const Metrics m
            = runPool(R"("executor": "processes", "workers": 2, "task": "cpu", "task_ms": 20, "tasks": 100)");
        killer.stop();
        const pid_t killed = killer.killed();
        QVERIFY(m.run);
        QVERIFY(killed > 0);
        QVERIFY2(m["worker_restarts"] >= 1, qPrintable(QString::number(m["worker_restarts"])));
        QVERIFY(m["tasks_failed"] >= 1); // the victim's task (and the one queued in its pipe)
        QVERIFY(m["tasks_failed"] <= 2);
        QCOMPARE(m["tasks_completed"] + m["tasks_failed"], 100.0); // the run went on to the end
        const auto* lab = m.run->data.findLab(QStringLiteral("pool"));
        bool marked = false;
        for (const auto& mark : lab->marks)
            marked = marked || (mark.name == QStringLiteral("worker_restart") && pid_t(mark.value) == killed);
        QVERIFY(marked);
        QVERIFY(workerChildren().empty()); // every worker, the replacement too, is reaped at the end
    }

    void streamArrivesAtItsRate()
    {
        // 60 I/O tasks of 10 ms arriving at 200/s on 4 threads: the pool keeps up, so the
        // throughput is the arrival rate and a task's latency is its own length.
        const Metrics m = runPool(
            R"("executor": "threads", "workers": 4, "task": "io", "task_ms": 10, "tasks": 60, "arrival_per_s": 200)");
        QVERIFY(m.run);
        QCOMPARE(m["tasks_completed"], 60.0);
        QVERIFY2(m["throughput_per_s"] > 140 && m["throughput_per_s"] < 280,
            qPrintable(QString::number(m["throughput_per_s"])));
        const auto* lat = m.run->data.findLab(QStringLiteral("pool"))->findHistogram(QStringLiteral("task_latency_ms"));
        QVERIFY(lat && lat->count == 60);
        QVERIFY2(lat->p50 >= 10 && lat->p50 < 15, qPrintable(QString::number(lat->p50)));
    }

    void timeScaleStretchesEveryDuration()
    {
        // 10 tasks of 2 ms on one thread at x10: each really takes 20 ms (200 ms in all).
        const ForeignLoad load;
        const Metrics m = runPool(
            R"("executor": "threads", "workers": 1, "gil": "native", "task": "cpu", "task_ms": 2, "tasks": 10)", 60,
            10);
        QVERIFY(m.run);
        QVERIFY(m["wall_s"] >= 0.19); // never faster than the stretched work
        // Stretched, not more: a little over 0.2 s on a free core, proportionally more when the
        // core was shared with others.
        const double slack = std::clamp(1.0 / availableCores(load), 1.0, 4.0) * looplab::test::kSanitizerSlowdown;
        QVERIFY2(m["wall_s"] < 0.3 * slack + 0.1, qPrintable(QString::number(m["wall_s"])));
        // One worker against the one-worker baseline of the same run: about 1 at any time scale
        // (the baseline and the batch run at different moments: wider when others took the core).
        const bool quiet = availableCores(load) >= 1.5;
        QVERIFY2(m["speedup"] > (quiet ? 0.75 : 0.5) && m["speedup"] < (quiet ? 1.3 : 2.0),
            qPrintable(QString::number(m["speedup"])));
        QVERIFY2(m["one_worker_task_ms"] >= 20 * 0.95, qPrintable(QString::number(m["one_worker_task_ms"])));
    }

    void builtinScenarios_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("overrides");
        QTest::addColumn<QString>("check");
        QTest::newRow("fib on processes") << QStringLiteral("pool_fib_processes.json")
                                          << QStringList{QStringLiteral("fib.tasks=12")} << QStringLiteral("scales");
        QTest::newRow("fib on threads") << QStringLiteral("pool_fib_threads.json")
                                        << QStringList{QStringLiteral("fib.tasks=12")} << QStringLiteral("serial");
        QTest::newRow("io on threads") << QStringLiteral("pool_io_threads.json")
                                       << QStringList{QStringLiteral("io.tasks=80")} << QStringLiteral("io");
        QTest::newRow("cpu under the GIL") << QStringLiteral("pool_gil_convoy.json")
                                           << QStringList{QStringLiteral("gil.tasks=6")} << QStringLiteral("convoy");
        QTest::newRow("tiny tasks") << QStringLiteral("pool_tiny_tasks.json")
                                    << QStringList{QStringLiteral("tiny.tasks=2000")} << QStringLiteral("ipc");
        QTest::newRow("spawn per task") << QStringLiteral("pool_spawn_per_task.json")
                                        << QStringList{QStringLiteral("spawn.tasks=100")} << QStringLiteral("spawn");
    }
    void builtinScenarios()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, overrides);
        QFETCH(QString, check);
        const ForeignLoad load;
        const auto run = runBuiltinScenario(file, 60, overrides);
        QVERIFY(run);
        const QString id = run->scenario.labs.front().id;
        const double speedup = metric(*run, id, QStringLiteral("speedup"));
        qInfo("%s: speedup %.2f, throughput %.0f/s, ipc %.1f us/task, probe p99 %.2f ms", qPrintable(file), speedup,
            metric(*run, id, QStringLiteral("throughput_per_s")), metric(*run, id, QStringLiteral("ipc_us_per_task")),
            metric(*run, id, QStringLiteral("probe_latency_p99_ms")));
        QCOMPARE(metric(*run, id, QStringLiteral("tasks_failed")), 0.0);
        QVERIFY2(std::isfinite(speedup) && speedup > 0, "speedup not measured");
        if (check == QStringLiteral("scales")) // 1.6 on 2 free cores; less when others took them
            QVERIFY2(speedup >= 0.8 * std::clamp(availableCores(load), 1.0, 2.0), qPrintable(QString::number(speedup)));
        else if (check == QStringLiteral("serial")) // widened by the foreign load, as in cpuBoundSpeedup
            QVERIFY2(speedup <= 1.2 * (1 + std::max(0.0, load.cores() - 0.25)), qPrintable(QString::number(speedup)));
        else if (check == QStringLiteral("io"))
            QVERIFY2(speedup >= 6, qPrintable(QString::number(speedup)));
        else if (check == QStringLiteral("ipc"))
            QVERIFY(metric(*run, id, QStringLiteral("ipc_us_per_task")) >= 50);
        else if (check == QStringLiteral("spawn"))
            QVERIFY(metric(*run, id, QStringLiteral("ipc_us_per_task")) >= 200); // a process start per task
        else
            QVERIFY(metric(*run, id, QStringLiteral("probe_latency_p99_ms")) >= 10);
    }
};

QTEST_GUILESS_MAIN(TestPoolOutcomes)
#include "test_pool_outcomes.moc"
