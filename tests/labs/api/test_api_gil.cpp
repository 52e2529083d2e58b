// Issue 14, the api lab's part: the server is Python (FastAPI on uvicorn), so under CPython its
// loop thread and its to_thread workers share one GIL. From real runs of api_offload_to_thread
// (20 ms of CPU per request, 150 requests/s offered = 3 cores of work):
//  - Python code sent to_thread stops blocking the loop outright (lag far below the blocking
//    handler's) but still gets about one core: rps ≤ 1.2 × 1000 / handler_ms;
//  - C code that releases the GIL, or a free-threaded interpreter, uses the cores the machine
//    gives: more rps than Python offload, by about as much as the machine lets N threads beat one.
//  - Python code sent to a process pool (run_in_executor with a ProcessPoolExecutor, issue 16)
//    runs outside the server's GIL: the loop is free and does not wait for the GIL, the handlers
//    run side by side, and it serves more than to_thread by what the machine gives the processes.
// The machine is shared, so the scaling claims are ratios against a baseline measured between the
// runs (how much more CPU the pool's N workers get than one thread), not absolutes.
#include "engine/cpu_work.h"
#include "labs/api/api_server.h"
#include "support/run_scenario.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <limits>
#include <thread>
#include <vector>

using namespace looplab;
using testing::metric;

