// The teaching queues on their own: that put really blocks on a full queue and get on an empty
// one (threads really wait on the condition, coroutines really suspend), that the orders are
// Python's, that task_done/join and close behave as the course says.
#include "labs/pipeline/async_loop.h"
#include "labs/pipeline/async_queue.h"
#include "labs/pipeline/blocking_queue.h"

#include <QCoro/QCoroTask>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace looplab::pipeline;
using namespace std::chrono_literals;

namespace {

struct CountingObserver {
    std::atomic<int>* blocks;
    std::atomic<int>* wakes;
    void blocked() { ++*blocks; }
    void unblocked() { ++*wakes; }
};

struct Prio {
    int priority;
    int tag;
};

// Spin the Qt event loop until `done` or the timeout.
bool spinUntil(const std::function<bool()>& done, int timeoutMs = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

QCoro::Task<> putAll(AsyncQueue<int>& q, std::vector<int> items, std::vector<QueueOp>& ops)
{
    for (int v : items)
        ops.push_back(co_await q.put(v));
}

QCoro::Task<> getN(AsyncQueue<int>& q, int n, std::vector<int>& out, QueueStatus& last)
{
    for (int i = 0; i < n; ++i) {
        auto r = co_await q.get();
        last = r.status;
        if (r.status != QueueStatus::Ok)
            co_return;
        out.push_back(r.value);
    }
}

QCoro::Task<> joinQueue(AsyncQueue<int>& q, bool& joined)
{
    co_await q.join();
    joined = true;
}

QCoro::Task<> sleeper(AsyncLoop& loop, std::chrono::nanoseconds d, int64_t& sleptNs, bool& ok)
{
    const int64_t t0 = looplab::metrics::nowNs();
    ok = co_await loop.sleepFor(d);
    sleptNs = looplab::metrics::nowNs() - t0;
}

} // namespace

class TestPipelineQueues : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void order_data()
    {
        QTest::addColumn<int>("discipline");
        QTest::addColumn<QList<int>>("expected");
        // put 3, 1, 2 (priorities = values): Queue, LifoQueue, PriorityQueue
        QTest::newRow("fifo") << int(Discipline::Fifo) << QList<int>{3, 1, 2};
        QTest::newRow("lifo") << int(Discipline::Lifo) << QList<int>{2, 1, 3};
        QTest::newRow("priority") << int(Discipline::Priority) << QList<int>{1, 2, 3};
    }
    void order()
    {
        QFETCH(int, discipline);
        QFETCH(QList<int>, expected);
        BlockingQueue<int> q(0, Discipline(discipline));
        for (int v : {3, 1, 2})
            QCOMPARE(q.put(v).status, QueueStatus::Ok);
        QList<int> got;
        int v = 0;
        while (q.getNowait(v).status == QueueStatus::Ok)
            got << v;
        QCOMPARE(got, expected);
    }

    void priorityTiesLeaveInArrivalOrder()
    {
        ItemStore<Prio> s(Discipline::Priority);
        for (int i = 0; i < 6; ++i)
            s.push({i % 2, i}); // priorities 0,1,0,1,0,1
        QList<int> tags;
        while (!s.empty())
            tags << s.pop().tag;
        QCOMPARE(tags, (QList<int>{0, 2, 4, 1, 3, 5}));
    }

