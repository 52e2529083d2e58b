#pragma once
// A single-producer single-consumer byte ring in shared memory (a memfd mapped by the pool and by
// one worker), one each way per worker: a small frame then costs two memcpy and, only when the
// other side is asleep, one eventfd write, instead of a socket send + recv and a wake-up each.
//
// Spin-then-block: a waiter polls the ring for a short while (the next frame of a strict round
// trip is microseconds away), then raises its "sleeping" flag and blocks in poll() on an eventfd
// that the other side writes only when it sees that flag. The flag and the index are published
// with seq_cst on both sides (a Dekker handshake), so a wake-up cannot be lost. The flag is a set
// of bits, one per kind of sleeper: the pool's I/O thread and a caller that reads its own reply
// (ProcessPool::call) take turns reading one reply ring, and one must not lower the other's bit.
// The waiter also watches the worker's socket: a peer that dies while the other waits is seen as
// a hang-up there, never as an endless wait. Plain C++ (no Qt): the worker links it too.
#include "frame.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace looplab::workers {

// How long to spin before blocking, adapted like an adaptive mutex's: a spin that found its frame
// lets the next one be longer, one that ran out quarters it, and a blocking wait that turned out
// shorter than the maximum raises it again (spinning would have caught that frame) — to the
// maximum after a hit, to half of it after one miss, a quarter after two, and so on. A round trip
// is fast only while both sides spin, so a budget that never again covers the slow one after an
// idle spell stays slow for good (growing back a microsecond at a time: measured, 138 126 of
// 138 130 calls blocked); one that always returns to the maximum pays a whole spin per call when
// spinning cannot work — on a crowded machine (another process on the other core, more runnable
// threads than cores) the spinner only keeps the core from the very thread it waits for.
struct SpinBudget {
    int64_t maxNs = 0;
    int64_t ns = 0;
    int misses = 0; // in a row
    explicit SpinBudget(int64_t max = 0)
        : maxNs(max)
        , ns(max)
    { }
    void hit()
    {
        ns = std::min(maxNs, ns + ns / 2 + 1000);
        misses = 0;
    }
    void miss()
    {
        ns /= 4;
        ++misses;
    }
    void blocked(int64_t waitedNs)
    {
        if (waitedNs < maxNs)
            ns = std::max(ns, maxNs >> std::min(misses, 16));
    }
};

// LOOPLAB_POOL_SPIN_US in ns when set (0: always block), else `defaultUs` in ns. Read by the pool
// and by the worker, which inherits the environment.
int64_t spinBudgetNs(long defaultUs);

// Polls `ready` (with pause instructions) for up to spin->ns from `start`, adapting the budget.
bool spinFor(const std::function<bool()>& ready, SpinBudget* spin, int64_t start);

class ShmRing
{
public:
    // The control block at the start of the ring's memory, then `capacity` bytes of data.
    struct Control {
        alignas(64) std::atomic<uint64_t> head{0}; // bytes ever written (producer's)
        std::atomic<uint32_t> readerSleeping{0};
        alignas(64) std::atomic<uint64_t> tail{0}; // bytes ever read (consumer's)
        std::atomic<uint32_t> writerSleeping{0};
    };
    static constexpr size_t bytesFor(size_t capacity) { return sizeof(Control) + capacity; }
    // Bits of readerSleeping/writerSleeping: whoever usually waits, and a ProcessPool::call() caller.
    static constexpr uint32_t kSleeper = 1;
    static constexpr uint32_t kCallerSleeper = 2;

    ShmRing() = default;
    // `memory`: bytesFor(capacity) bytes, zeroed by whoever created them. `capacity`: a power of
    // two. `dataBell` is written when data arrives for a sleeping reader, `roomBell` when room
    // appears for a sleeping writer (non-blocking eventfds; -1: the waiter polls every millisecond).
    ShmRing(void* memory, size_t capacity, int dataBell, int roomBell);

    size_t capacity() const { return m_capacity; }
    size_t readable() const;
    size_t writable() const;

    // Producer: copy `n` bytes in (needs writable() >= n), visible to the reader on publish().
    void put(const void* data, size_t n);
    // Publishes what put() wrote and rings the reader if it sleeps (then true: the woken reader
    // may be placed on our core, so we had better not spin now).
    bool publish();
    // Consumer: copy `n` bytes out (needs readable() >= n); the room is given back on release().
    void get(void* out, size_t n);
    void release();

