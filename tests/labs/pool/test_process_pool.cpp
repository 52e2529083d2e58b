// The worker-process pool on its own: real looplab-worker processes over socketpairs. Checks what
// the labs rely on: replies carry the worker's timestamps and data, payloads of any size get
// through both ways, a worker killed with SIGKILL is detected, reaped and replaced (its task
// failed, or re-run when asked), and a fresh process per task works. call() (submit and wait,
// the caller reading its own reply from the worker's ring) gets the right reply beside submit()s
// from other threads, survives its worker's death and can be cancelled.
#include "workers/process_pool.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <signal.h>
#include <thread>
#include <vector>

using namespace looplab::workers;

namespace {

QString workerExe()
{
    const QByteArray bin = qgetenv("LOOPLAB_BIN_DIR");
    const QString dir = bin.isEmpty() ? QCoreApplication::applicationDirPath() : QString::fromLocal8Bit(bin);
    return QDir(dir).filePath(QStringLiteral("looplab-worker"));
}

// Collects replies from the pool's I/O thread and lets the test wait for a count.
struct Replies {
    std::mutex m;
    std::condition_variable cv;
    std::vector<WorkReply> all;
    std::function<void(WorkReply)> sink()
    {
        return [this](WorkReply r) {
            std::lock_guard l(m);
            all.push_back(std::move(r));
            cv.notify_all();
        };
    }
    bool waitFor(size_t n, int ms)
    {
        std::unique_lock l(m);
        return cv.wait_for(l, std::chrono::milliseconds(ms), [&] { return all.size() >= n; });
    }
    size_t size()
    {
        std::lock_guard l(m);
        return all.size();
    }
};

} // namespace

class TestProcessPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripCarriesTimestampsAndData_data()
    {
        QTest::addColumn<int>("payloadBytes");
        QTest::addColumn<int>("replyBytes");
        QTest::newRow("empty") << 0 << 0;
        QTest::newRow("small") << 100 << 1000;
        QTest::newRow("larger than the socket buffers") << 3 * 1024 * 1024 << 2 * 1024 * 1024;
    }
    void roundTripCarriesTimestampsAndData()
    {
        QFETCH(int, payloadBytes);
        QFETCH(int, replyBytes);
        ProcessPool pool({2, workerExe(), false, 2, {}});
        QVERIFY(pool.waitReady(5000));
        QVERIFY(pool.workerPid(0) > 0 && pool.workerPid(1) > 0 && pool.workerPid(0) != pool.workerPid(1));
        Replies replies;
        for (int i = 0; i < 6; ++i)
            pool.submit({2.0, 1.0, uint32_t(replyBytes), QByteArray(payloadBytes, 'x')}, replies.sink());
        QVERIFY(replies.waitFor(6, 20000));
        for (const auto& r : replies.all) {
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.payload.size(), replyBytes);
            QVERIFY(r.sentNs <= r.startedNs);
            // 2 ms of CPU then 1 ms asleep, as measured by the worker itself
            QVERIFY2(r.cpuDoneNs - r.startedNs >= 1'900'000, qPrintable(QString::number(r.cpuDoneNs - r.startedNs)));
            QVERIFY(r.finishedNs - r.cpuDoneNs >= 1'000'000);
            QVERIFY(r.finishedNs <= r.receivedNs);
            QVERIFY(r.worker == 0 || r.worker == 1);
        }
        QCOMPARE(pool.restarts(), 0);
        const WorkerUsage u = pool.usage(0);
        QVERIFY(u.cpuNs > 0);
        QVERIFY(u.rssBytes > 0);
    }

    void killedWorkerIsReplacedAndItsTaskFails_data()
    {
        QTest::addColumn<bool>("retry");
        QTest::newRow("fail") << false;
        QTest::newRow("retry") << true;
    }
    void killedWorkerIsReplacedAndItsTaskFails()
    {
        QFETCH(bool, retry);
        std::atomic<int> restartCalls{0};
        ProcessPoolOptions o{2, workerExe(), retry, 1, {}};
        o.onRestart = [&](int, int64_t oldPid, int64_t newPid, const QString& why) {
            QVERIFY(oldPid != newPid);
            QVERIFY(why.contains(QStringLiteral("signal 9")));
            ++restartCalls;
        };
        ProcessPool pool(o);
        QVERIFY(pool.waitReady(5000));
        Replies replies;
        const int n = 10;
        for (int i = 0; i < n; ++i)
            pool.submit({40.0, 0, 0, {}}, replies.sink());
        QTest::qWait(60); // both workers are inside their first task
        const int64_t victim = pool.workerPid(0);
        QVERIFY(::kill(pid_t(victim), SIGKILL) == 0);
        QVERIFY(replies.waitFor(n, 10000)); // the run goes on: every task is answered
        QTRY_COMPARE(pool.restarts(), 1);
        QCOMPARE(restartCalls.load(), 1);
        QVERIFY(pool.workerPid(0) != victim && pool.workerPid(0) > 0);
        int failed = 0;
        for (const auto& r : replies.all)
            if (!r.ok) {
                ++failed;
                QVERIFY(r.error.contains(QString::number(victim)));
            }
        QCOMPARE(failed, retry ? 0 : 1);
        // The replacement works.
        Replies more;
        pool.submit({1.0, 0, 0, {}}, more.sink());
        pool.submit({1.0, 0, 0, {}}, more.sink());
        QVERIFY(more.waitFor(2, 5000));
        QVERIFY(more.all[0].ok && more.all[1].ok);
    }

    void pipelinedTinyTasksAllArriveInOrderPerWorker()
    {
        ProcessPool pool({2, workerExe(), false, 8, {}});
        QVERIFY(pool.waitReady(5000));
        Replies replies;
        const int n = 5000;
        for (int i = 0; i < n; ++i)
            pool.submit({0, 0, 8, QByteArray(8, 'a')}, replies.sink());
        QVERIFY(replies.waitFor(n, 20000));
        int64_t last[2] = {0, 0};
        for (const auto& r : replies.all) {
            QVERIFY(r.ok);
            QVERIFY(r.startedNs >= last[r.worker]);
            last[r.worker] = r.startedNs;
        }
        QCOMPARE(pool.inFlight(), 0);
        QCOMPARE(pool.queued(), 0);
    }

    void freshProcessPerTask()
    {
        int64_t cpu = 0;
        const WorkReply r = ProcessPool::runOnce(workerExe(), {5.0, 0, 16, QByteArray(10, 'z')}, &cpu);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.payload.size(), 16);
        QVERIFY(r.pid > 0);
        QVERIFY(cpu >= 4'000'000); // reaped with its rusage: the 5 ms of CPU are there
        const WorkReply bad = ProcessPool::runOnce(QStringLiteral("/nonexistent/looplab-worker"), {1.0, 0, 0, {}});
        QVERIFY(!bad.ok);
        QVERIFY(!bad.error.isEmpty());
    }

    void missingExecutableThrows()
    {
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, ProcessPool({1, QStringLiteral("/nonexistent/looplab-worker"), false, 2, {}}));
    }

    void callReturnsItsOwnReply_data()
    {
        QTest::addColumn<int>("payloadBytes");
        QTest::addColumn<int>("replyBytes");
        QTest::newRow("empty") << 0 << 0;
        QTest::newRow("in the ring") << 8000 << 12000;
        QTest::newRow("larger than the ring (through the I/O thread)") << 600 * 1024 << 300 * 1024;
    }
    void callReturnsItsOwnReply()
    {
        QFETCH(int, payloadBytes);
        QFETCH(int, replyBytes);
        ProcessPool pool({2, workerExe(), false, 2, {}});
        QVERIFY(pool.waitReady(5000));
        for (int i = 0; i < 20; ++i) {
            const WorkReply r = pool.call({i == 0 ? 2.0 : 0.0, 0, uint32_t(replyBytes), QByteArray(payloadBytes, 'x')});
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.payload.size(), replyBytes);
            QVERIFY(r.sentNs <= r.startedNs && r.startedNs <= r.finishedNs && r.finishedNs <= r.receivedNs);
            if (i == 0)
                QVERIFY2(
                    r.cpuDoneNs - r.startedNs >= 1'900'000, qPrintable(QString::number(r.cpuDoneNs - r.startedNs)));
        }
        QCOMPARE(pool.inFlight(), 0);
        // One caller and idle workers: each reply read from the ring by its caller, unless too big.
        QCOMPARE(pool.callsReadByCaller(), replyBytes > 16 * 1024 ? 0 : 20);
    }

    // Callers on three threads (more than workers: some wait through the I/O thread) and a stream
    // of submit()s share two workers; each reply size names its request, so a reply read by the
    // wrong caller would show.
    void callsAndSubmitsFromManyThreadsEachGetTheirOwn()
    {
        ProcessPool pool({2, workerExe(), false, 2, {}});
        QVERIFY(pool.waitReady(5000));
        std::atomic<int> wrong{0}, failed{0};
        std::vector<std::thread> callers;
        for (int c = 0; c < 3; ++c)
            callers.emplace_back([&, c] {
                for (int i = 0; i < 400; ++i) {
                    const uint32_t bytes = uint32_t(c * 1000 + i);
                    const WorkReply r = pool.call({i % 50 == 0 ? 0.5 : 0.0, 0, bytes, {}});
                    if (!r.ok)
                        ++failed;
                    else if (r.payload.size() != qsizetype(bytes))
                        ++wrong;
                }
            });
        Replies submitted;
        for (int i = 0; i < 600; ++i) {
            pool.submit({0, 0, uint32_t(5000 + i % 7), {}}, submitted.sink());
            if (i % 20 == 0)
                std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        for (auto& t : callers)
            t.join();
        QVERIFY(submitted.waitFor(600, 20000));
        QCOMPARE(failed.load(), 0);
        QCOMPARE(wrong.load(), 0);
        for (const auto& r : submitted.all)
            QVERIFY(r.ok && r.payload.size() >= 5000 && r.payload.size() < 5007);
        QTRY_COMPARE(pool.inFlight(), 0);
        QCOMPARE(pool.restarts(), 0);
        QVERIFY(pool.callsReadByCaller() > 0); // some callers found a worker idle
    }

    // No worker idle: the call queues behind a submit()ted task and its reply comes through the
    // I/O thread, in order.
    void callQueuesWhenNoWorkerIsIdle()
    {
        ProcessPool pool({1, workerExe(), false, 1, {}});
        QVERIFY(pool.waitReady(5000));
        Replies first;
        pool.submit({50.0, 0, 0, {}}, first.sink());
        const WorkReply r = pool.call({0, 0, 32, {}});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.payload.size(), 32);
        QCOMPARE(first.size(), size_t(1)); // answered before the call that queued behind it
        QVERIFY(first.all[0].finishedNs <= r.startedNs);
        QCOMPARE(pool.callsReadByCaller(), 0);
    }

    void callWhoseWorkerDiesFailsOrReruns_data()
    {
        QTest::addColumn<bool>("retry");
        QTest::newRow("fail") << false;
        QTest::newRow("retry") << true;
    }
    void callWhoseWorkerDiesFailsOrReruns()
    {
        QFETCH(bool, retry);
        ProcessPool pool({1, workerExe(), retry, 1, {}});
        QVERIFY(pool.waitReady(5000));
        const int64_t victim = pool.workerPid(0);
        const int64_t cpuBefore = pool.usage(0).cpuNs;
        std::thread killer([&pool, victim, cpuBefore] {
            // Once the worker is inside the call's task (its CPU time grows), not before.
            for (int i = 0; i < 2000 && pool.usage(0).cpuNs - cpuBefore < 30'000'000; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            ::kill(pid_t(victim), SIGKILL);
        });
        const WorkReply r = pool.call({400.0, 0, 16, {}});
        killer.join();
        QCOMPARE(r.ok, retry);
        if (retry)
            QVERIFY(r.pid != victim && r.payload.size() == 16);
        else
            QVERIFY2(r.error.contains(QString::number(victim)), qPrintable(r.error));
        QTRY_COMPARE(pool.restarts(), 1);
        const WorkReply again = pool.call({1.0, 0, 8, {}});
        QVERIFY2(again.ok, qPrintable(again.error));
        QVERIFY(again.pid != victim);
    }

    void cancelledCallReturnsAtOnce()
    {
        ProcessPool pool({1, workerExe(), false, 1, {}});
        QVERIFY(pool.waitReady(5000));
        std::atomic<bool> cancel{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            cancel = true;
        });
        QElapsedTimer t;
        t.start();
        const WorkReply r = pool.call({1500.0, 0, 0, {}}, &cancel);
        canceller.join();
        QVERIFY(!r.ok);
        QVERIFY2(t.elapsed() < 700, qPrintable(QString::number(t.elapsed()))); // not the 1.5 s task
        // The pool goes on: the cancelled task finishes on its worker, then the next call runs.
        const WorkReply next = pool.call({1.0, 0, 4, {}});
        QVERIFY2(next.ok, qPrintable(next.error));
        QTRY_COMPARE(pool.inFlight(), 0);
    }

    void destroyWhileBusyReapsEverything()
    {
        std::vector<int64_t> pids;
        {
            ProcessPool pool({3, workerExe(), false, 2, {}});
            QVERIFY(pool.waitReady(5000));
            for (int i = 0; i < 3; ++i)
                pids.push_back(pool.workerPid(i));
            for (int i = 0; i < 10; ++i)
                pool.submit({500.0, 0, 0, {}}, [](WorkReply) {});
            QTest::qWait(20);
        } // must not wait for 500 ms tasks
        for (int64_t pid : pids)
            QVERIFY(::kill(pid_t(pid), 0) != 0); // gone and reaped (no zombie left to signal)
    }
};

QTEST_GUILESS_MAIN(TestProcessPool)
#include "test_process_pool.moc"
