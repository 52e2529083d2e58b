// The pipeline lab's teaching outcomes, asserted from real runs on the real Engine (issue 5):
// backpressure fills a bounded queue and blocks the producer, throughput settles at the
// consumers' capacity, five consumers keep the depth low, Little's law holds, LIFO's tail is
// longer than FIFO's, top-priority items wait least, sentinels vs join shut down, and both modes
// (threads / async) show the same. Each scenario runs once (both modes side by side where the
// scenario has both) and the rows read from the cached result.
#include "support/foreign_load.h"
#include "support/run_scenario.h"
#include "support/worker_processes.h"

#include <QHash>
#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <thread>
#include <tuple>

using looplab::engine::RunResult;
using looplab::metrics::LaneState;
using looplab::testing::metric;
using looplab::testing::runBuiltinScenario;
using looplab::testing::runScenario;

namespace {

using ResultPtr = std::shared_ptr<const RunResult>;

QHash<QString, ResultPtr>& cache()
{
    static QHash<QString, ResultPtr> c;
    return c;
}

ResultPtr builtin(const QString& file, const QStringList& overrides, double timeoutS = 60)
{
    const QString key = file + QLatin1Char('|') + overrides.join(QLatin1Char(' '));
    if (!cache().contains(key))
        cache().insert(key, runBuiltinScenario(file, timeoutS, overrides));
    return cache().value(key);
}

ResultPtr inlineRun(const QString& key, const QByteArray& json, double timeoutS = 60)
{
    if (!cache().contains(key))
        cache().insert(key, runScenario(json, timeoutS));
    return cache().value(key);
}

QByteArray scenario(double durationS, const QByteArray& labs, double timeScale = 1)
{
    return QByteArray(R"({"looplab": 1, "title": {"en": "t", "zh": "t"}, "notes": {"en": "", "zh": ""}, )")
        + "\"duration_s\": " + QByteArray::number(durationS) + ", \"time_scale\": " + QByteArray::number(timeScale)
        + ", \"seed\": 1, \"labs\": [" + labs + "]}";
}

// Share of the run a lane spent in a state.
double laneShare(const RunResult& r, const QString& lab, const QString& lane, LaneState s)
{
    const auto* l = r.data.findLab(lab);
    const auto* ld = l ? l->findLane(lane) : nullptr;
    if (!ld) {
        QTest::qFail(qPrintable(QStringLiteral("no lane %1.%2").arg(lab, lane)), __FILE__, __LINE__);
        return std::nan("");
    }
    int64_t total = 0;
    for (auto ns : ld->totalNs)
        total += ns;
    return total > 0 ? double(ld->totalNs[size_t(s)]) / double(total) : 0.0;
}

double seriesMax(const RunResult& r, const QString& lab, const QString& name)
{
    const auto* l = r.data.findLab(lab);
    const auto* s = l ? l->findSeries(name) : nullptr;
    double m = -1;
    if (s)
        for (double v : s->values)
            if (!std::isnan(v))
                m = std::max(m, v);
    return m;
}

void modes()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("threads") << QStringLiteral("threads");
    QTest::newRow("async") << QStringLiteral("async");
}

