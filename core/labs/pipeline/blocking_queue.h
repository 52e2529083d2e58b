#pragma once
// The teaching queue of `threads` mode: Python's queue.Queue rebuilt the way CPython builds it —
// one mutex, a `not_empty` and a `not_full` condition and an `all_tasks_done` condition with an
// unfinished-task count — so that what the window shows (a producer blocked on a full queue, a
// consumer blocked on an empty one, the main thread blocked in join()) is the real blocking of
// real threads on this code, not an animation.
//
//   put(item)    blocks while the queue holds `maxsize` items (maxsize 0: never full)
//   get(out)     blocks while the queue is empty
//   taskDone()   one get()-ed item is finished; join() returns when every put item was
//   join()       blocks until every item put so far has been task_done()-ed
//   close()      like Python 3.13's Queue.shutdown(immediate=True): every blocked or later call
//                returns Closed at once (how the lab ends its threads when a run stops)
//
// An observer sees the moment a call has to wait and the moment it stops waiting (called with
// the lock held, so the two marks bracket the real wait); the lab records lane states there.
// Notification is done after unlocking, and only when someone waits that was not signalled yet
// (CPython's notify() is a no-op without waiters too), so the uncontended path is one
// lock/unlock.
//
// A caller that has to wait does not go to sleep on the condition at once (see waitWhile): it
// spins for about a microsecond (not reported: too short to matter to the lesson), then, reported
// as blocked, spins on while the other side is visibly at work on another core, and only then
// sleeps. When a bounded queue hovers at full, a sleep and a wake-up through the kernel (several
// µs on each side) per batch of items would cost more than the items themselves: with maxsize
// 100 the queue used to swing between full and empty, each side sleeping once per ~70 items.
#include "item_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

namespace looplab::pipeline {

inline void cpuRelax() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

enum class QueueStatus : uint8_t { Ok, Full, Empty, Closed };

struct QueueOp {
    QueueStatus status = QueueStatus::Ok;
    size_t size = 0; // items in the queue right after the call (under the lock)
    bool waited = false; // the call had to block
};

struct NoQueueObserver {
    void blocked() noexcept { }
    void unblocked() noexcept { }
};

template <typename T, typename PriorityOf = MemberPriority> class BlockingQueue
{
public:
    explicit BlockingQueue(size_t maxsize = 0, Discipline d = Discipline::Fifo)
        : m_maxsize(maxsize)
        , m_store(d, maxsize ? maxsize : 64)
    { }
    BlockingQueue(const BlockingQueue&) = delete;
    BlockingQueue& operator=(const BlockingQueue&) = delete;

    size_t maxsize() const noexcept { return m_maxsize; }
    Discipline discipline() const noexcept { return m_store.discipline(); }

    template <typename Obs = NoQueueObserver> QueueOp put(T item, Obs&& obs = Obs{})
    {
        QueueOp op;
        auto lock = lockSpinning();
        if (isFull() && !m_closed)
            waitWhile(lock, op, obs, m_notFull, m_putWaiters, m_putSignalled, m_getSignalled,
                [this](size_t size, size_t room) { return m_maxsize > 0 && size + room > m_maxsize; });
        if (m_closed) {
            op.status = QueueStatus::Closed;
            op.size = m_store.size();
            return op;
        }
        pushLocked(std::move(item), lock, op);
        return op;
    }

    // put(item, block=False): Full instead of waiting.
    QueueOp putNowait(T item)
    {
        QueueOp op;
        auto lock = lockSpinning();
        op.size = m_store.size();
        if (m_closed) {
            op.status = QueueStatus::Closed;
            return op;
        }
        if (isFull()) {
            op.status = QueueStatus::Full;
            return op;
        }
        pushLocked(std::move(item), lock, op);
        return op;
    }

    template <typename Obs = NoQueueObserver> QueueOp get(T& out, Obs&& obs = Obs{})
    {
        QueueOp op;
        auto lock = lockSpinning();
        if (m_store.empty() && !m_closed)
            waitWhile(lock, op, obs, m_notEmpty, m_getWaiters, m_getSignalled, m_putSignalled,
                [](size_t size, size_t) { return size == 0; });
        if (m_closed) {
            op.status = QueueStatus::Closed;
            op.size = m_store.size();
            return op;
        }
        popLocked(out, lock, op);
        return op;
    }

    // get(block=False): Empty instead of waiting.
    QueueOp getNowait(T& out)
    {
        QueueOp op;
        auto lock = lockSpinning();
        if (m_closed || m_store.empty()) {
            op.status = m_closed ? QueueStatus::Closed : QueueStatus::Empty;
            op.size = m_store.size();
            return op;
        }
        popLocked(out, lock, op);
        return op;
    }

    void taskDone()
    {
        auto lock = lockSpinning();
        if (m_unfinished == 0)
            throw std::logic_error("task_done() called too many times");
        if (--m_unfinished == 0)
            m_allTasksDone.notify_all();
    }

    // Ok when every item put so far was task_done()-ed; Closed when the queue was closed first.
    template <typename Obs = NoQueueObserver> QueueStatus join(Obs&& obs = Obs{})
    {
        std::unique_lock lock(m_mutex);
        if (m_unfinished > 0 && !m_closed) {
            obs.blocked();
            do
                m_allTasksDone.wait(lock);
            while (m_unfinished > 0 && !m_closed);
            obs.unblocked();
        }
        return m_closed ? QueueStatus::Closed : QueueStatus::Ok;
    }

    void close()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
            m_closedFlag.store(true, std::memory_order_relaxed);
        }
        m_notEmpty.notify_all();
        m_notFull.notify_all();
        m_allTasksDone.notify_all();
    }

    size_t qsize() const
    {
        std::lock_guard lock(m_mutex);
        return m_store.size();
    }
    size_t unfinishedTasks() const
    {
        std::lock_guard lock(m_mutex);
        return m_unfinished;
    }
    bool isClosed() const
    {
        std::lock_guard lock(m_mutex);
        return m_closed;
    }
    template <typename Fn> void forEach(Fn&& fn) const
    {
        std::lock_guard lock(m_mutex);
        m_store.forEach(fn);
    }