namespace {

constexpr double kHandlerMs = 20; // api_offload_to_thread.json
constexpr double kRunS = 2.5;

QByteArray offloadScenario()
{
    QFile f(testing::sourceDir() + QStringLiteral("/resources/scenarios/api_offload_to_thread.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(f.fileName()));
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    o[QStringLiteral("duration_s")] = kRunS;
    return QJsonDocument(o).toJson();
}

struct Measured {
    double rps = 0, lagP99 = 0, cores = 0;
    double loopGilWaitS = 0; // how long the loop thread waited for the GIL (NaN: no GIL)
    // Handlers running at once, on average: the to_thread lanes' Running time ÷ run time. The GIL
    // serializes Python code (≤ 1 whatever the machine); C code that drops it overlaps even on a
    // single busy core, because the OS time-slices the workers rather than a lock queueing them.
    double concurrency = 0;
};

Measured run(QStringList overrides)
{
    // More than any core count here can serve, so throughput shows the CPU the handlers get.
    overrides << QStringLiteral("api.load.rate_per_s=150");
    auto r = testing::runScenario(offloadScenario(), 30, overrides);
    if (!r)
        return {};
    Measured m{metric(*r, "api", "rps_served"), metric(*r, "api", "server_lag_p99_ms"),
        metric(*r, "api", "handler_cores_used")};
    // Only a run with a GIL (interpreter cpython) reports it; the tests that use it run under one.
    m.loopGilWaitS = std::numeric_limits<double>::quiet_NaN();
    int64_t runningNs = 0;
    if (const auto* lab = r->data.findLab(QStringLiteral("api"))) {
        m.loopGilWaitS = lab->metrics.value(QStringLiteral("loop_gil_wait_s"), m.loopGilWaitS);
        for (const auto& lane : lab->lanes)
            if (lane.name.startsWith(QLatin1String("to_thread ")) || lane.name.startsWith(QLatin1String("process ")))
                runningNs += lane.totalNs[size_t(metrics::LaneState::Running)];
    }
    m.concurrency = double(runningNs) * 1e-9 / kRunS;
    qInfo("%s: rps %.1f, lag p99 %.1f ms, handler cores %.2f, handlers running at once %.2f, loop GIL wait %.3f s",
        qPrintable(overrides.join(QLatin1Char(' '))), m.rps, m.lagP99, m.cores, m.concurrency, m.loopGilWaitS);
    return m;
}

// CPU time `threads` busy threads get in `wallMs` of wall time, on the OS's thread clocks.
double cpuObtainedMs(int threads, int wallMs)
{
    std::vector<int64_t> cpu(size_t(threads), 0);
    std::vector<std::thread> ts;
    const int64_t end = metrics::nowNs() + int64_t(wallMs) * 1'000'000;
    for (int i = 0; i < threads; ++i)
        ts.emplace_back([&cpu, i, end] {
            const int64_t c0 = engine::threadCpuNs();
            while (metrics::nowNs() < end)
                engine::burnCpu(200'000);
            cpu[size_t(i)] = engine::threadCpuNs() - c0;
        });
    for (auto& t : ts)
        t.join();
    int64_t sum = 0;
    for (auto c : cpu)
        sum += c;
    return double(sum) * 1e-6;
}

// How much more CPU `workers` busy threads get together than one thread alone, right now.
double machineParallelism(int workers = labs::api::ApiServer::executorThreads())
{
    const double one = cpuObtainedMs(1, 200);
    const double many = cpuObtainedMs(workers, 200);
    return one > 0 ? many / one : 0;
}

} // namespace

class TestApiGil : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Python CPU work on the loop vs sent to_thread under the GIL: the loop is free again, the
    // throughput is not.
    void pythonOffloadFreesTheLoopButNotTheCores_data()
    {
        QTest::addColumn<QStringList>("onLoop");
        QTest::addColumn<QStringList>("offloaded");
        QTest::newRow("cpython, python code")
            << QStringList{QStringLiteral("api.server.offload=none")} << QStringList{};
        QTest::newRow("cpython, python code, switch interval 1 ms")
            << QStringList{QStringLiteral("api.server.offload=none"), QStringLiteral("api.switch_interval_ms=1")}
            << QStringList{QStringLiteral("api.switch_interval_ms=1")};
    }
    void pythonOffloadFreesTheLoopButNotTheCores()
    {
        QFETCH(QStringList, onLoop);
        QFETCH(QStringList, offloaded);
        const Measured blocking = run(onLoop);
        const Measured py = run(offloaded);
        QVERIFY2(blocking.rps > 0 && py.rps > 0, "no requests served");
        // The loop no longer runs the handler: its lag falls far below the blocking run's (it
        // still waits for the GIL between passes, so not to zero: the convoy effect).
        QVERIFY2(py.lagP99 < blocking.lagP99 / 2,
            qPrintable(
                QStringLiteral("lag p99 %1 ms offloaded vs %2 ms blocking").arg(py.lagP99).arg(blocking.lagP99)));
        // One core's worth at most: 1000 / 20 ms = 50/s, whatever the executor's size.
        QVERIFY2(py.rps <= 1.2 * 1000 / kHandlerMs, qPrintable(QString::number(py.rps)));
        QVERIFY2(py.cores > 0 && py.cores <= 1.1, qPrintable(QString::number(py.cores)));
        // One handler at a time holds the GIL, on any machine.
        QVERIFY2(py.concurrency > 0.2 && py.concurrency <= 1.05, qPrintable(QString::number(py.concurrency)));
    }

    // Python code sent to worker processes (ProcessPoolExecutor): outside the server's GIL. Measured
    // beside the blocking handler and to_thread on the same load.
    void processOffloadFreesTheLoopAndTheGil_data()
    {
        QTest::addColumn<int>("processes");
        QTest::newRow("os.cpu_count() processes") << 0;
        QTest::newRow("2 processes") << 2;
    }
    void processOffloadFreesTheLoopAndTheGil()
    {
        QFETCH(int, processes);
        const QStringList toProcess{QStringLiteral("api.server.offload=to_process"),
            QStringLiteral("api.server.process_workers=%1").arg(processes)};
        const int workers = processes > 0 ? processes : QThread::idealThreadCount();
        double parallel = 0;
        Measured blocking, thread, proc;
        constexpr int kRounds = 2;
        for (int i = 0; i < kRounds; ++i) {
            // Alternated, so that a shared machine's load falls on each alike.
            parallel += machineParallelism(workers) / kRounds;
            const Measured b = i == 0 ? run({QStringLiteral("api.server.offload=none")}) : blocking;
            const Measured t = run({});
            const Measured p = run(toProcess);
            QVERIFY2(b.rps > 0 && t.rps > 0 && p.rps > 0, "no requests served");
            blocking = b;
            thread.rps += t.rps / kRounds;
            proc.rps += p.rps / kRounds;
            thread.loopGilWaitS += t.loopGilWaitS / kRounds;
            proc.loopGilWaitS += p.loopGilWaitS / kRounds;
            proc.lagP99 = std::max(proc.lagP99, p.lagP99);
            proc.concurrency += p.concurrency / kRounds;
            QVERIFY2(p.cores > 0, "the worker processes' CPU was not measured");
        }
        // The loop is free: it runs no handler and waits for no worker to hand the GIL back.
        QVERIFY2(proc.lagP99 < blocking.lagP99 / 4,
            qPrintable(
                QStringLiteral("lag p99 %1 ms to_process vs %2 ms blocking").arg(proc.lagP99).arg(blocking.lagP99)));
        QVERIFY2(thread.loopGilWaitS > 0.1,
            qPrintable(QStringLiteral("to_thread: loop GIL wait %1 s").arg(thread.loopGilWaitS)));
        QVERIFY2(proc.loopGilWaitS < thread.loopGilWaitS / 10,
            qPrintable(QStringLiteral("loop GIL wait %1 s to_process vs %2 s to_thread")
                           .arg(proc.loopGilWaitS)
                           .arg(thread.loopGilWaitS)));
        // The handlers are not serialized by a lock: with 150/s of 20 ms work offered, every worker
        // process is busy at once (to_thread with Python code: ≤ 1), even time-sliced on a busy core.
        const double busy = std::min(workers, 3); // 150/s × 20 ms = 3 cores of work offered
        QVERIFY2(proc.concurrency > 0.75 * busy,
            qPrintable(QStringLiteral("%1 handlers at once with %2 processes").arg(proc.concurrency).arg(workers)));
        // And they use the cores the machine gives: more served than to_thread by about as much as
        // it gives the N processes over one thread (1 free core: only noise allowed for).
        const double expected = std::clamp(parallel, 1.0, busy);
        const double required = 0.7 + 0.6 * (expected - 1);
        const double ratio = proc.rps / thread.rps;
        qInfo("to_process rps %.1f vs to_thread %.1f: ratio %.2f (required %.2f); the machine gives %d threads %.2f× "
              "one thread's CPU",
            proc.rps, thread.rps, ratio, required, workers, parallel);
        QVERIFY2(
            ratio >= required, qPrintable(QStringLiteral("ratio %1, machine parallelism %2").arg(ratio).arg(parallel)));
    }

    // C code that releases the GIL, or no GIL at all: the workers run in parallel, so the server
    // serves more than with Python code, by about what the machine gives N threads over one.
    void withoutTheGilOffloadScales_data()
    {
        QTest::addColumn<QStringList>("variant");
        QTest::newRow("releases_gil") << QStringList{QStringLiteral("api.server.handler_code=releases_gil")};
        QTest::newRow("free_threaded") << QStringList{QStringLiteral("api.interpreter=free_threaded")};
    }
    void withoutTheGilOffloadScales()
    {
        QFETCH(QStringList, variant);
        // Alternate the runs and the baseline so that a shared machine's load falls on each alike.
        double py = 0, other = 0, parallel = 0, pyLag = 0, otherLag = 0, otherConcurrency = 0;
        constexpr int kRounds = 2;
        for (int i = 0; i < kRounds; ++i) {
            parallel += machineParallelism() / kRounds;
            const Measured p = run({});
            const Measured o = run(variant);
            QVERIFY2(p.rps > 0 && o.rps > 0, "no requests served");
            py += p.rps;
            other += o.rps;
            pyLag = std::max(pyLag, p.lagP99);
            otherLag = std::max(otherLag, o.lagP99);
            QVERIFY2(o.cores > 0, "handler CPU not measured");
            otherConcurrency += o.concurrency / kRounds;
        }
        const double ratio = other / py;
        // Python code cannot use more than one core; 150/s offered is 3 cores of work. Where the
        // machine gives N threads no more than one (a busy machine, a CPU quota), no scaling can
        // show and only noise is allowed for; each further core it gives must show in the ratio
        // (2 free cores: at least 1.3×, where a GIL-bound server stays at 1×).
        const double expected = std::clamp(parallel, 1.0, 3.0);
        const double required = 0.7 + 0.6 * (expected - 1);
        qInfo("rps %.1f vs %.1f with python code: ratio %.2f (required %.2f); the machine gives %d threads %.2f× "
              "one thread's CPU",
            other / kRounds, py / kRounds, ratio, required, labs::api::ApiServer::executorThreads(), parallel);
        QVERIFY2(
            ratio >= required, qPrintable(QStringLiteral("ratio %1, machine parallelism %2").arg(ratio).arg(parallel)));
        // Whatever the machine gives, the handlers are no longer serialized by a lock: with 150/s
        // of 20 ms work offered, the executor's threads run side by side (Python code: ≤ 1).
        QVERIFY2(otherConcurrency > 1.5, qPrintable(QString::number(otherConcurrency)));
        // And the loop does not wait for the GIL: its lag is lower than with Python code.
        QVERIFY2(otherLag < pyLag,
            qPrintable(QStringLiteral("lag p99 %1 ms vs %2 ms with python code").arg(otherLag).arg(pyLag)));
    }
};

QTEST_GUILESS_MAIN(TestApiGil)
#include "test_api_gil.moc"
