// The python lab from real runs of Debian's /usr/bin/python3 under the probe: the course demos'
// known facts (gather ends in ~2 s with two named tasks; a blocking time.sleep is one slow
// callback and lag of its length; CPU threads hold the GIL in turns at about one core;
// processes run in parallel), and a program that crashes, hangs, floods its output or is killed
// from outside ends the lab cleanly, counted.
#include "catalog/catalog.h"
#include "labs/python/python_flows.h"
#include "labs/python/python_log.h"
#include "scenario/scenario_loader.h"
#include "support/run_scenario.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>
#include <signal.h>
#include <thread>

using looplab::testing::metric;
using looplab::testing::runScenario;
using looplab::testing::sourceDir;

namespace {

QString course(const QString& name)
{
    return sourceDir() + QStringLiteral("/resources/python/course/") + name;
}

QByteArray scenario(const QString& script, const QString& args = {}, double durationS = 30, const QString& extra = {})
{
    return QStringLiteral(R"({"looplab": 1, "title": {"en": "python test", "zh": "python test"},
        "notes": {"en": "", "zh": ""}, "duration_s": %1, "seed": 1,
        "labs": [{"id": "py", "kind": "python", "script": "%2", "args": "%3"%4}]})")
        .arg(durationS)
        .arg(script, args, extra)
        .toUtf8();
}

struct Run {
    std::shared_ptr<const looplab::engine::RunResult> result;
    double operator[](const char* name) const
    {
        const double v = metric(*result, QStringLiteral("py"), QString::fromLatin1(name));
        if (std::isnan(v))
            QTest::qFail(qPrintable(QStringLiteral("metric %1 is null: %2").arg(QLatin1String(name), lab().status)),
                __FILE__, __LINE__);
        return v;
    }
    const looplab::metrics::LabSnapshot& lab() const { return *result->data.findLab(QStringLiteral("py")); }
    QStringList lanes(const QString& group) const
    {
        QStringList out;
        for (const auto& l : lab().lanes)
            if (l.group == group)
                out << l.name;
        return out;
    }
};

Run run(const QByteArray& json, double timeoutS = 60)
{
    return {runScenario(json, timeoutS)};
}

QString writeScript(QTemporaryDir& dir, const char* name, const char* code)
{
    QFile f(dir.filePath(QString::fromLatin1(name)));
    f.open(QIODevice::WriteOnly);
    f.write(code);
    return f.fileName();
}

#define DESCRIBE(r) qPrintable(QStringLiteral("%1 | %2").arg(r.lab().status).arg(QString::number(r["wall_s"])))

} // namespace

