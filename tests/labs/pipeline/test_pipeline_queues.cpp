// The teaching queues on their own: that put really blocks on a full queue and get on an empty
// one (threads really wait on the condition), that the orders are Python's, that task_done/join
// and close behave as the course says. async mode's queue is core/aio's asyncio.Queue (tested in
// tests/aio); here only what the pipeline adds to it: its ItemStore orders, parked putters
// included.
#include "aio/loop.h"
#include "aio/queue.h"
#include "labs/pipeline/blocking_queue.h"

#include <QCoro/QCoroTask>
#include <QEventLoop>
#include <QTest>

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

using AsyncQueue = looplab::aio::Queue<int, ItemStore<int>>;

QCoro::Task<> putAll(AsyncQueue& q, std::vector<int> items, std::vector<looplab::aio::QueueOp>& ops)
{
    for (int v : items)
        ops.push_back(co_await q.put(v));
}

QCoro::Task<> getN(AsyncQueue& q, int n, std::vector<int>& out)
{
    for (int i = 0; i < n; ++i) {
        auto r = co_await q.get();
        if (!r.ok())
            co_return;
        out.push_back(r.value);
    }
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
        std::thread b([&] {
            int v;
            getStatus = empty.get(v).status;
        });
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

    // A putter on a full queue spins for a few free slots before it takes the lock (so that
    // the two sides do not work the lock in lock step), but never for more than a moment: when
    // one get frees one slot and no more come, the put takes that slot, reported as a wait.
    void putTakesTheOnlyFreeSlot_data()
    {
        QTest::addColumn<int>("maxsize");
        QTest::addColumn<int>("discipline");
        QTest::newRow("maxsize 1") << 1 << int(Discipline::Fifo);
        QTest::newRow("maxsize 4") << 4 << int(Discipline::Fifo);
        QTest::newRow("maxsize 100") << 100 << int(Discipline::Fifo);
        QTest::newRow("maxsize 100, lifo") << 100 << int(Discipline::Lifo);
        QTest::newRow("maxsize 100, priority") << 100 << int(Discipline::Priority);
    }
    void putTakesTheOnlyFreeSlot()
    {
        QFETCH(int, maxsize);
        QFETCH(int, discipline);
        BlockingQueue<int> q{size_t(maxsize), Discipline(discipline)};
        for (int i = 0; i < maxsize; ++i)
            QCOMPARE(q.putNowait(i).status, QueueStatus::Ok);
        std::atomic<int> blocked{0}, unblocked{0};
        std::atomic<bool> returned{false};
        QueueOp op;
        std::thread producer([&] {
            op = q.put(maxsize, CountingObserver{&blocked, &unblocked});
            returned = true;
        });
        QTRY_COMPARE_WITH_TIMEOUT(blocked.load(), 1, 2000);
        int v = -1;
        QCOMPARE(q.get(v).status, QueueStatus::Ok);
        QTRY_VERIFY_WITH_TIMEOUT(returned.load(), 2000);
        producer.join();
        QCOMPARE(op.status, QueueStatus::Ok);
        QVERIFY(op.waited);
        QCOMPARE(op.size, size_t(maxsize));
        QCOMPARE(unblocked.load(), 1);
        QCOMPARE(q.qsize(), size_t(maxsize));
    }

    // One producer and one consumer at full speed through a bounded queue (where both sides
    // spin and sleep in turn): every item arrives once and in order, and every call that
    // reported a wait reported its end too, on both sides.
    void boundedHandoffKeepsOrder_data()
    {
        QTest::addColumn<int>("maxsize");
        QTest::newRow("maxsize 1") << 1;
        QTest::newRow("maxsize 2") << 2;
        QTest::newRow("maxsize 100") << 100;
    }
    void boundedHandoffKeepsOrder()
    {
        QFETCH(int, maxsize);
        constexpr int kItems = 50'000;
        BlockingQueue<int> q{size_t(maxsize)};
        std::atomic<int> putBlocks{0}, putWakes{0}, getBlocks{0}, getWakes{0};
        int putWaited = 0;
        std::thread producer([&] {
            for (int i = 0; i < kItems; ++i)
                putWaited += q.put(i, CountingObserver{&putBlocks, &putWakes}).waited;
        });
        int getWaited = 0, outOfOrder = 0, next = 0;
        for (int i = 0; i < kItems; ++i) {
            int v = -1;
            const QueueOp op = q.get(v, CountingObserver{&getBlocks, &getWakes});
            getWaited += op.waited;
            if (op.size > size_t(maxsize))
                ++outOfOrder;
            if (v != next++)
                ++outOfOrder;
        }
        producer.join();
        QCOMPARE(outOfOrder, 0);
        QCOMPARE(q.qsize(), size_t(0));
        QCOMPARE(q.unfinishedTasks(), size_t(kItems));
        QCOMPARE(putBlocks.load(), putWaited);
        QCOMPARE(putWakes.load(), putWaited);
        QCOMPARE(getBlocks.load(), getWaited);
        QCOMPARE(getWakes.load(), getWaited);
    }

    // async mode's asyncio.Queue / LifoQueue / PriorityQueue: aio::Queue over the lab's
    // ItemStore. maxsize 2, put 3, 1, 2: the third put suspends; each get frees a slot and the
    // parked item enters the store then, taking its place in the stage's order.
    void asyncOrderWithAParkedPutter_data()
    {
        QTest::addColumn<int>("discipline");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("fifo") << int(Discipline::Fifo) << QList<int>{3, 1, 2};
        QTest::newRow("lifo") << int(Discipline::Lifo) << QList<int>{1, 2, 3};
        QTest::newRow("priority") << int(Discipline::Priority) << QList<int>{1, 2, 3};
    }
    void asyncOrderWithAParkedPutter()
    {
        QFETCH(int, discipline);
        QFETCH(QList<int>, expected);
        looplab::aio::Loop loop;
        AsyncQueue q(loop, 2, ItemStore<int>(Discipline(discipline), 2));
        std::vector<looplab::aio::QueueOp> ops;
        auto producer = putAll(q, {3, 1, 2}, ops);
        QCOMPARE(ops.size(), size_t(2));
        QCOMPARE(q.puttersWaiting(), size_t(1)); // the third put is parked
        std::vector<int> got;
        auto consumer = getN(q, 3, got);
        QVERIFY(spinUntil([&] { return producer.isReady() && consumer.isReady(); }));
        QCOMPARE(QList<int>(got.begin(), got.end()), expected);
        QVERIFY(ops[2].waited);
        QVERIFY(!ops[0].waited);
        QCOMPARE(q.unfinishedTasks(), size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestPipelineQueues)
#include "test_pipeline_queues.moc"