    enum class Wait { Ready, PeerGone, TimedOut };
    // Spins as long as `spin` allows (nullptr: not at all) and adapts it, then blocks until `bytes` can be read
    // (written), the socket `watchFd` hangs up or errs (-1: none), or `timeoutMs` passes (-1: no limit).
    // `sleeper`: the bit this waiter raises while it blocks.
    Wait waitReadable(size_t bytes, SpinBudget* spin, int watchFd, int timeoutMs, uint32_t sleeper = kSleeper);
    Wait waitWritable(size_t bytes, SpinBudget* spin, int watchFd, int timeoutMs);

    // For a reader that sleeps in its own epoll (the pool's I/O thread): raise its bit; false
    // (bit lowered again) when data is already there and it must not sleep.
    bool prepareToSleep();
    void wokeUp(); // lowers its bit
    void drainBell(); // after the data bell fired
    int dataBell() const { return m_dataBell; }

private:
    Wait waitFor(bool reading, size_t bytes, SpinBudget* spin, int watchFd, int timeoutMs, uint32_t sleeper);

    Control* m_ctl = nullptr;
    char* m_data = nullptr;
    size_t m_capacity = 0;
    int m_dataBell = -1;
    int m_roomBell = -1;
    uint64_t m_localHead = 0; // producer: written, not yet published
    // Consumer: read, not yet released. Atomic (relaxed) because the pool's I/O thread may glance
    // at readable() of a reply ring that a call() caller reads; the hand-over itself is ordered
    // by ProcessPool's reader flag and mutex.
    struct RelaxedCounter {
        std::atomic<uint64_t> v{0};
        RelaxedCounter() = default;
        RelaxedCounter(const RelaxedCounter& o)
            : v(o.get())
        { }
        RelaxedCounter& operator=(const RelaxedCounter& o)
        {
            set(o.get());
            return *this;
        }
        uint64_t get() const { return v.load(std::memory_order_relaxed); }
        void set(uint64_t x) { v.store(x, std::memory_order_relaxed); }
    } m_localTail;
};

// Frames through a ring (see frame::kRingInlineMax): the bytes putFrame() needs writable(), and
// putFrame() itself (not yet published); it returns false when the payload must follow on the
// socket, to be written after publish() so that the reader finds the header first.
size_t ringFrameBytes(uint32_t payloadBytes);
bool putFrame(ShmRing& ring, frame::Header h, const char* payload, uint32_t payloadBytes);

// Two rings (pool -> worker requests, worker -> pool replies) in one memfd, with their four
// eventfds: what the pool creates per worker and hands to it as fds 3..7.
struct ShmChannel {
    static constexpr size_t kCapacity = 256 * 1024; // per direction
    // How long the pool's I/O thread (while replies are due) and an idle worker may poll their
    // ring before they block (LOOPLAB_POOL_SPIN_US sets it). 0: always block. Measured on the
    // shared 2-core VM (load 8-13 from other builds) every spin budget tried (10, 20, 50 us,
    // adaptive or not) made the strict round trip slower, not faster: a spinner keeps a core
    // from the thread it waits for when there are more runnable threads than cores. On a quiet
    // machine with a core to spare, try LOOPLAB_POOL_SPIN_US=20.
    static constexpr long kDefaultSpinUs = 0;
    // A ProcessPool::call() caller waiting for its own reply, and a worker that has just answered,
    // spin this long at most before blocking (adaptively: SpinBudget), unless LOOPLAB_POOL_SPIN_US
    // says otherwise. Only two threads then spin, one per core, for a frame due in microseconds;
    // when the budget keeps running out it decays to blocking. 100 us: on this 2-core VM waking a
    // thread on the other core takes ~55 us, so a shorter spin misses the first round trip after
    // a sleep and the pair never reaches the fast state where both spin.
    static constexpr long kCallSpinUs = 100;
    static constexpr int kFirstChildFd = 3; // memfd, request data/room bells, reply data/room bells
    int memfd = -1;
    int bells[4] = {-1, -1, -1, -1};
    void* base = nullptr;
    ShmRing requests;
    ShmRing replies;

    bool create(); // in the pool
    bool attachChildFds(); // in the worker, from fds 3..7
    void close();
    ShmChannel() = default;
    ShmChannel(const ShmChannel&) = delete;
    ShmChannel& operator=(const ShmChannel&) = delete;
    ~ShmChannel() { close(); }

private:
    bool map();
};

} // namespace looplab::workers
