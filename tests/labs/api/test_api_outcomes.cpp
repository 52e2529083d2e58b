// The api lab's teaching outcomes, asserted from real runs of the built-in scenarios (shortened):
// real HTTP over 127.0.0.1 between the builtin server and the load generator.
#include "catalog/catalog.h"
#include "scenario/scenario_loader.h"
#include "support/run_scenario.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <csignal>
#include <unistd.h>

using namespace looplab;
using testing::metric;

namespace {

// A built-in scenario with a shorter duration (the files run 20 s for a class).
QByteArray builtin(const QString& name, double durationS)
{
    QFile f(testing::sourceDir() + QStringLiteral("/resources/scenarios/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(f.fileName()));
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    o[QStringLiteral("duration_s")] = durationS;
    return QJsonDocument(o).toJson();
}

// Mean of a series over [fromS, toS) of run time, ignoring bins without data.
double seriesMean(const engine::RunResult& r, const QString& name, double fromS, double toS)
{
    const auto* lab = r.data.findLab(QStringLiteral("api"));
    const auto* s = lab ? lab->findSeries(name) : nullptr;
    if (!s)
        return std::nan("");
    double sum = 0;
    int n = 0;
    for (size_t i = 0; i < s->values.size(); ++i) {
        const double t = s->timeOf(i);
        if (t >= fromS && t < toS && !std::isnan(s->values[i])) {
            sum += s->values[i];
            ++n;
        }
    }
    return n ? sum / n : std::nan("");
}

// This process's worker processes (the api lab's to_process pool), from /proc.
QList<pid_t> workerChildren()
{
    QList<pid_t> pids;
    const QString self = QString::number(getpid());
    for (const QString& d : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(d));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "PID (comm) STATE PPID ...": comm may hold spaces, so read after the last ')'.
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')');
        const int open = line.indexOf('(');
        const QList<QByteArray> rest = line.mid(close + 2).split(' ');
        if (open > 0 && close > open && rest.size() > 1 && rest[1] == self.toLatin1()
            && line.mid(open + 1, close - open - 1) == "looplab-worker")
            pids << pid_t(d.toInt());
    }
    return pids;
}

QString show(const engine::RunResult& r)
{
    QStringList parts;
    const auto* lab = r.data.findLab(QStringLiteral("api"));
    if (lab)
        for (auto it = lab->metrics.begin(); it != lab->metrics.end(); ++it)
            parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value(), 0, 'g', 4);
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestApiOutcomes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // 300/s offered against a 100/s token bucket: served 100/s ± 10 %, the rest 429.
    void rateLimiterCapsServed()
    {
        auto r = testing::runScenario(builtin(QStringLiteral("api_rate_limit.json"), 4), 30);
        QVERIFY(r);
        qInfo().noquote() << show(*r);
        const double offered = metric(*r, "api", "rps_offered");
        const double served = metric(*r, "api", "rps_served");
        const double rejected = metric(*r, "api", "rps_429");
        QVERIFY2(served >= 90 && served <= 110, qPrintable(show(*r)));
        QVERIFY2(std::abs(offered - 300) < 30, qPrintable(show(*r)));
        QVERIFY2(std::abs(rejected - (offered - served)) < 0.1 * offered, qPrintable(show(*r)));
        QCOMPARE(metric(*r, "api", "errors"), 0.0);
        QCOMPARE(metric(*r, "api", "timeouts"), 0.0);
        // Live: the bucket runs dry and stays low while 429s flow.
        QVERIFY(seriesMean(*r, "token_bucket_level", 1, 3.9) < 5);
        QVERIFY(seriesMean(*r, "rejected_rps", 1, 3.9) > 150);
    }

    // pool_size 5 × 50 ms queries: at most 100/s, and the DB waits rise.
    void dbPoolCapsServed()
    {
        auto r = testing::runScenario(builtin(QStringLiteral("api_db_pool.json"), 4), 30);
        QVERIFY(r);
        qInfo().noquote() << show(*r);
        const double served = metric(*r, "api", "rps_served");
        QVERIFY2(served <= 105 && served >= 70, qPrintable(show(*r)));
        QVERIFY2(metric(*r, "api", "db_wait_p99_ms") >= 500, qPrintable(show(*r)));
        QVERIFY2(metric(*r, "api", "rps_5xx") > 10, qPrintable(show(*r))); // acquire timeouts after 1 s
        const double waitingEarly = seriesMean(*r, "db_waiting", 0, 0.5);
        const double waitingLate = seriesMean(*r, "db_waiting", 1.5, 3.9);
        QVERIFY2(waitingLate > 40 && waitingLate > 4 * waitingEarly,
            qPrintable(QStringLiteral("waiting early %1 late %2").arg(waitingEarly).arg(waitingLate)));
        QVERIFY(seriesMean(*r, "db_busy", 1, 3.9) > 4.5); // the pool is saturated
        QVERIFY(
            metric(*r, "api", "server_lag_p99_ms") < 25); // waiting, not busy (a loaded machine adds scheduling delay)
    }

