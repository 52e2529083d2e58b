// The worker-process pool on its own: real looplab-worker processes over socketpairs. Checks what
// the labs rely on: replies carry the worker's timestamps and data, payloads of any size get
// through both ways, a worker killed with SIGKILL is detected, reaped and replaced (its task
// failed, or re-run when asked), and a fresh process per task works.
#include "workers/process_pool.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <signal.h>
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
