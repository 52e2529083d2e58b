#pragma once
// threading's primitives as Lib/threading.py builds them (RLock, Event, Semaphore and here Lock
// too, each a state under one mutex and a condition), each with a timed try: a waiter looks at the lab's stop flag
// between slices, so stop() ends any wait, a deadlock's included. No GIL here: PoolLab::blockOn drops it around the
// waits, as CPython does around any blocking acquire.
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace looplab::labs::pool {

using WaitSlice = std::chrono::nanoseconds;

// threading.RLock: held by one thread; its holder takes it again without blocking (a count), and
// only the last release() lets another thread in. A plain Lock taken twice by one thread waits
// for itself for ever.
class RLock
{
public:
    // True when `thread` holds it now (once more if it already did); false when another thread
    // still held it after `wait`.
    bool tryAcquire(int thread, WaitSlice wait)
    {
        std::unique_lock lock(m_mutex);
        if (m_owner == thread) {
            ++m_count;
            return true;
        }
        if (!m_free.wait_for(lock, wait, [this] { return m_owner < 0; }))
            return false;
        m_owner = thread;
        m_count = 1;
        return true;
    }
    // The holder's count now (0 when it does not hold it).
    int countOf(int thread)
    {
        std::lock_guard lock(m_mutex);
        return m_owner == thread ? m_count : 0;
    }
    void release()
    {
        std::lock_guard lock(m_mutex);
        if (--m_count == 0) {
            m_owner = -1;
            m_free.notify_one();
        }
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_free;
    int m_owner = -1;
    int m_count = 0;
};

// threading.Event: wait() returns once set() was called; set() wakes every waiter at once.
class Event
{
public:
    bool wait(WaitSlice wait)
    {
        std::unique_lock lock(m_mutex);
        return m_set.wait_for(lock, wait, [this] { return m_flag; });
    }
    void set()
    {
        std::lock_guard lock(m_mutex);
        m_flag = true;
        m_set.notify_all();
    }
    bool isSet()
    {
        std::lock_guard lock(m_mutex);
        return m_flag;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_set;
    bool m_flag = false;
};

// threading.Semaphore(k): a counter under a condition; acquire() waits while it is 0.
class Semaphore
{
public:
    explicit Semaphore(int value)
        : m_value(value)
    { }
    bool tryAcquire(WaitSlice wait)
    {
        std::unique_lock lock(m_mutex);
        if (!m_positive.wait_for(lock, wait, [this] { return m_value > 0; }))
            return false;
        --m_value;
        return true;
    }
    void release()
    {
        std::lock_guard lock(m_mutex);
        ++m_value;
        m_positive.notify_one();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_positive;
    int m_value;
};

// threading.Lock with acquire(timeout): a Semaphore(1) (a flag under a mutex and a condition;
// not std::timed_mutex, whose timed lock, pthread_mutex_clocklock, ThreadSanitizer does not see,
// so every access the lock protects would read as a race). Lockable, so std::unique_lock and
// std::condition_variable_any take it: threading.Condition's lock.
class Lock : public Semaphore
{
public:
    Lock()
        : Semaphore(1)
    { }
    void lock()
    {
        while (!tryAcquire(std::chrono::hours(1))) { }
    }
    bool try_lock() { return tryAcquire(WaitSlice(0)); }
    template <class Rep, class Period> bool try_lock_for(const std::chrono::duration<Rep, Period>& wait)
    {
        return tryAcquire(std::chrono::duration_cast<WaitSlice>(wait));
    }
    void unlock() { release(); }
};

} // namespace looplab::labs::pool