    // blocking_handler with handler_ms 20: at most 50/s and high loop lag. to_thread frees the loop,
    // but the handler is Python: under the GIL it still gets one core (test_api_gil has the rest).
    void blockingHandlerAndOffload()
    {
        auto blocking = testing::runScenario(builtin(QStringLiteral("api_blocking_handler.json"), 3), 30);
        QVERIFY(blocking);
        qInfo().noquote() << "blocking:" << show(*blocking);
        const double servedBlocking = metric(*blocking, "api", "rps_served");
        const double lagBlocking = metric(*blocking, "api", "server_lag_p99_ms");
        QVERIFY2(servedBlocking > 0 && servedBlocking <= 52, qPrintable(show(*blocking)));
        QVERIFY2(lagBlocking >= 15, qPrintable(show(*blocking)));
        const auto* lab = blocking->data.findLab(QStringLiteral("api"));
        const auto* loop = lab->findLane(QStringLiteral("event loop"));
        QVERIFY(loop);
        // The loop spent most of the run inside the blocking call.
        const double blockedS = double(loop->totalNs[size_t(metrics::LaneState::Blocking)]) * 1e-9;
        QVERIFY2(blockedS > 0.6 * 3 * 0.8, qPrintable(QString::number(blockedS)));

        auto offload = testing::runScenario(builtin(QStringLiteral("api_offload_to_thread.json"), 3), 30);
        QVERIFY(offload);
        qInfo().noquote() << "to_thread:" << show(*offload);
        const double servedOffload = metric(*offload, "api", "rps_served");
        const double lagOffload = metric(*offload, "api", "server_lag_p99_ms");
        // The loop no longer runs the handler: its lag falls far below the blocking run's. It
        // still waits for the GIL the workers hold, so it is not near zero (CPython's convoy).
        QVERIFY2(lagOffload < lagBlocking / 2, qPrintable(show(*offload)));
        QVERIFY2(metric(*offload, "api", "loop_gil_wait_s") > 0, qPrintable(show(*offload)));
        // One core's worth at most: 1000 / 20 ms.
        QVERIFY2(servedOffload > 0 && servedOffload <= 60, qPrintable(show(*offload)));
        const auto* olab = offload->data.findLab(QStringLiteral("api"));
        const auto* worker = olab->findLane(QStringLiteral("to_thread 1"));
        QVERIFY(worker);
        QVERIFY(worker->totalNs[size_t(metrics::LaneState::Running)] > 300'000'000);
        // The workers waited for the GIL, and the GIL lane says who held it.
        QVERIFY(worker->totalNs[size_t(metrics::LaneState::GilWait)] > 100'000'000);
        const auto* gil = olab->findLane(QStringLiteral("GIL (emulated)"));
        QVERIFY(gil);
        QVERIFY(gil->totalNs[size_t(metrics::LaneState::Running)] > 1'000'000'000);
        const auto* oloop = olab->findLane(QStringLiteral("event loop"));
        QVERIFY(oloop);
        QCOMPARE(oloop->totalNs[size_t(metrics::LaneState::Blocking)], int64_t(0)); // nothing blocks the loop
    }

    // to_process: a worker process killed mid-run (kill -9) is replaced and counted; the server
    // goes on serving on the pool's processes, one lane each, and no to_thread lanes.
    void crashedWorkerProcessIsRestarted_data()
    {
        QTest::addColumn<int>("kills");
        QTest::newRow("one worker killed") << 1;
        QTest::newRow("two workers killed") << 2;
    }
    void crashedWorkerProcessIsRestarted()
    {
        QFETCH(int, kills);
        int killed = 0;
        QTimer killer;
        killer.setInterval(700);
        QObject::connect(&killer, &QTimer::timeout, [&] {
            const QList<pid_t> workers = workerChildren();
            if (killed < kills && !workers.isEmpty() && ::kill(workers.first(), SIGKILL) == 0)
                ++killed;
        });
        killer.start(); // runScenario spins this thread's event loop while the run goes on
        constexpr double kRunS = 3.5;
        auto r = testing::runScenario(builtin(QStringLiteral("api_offload_to_process.json"), kRunS), 30);
        killer.stop();
        QVERIFY(r);
        qInfo().noquote() << "to_process:" << show(*r);
        QCOMPARE(killed, kills);
        QCOMPARE(metric(*r, "api", "worker_restarts"), double(kills));
        QVERIFY(workerChildren().isEmpty()); // the pool reaped every worker at the end
        // Served after the last kill (at 0.7 × kills s): the replacements took the work.
        const double after = seriesMean(*r, QStringLiteral("served_rps"), 0.7 * kills + 0.5, kRunS - 0.2);
        QVERIFY2(after > 10, qPrintable(QStringLiteral("served %1/s after the kills").arg(after)));
        const auto* lab = r->data.findLab(QStringLiteral("api"));
        QVERIFY(lab);
        QVERIFY(!lab->findLane(QStringLiteral("to_thread 1")));
        const auto* first = lab->findLane(QStringLiteral("process 1"));
        QVERIFY(first);
        QVERIFY(first->totalNs[size_t(metrics::LaneState::Running)] > 300'000'000);
    }

    // 90 % cache hits: p50 latency well below the uncached run.
    void cacheCutsLatency()
    {
        auto cached = testing::runScenario(builtin(QStringLiteral("api_cache.json"), 3), 30);
        QVERIFY(cached);
        qInfo().noquote() << "cached:" << show(*cached);
        auto uncached = testing::runScenario(
            builtin(QStringLiteral("api_cache.json"), 3), 30, {QStringLiteral("api.server.cache.ttl_ms=0")});
        QVERIFY(uncached);
        qInfo().noquote() << "uncached:" << show(*uncached);
        QVERIFY2(metric(*cached, "api", "cache_hit_ratio") >= 0.85, qPrintable(show(*cached)));
        QCOMPARE(metric(*uncached, "api", "cache_hit_ratio"), 0.0);
        const double p50Cached = metric(*cached, "api", "latency_p50_ms");
        const double p50Uncached = metric(*uncached, "api", "latency_p50_ms");
        QVERIFY2(p50Uncached >= 19, qPrintable(show(*uncached))); // the 20 ms query
        QVERIFY2(p50Cached < p50Uncached / 5, qPrintable(show(*cached)));
        // The misses still show at the top.
        QVERIFY(metric(*cached, "api", "latency_p99_ms") >= 19);
        QVERIFY(seriesMean(*cached, "cache_hit_ratio", 1, 2.9) > 90);
    }

    // A teacher raises the limit while it runs: served follows at once, no restart.
    void liveRateLimitChange()
    {
        auto parsed = scenario::parseScenario(
            builtin(QStringLiteral("api_rate_limit.json"), 3.5), QStringLiteral("<test>"), labCatalog());
        QVERIFY(std::holds_alternative<scenario::Scenario>(parsed));
        engine::Engine engine(labCatalog());
        QSignalSpy finished(&engine, &engine::Engine::finished);
        QSignalSpy applied(&engine, &engine::Engine::parameterApplied);
        engine.start(std::get<scenario::Scenario>(parsed));
        QTest::qWait(1500);
        engine.setParameter(QStringLiteral("api"), QStringLiteral("server.rate_limit.rate_per_s"), 250);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 20'000);
        QCOMPARE(applied.size(), 1);
        QCOMPARE(applied.first().at(2).toBool(), false); // applied live
        const auto r = engine.lastResult();
        QVERIFY(r);
        const double before = seriesMean(*r, QStringLiteral("served_rps"), 0.4, 1.4);
        const double after = seriesMean(*r, QStringLiteral("served_rps"), 2.0, 3.4);
        QVERIFY2(before > 85 && before < 115 && after > 210 && after < 290,
            qPrintable(QStringLiteral("served before %1/s, after %2/s").arg(before).arg(after)));
    }

    // The names the window charts read (the UI contract).
    void seriesForTheWindow()
    {
        auto r = testing::runScenario(builtin(QStringLiteral("api_cache.json"), 0.5), 20);
        QVERIFY(r);
        const auto* lab = r->data.findLab(QStringLiteral("api"));
        QVERIFY(lab);
        for (const char* name : {"offered_rps", "served_rps", "rejected_rps", "client_error_rps", "server_error_rps",
                 "error_rps", "timeout_rps", "inflight", "queued", "token_bucket_level", "db_busy", "db_waiting",
                 "cache_hit_ratio", "cache_hit_rps", "cache_miss_rps", "server_inflight", "latency_ms_p50",
                 "latency_ms_p95", "latency_ms_p99", "server_lag_ms_p99", "db_wait_ms_p99"})
            QVERIFY2(lab->findSeries(QLatin1String(name)), name);
        for (const char* name : {"latency_ms", "server_lag_ms", "db_wait_ms"})
            QVERIFY2(lab->findHistogram(QLatin1String(name)), name);
        QVERIFY(lab->findLane(QStringLiteral("event loop")));
        QVERIFY(lab->findLane(QStringLiteral("db conn 10")));
        QVERIFY(lab->findLane(QStringLiteral("GIL (emulated)"))); // interpreter cpython (the default)
        for (const char* name : {"sent", "completed", "rps_offered", "rps_served", "rps_429", "rps_5xx", "errors",
                 "timeouts", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms", "inflight_max",
                 "cache_hit_ratio", "db_wait_p99_ms", "server_lag_p50_ms", "server_lag_p99_ms", "server_lag_max_ms",
                 "slow_callbacks", "handler_cpu_s", "gil_switches"})
            QVERIFY2(lab->metrics.contains(QLatin1String(name)), name);
        QVERIFY(metric(*r, "api", "latency_max_ms") >= metric(*r, "api", "latency_p99_ms"));
    }
};

QTEST_GUILESS_MAIN(TestApiOutcomes)
#include "test_api_outcomes.moc"