#define VERIFY_NEAR(actual, expected, relTol)                                                                          \
    do {                                                                                                               \
        const double a_ = (actual), e_ = (expected);                                                                   \
        QVERIFY2(std::abs(a_ - e_) <= (relTol)*std::abs(e_),                                                           \
            qPrintable(QStringLiteral("%1 = %2, expected %3 ± %4 %").arg(#actual).arg(a_).arg(e_).arg((relTol)*100))); \
    } while (0)
#define VERIFY_CMP(actual, op, bound)                                                                                  \
    do {                                                                                                               \
        const double a_ = (actual), b_ = (bound);                                                                      \
        QVERIFY2(                                                                                                      \
            a_ op b_, qPrintable(QStringLiteral("%1 = %2, expected %3 %4").arg(#actual).arg(a_).arg(#op).arg(b_)));    \
    } while (0)

} // namespace

class TestPipelineOutcomes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A producer at 50/s into one consumer of 100 ms through a queue of capacity 10: the depth
    // reaches 10, the producer is blocked more than 40 % of the time, throughput settles at
    // 10/s ± 10 %, and Little's law holds within 10 %.
    void backpressure_data() { modes(); }
    void backpressure()
    {
        QFETCH(QString, mode);
        auto r = builtin(QStringLiteral("pipeline_backpressure.json"), {QStringLiteral("duration_s=4")});
        QVERIFY(r);
        QCOMPARE(metric(*r, mode, QStringLiteral("work.depth_max")), 10.0);
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.depth_mean")), >, 8.5);
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.blocked_put_share")), >, 0.4);
        VERIFY_NEAR(metric(*r, mode, QStringLiteral("work.throughput_per_s")), 10.0, 0.10);
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.littles_law_error")), <, 0.10);
        VERIFY_NEAR(metric(*r, mode, QStringLiteral("work.L")), 11.0, 0.10); // 10 waiting + 1 in service
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.utilization")), >, 0.95);
        QCOMPARE(metric(*r, mode, QStringLiteral("items_dropped")), 0.0);
        // What the window shows: the depth series touches the capacity line, the producer's lane
        // is mostly "blocked on queue", the consumer's mostly running.
        QCOMPARE(seriesMax(*r, mode, QStringLiteral("work.depth")), 10.0);
        VERIFY_CMP(laneShare(*r, mode, QStringLiteral("producer 1"), LaneState::QueueBlocked), >, 0.4);
        // Busy all the time, and the service is a sleep: its lane waits on I/O (time.sleep /
        // asyncio.sleep), not on the GIL.
        VERIFY_CMP(laneShare(*r, mode, QStringLiteral("work 1"), LaneState::IoWait), >, 0.85);
        VERIFY_CMP(laneShare(*r, mode, QStringLiteral("work 1"), LaneState::GilWait), <, 0.01);
        VERIFY_CMP(seriesMax(*r, mode, QStringLiteral("work.blocked_putters")), ==, 1.0);
    }

    // Five such consumers keep the depth low and the producer unblocked. (50/s into 5 × 10/s is
    // exactly the consumers' capacity: any lateness of the sleeps on a loaded machine lets the
    // queue creep up by an item or two in a few seconds, hence "well below the capacity of 10"
    // rather than "zero".)
    void fiveConsumers_data() { modes(); }
    void fiveConsumers()
    {
        QFETCH(QString, mode);
        auto r = builtin(QStringLiteral("pipeline_backpressure.json"),
            {QStringLiteral("duration_s=3"), QStringLiteral("threads.stages[0].workers=5"),
                QStringLiteral("async.stages[0].workers=5")});
        QVERIFY(r);
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.depth_max")), <=, 4);
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.depth_mean")), <, 2.0);
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.wait_p50_ms")), <, 50.0); // vs ~1000 ms with one consumer
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.blocked_put_share")), <, 0.05);
        VERIFY_NEAR(metric(*r, mode, QStringLiteral("work.throughput_per_s")), 50.0, 0.10);
        VERIFY_CMP(metric(*r, mode, QStringLiteral("work.littles_law_error")), <, 0.10);
        VERIFY_CMP(laneShare(*r, mode, QStringLiteral("producer 1"), LaneState::QueueBlocked), <, 0.05);
    }

    // Both modes show the same numbers for the same pipeline.
    void modesAgree()
    {
        auto r = builtin(QStringLiteral("pipeline_backpressure.json"), {QStringLiteral("duration_s=4")});
        QVERIFY(r);
        for (const char* m : {"throughput_per_s", "blocked_put_share", "depth_mean", "wait_p50_ms"}) {
            const QString name = QStringLiteral("work.") + QLatin1String(m);
            VERIFY_NEAR(metric(*r, QStringLiteral("async"), name), metric(*r, QStringLiteral("threads"), name), 0.05);
        }
    }

    // Random arrivals and service (80 % busy): Little's law still holds within 10 % for FIFO;
    // LIFO's p99 wait exceeds FIFO's while most LIFO items wait less.
    void lifoVersusFifo_data() { modes(); }
    void lifoVersusFifo()
    {
        QFETCH(QString, mode);
        QStringList o{QStringLiteral("duration_s=4")};
        if (mode == QLatin1String("async"))
            o << QStringLiteral("fifo.mode=async") << QStringLiteral("lifo.mode=async");
        auto r = builtin(QStringLiteral("pipeline_lifo_vs_fifo.json"), o);
        QVERIFY(r);
        const auto fifo = QStringLiteral("fifo"), lifo = QStringLiteral("lifo");
        VERIFY_CMP(metric(*r, fifo, QStringLiteral("work.littles_law_error")), <, 0.10);
        // 160/s × 5 ms = 0.8 busy. In async mode a sleep follows asyncio's timer policy (core/aio:
        // never early, woken on the next whole millisecond), which lengthens a random 5 ms sleep by
        // ~0.5 ms on average: ~0.88.
        const double busy = mode == QLatin1String("async") ? 0.88 : 0.8;
        VERIFY_NEAR(metric(*r, fifo, QStringLiteral("work.utilization")), busy, 0.15);
        VERIFY_CMP(metric(*r, lifo, QStringLiteral("work.wait_p99_ms")), >,
            1.5 * metric(*r, fifo, QStringLiteral("work.wait_p99_ms")));
        VERIFY_CMP(metric(*r, lifo, QStringLiteral("work.wait_p50_ms")), <,
            metric(*r, fifo, QStringLiteral("work.wait_p50_ms")));
        // Same items served either way: the order changes who waits, not how many are done.
        VERIFY_NEAR(metric(*r, lifo, QStringLiteral("work.throughput_per_s")),
            metric(*r, fifo, QStringLiteral("work.throughput_per_s")), 0.10);
    }

    // Top-priority items wait least when the consumer cannot keep up.
    void priorityLevels_data() { modes(); }
    void priorityLevels()
    {
        QFETCH(QString, mode);
        auto r = builtin(QStringLiteral("pipeline_priority.json"),
            {QStringLiteral("duration_s=3"), QStringLiteral("prio.mode=") + mode});
        QVERIFY(r);
        const QString id = QStringLiteral("prio");
        const double mean0 = metric(*r, id, QStringLiteral("work.wait_mean_ms_level0"));
        const double mean1 = metric(*r, id, QStringLiteral("work.wait_mean_ms_level1"));
        const double mean2 = metric(*r, id, QStringLiteral("work.wait_mean_ms_level2"));
        VERIFY_CMP(metric(*r, id, QStringLiteral("work.wait_p99_ms_level0")), <,
            metric(*r, id, QStringLiteral("work.wait_p50_ms_level2")));
        VERIFY_CMP(mean0, <, mean1);
        VERIFY_CMP(mean1, <, mean2);
        QCOMPARE(metric(*r, id, QStringLiteral("work.depth_max")), 30.0);
    }

    // Shutdown as the course teaches it. A finite source ends the run by itself; with join or
    // with sentinels on a FIFO every item is processed; sentinels on a LifoQueue are served
    // before the items still queued, which are then never processed (counted as dropped).
    void shutdown_data()
    {
        QTest::addColumn<QString>("lab");
        QTest::addColumn<bool>("loses");
        for (const char* mode : {"threads", "async"})
            for (const char* how : {"sentinel", "join"})
                for (const char* order : {"fifo", "lifo"}) {
                    const QString id = QStringLiteral("%1_%2_%3")
                                           .arg(QLatin1String(mode).left(1), QLatin1String(how), QLatin1String(order));
                    QTest::newRow(qPrintable(id)) << id
                                                  << (QLatin1String(how) == QLatin1String("sentinel")
                                                         && QLatin1String(order) == QLatin1String("lifo"));
                }
    }
    void shutdown()
    {
        QFETCH(QString, lab);
        QFETCH(bool, loses);
        QByteArray labs;
        for (const char* mode : {"threads", "async"})
            for (const char* how : {"sentinel", "join"})
                for (const char* order : {"fifo", "lifo"}) {
                    if (!labs.isEmpty())
                        labs += ',';
                    labs += QStringLiteral(R"({"id": "%1_%2_%3", "kind": "pipeline", "mode": "%4", "shutdown": "%2",
                        "source": {"producers": 2, "rate_per_s": 200, "items": 40},
                        "stages": [{"name": "fetch", "workers": 3, "service_ms": 20, "capacity": 10, "discipline": "%3"},
                                   {"name": "parse", "workers": 2, "service_ms": 10, "capacity": 5}]})")
                                .arg(QLatin1String(mode).left(1), QLatin1String(how), QLatin1String(order),
                                    QLatin1String(mode))
                                .toUtf8();
                }
        auto r = inlineRun(QStringLiteral("shutdown"), scenario(20, labs));
        QVERIFY(r);
        VERIFY_CMP(r->wallS, <, 5.0); // ended by itself, long before duration_s
        QCOMPARE(metric(*r, lab, QStringLiteral("items_produced")), 40.0);
        const double done = metric(*r, lab, QStringLiteral("items_completed"));
        const double dropped = metric(*r, lab, QStringLiteral("items_dropped"));
        QCOMPARE(done + dropped, 40.0);
        if (loses) {
            VERIFY_CMP(dropped, >, 0);
            VERIFY_CMP(metric(*r, lab, QStringLiteral("fetch.items_dropped")), >, 0);
        } else {
            QCOMPARE(done, 40.0);
        }
        QCOMPARE(metric(*r, lab, QStringLiteral("parse.items_done")), done);
        // The main lane ends (Done) after it waited in join() or for the sentinels to be taken.
        const auto* main = r->data.findLab(lab)->findLane(QStringLiteral("main"));
        QVERIFY(main);
        QCOMPARE(main->current, LaneState::Done);
    }

    // on_full "drop": put_nowait sheds load instead of blocking the producer.
    void loadShedding_data() { modes(); }
    void loadShedding()
    {
        QFETCH(QString, mode);
        QByteArray labs;
        for (const char* m : {"threads", "async"}) {
            if (!labs.isEmpty())
                labs += ',';
            labs += QStringLiteral(R"({"id": "%1", "kind": "pipeline", "mode": "%1", "source": {"rate_per_s": 50},
                "stages": [{"name": "work", "service_ms": 50, "capacity": 5, "on_full": "drop"}]})")
                        .arg(QLatin1String(m))
                        .toUtf8();
        }
        auto r = inlineRun(QStringLiteral("shed"), scenario(3, labs));
        QVERIFY(r);
        QCOMPARE(metric(*r, mode, QStringLiteral("work.blocked_put_share")), 0.0);
        QCOMPARE(metric(*r, mode, QStringLiteral("work.depth_max")), 5.0);
        VERIFY_NEAR(metric(*r, mode, QStringLiteral("work.throughput_per_s")), 20.0, 0.10);
        // 50 offered, 20 served: about 60 % shed.
        VERIFY_NEAR(
            metric(*r, mode, QStringLiteral("items_dropped")) / metric(*r, mode, QStringLiteral("items_produced")), 0.6,
            0.15);
    }

    // time_scale stretches every duration: 50 ms of service at ×2 takes 100 ms.
    void timeScale_data() { modes(); }
    void timeScale()
    {
        QFETCH(QString, mode);
        QByteArray labs;
        for (const char* m : {"threads", "async"}) {
            if (!labs.isEmpty())
                labs += ',';
            labs += QStringLiteral(R"({"id": "%1", "kind": "pipeline", "mode": "%1", "source": {"rate_per_s": 50},
                "stages": [{"name": "work", "service_ms": 50, "capacity": 4}]})")
                        .arg(QLatin1String(m))
                        .toUtf8();
        }
        auto r = inlineRun(QStringLiteral("scale"), scenario(0.8, labs, 2));
        QVERIFY(r);
        VERIFY_NEAR(r->wallS, 1.6, 0.1);
        VERIFY_NEAR(metric(*r, mode, QStringLiteral("work.service_mean_ms")), 100.0, 0.05);
        VERIFY_NEAR(metric(*r, mode, QStringLiteral("work.throughput_per_s")), 10.0, 0.15);
    }

    // Thread workers are Python code (core/pyrt): two workers each burning 20 ms of pure-Python
    // CPU per item share one GIL, so they take turns — each waits for the GIL about half the
    // time, and at any moment about one of them runs. The same CPU as C code that releases the
    // GIL (code: releases_gil), or on a free-threaded interpreter, runs on both at once. (What the
    // lanes show, not items/s: on a 2-core machine shared with other work, two threads do not
    // reliably get two cores' worth of time, so a throughput ratio would measure the neighbours.)
    void threadWorkersShareTheGil_data()
    {
        QTest::addColumn<QString>("lab");
        QTest::addColumn<bool>("sharesGil");
        QTest::newRow("cpython, python code") << QStringLiteral("python") << true;
        QTest::newRow("cpython, releases_gil") << QStringLiteral("releases_gil") << false;
        QTest::newRow("free_threaded") << QStringLiteral("free_threaded") << false;
    }
    void threadWorkersShareTheGil()
    {
        QFETCH(QString, lab);
        QFETCH(bool, sharesGil);
        QByteArray labs;
        for (const auto& [id, interp, code] :
            {std::tuple{"python", "cpython", "python"}, std::tuple{"releases_gil", "cpython", "releases_gil"},
                std::tuple{"free_threaded", "free_threaded", "python"}}) {
            if (!labs.isEmpty())
                labs += ',';
            labs += QStringLiteral(R"({"id": "%1", "kind": "pipeline", "mode": "threads", "interpreter": "%2",
                "source": {"rate_per_s": 0}, "stages": [{"name": "work", "workers": 2, "cpu_ms": 20, "code": "%3",
                "service_ms": 0, "capacity": 4}]})")
                        .arg(QLatin1String(id), QLatin1String(interp), QLatin1String(code))
                        .toUtf8();
        }
        auto r = inlineRun(QStringLiteral("gil"), scenario(3, labs));
        QVERIFY(r);
        const auto* l = r->data.findLab(lab);
        QVERIFY(l);
        QCOMPARE(l->findLane(QStringLiteral("GIL (emulated)")) != nullptr, lab != QLatin1String("free_threaded"));
        const double gilWait = laneShare(*r, lab, QStringLiteral("work 1"), LaneState::GilWait)
            + laneShare(*r, lab, QStringLiteral("work 2"), LaneState::GilWait);
        const double running = laneShare(*r, lab, QStringLiteral("work 1"), LaneState::Running)
            + laneShare(*r, lab, QStringLiteral("work 2"), LaneState::Running);
        VERIFY_CMP(metric(*r, lab, QStringLiteral("work.throughput_per_s")), >,
            1.0); // it did work (a loaded machine: far below 50/s)
        if (sharesGil) {
            VERIFY_CMP(gilWait, >, 0.6); // of 2 lanes: each waits ~half the time
            VERIFY_CMP(running, <, 1.25); // about one runs at a time
            VERIFY_CMP(
                metric(*r, lab, QStringLiteral("gil_drop_requests")), >, 10.0); // the switch interval forces turns
        } else {
            VERIFY_CMP(gilWait, <, 0.05);
            VERIFY_CMP(running, >, 1.6); // both at once
        }
    }

    // The course's two demos end by themselves with every item processed (run in fast motion).
    void courseDemos_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("scale");
        QTest::addColumn<double>("depthMax");
        QTest::newRow("queue.Queue, join")
            << QStringLiteral("pipeline_queue_threads.json") << QStringLiteral("0.1") << 6.0;
        QTest::newRow("asyncio.Queue, sentinel")
            << QStringLiteral("pipeline_queue_asyncio.json") << QStringLiteral("0.05") << 5.0;
    }
    void courseDemos()
    {
        QFETCH(QString, file);
        QFETCH(QString, scale);
        QFETCH(double, depthMax);
        auto r = builtin(file, {QStringLiteral("time_scale=") + scale});
        QVERIFY(r);
        VERIFY_CMP(r->wallS, <, 0.9 * r->scenario.durationS * r->scenario.timeScale); // ended by itself
        QCOMPARE(metric(*r, QStringLiteral("demo"), QStringLiteral("items_completed")), 10.0);
        QCOMPARE(metric(*r, QStringLiteral("demo"), QStringLiteral("items_dropped")), 0.0);
        VERIFY_NEAR(metric(*r, QStringLiteral("demo"), QStringLiteral("work.depth_max")), depthMax, 0.2);
        QCOMPARE(metric(*r, QStringLiteral("demo"), QStringLiteral("work.blocked_put_share")), 0.0);
    }

    // multiprocessing.Queue (mode processes) against queue.Queue (mode threads), the built-in
    // pipeline_queue_processes.json each alone: 2 CPU-bound consumers of 100 ms per item behind a
    // queue of maxsize 5 fed as fast as it takes. Both keep the producer blocked (backpressure).
    // What the lanes show does not depend on the machine's load: thread consumers take turns on
    // the GIL (about one computes at a time, the other waits for the GIL), consumer processes
    // compute at once, each item crossing a real pipe (Ipc). The work done, cores' worth of
    // cpu_ms per second, is compared with what the cores other programs left free during each run
    // allow (/proc/stat): processes up to 2, threads at most 1.
    void consumersInProcesses_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("processes") << QStringLiteral("processes");
        QTest::newRow("threads") << QStringLiteral("threads");
    }
    void consumersInProcesses()
    {
        QFETCH(QString, mode);
        static QHash<QString, double> cores, free; // per mode, for the ratio once both ran
        const looplab::testing::ForeignLoad load;
        auto r = builtin(QStringLiteral("pipeline_queue_processes.json"),
            {QStringLiteral("procs.mode=") + mode, QStringLiteral("duration_s=5")});
        QVERIFY(r);
        free[mode] = std::min(2.0, looplab::testing::availableCores(load));
        const QString lab = QStringLiteral("procs");
        auto m = [&](const char* name) { return metric(*r, lab, QString::fromLatin1(name)); };
        auto both = [&](LaneState s) {
            return laneShare(*r, lab, QStringLiteral("work 1"), s) + laneShare(*r, lab, QStringLiteral("work 2"), s);
        };
        qInfo("%s: cpu_cores %.2f, %.1f items/s, %.2f cores free; lanes running %.2f, GIL wait %.2f, IPC %.3f",
            qPrintable(mode), m("work.cpu_cores"), m("work.throughput_per_s"), free[mode], both(LaneState::Running),
            both(LaneState::GilWait), both(LaneState::Ipc));
        QCOMPARE(m("work.depth_max"), 5.0); // maxsize holds
        VERIFY_CMP(m("work.blocked_put_share"), >, 0.5); // the producer waits on put: backpressure
        VERIFY_CMP(m("items_completed"), >, 0.0);
        cores[mode] = m("work.cpu_cores");
        if (mode == QLatin1String("threads")) {
            VERIFY_CMP(cores[mode], <=, 1.05); // one GIL: never more than a core of Python at once
            VERIFY_CMP(both(LaneState::Running), <, 1.25); // about one computes at a time
            VERIFY_CMP(both(LaneState::GilWait), >, 0.6); // the other waits for the GIL
            VERIFY_CMP(both(LaneState::Ipc), ==, 0.0);
        } else {
            VERIFY_CMP(both(LaneState::Running), >, 1.6); // both compute at once
            VERIFY_CMP(both(LaneState::GilWait), ==, 0.0); // no GIL between processes
            VERIFY_CMP(both(LaneState::Ipc), >, 0.0); // every item crosses the pipe
        }
        if (cores.contains(QStringLiteral("processes")) && cores.contains(QStringLiteral("threads"))) {
            // Processes do what the free cores allow, threads at most one core's worth.
            const double expected = free[QStringLiteral("processes")] / std::min(1.0, free[QStringLiteral("threads")]);
            const double ratio = cores[QStringLiteral("processes")] / cores[QStringLiteral("threads")];
            qInfo("processes / threads: %.2f (cores free allow %.2f)", ratio, expected);
            VERIFY_CMP(ratio, >=, 0.65 * expected);
        }
    }

    // A consumer process killed with SIGKILL mid-run (a crash): the item it had is lost and
    // counted as dropped, the pool starts a fresh process in its place, and the run goes on to the
    // end: both consumers take their sentinel.
    void killedConsumerProcessIsReplaced()
    {
        looplab::testing::WorkerKiller killer(2, 300); // both consumers at work
        // 20 items of 50 ms on 2 consumer processes, in fast motion on nothing: ~0.5 s of work.
        auto r = runBuiltinScenario(QStringLiteral("pipeline_queue_processes.json"), 60,
            {QStringLiteral("procs.source.items=20"), QStringLiteral("procs.stages[0].cpu_ms=50")});
        killer.stop();
        QVERIFY(r);
        QVERIFY(killer.killed() > 0);
        const QString lab = QStringLiteral("procs");
        // The victim's item (none in the few µs a consumer spends between two items, out of 50 ms).
        const double dropped = metric(*r, lab, QStringLiteral("items_dropped"));
        VERIFY_CMP(dropped, <=, 1.0);
        QCOMPARE(metric(*r, lab, QStringLiteral("items_completed")) + dropped, 20.0); // the others, to the end
        VERIFY_CMP(r->wallS, <, 0.9 * r->scenario.durationS); // ended by itself (sentinels reached both)
        QVERIFY(looplab::testing::workerChildren().empty()); // every process, the new one too, reaped
    }

    // The crawler: every stage obeys Little's law, parse is the bottleneck; at 60/s parse's
    // queue fills and backpressure reaches the fetch stage and the frontier.
    void crawler()
    {
        auto r = builtin(QStringLiteral("pipeline_crawler.json"), {QStringLiteral("duration_s=4")});
        QVERIFY(r);
        const QString id = QStringLiteral("crawler");
        for (const char* s : {"fetch", "parse", "store"})
            VERIFY_CMP(metric(*r, id, QLatin1String(s) + QStringLiteral(".littles_law_error")), <, 0.10);
        VERIFY_NEAR(metric(*r, id, QStringLiteral("store.throughput_per_s")), 40.0, 0.15);
        VERIFY_CMP(metric(*r, id, QStringLiteral("parse.utilization")), >,
            metric(*r, id, QStringLiteral("fetch.utilization")));
        VERIFY_CMP(metric(*r, id, QStringLiteral("parse.utilization")), >,
            metric(*r, id, QStringLiteral("store.utilization")));
        VERIFY_CMP(metric(*r, id, QStringLiteral("parse.depth_max")), <, 10.0);

        auto hot = builtin(QStringLiteral("pipeline_crawler.json"),
            {QStringLiteral("duration_s=4"), QStringLiteral("crawler.source.rate_per_s=60")});
        QVERIFY(hot);
        QCOMPARE(metric(*hot, id, QStringLiteral("parse.depth_max")), 10.0);
        QCOMPARE(metric(*hot, id, QStringLiteral("fetch.depth_max")), 20.0);
        VERIFY_CMP(metric(*hot, id, QStringLiteral("parse.utilization")), >, 0.9);
        VERIFY_CMP(metric(*hot, id, QStringLiteral("fetch.blocked_put_share")), >, 0.0);
        VERIFY_CMP(metric(*hot, id, QStringLiteral("parse.blocked_put_share")), >, 0.0);
        VERIFY_CMP(metric(*hot, id, QStringLiteral("store.throughput_per_s")), <, 52.0);
    }
};

QTEST_GUILESS_MAIN(TestPipelineOutcomes)
#include "test_pipeline_outcomes.moc"
