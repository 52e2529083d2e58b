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
// Before going to sleep on a condition, a caller spins for about a microsecond watching the size
// (like glibc's adaptive mutexes): when the other side is running, a slot or an item usually
// appears within that time, and the sleep/wake round trip through the kernel (several µs, and
// one per item when a bounded queue hovers at full) is avoided. Such a wait is too short to
// matter to the lesson and is not reported as blocked; every longer wait is, from its start.
#include "item_store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stdexcept>
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
    size_t size = 0;     // items in the queue right after the call (under the lock)
    bool waited = false; // the call had to block
};

struct NoQueueObserver {
    void blocked() noexcept { }
    void unblocked() noexcept { }
};

template<typename T, typename PriorityOf = MemberPriority>
class BlockingQueue
{
public:
    explicit BlockingQueue(size_t maxsize = 0, Discipline d = Discipline::Fifo)
        : m_maxsize(maxsize), m_store(d, maxsize ? maxsize : 64)
    {
    }
    BlockingQueue(const BlockingQueue&) = delete;
    BlockingQueue& operator=(const BlockingQueue&) = delete;

    size_t maxsize() const noexcept { return m_maxsize; }
    Discipline discipline() const noexcept { return m_store.discipline(); }

    template<typename Obs = NoQueueObserver>
    QueueOp put(T item, Obs&& obs = Obs{})
    {
        QueueOp op;
        std::unique_lock lock(m_mutex);
        if (isFull() && !m_closed) {
            lock.unlock();
            spinWhile([this] { return m_size.load(std::memory_order_relaxed) >= m_maxsize; });
            lock.lock();
        }
        if (isFull() && !m_closed) {
            op.waited = true;
            obs.blocked();
            ++m_putWaiters;
            do {
                m_notFull.wait(lock);
                if (m_putSignalled > 0)
                    --m_putSignalled;
            } while (isFull() && !m_closed);
            --m_putWaiters;
            obs.unblocked();
        }
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
        std::unique_lock lock(m_mutex);
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

    template<typename Obs = NoQueueObserver>
    QueueOp get(T& out, Obs&& obs = Obs{})
    {
        QueueOp op;
        std::unique_lock lock(m_mutex);
        if (m_store.empty() && !m_closed) {
            lock.unlock();
            spinWhile([this] { return m_size.load(std::memory_order_relaxed) == 0; });
            lock.lock();
        }
        if (m_store.empty() && !m_closed) {
            op.waited = true;
            obs.blocked();
            ++m_getWaiters;
            do {
                m_notEmpty.wait(lock);
                if (m_getSignalled > 0)
                    --m_getSignalled;
            } while (m_store.empty() && !m_closed);
            --m_getWaiters;
            obs.unblocked();
        }
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
        std::unique_lock lock(m_mutex);
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
        std::lock_guard lock(m_mutex);
        if (m_unfinished == 0)
            throw std::logic_error("task_done() called too many times");
        if (--m_unfinished == 0)
            m_allTasksDone.notify_all();
    }

    // Ok when every item put so far was task_done()-ed; Closed when the queue was closed first.
    template<typename Obs = NoQueueObserver>
    QueueStatus join(Obs&& obs = Obs{})
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
    template<typename Fn>
    void forEach(Fn&& fn) const
    {
        std::lock_guard lock(m_mutex);
        m_store.forEach(fn);
    }

private:
    bool isFull() const noexcept { return m_maxsize > 0 && m_store.size() >= m_maxsize; }

    // Spin (lock released) while `cond` holds, for at most ~1 µs or until the queue is closed.
    template<typename Cond>
    void spinWhile(Cond cond) const noexcept
    {
        constexpr auto kSpin = std::chrono::nanoseconds(1000);
        const auto until = std::chrono::steady_clock::now() + kSpin;
        for (int i = 1; cond() && !m_closedFlag.load(std::memory_order_relaxed); ++i) {
            cpuRelax();
            if ((i & 15) == 0 && std::chrono::steady_clock::now() >= until)
                return;
        }
    }

    void pushLocked(T&& item, std::unique_lock<std::mutex>& lock, QueueOp& op)
    {
        m_store.push(std::move(item));
        ++m_unfinished;
        op.size = m_store.size();
        m_size.store(op.size, std::memory_order_relaxed);
        const bool wake = m_getWaiters > m_getSignalled;
        if (wake)
            ++m_getSignalled;
        lock.unlock();
        if (wake)
            m_notEmpty.notify_one();
    }

    void popLocked(T& out, std::unique_lock<std::mutex>& lock, QueueOp& op)
    {
        out = m_store.pop();
        op.size = m_store.size();
        m_size.store(op.size, std::memory_order_relaxed);
        const bool wake = m_putWaiters > m_putSignalled;
        if (wake)
            ++m_putSignalled;
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
    // queue would otherwise signal on each of its gets until the producer gets a CPU).
    int m_getSignalled = 0;
    int m_putSignalled = 0;
    bool m_closed = false;
    // Mirrors of m_store.size() and m_closed for the spinning callers (written under the lock).
    std::atomic<size_t> m_size{0};
    std::atomic<bool> m_closedFlag{false};
};

} // namespace looplab::pipeline