    void ringGrowsPastItsReserve()
    {
        ItemStore<int> s(Discipline::Fifo, 4);
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 100; ++i)
                s.push(i);
            for (int i = 0; i < 100; ++i)
                QCOMPARE(s.pop(), i);
        }
        QVERIFY(s.empty());
    }

    // A producer putting into a full queue is really blocked until a get makes room.
    void putBlocksWhileFull()
    {
        BlockingQueue<int> q(2);
        QCOMPARE(q.put(1).status, QueueStatus::Ok);
        QCOMPARE(q.put(2).status, QueueStatus::Ok);
        QCOMPARE(q.putNowait(3).status, QueueStatus::Full);
        std::atomic<int> blocked{0}, unblocked{0};
        std::atomic<bool> returned{false};
        std::thread producer([&] {
            q.put(3, CountingObserver{&blocked, &unblocked});
            returned = true;
        });
        QTRY_COMPARE_WITH_TIMEOUT(blocked.load(), 1, 2000);
        std::this_thread::sleep_for(50ms);
        QVERIFY2(!returned, "put() returned while the queue was full");
        int v = 0;
        QCOMPARE(q.get(v).status, QueueStatus::Ok);
        QCOMPARE(v, 1);
        producer.join();
        QVERIFY(returned);
        QCOMPARE(unblocked.load(), 1);
        QCOMPARE(q.qsize(), size_t(2));
    }

    void getBlocksWhileEmpty()
    {
        BlockingQueue<int> q(0);
        std::atomic<int> blocked{0}, unblocked{0};
        int got = 0;
        std::thread consumer([&] { q.get(got, CountingObserver{&blocked, &unblocked}); });
        QTRY_COMPARE_WITH_TIMEOUT(blocked.load(), 1, 2000);
        q.put(42);
        consumer.join();
        QCOMPARE(got, 42);
        QCOMPARE(unblocked.load(), 1);
    }

    void joinWaitsForEveryTaskDone()
    {
        BlockingQueue<int> q(0);
        q.put(1);
        q.put(2);
        std::atomic<bool> joined{false};
        std::thread main([&] {
            q.join();
            joined = true;
        });
        int v = 0;
        q.get(v);
        q.taskDone();
        std::this_thread::sleep_for(30ms);
        QVERIFY2(!joined, "join() returned with one task not done");
        q.get(v);
        q.taskDone();
        main.join();
        QVERIFY(joined);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, q.taskDone());
    }

    void closeWakesEveryBlockedCall()
    {
        BlockingQueue<int> full(1);
        full.put(0);
        BlockingQueue<int> empty(1);
        QueueStatus putStatus = QueueStatus::Ok, getStatus = QueueStatus::Ok, joinStatus = QueueStatus::Ok;
        std::thread a([&] { putStatus = full.put(1).status; });
        std::thread b([&] { int v; getStatus = empty.get(v).status; });
        std::thread c([&] { joinStatus = full.join(); });
        std::this_thread::sleep_for(30ms);
        full.close();
        empty.close();
        a.join();
        b.join();
        c.join();
        QCOMPARE(putStatus, QueueStatus::Closed);
        QCOMPARE(getStatus, QueueStatus::Closed);
        QCOMPARE(joinStatus, QueueStatus::Closed);
    }

    // Many producers and consumers: nothing lost, nothing duplicated.
    void manyThreadsLoseNothing()
    {
        BlockingQueue<int> q(8);
        constexpr int kProducers = 4, kPer = 5000;
        std::vector<std::thread> threads;
        std::atomic<long long> sum{0};
        std::atomic<int> count{0};
        for (int p = 0; p < kProducers; ++p)
            threads.emplace_back([&, p] {
                for (int i = 0; i < kPer; ++i)
                    q.put(p * kPer + i);
            });
        for (int c = 0; c < 3; ++c)
            threads.emplace_back([&] {
                int v;
                while (q.get(v).status == QueueStatus::Ok) {
                    sum += v;
                    if (++count == kProducers * kPer)
                        q.close();
                    q.taskDone();
                }
            });
        for (auto& t : threads)
            t.join();
        const long long n = kProducers * kPer;
        QCOMPARE(count.load(), int(n));
        QCOMPARE(sum.load(), n * (n - 1) / 2);
    }

    // asyncio.Queue semantics: a put into a full queue suspends the coroutine (without blocking
    // the thread) until a get frees a slot; the freed slot goes to the waiting putter.
    void asyncPutSuspendsWhileFull()
    {
        AsyncLoop loop;
        AsyncQueue<int> q(loop, 2);
        std::vector<QueueOp> ops;
        auto producer = putAll(q, {1, 2, 3, 4}, ops);
        QCOMPARE(ops.size(), size_t(2)); // 3 is parked
        QVERIFY(!producer.isReady());
        QCOMPARE(q.qsize(), size_t(2));
        std::vector<int> got;
        QueueStatus last = QueueStatus::Ok;
        auto consumer = getN(q, 4, got, last);
        QVERIFY(spinUntil([&] { return producer.isReady() && consumer.isReady(); }));
        QCOMPARE(got, (std::vector<int>{1, 2, 3, 4}));
        QCOMPARE(ops.size(), size_t(4));
        QVERIFY(ops[2].waited);
        QVERIFY(!ops[0].waited);
    }

    void asyncGetSuspendsWhileEmptyAndJoinWaits()
    {
        AsyncLoop loop;
        AsyncQueue<int> q(loop, 0, Discipline::Lifo);
        std::vector<int> got;
        QueueStatus last = QueueStatus::Ok;
        auto consumer = getN(q, 1, got, last);
        QVERIFY(!consumer.isReady()); // suspended on the empty queue
        bool joined = false;
        std::vector<QueueOp> ops;
        auto producer = putAll(q, {7, 8, 9}, ops);
        QVERIFY(producer.isReady()); // unbounded: put never suspends
        auto joiner = joinQueue(q, joined);
        QVERIFY(spinUntil([&] { return consumer.isReady(); }));
        QCOMPARE(got, std::vector<int>{7}); // handed straight to the waiting getter
        int v = 0;
        QCOMPARE(q.getNowait(v).status, QueueStatus::Ok);
        QCOMPARE(v, 9); // LIFO
        q.taskDone();
        q.taskDone();
        QCoreApplication::processEvents();
        QVERIFY(!joined);
        QCOMPARE(q.getNowait(v).status, QueueStatus::Ok);
        q.taskDone();
        QVERIFY(spinUntil([&] { return joined; }));
    }

    void asyncCloseResumesParkedCoroutines()
    {
        AsyncLoop loop;
        AsyncQueue<int> q(loop, 1);
        std::vector<QueueOp> ops;
        auto producer = putAll(q, {1, 2}, ops);
        AsyncQueue<int> empty(loop, 1);
        std::vector<int> got;
        QueueStatus last = QueueStatus::Ok;
        auto consumer = getN(empty, 1, got, last);
        q.close();
        empty.close();
        QVERIFY(spinUntil([&] { return producer.isReady() && consumer.isReady(); }));
        QCOMPARE(ops.back().status, QueueStatus::Closed);
        QCOMPARE(last, QueueStatus::Closed);
    }

    // The loop's sleep lasts its time (it may end up to 0.5 ms early: Qt timers count whole
    // milliseconds; a loaded machine may wake it late, so only a generous upper bound) and
    // cancel() wakes a sleeper at once.
    void asyncSleepIsOnTimeAndCancellable()
    {
        AsyncLoop loop;
        int64_t slept = 0;
        bool ok = false;
        auto t = sleeper(loop, 30ms, slept, ok);
        QVERIFY(spinUntil([&] { return t.isReady(); }));
        QVERIFY(ok);
        QVERIFY2(slept >= 29'400'000 && slept < 250'000'000, qPrintable(QString::number(slept / 1e6) + " ms"));

        int64_t slept2 = 0;
        bool ok2 = true;
        auto t2 = sleeper(loop, 10s, slept2, ok2);
        QTimer::singleShot(20, &loop, [&] { loop.cancel(); });
        QVERIFY(spinUntil([&] { return t2.isReady(); }, 3000));
        QVERIFY(!ok2);
        QVERIFY(slept2 < 1'000'000'000);
    }
};

QTEST_GUILESS_MAIN(TestPipelineQueues)
#include "test_pipeline_queues.moc"
