// One lag definition across labs (issue 14): the same workload through the event_loop lab and the
// pipeline lab's async mode gives the same loop lag, within noise. Both measure it with the one
// aio::LagProbe at aio::kLagProbeIntervalNs on an aio::Loop, so a lab-specific estimator, timer
// rounding or GIL hand-off on the loop thread would show up here as a disagreement.
//
// The workload: an arrival every 250 ms (4/s); each arrival does 20 ms of CPU on the loop thread
// ("Python code", async def without to_thread), then awaits 20 ms of sleep. In event_loop that is
// a scripted task (start_ms, cpu_ms, io_ms); in the pipeline an item from a fixed-rate producer,
// taken by one of as many worker coroutines as there are items (so that, as with event_loop's
// tasks, nothing ever waits for a worker). The loop is 8 % busy, so a probe due while a step runs
// is late by up to 20 ms. Fixed arrivals, few long steps, a mostly idle loop: on a shared 2-core
// machine a 20 ms step may take 60 ms of wall time, and a loop that falls behind measures its
// backlog (how many steps one pass runs) rather than the definition of lag. A third lab,
// event_loop with no CPU, is the baseline: the CPU labs' lag must be clearly above it, or the
// comparison proves nothing. All three run side by side in one scenario, so the machine's load is
// the same for each.
#include "support/run_scenario.h"

#include <QTest>

#include <cmath>

using looplab::engine::RunResult;
using looplab::testing::metric;
using looplab::testing::runScenario;

namespace {

constexpr int kItems = 48; // 12 s at 4/s
constexpr int kPeriodMs = 250;

QByteArray tasks(double cpuMs)
{
    QByteArray out;
    for (int i = 0; i < kItems; ++i)
        out += (i ? "," : "")
            + QStringLiteral(R"({"name": "t%1", "start_ms": %2, "steps": [{"cpu_ms": %3}, {"io_ms": 20}]})")
                  .arg(i)
                  .arg(i * kPeriodMs)
                  .arg(cpuMs)
                  .toUtf8();
    return "[" + out + "]";
}

QByteArray workload()
{
    return R"({"looplab": 1, "title": {"en": "t", "zh": "t"}, "notes": {"en": "", "zh": ""},
        "duration_s": 30, "time_scale": 1, "seed": 7, "labs": [
        {"id": "event_loop", "kind": "event_loop", "script": )"
        + tasks(20) + R"(},
        {"id": "pipeline", "kind": "pipeline", "mode": "async", "shutdown": "join",
         "source": {"producers": 1, "rate_per_s": )"
        + QByteArray::number(1000.0 / kPeriodMs) + R"(, "arrival": "fixed",
                    "items": )"
        + QByteArray::number(kItems) + R"(},
         "stages": [{"name": "work", "workers": )"
        + QByteArray::number(kItems) + R"(, "cpu_ms": 20, "service_ms": 20,
                     "capacity": 0}]},
        {"id": "baseline", "kind": "event_loop", "script": )"
        + tasks(0) + R"(}]})";
}

const RunResult* result()
{
    static std::shared_ptr<const RunResult> r = runScenario(workload(), 60);
    return r.get();
}

double lagMean(const RunResult& r, const QString& lab)
{
    const auto* l = r.data.findLab(lab);
    const auto* h = l ? l->findHistogram(QStringLiteral("lag_ms")) : nullptr;
    if (!h || h->count == 0) {
        QTest::qFail(qPrintable(QStringLiteral("%1: no lag samples").arg(lab)), __FILE__, __LINE__);
        return std::nan("");
    }
    return h->mean;
}

double lagStat(const RunResult& r, const QString& lab, const QString& stat)
{
    return metric(r, lab, QStringLiteral("lag_%1_ms").arg(stat));
}

void stats()
{
    QTest::addColumn<QString>("stat");
    QTest::newRow("lag p50") << QStringLiteral("p50");
    QTest::newRow("lag p99") << QStringLiteral("p99");
}

} // namespace

class TestTwoLabsSameLag : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(result());
        // Both labs really ran the whole workload.
        QCOMPARE(metric(*result(), QStringLiteral("pipeline"), QStringLiteral("items_completed")), double(kItems));
        QCOMPARE(metric(*result(), QStringLiteral("event_loop"), QStringLiteral("tasks_completed")), double(kItems));
        const auto* l = result()->data.findLab(QStringLiteral("pipeline"));
        QVERIFY2(l && l->findLane(QStringLiteral("GIL (emulated)")), "the pipeline's loop runs under the emulated GIL");
        for (const QString lab : {QStringLiteral("event_loop"), QStringLiteral("pipeline"), QStringLiteral("baseline")})
            qInfo("%s: lag p50 %.2f ms, p99 %.2f ms, mean %.2f ms", qPrintable(lab),
                lagStat(*result(), lab, QStringLiteral("p50")), lagStat(*result(), lab, QStringLiteral("p99")),
                lagMean(*result(), lab));
    }

    // The same workload, the same lag: the ratio within 0.7..1.4, or within 1 ms (timer
    // granularity: the probe's timer counts whole milliseconds).
    void sameLag_data() { stats(); }
    void sameLag()
    {
        QFETCH(QString, stat);
        const double a = lagStat(*result(), QStringLiteral("event_loop"), stat);
        const double b = lagStat(*result(), QStringLiteral("pipeline"), stat);
        const bool close = std::abs(a - b) <= 1.0 || (b >= 0.7 * a && b <= 1.4 * a);
        QVERIFY2(close, qPrintable(QStringLiteral("event_loop %1 = %2 ms, pipeline %3 ms").arg(stat).arg(a).arg(b)));
    }

    // And the lag is the CPU's doing: clearly above the no-CPU baseline in both labs (the p99 near
    // the 20 ms step, the mean several times the baseline's), so the agreement above cannot come
    // from two runs that measured nothing.
    void lagComesFromTheCpuSteps_data()
    {
        QTest::addColumn<QString>("lab");
        QTest::newRow("event_loop") << QStringLiteral("event_loop");
        QTest::newRow("pipeline") << QStringLiteral("pipeline");
    }
    void lagComesFromTheCpuSteps()
    {
        QFETCH(QString, lab);
        const double p99 = lagStat(*result(), lab, QStringLiteral("p99"));
        const double baseP99 = lagStat(*result(), QStringLiteral("baseline"), QStringLiteral("p99"));
        QVERIFY2(p99 >= 10.0 && p99 >= baseP99 + 5.0,
            qPrintable(QStringLiteral("%1 lag p99 %2 ms, baseline %3 ms").arg(lab).arg(p99).arg(baseP99)));
        const double mean = lagMean(*result(), lab);
        const double baseMean = lagMean(*result(), QStringLiteral("baseline"));
        // Expected excess: the loop is 8 % busy and a probe due inside a 20 ms step is late by
        // 10 ms on average, 0.8 ms in all, part of which overlaps the baseline's own delays. A
        // bound of +0.5 ms failed a correct run under TSan (0.88 ms against 0.39 ms, p99 16 vs 3.9).
        QVERIFY2(mean >= 2 * baseMean && mean >= baseMean + 0.3,
            qPrintable(QStringLiteral("%1 lag mean %2 ms, baseline %3 ms").arg(lab).arg(mean).arg(baseMean)));
    }
};

QTEST_GUILESS_MAIN(TestTwoLabsSameLag)
#include "test_two_labs_same_lag.moc"
