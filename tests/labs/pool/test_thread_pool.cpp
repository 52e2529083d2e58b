// The pool lab's ThreadPool (core/labs/pool/thread_pool.h) on its own: its workers park when the
// queue is empty and only a parked worker is woken, so the tests check what that must not break —
// no job is lost to a wake-up race, long jobs submitted together run in parallel on every worker,
// a job submitted while all but one worker sleeps starts at once, a stream of tiny jobs costs few
// wake-ups, and stop() drains or drops as asked.
#include "labs/pool/thread_pool.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

using looplab::labs::pool::ThreadPool;
using namespace std::chrono_literals;

namespace {

// Counts down; wait() gives up after a timeout instead of hanging the suite.
struct Latch {
    std::mutex m;
    std::condition_variable cv;
    int64_t left;
    explicit Latch(int64_t n)
        : left(n)
    { }
    void countDown()
    {
        std::lock_guard l(m);
        if (--left == 0)
            cv.notify_all();
    }
    bool wait(std::chrono::milliseconds timeout)
    {
        std::unique_lock l(m);
        return cv.wait_for(l, timeout, [this] { return left <= 0; });
    }
};

// Gives one of the pool's workers a job that holds it until `release` is set; returns once the
// job runs (false: it did not start within 5 s).
bool occupyOneWorker(ThreadPool& pool, const std::atomic<bool>& release)
{
    auto started = std::make_shared<Latch>(1);
    pool.submit([started, &release](int) {
        started->countDown();
        while (!release.load())
            std::this_thread::sleep_for(1ms);
    });
    return started->wait(5s);
}

} // namespace

class TestThreadPool : public QObject
{
    Q_OBJECT
private slots:
    void noJobIsLost_data()
    {
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("producers");
        QTest::addColumn<int>("pauseEvery"); // a producer sleeps 50-300 us every N jobs: workers park
        QTest::newRow("1 worker, 1 producer, steady") << 1 << 1 << 0;
        QTest::newRow("2 workers, 1 producer, pauses") << 2 << 1 << 7;
        QTest::newRow("4 workers, 4 producers, pauses") << 4 << 4 << 13;
        QTest::newRow("8 workers, 3 producers, pauses") << 8 << 3 << 3;
    }
    // Every submitted job runs exactly once, however parking and submitting interleave.
    void noJobIsLost()
    {
        QFETCH(int, workers);
        QFETCH(int, producers);
        QFETCH(int, pauseEvery);
        constexpr int kPerProducer = 20'000;
        std::atomic<int64_t> ran{0};
        Latch done(int64_t(producers) * kPerProducer);
        ThreadPool pool(workers);
        std::vector<std::thread> ps;
        for (int p = 0; p < producers; ++p)
            ps.emplace_back([&, p] {
                std::mt19937 rng(uint32_t(p + 1));
                for (int i = 0; i < kPerProducer; ++i) {
                    pool.submit([&](int) {
                        ran.fetch_add(1);
                        done.countDown();
                    });
                    if (pauseEvery > 0 && i % pauseEvery == 0 && rng() % 64 == 0)
                        std::this_thread::sleep_for(std::chrono::microseconds(50 + rng() % 250));
                }
            });
        for (auto& t : ps)
            t.join();
        QVERIFY2(done.wait(20s),
            qPrintable(QStringLiteral("%1 of %2 jobs ran").arg(ran.load()).arg(producers * kPerProducer)));
        pool.stop(true);
        QCOMPARE(ran.load(), int64_t(producers) * kPerProducer);
    }

    // Four long jobs submitted at once, to four parked workers: all four run at the same time (each
    // waits until it has seen the other three start). A pool that woke one worker per wake-up
    // chain and left the others parked would time out here.
    void longJobsReachEveryWorker()
    {
        constexpr int kWorkers = 4;
        ThreadPool pool(kWorkers);
        std::this_thread::sleep_for(20ms); // every worker parks
        std::atomic<int> started{0};
        std::atomic<int> sawAll{0};
        std::atomic<uint32_t> workersUsed{0};
        Latch done(kWorkers);
        for (int i = 0; i < kWorkers; ++i)
            pool.submit([&](int w) {
                workersUsed.fetch_or(1u << w);
                started.fetch_add(1);
                const auto until = std::chrono::steady_clock::now() + 2s;
                while (started.load() < kWorkers && std::chrono::steady_clock::now() < until)
                    std::this_thread::sleep_for(1ms);
                if (started.load() == kWorkers)
                    sawAll.fetch_add(1);
                done.countDown();
            });
        QVERIFY(done.wait(10s));
        QCOMPARE(sawAll.load(), kWorkers);
        QCOMPARE(workersUsed.load(), (1u << kWorkers) - 1);
    }

    // One worker is busy with a long job and the others have parked; a new job must start on a
    // parked worker within milliseconds, not wait for the busy one.
    void parkedWorkerTakesJobWhileOtherIsBusy()
    {
        ThreadPool pool(2);
        std::atomic<bool> release{false};
        QVERIFY(occupyOneWorker(pool, release));
        std::this_thread::sleep_for(30ms); // the other worker parks
        const auto t0 = std::chrono::steady_clock::now();
        std::atomic<int64_t> startedAfterUs{-1};
        Latch second(1);
        pool.submit([&](int) {
            startedAfterUs
                = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
            second.countDown();
        });
        const bool ran = second.wait(2s);
        release = true;
        QVERIFY2(ran, "the second job waited for the busy worker");
        QVERIFY2(startedAfterUs.load() < 200'000, qPrintable(QString::number(startedAfterUs.load())));
    }

    // 200 000 tiny jobs from one thread on two workers: the submitter must not pay a wake-up per
    // job (a parked worker is woken once and finds the jobs queued meanwhile). Measured: ~0.004
    // wake-ups per job; one per job is what a semaphore post per job costs when workers sleep.
    void tinyJobsCostFewWakeUps()
    {
        constexpr int kJobs = 200'000;
        ThreadPool pool(2);
        Latch done(kJobs);
        std::atomic<int64_t> ran{0};
        for (int i = 0; i < kJobs; ++i)
            pool.submit([&](int) {
                ran.fetch_add(1, std::memory_order_relaxed);
                done.countDown();
            });
        QVERIFY(done.wait(30s));
        const double perJob = double(pool.wakeUps()) / kJobs;
        qInfo("wake-ups per job: %.4f", perJob);
        QVERIFY2(perJob < 0.1, qPrintable(QString::number(perJob)));
    }

    void stopDrainsOrDrops_data()
    {
        QTest::addColumn<bool>("drain");
        QTest::newRow("drain: queued jobs run") << true;
        QTest::newRow("no drain: queued jobs are dropped") << false;
    }
    void stopDrainsOrDrops()
    {
        QFETCH(bool, drain);
        ThreadPool pool(1);
        std::atomic<bool> release{false};
        std::atomic<int> ran{0};
        QVERIFY(occupyOneWorker(pool, release));
        for (int i = 0; i < 100; ++i)
            pool.submit([&](int) { ran.fetch_add(1); });
        std::thread releaser([&] {
            std::this_thread::sleep_for(20ms);
            release = true;
        });
        pool.stop(drain);
        releaser.join();
        QCOMPARE(ran.load(), drain ? 100 : 0);
        pool.submit([&](int) { ran.fetch_add(1000); }); // after stop(): dropped
        QCOMPARE(ran.load(), drain ? 100 : 0);
    }
};

QTEST_GUILESS_MAIN(TestThreadPool)
#include "test_thread_pool.moc"