private:
    bool isFull() const noexcept { return m_maxsize > 0 && m_store.size() >= m_maxsize; }

    // The critical sections are a few dozen ns, so a caller that finds the lock taken retries
    // for a moment before std::mutex's futex sleep (glibc's default mutex sleeps at the first
    // failed attempt, and the holder then pays a futex wake on unlock: two syscalls per clash
    // when a producer and a consumer work the queue at the same time).
    std::unique_lock<std::mutex> lockSpinning() const
    {
        std::unique_lock lock(m_mutex, std::defer_lock);
        relock(lock);
        return lock;
    }
    static void relock(std::unique_lock<std::mutex>& lock)
    {
        // Exponential back-off between attempts (1, 2, 4 ... 512 pauses, ~20 µs in all): a
        // retry at every pause made the two sides' compare-and-swaps fight over the lock's cache
        // line, which cost more than the critical section (2.5x the time per pair, measured).
        for (int i = 0, pauses = 1; i < 10; ++i, pauses *= 2) {
            if (lock.try_lock())
                return;
            for (int p = 0; p < pauses; ++p)
                cpuRelax();
        }
        lock.lock();
    }

    // How many free slots a putter waits for in its first, unreported spin: when it waits for
    // one slot at a time it takes the lock once per get, in lock step with the consumer, and the
    // two fight over the lock and its cache line on every item. Waiting for a few (never past
    // the short spin, so a put with room is delayed by at most that) lets each side run a batch.
    size_t spinRoom() const noexcept { return std::clamp<size_t>(m_maxsize / 4, 1, 32); }

    // The wait of a put on a full queue or a get on an empty one (called with the lock held and
    // the wait needed; returns with the lock held and the wait over or the queue closed):
    //   1. a short spin (lock released, ~1 µs), not reported: usually the other side is running
    //      and makes room or puts an item within that time;
    //   2. reported as blocked from here on: spin on while the size keeps moving, i.e. while the
    //      other side is at work on another core right now (up to kLongSpin): a futex sleep and
    //      wake-up costs several µs on each side, and a bounded queue that swings between full
    //      and empty would otherwise put both sides to sleep once per batch;
    //   3. sleep on the condition, woken by the other side only when someone sleeps.
    // `waitFor(size, room)` is the wait condition: the call must wait while it holds.
    template <typename Obs, typename WaitFor>
    void waitWhile(std::unique_lock<std::mutex>& lock, QueueOp& op, Obs& obs, std::condition_variable& cv, int& waiters,
        std::atomic<int>& signalled, const std::atomic<int>& otherSignalled, WaitFor waitFor)
    {
        const auto mustWait = [&] { return waitFor(m_store.size(), 1) && !m_closed; };
        lock.unlock();
        spin(waitFor, spinRoom(), otherSignalled, kShortSpin);
        relock(lock);
        if (!mustWait())
            return;
        op.waited = true;
        obs.blocked();
        lock.unlock();
        spin(waitFor, 1, otherSignalled, kLongSpin);
        relock(lock);
        if (mustWait()) {
            ++waiters;
            do {
                cv.wait(lock);
                if (signalled.load(std::memory_order_relaxed) > 0)
                    signalled.fetch_sub(1, std::memory_order_relaxed);
            } while (mustWait());
            --waiters;
        }
        obs.unblocked();
    }

    static constexpr std::chrono::nanoseconds kShortSpin{1000};
    static constexpr std::chrono::nanoseconds kLongSpin{50'000};
    // The other side counts as idle when the size has not moved for this long while we spun.
    static constexpr std::chrono::nanoseconds kIdle{2000};
    static constexpr int kMaxYields = 16;

    // Spin (lock released) while waitFor(size, room) holds, until the queue is closed, `budget`
    // is spent or the size has not moved for kIdle. An idle other side that was just woken (a
    // signal it has not consumed yet) may be waiting for our core: it is given the core with
    // sched_yield (a few times) rather than spun for, and when both sides share one core (a
    // 2-core laptop running other work) it then runs its whole batch in our place.
    template <typename WaitFor>
    void spin(WaitFor waitFor, size_t room, const std::atomic<int>& otherSignalled,
        std::chrono::nanoseconds budget) const noexcept
    {
        const auto start = std::chrono::steady_clock::now();
        auto lastMove = start;
        size_t last = m_size.load(std::memory_order_relaxed);
        int yields = 0;
        for (int i = 1;; ++i) {
            const size_t size = m_size.load(std::memory_order_relaxed);
            if (!waitFor(size, room) || m_closedFlag.load(std::memory_order_relaxed))
                return;
            cpuRelax();
            if ((i & 15) != 0)
                continue;
            const auto now = std::chrono::steady_clock::now();
            if (size != last) {
                last = size;
                lastMove = now;
            }
            if (now - start >= budget)
                return;
            if (now - lastMove >= kIdle) {
                if (yields == kMaxYields || otherSignalled.load(std::memory_order_relaxed) == 0)
                    return;
                ++yields;
                std::this_thread::yield();
            }
        }
    }

    void pushLocked(T&& item, std::unique_lock<std::mutex>& lock, QueueOp& op)
    {
        m_store.push(std::move(item));
        ++m_unfinished;
        op.size = m_store.size();
        m_size.store(op.size, std::memory_order_relaxed);
        const bool wake = m_getWaiters > m_getSignalled.load(std::memory_order_relaxed);
        if (wake)
            m_getSignalled.fetch_add(1, std::memory_order_relaxed);
        lock.unlock();
        if (wake)
            m_notEmpty.notify_one();
    }

    void popLocked(T& out, std::unique_lock<std::mutex>& lock, QueueOp& op)
    {
        out = m_store.pop();
        op.size = m_store.size();
        m_size.store(op.size, std::memory_order_relaxed);
        const bool wake = m_putWaiters > m_putSignalled.load(std::memory_order_relaxed);
        if (wake)
            m_putSignalled.fetch_add(1, std::memory_order_relaxed);
        lock.unlock();
        if (wake)
            m_notFull.notify_one();
    }

    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::condition_variable m_allTasksDone;
    const size_t m_maxsize;
    ItemStore<T, PriorityOf> m_store;
    size_t m_unfinished = 0;
    int m_getWaiters = 0;
    int m_putWaiters = 0;
    // Signals sent and not yet consumed by a waking waiter: a waiter that was signalled but has
    // not run yet is not signalled again by every following get/put (a consumer draining a full
    // queue would otherwise signal on each of its gets until the producer gets a CPU). Written
    // under the lock; atomic because a spinning caller of the other side reads them.
    std::atomic<int> m_getSignalled{0};
    std::atomic<int> m_putSignalled{0};
    bool m_closed = false;
    // Mirrors of m_store.size() and m_closed for the spinning callers (written under the lock).
    std::atomic<size_t> m_size{0};
    std::atomic<bool> m_closedFlag{false};
};

} // namespace looplab::pipeline
