// The GIL emulator on its own, with real threads: it serialises CPU-bound threads, switches
// holder only after a waiter has waited a whole switch interval (drop request), gives the lock
// away at once on an I/O release, and (FORCE_SWITCHING) never lets a dropping holder take it
// straight back.
#include "engine/cpu_work.h"
#include "pyrt/gil.h"

#include <QTest>

#include <thread>

using namespace looplab::pyrt;
using looplab::metrics::LaneState;
using looplab::metrics::nowNs;

namespace {

void burnUnderGil(Gil& gil, GilThread& t, int64_t ns)
{
    gil.acquire(t);
    looplab::engine::burnCpu(ns, [&] { gil.checkpoint(t); });
    gil.release(t, LaneState::Idle);
}

} // namespace

class TestGil : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cpuBoundThreadsAreSerialised_data()
    {
        QTest::addColumn<double>("intervalMs");
        QTest::newRow("5 ms (CPython's default)") << 5.0;
        QTest::newRow("2 ms") << 2.0;
    }
    void cpuBoundThreadsAreSerialised()
    {
        QFETCH(double, intervalMs);
        Gil gil(int64_t(intervalMs * 1e6), {}, 0);
        GilThread a, b;
        a.index = 0;
        b.index = 1;
        const int64_t work = 60'000'000;
        const int64_t t0 = nowNs();
        std::thread ta([&] { burnUnderGil(gil, a, work); });
        std::thread tb([&] { burnUnderGil(gil, b, work); });
        ta.join();
        tb.join();
        const double wallMs = double(nowNs() - t0) * 1e-6;
        // One at a time: the wall time is the sum, even on 2 cores.
        QVERIFY2(wallMs >= 115, qPrintable(QString::number(wallMs)));
        // They took turns about once per interval for as long as both wanted it (~120 ms).
        const double expected = 120.0 / intervalMs;
        qInfo("%llu switches, %llu drop requests", (unsigned long long)gil.switches(),
            (unsigned long long)gil.dropRequests());
        QVERIFY2(gil.switches() >= uint64_t(expected * 0.4) && gil.switches() <= uint64_t(expected * 1.3 + 3),
            qPrintable(QStringLiteral("%1 switches, expected ~%2").arg(gil.switches()).arg(expected)));
        // Each waited roughly what the other ran.
        const double waited = double(a.waitNs + b.waitNs) * 1e-6;
        QVERIFY2(waited >= 50, qPrintable(QString::number(waited)));
    }

    void waiterAsksForTheGilOnlyAfterTheInterval()
    {
        const int64_t interval = 20'000'000;
        Gil gil(interval, {}, 0);
        GilThread holder, waiter;
        waiter.index = 1;
        std::atomic<bool> holding{false};
        std::thread th([&] {
            gil.acquire(holder);
            holding = true;
            looplab::engine::burnCpu(200'000'000, [&] { gil.checkpoint(holder); });
            gil.release(holder, LaneState::Idle);
        });
        while (!holding)
            std::this_thread::yield();
        const int64_t t0 = nowNs();
        gil.acquire(waiter); // the CPU-bound holder drops it only when asked
        const double waitedMs = double(nowNs() - t0) * 1e-6;
        gil.release(waiter, LaneState::Idle);
        th.join();
        QVERIFY2(waitedMs >= 19 && waitedMs < 60, qPrintable(QString::number(waitedMs)));
        QVERIFY(gil.dropRequests() >= 1);
    }

    void ioReleasesTheGilAtOnce()
    {
        Gil gil(50'000'000, {}, 0); // a long interval: only an explicit release can be fast
        GilThread io, other;
        other.index = 1;
        gil.acquire(io);
        std::atomic<int64_t> got{0};
        const int64_t t0 = nowNs();
        std::thread th([&] {
            gil.acquire(other);
            got = nowNs();
            gil.release(other, LaneState::Idle);
        });
        QTest::qWait(5);
        gil.release(io, LaneState::IoWait); // time.sleep(): Py_BEGIN_ALLOW_THREADS
        th.join();
        QVERIFY(double(got - t0) * 1e-6 < 30);
    }

    void droppingHolderDoesNotTakeItStraightBack()
    {
        // FORCE_SWITCHING: with two CPU-bound threads, the holder changes at every drop request,
        // so the number of switches follows the number of drop requests.
        Gil gil(2'000'000, {}, 0);
        GilThread a, b;
        b.index = 1;
        std::thread ta([&] { burnUnderGil(gil, a, 40'000'000); });
        std::thread tb([&] { burnUnderGil(gil, b, 40'000'000); });
        ta.join();
        tb.join();
        QVERIFY(gil.dropRequests() >= 10);
        QVERIFY2(gil.switches() + 2 >= gil.dropRequests(),
            qPrintable(QStringLiteral("%1 switches for %2 drop requests").arg(gil.switches()).arg(gil.dropRequests())));
    }
};

QTEST_GUILESS_MAIN(TestGil)
#include "test_gil.moc"
