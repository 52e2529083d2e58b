// The shared-memory ring between the process pool and its workers (core/workers/shm_ring.h), on
// its own: bytes keep their order across many wrap-arounds, a full ring holds the writer back
// until the reader makes room, a sleeping reader is woken by the bell, and a waiter whose peer
// dies (a real process, killed with SIGKILL) or never answers comes back instead of hanging.
#include "workers/shm_ring.h"

#include <QTest>

#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <signal.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace looplab::workers;

namespace {

// One ring of `capacity` bytes in MAP_SHARED memory (what a forked child would share too), with
// its two bells.
struct TestRing {
    size_t capacity;
    void* mem = nullptr;
    int dataBell = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    int roomBell = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    explicit TestRing(size_t cap)
        : capacity(cap)
    {
        mem = ::mmap(nullptr, ShmRing::bytesFor(cap), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    }
    ~TestRing()
    {
        ::munmap(mem, ShmRing::bytesFor(capacity));
        ::close(dataBell);
        ::close(roomBell);
    }
    // Each side has its own view (its own local indices), as the pool and a worker have.
    ShmRing view() { return ShmRing(mem, capacity, dataBell, roomBell); }
};

char patternByte(uint64_t frame, size_t i)
{
    return char((frame * 131 + i * 7) & 0xff);
}

int64_t msSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

class TestShmRing : public QObject
{
    Q_OBJECT

private slots:
    void wrapAroundKeepsFramesIntact_data()
    {
        QTest::addColumn<int>("frameBytes");
        QTest::addColumn<bool>("spin");
        // Sizes that do not divide the 4 KiB ring, so frames straddle its end at every offset.
        QTest::newRow("tiny frames, blocking") << 13 << false;
        QTest::newRow("tiny frames, spinning") << 13 << true;
        QTest::newRow("frames of a third of the ring") << 1365 << false;
        QTest::newRow("frames of the whole ring") << 4096 << true;
    }
    void wrapAroundKeepsFramesIntact()
    {
        QFETCH(int, frameBytes);
        QFETCH(bool, spin);
        TestRing mem(4096);
        ShmRing writer = mem.view(), reader = mem.view();
        constexpr uint64_t kFrames = 5000;
        std::thread producer([&] {
            SpinBudget budget(spin ? 20'000 : 0);
            std::vector<char> buf(static_cast<size_t>(frameBytes));
            for (uint64_t f = 0; f < kFrames; ++f) {
                for (size_t i = 0; i < buf.size(); ++i)
                    buf[i] = patternByte(f, i);
                if (writer.waitWritable(buf.size(), spin ? &budget : nullptr, -1, 10'000) != ShmRing::Wait::Ready)
                    return;
                writer.put(buf.data(), buf.size());
                writer.publish();
            }
        });
        SpinBudget budget(spin ? 20'000 : 0);
        std::vector<char> got(static_cast<size_t>(frameBytes));
        uint64_t intact = 0;
        for (uint64_t f = 0; f < kFrames; ++f) {
            if (reader.waitReadable(got.size(), spin ? &budget : nullptr, -1, 10'000) != ShmRing::Wait::Ready)
                break;
            reader.get(got.data(), got.size());
            reader.release();
            bool same = true;
            for (size_t i = 0; i < got.size() && same; ++i)
                same = got[i] == patternByte(f, i);
            intact += same ? 1 : 0;
        }
        producer.join();
        // The ring wrapped at least ten times (the tiny frames), up to thousands.
        QVERIFY(kFrames * uint64_t(frameBytes) > 10 * 4096);
        QCOMPARE(intact, kFrames);
        QCOMPARE(reader.readable(), size_t(0));
    }

    void fullRingHoldsTheWriterBack()
    {
        TestRing mem(1024);
        ShmRing writer = mem.view(), reader = mem.view();
        std::vector<char> block(1024, 'x');
        writer.put(block.data(), block.size());
        writer.publish();
        QCOMPARE(writer.writable(), size_t(0));
        std::atomic<bool> returned{false};
        std::atomic<int> result{-1};
        std::thread blocked([&] {
            result = int(writer.waitWritable(100, nullptr, -1, 10'000));
            returned = true;
        });
        // The writer stays blocked while the ring is full...
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const bool heldBack = !returned.load();
        // ...and is woken by the reader's release through the room bell.
        std::vector<char> out(100);
        reader.get(out.data(), out.size());
        const auto released = std::chrono::steady_clock::now();
        reader.release();
        blocked.join();
        QVERIFY(heldBack);
        QCOMPARE(result.load(), int(ShmRing::Wait::Ready));
        QVERIFY2(msSince(released) < 5000, "the writer was not woken by the release");
        QCOMPARE(writer.writable(), size_t(100));
    }

    void sleepingReaderIsWokenByTheBell()
    {
        TestRing mem(4096);
        ShmRing writer = mem.view(), reader = mem.view();
        std::atomic<bool> rang{false};
        std::thread late([&] {
            // Long enough that the reader has gone to sleep in poll().
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const char byte = 42;
            writer.put(&byte, 1);
            rang = writer.publish();
        });
        const auto start = std::chrono::steady_clock::now();
        SpinBudget budget(1'000'000); // spins 1 ms, then sleeps
        const auto result = reader.waitReadable(1, &budget, -1, 10'000);
        const int64_t waited = msSince(start);
        late.join();
        QCOMPARE(int(result), int(ShmRing::Wait::Ready));
        QVERIFY2(rang.load(), "the writer did not see the reader asleep, so it did not ring");
        QVERIFY2(waited >= 90 && waited < 5000, qPrintable(QStringLiteral("waited %1 ms").arg(waited)));
        // The spin ran out once: the budget shrank (the adaptive part of spin-then-block).
        QVERIFY(budget.ns < budget.maxNs);
        char byte = 0;
        reader.get(&byte, 1);
        QCOMPARE(int(byte), 42);
    }

    void waiterWhosePeerDiesComesBack_data()
    {
        QTest::addColumn<bool>("reading");
        QTest::addColumn<bool>("kill");
        QTest::newRow("reader, writer killed") << true << true;
        QTest::newRow("writer on a full ring, reader killed") << false << true;
        QTest::newRow("reader, writer alive but silent: times out") << true << false;
    }
    void waiterWhosePeerDiesComesBack()
    {
        QFETCH(bool, reading);
        QFETCH(bool, kill);
        TestRing mem(1024);
        ShmRing ring = mem.view();
        if (!reading) {
            std::vector<char> block(1024, 'x');
            ring.put(block.data(), block.size());
            ring.publish();
        }
        int sv[2];
        QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
        // The peer: a real process holding the other end of the socket, as a worker does.
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(sv[0]);
            for (;;)
                ::pause();
        }
        ::close(sv[1]);
        std::thread killer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (kill)
                ::kill(child, SIGKILL);
        });
        const auto start = std::chrono::steady_clock::now();
        const int timeoutMs = kill ? 20'000 : 300;
        const auto result = reading ? ring.waitReadable(1, nullptr, sv[0], timeoutMs)
                                    : ring.waitWritable(1, nullptr, sv[0], timeoutMs);
        const int64_t waited = msSince(start);
        killer.join();
        if (!kill)
            ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        ::close(sv[0]);
        if (kill) {
            QCOMPARE(int(result), int(ShmRing::Wait::PeerGone));
            QVERIFY2(waited < 10'000, qPrintable(QStringLiteral("waited %1 ms for a dead peer").arg(waited)));
        } else {
            QCOMPARE(int(result), int(ShmRing::Wait::TimedOut));
            QVERIFY2(waited >= 290, qPrintable(QStringLiteral("came back after %1 ms").arg(waited)));
        }
    }
};

QTEST_GUILESS_MAIN(TestShmRing)
#include "test_shm_ring.moc"