class TestPythonOutcomes : public QObject
{
    Q_OBJECT
private slots:
    void gatherEndsInTwoSecondsWithTwoNamedTasks()
    {
        const Run r = run(scenario(course(QStringLiteral("gather.py")), {}, 20));
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 0.0);
        QVERIFY2(r["wall_s"] > 1.95 && r["wall_s"] < 3.0, DESCRIBE(r));
        const QStringList tasks = r.lanes(QStringLiteral("tasks"));
        QVERIFY2(tasks.contains(QStringLiteral("hello")) && tasks.contains(QStringLiteral("world")),
            qPrintable(tasks.join(u',')));
        QVERIFY(r["tasks_created"] >= 3); // main() and the two
        QCOMPARE(r["tasks_cancelled"], 0.0);
        QCOMPARE(r["slow_callbacks"], 0.0);
        QVERIFY(r["ticks"] > 50); // the 10 ms heartbeat keeps the loop turning
        QVERIFY2(r["lag_max_ms"] < 300, DESCRIBE(r)); // an idle loop; a busy machine still delays timers
        QVERIFY(r["probe_records"] > 100);
        QCOMPARE(r["probe_dropped"], 0.0);
        QVERIFY(looplab::labs::python::logRead(QStringLiteral("py")).text.contains("world\nhello\n"));
    }

    void blockingSleepIsOneSlowCallbackAndLagOfItsLength()
    {
        const Run r = run(scenario(course(QStringLiteral("blocking_sleep.py")), QStringLiteral("0.5"), 20));
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 0.0);
        QCOMPARE(r["slow_callbacks"], 1.0);
        QVERIFY2(r["lag_max_ms"] > 450 && r["lag_max_ms"] < 700, qPrintable(QString::number(r["lag_max_ms"])));
        const auto slow = std::find_if(r.lab().marks.begin(), r.lab().marks.end(),
            [](const auto& m) { return m.name == QStringLiteral("slow_callback"); });
        QVERIFY(slow != r.lab().marks.end());
        QVERIFY2(slow->value > 490 && slow->value < 650, qPrintable(QString::number(slow->value)));
    }

    void cpuThreadsHoldTheGilInTurns()
    {
        const Run r = run(scenario(course(QStringLiteral("fib.py")), QStringLiteral("threads 27 8"), 60), 90);
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 0.0);
        QVERIFY2(r["gil_holders"] >= 2, DESCRIBE(r));
        QVERIFY2(r["gil_held_share"] > 0.7, qPrintable(QString::number(r["gil_held_share"])));
        QVERIFY(r["gil_samples"] > 500 * r["wall_s"]); // ≥ 1 kHz... with slack for a loaded machine
        QVERIFY(r["gil_switches_per_s"] > 10);
        // One GIL: at most about one core in total.
        QVERIFY2(r["cpu_cores_mean"] < 1.25, qPrintable(QString::number(r["cpu_cores_mean"])));
        QVERIFY(r["threads_max"] >= 3);
        QVERIFY(r.lanes(QStringLiteral("threads")).size() >= 3);
        qInfo("threads: GIL held %.0f %%, %.0f switches/s, %g holders, %.2f cores (%.2f free), %.2f runnable",
            100 * r["gil_held_share"], r["gil_switches_per_s"], r["gil_holders"], r["cpu_cores_mean"],
            r["cores_free_mean"], r["runnable_mean"]);
    }

    void processesRunInParallel()
    {
        const Run r = run(scenario(course(QStringLiteral("fib.py")), QStringLiteral("processes 28 8"), 60), 90);
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 0.0);
        QVERIFY(r["processes_max"] >= 3); // the script and its two workers
        QVERIFY(r.lanes(QStringLiteral("processes")).size() >= 2);
        // Each worker has its own GIL: both want a core at once (running or runnable) however busy
        // the machine is; the cores they get depend on what else runs (cores_free_mean, measured
        // in the same run).
        qInfo("processes: %.2f cores used, %.2f free, max %.2f, %.2f runnable", r["cpu_cores_mean"],
            r["cores_free_mean"], r["cpu_cores_max"], r["runnable_mean"]);
        QVERIFY2(r["runnable_mean"] > 1.2, qPrintable(QString::number(r["runnable_mean"])));
        // The script's own interpreter mostly waits (its GIL free) while the workers compute.
        QVERIFY2(r["gil_held_share"] < 0.5, qPrintable(QString::number(r["gil_held_share"])));
        QVERIFY2(r["runnable_max"] >= 2, DESCRIBE(r));
        QVERIFY2(r["cpu_cores_max"] > std::min(1.2, 0.5 * r["cores_free_mean"]), DESCRIBE(r));
    }

    void queueWaitsShowWhichSideIsSlow_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("args");
        QTest::addColumn<bool>("slowProducer");
        // Items into a queue of 10; two consumers of 25 ms each (80 items/s).
        for (const char* script : {"queue_threads.py", "asyncio_queue.py"}) {
            // A producer at 100 items/s outruns them: the queue fills (after about 0.5 s) and put() waits.
            QTest::addRow("%s fast producer", script)
                << QString::fromLatin1(script) << QStringLiteral("100 0.01 0.025") << false;
            // One at 20 items/s starves them: the queue is empty and get() waits, almost every time.
            QTest::addRow("%s slow producer", script)
                << QString::fromLatin1(script) << QStringLiteral("40 0.05 0.025") << true;
        }
    }

    void queueWaitsShowWhichSideIsSlow()
    {
        QFETCH(QString, script);
        QFETCH(QString, args);
        QFETCH(bool, slowProducer);
        const Run r = run(scenario(course(script), args, 30));
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 0.0);
        const double puts = r["queue_puts_blocked"], gets = r["queue_gets_blocked"];
        qInfo("%s %s: %g puts blocked (%.3f s), %g gets blocked (%.3f s), depth max %g", qPrintable(script),
            qPrintable(args), puts, r["queue_put_wait_s"], gets, r["queue_get_wait_s"], r["queue_depth_max"]);
        if (slowProducer) {
            // Each item wakes a waiting consumer (sleeps of 50 ms against 25 ms of work leave a
            // margin a busy machine does not eat), and the queue never fills: one item at most,
            // and the two stop signals at the end.
            QVERIFY2(gets >= 20, qPrintable(QString::number(gets)));
            QCOMPARE(puts, 0.0);
            QVERIFY(r["queue_depth_max"] <= 3);
            QVERIFY(r["queue_get_wait_s"] > 0.5); // the consumers' idle time, about 40 × 25 ms
        } else {
            QCOMPARE(r["queue_depth_max"], 10.0);
            QVERIFY2(puts >= 5, qPrintable(QString::number(puts)));
            QVERIFY(puts > gets);
            QVERIFY(r["queue_put_wait_s"] > 0);
        }
    }

    void toThreadCallsAreFlowsFromTaskToWorker()
    {
        // Five asyncio.to_thread() calls of a 0.3 s blocking sleep, gathered.
        const int calls = 5;
        const Run r = run(scenario(course(QStringLiteral("to_thread.py")), QStringLiteral("5 0.3"), 20));
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 0.0);
        const auto view = looplab::labs::python::flowsRead(QStringLiteral("py"));
        const QStringList tasks = r.lanes(QStringLiteral("tasks"));
        const QStringList threads = r.lanes(QStringLiteral("threads"));
        int complete = 0;
        std::set<long> workers;
        int64_t lastStart = 0, firstEnd = std::numeric_limits<int64_t>::max();
        for (const auto& f : view.flows) {
            if (f.task.isEmpty())
                continue;
            QVERIFY2(tasks.contains(f.task), qPrintable(f.task + QStringLiteral(" not in ") + tasks.join(u',')));
            QVERIFY2(f.workerTid > 0, qPrintable(f.task));
            const QString suffix = looplab::labs::python::workerLaneSuffix(f.workerTid);
            QVERIFY2(std::any_of(threads.begin(), threads.end(), [&](const QString& l) { return l.endsWith(suffix); }),
                qPrintable(suffix + QStringLiteral(" not in ") + threads.join(u',')));
            QCOMPARE(f.function, QStringLiteral("blocking_io"));
            QVERIFY(f.submitNs > 0 && f.submitNs <= f.startNs && f.startNs < f.endNs);
            QVERIFY2(f.endNs - f.startNs >= 290'000'000, qPrintable(QString::number(f.endNs - f.startNs)));
            workers.insert(f.workerTid);
            lastStart = std::max(lastStart, f.startNs);
            firstEnd = std::min(firstEnd, f.endNs);
            ++complete;
        }
        QVERIFY2(complete >= calls, qPrintable(QString::number(complete)));
        // The default executor runs them side by side: on different threads, all at once.
        QVERIFY2(workers.size() >= 2, qPrintable(QString::number(workers.size())));
        QVERIFY(lastStart < firstEnd);
    }

    void threadsRecordingAtOnceKeepTheProgramAlive()
    {
        // Four threads record through the probe at once, switching every 10 µs: while one sends
        // a batch (GIL released, buffer exported), another must not be resizing that same buffer.
        // Before the sink sent a copy, every run of this ended with BufferError in some thread
        // (and faiss_search.py's to_thread workers, 1 run in 4, ended the program).
        QTemporaryDir dir;
        const QString s = writeScript(dir, "recorders.py", R"(import sys, threading, time
import looplab_probe

sys.setswitchinterval(1e-5)
errors = []
threading.excepthook = lambda a: errors.append(repr(a.exc_value))
stop = time.monotonic() + 2

def record():
    emit, now = looplab_probe.emit, time.monotonic_ns
    while time.monotonic() < stop:
        for _ in range(200):
            emit(0, 0, now(), 0, 0)  # kind 0: a record no reader acts on

threads = [threading.Thread(target=record) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("errors:", len(errors), errors[:1], flush=True)
sys.exit(1 if errors else 0)
)");
        const Run r = run(scenario(s, {}, 20));
        QVERIFY(r.result);
        const QString log = QString::fromUtf8(looplab::labs::python::logRead(QStringLiteral("py")).text);
        QVERIFY2(log.contains(QStringLiteral("errors: 0")), qPrintable(log.right(600)));
        QCOMPARE(r["exit_code"], 0.0);
    }

    void queueMetricsAreNullWithoutAQueue()
    {
        const Run r = run(scenario(course(QStringLiteral("gather.py")), {}, 20));
        QVERIFY(r.result);
        for (const char* name : {"queue_depth_max", "queue_puts_blocked", "queue_gets_blocked"}) {
            QVERIFY2(r.lab().metrics.contains(QLatin1String(name)), name); // reported, as null
            QVERIFY2(std::isnan(r.lab().metrics.value(QLatin1String(name))), name);
        }
    }

    void crashingScriptEndsTheLab()
    {
        QTemporaryDir dir;
        const QString s
            = writeScript(dir, "crash.py", "print('about to fail', flush=True)\nraise RuntimeError('boom')\n");
        const Run r = run(scenario(s, {}, 20));
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 1.0);
        QCOMPARE(r["terminated"], 0.0);
        QVERIFY(r["wall_s"] < 5);
        QVERIFY(looplab::labs::python::logRead(QStringLiteral("py")).text.contains("RuntimeError: boom"));
        // No asyncio ran: its metrics are null, and the status says why.
        QVERIFY(r.lab().metrics.contains(QStringLiteral("ticks"))); // reported, as null
        QVERIFY(std::isnan(r.lab().metrics.value(QStringLiteral("ticks"))));
        QVERIFY(r.lab().status.contains(QStringLiteral("no asyncio")));
    }

    void hangingScriptIsTerminatedThenKilled()
    {
        QTemporaryDir dir;
        const QString s = writeScript(dir, "hang.py",
            "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(1)\n");
        // 3 s: the interpreter has long ignored SIGTERM when it comes, even on a busy machine.
        const Run r = run(scenario(s, {}, 3.0, QStringLiteral(R"(, "term_grace_ms": 300)")));
        QVERIFY(r.result);
        QCOMPARE(r["terminated"], 1.0);
        QCOMPARE(r["killed"], 1.0);
        QCOMPARE(r["exit_signal"], double(SIGKILL));
        QVERIFY2(r["wall_s"] > 1 && r["wall_s"] < 5, DESCRIBE(r));

        const QString polite = writeScript(dir, "sleep.py", "import time\ntime.sleep(100)\n");
        const Run p = run(scenario(polite, {}, 1.0));
        QVERIFY(p.result);
        QCOMPARE(p["terminated"], 1.0);
        QCOMPARE(p["killed"], 0.0);
        QCOMPARE(p["exit_signal"], double(SIGTERM));
    }

    void floodOfOutputIsBoundedAndCounted()
    {
        QTemporaryDir dir;
        const QString s = writeScript(dir, "flood.py",
            "import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(20 * 1024): sys.stdout.write(line)\n");
        const Run r = run(scenario(s, {}, 30));
        QVERIFY(r.result);
        QCOMPARE(r["exit_code"], 0.0);
        QCOMPARE(r["output_bytes"], 20.0 * 1024 * 1024);
        const auto log = looplab::labs::python::logRead(QStringLiteral("py"));
        QCOMPARE(log.size, looplab::labs::python::kMaxLogBytes);
        QCOMPARE(double(log.dropped), 20.0 * 1024 * 1024 - double(looplab::labs::python::kMaxLogBytes));
    }

    void childKilledMidRunEndsTheLab()
    {
        QTemporaryDir dir;
        const QString s
            = writeScript(dir, "victim.py", "import os, time\nprint('pid', os.getpid(), flush=True)\ntime.sleep(60)\n");
        std::atomic<bool> done{false};
        std::thread killer([&] {
            for (int i = 0; i < 400 && !done; ++i) {
                const QByteArray text = looplab::labs::python::logRead(QStringLiteral("py")).text;
                if (text.startsWith("pid ")) {
                    ::kill(text.mid(4).trimmed().toInt(), SIGKILL);
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            }
        });
        const Run r = run(scenario(s, {}, 30));
        done = true;
        killer.join();
        QVERIFY(r.result);
        QCOMPARE(r["exit_signal"], double(SIGKILL));
        QCOMPARE(r["exit_code"], -double(SIGKILL));
        QCOMPARE(r["terminated"], 0.0);
        QVERIFY(r["wall_s"] < 10);
        QVERIFY(r.lab().status.contains(QStringLiteral("signal 9")));
    }

    void interpreterItCannotInstrumentIsRefused()
    {
        QTemporaryDir dir;
        const QString s = writeScript(dir, "x.py", "print(1)\n");
        looplab::engine::Engine engine(looplab::labCatalog());
        QSignalSpy failed(&engine, &looplab::engine::Engine::failed);
        QSignalSpy finished(&engine, &looplab::engine::Engine::finished);
        auto parsed
            = looplab::scenario::parseScenario(scenario(s, {}, 5, QStringLiteral(R"(, "interpreter": "/bin/true")")),
                QStringLiteral("<t>"), looplab::labCatalog());
        engine.start(std::get<looplab::scenario::Scenario>(parsed));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !finished.isEmpty(), 20'000);
        const auto result = engine.lastResult();
        QVERIFY(result);
        QVERIFY2(result->error.contains(QStringLiteral("interpreter")), qPrintable(result->error));
    }
};

QTEST_GUILESS_MAIN(TestPythonOutcomes)
#include "test_python_outcomes.moc"
