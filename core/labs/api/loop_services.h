#pragma once
// What the server's coroutines await on their own event loop (the server thread): timed sleeps
// (asyncio.sleep, a query's duration) and a database connection pool with an acquire timeout.
// Both can be cancelled as a whole on stop, which resumes every waiter at once so that no
// coroutine is left suspended when the loop ends (QCoro 0.8 must not resume into freed objects).
// Server-loop thread only.
#include <QObject>
#include <QTimer>

#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <vector>

namespace looplab::labs::api {

// Called around every resumption so the loop's lane shows the work (Running) it causes.
using ResumeHook = std::function<void(std::coroutine_handle<>)>;

class LoopTimers
{
public:
    explicit LoopTimers(QObject* context, ResumeHook resume);

    struct Waiter {
        std::coroutine_handle<> handle;
        bool cancelled = false;
    };

    // co_await timers.sleep(ns) -> true when the time passed, false when cancelled.
    struct Sleep {
        LoopTimers& timers;
        int64_t ns;
        Waiter waiter{};
        bool await_ready() const noexcept { return ns <= 0 || timers.m_closed; }
        void await_suspend(std::coroutine_handle<> h) { waiter.handle = h; timers.add(ns, &waiter); }
        bool await_resume() const noexcept { return !timers.m_closed && !waiter.cancelled; }
    };
    Sleep sleep(int64_t ns) { return Sleep{*this, ns}; }

    // Resume every sleeper as cancelled; later sleeps return at once.
    void cancelAll();
    size_t pending() const { return m_waiters.size(); }

private:
    void add(int64_t ns, Waiter* w);
    void arm();
    void fire();

    QTimer m_timer;
    ResumeHook m_resume;
    std::multimap<int64_t, Waiter*> m_waiters; // by deadline (steady ns)
    bool m_closed = false;
};

// The DB connection pool: `size` connections; a request acquires one (waiting FIFO up to a
// timeout), holds it for its query and releases it.
class DbPool
{
public:
    DbPool(QObject* context, int size, ResumeHook resume);

    struct Waiter {
        std::coroutine_handle<> handle;
        int64_t deadlineNs = 0;
        int connection = -1;
    };

    // co_await pool.acquire(timeoutNs) -> a connection index, or -1 on timeout / cancel.
    struct Acquire {
        DbPool& pool;
        int64_t timeoutNs;
        Waiter waiter{};
        bool await_ready() noexcept { return pool.tryTake(waiter, timeoutNs); }
        void await_suspend(std::coroutine_handle<> h) { waiter.handle = h; pool.enqueue(&waiter); }
        int await_resume() const noexcept { return waiter.connection; }
    };
    Acquire acquire(int64_t timeoutNs) { return Acquire{*this, timeoutNs}; }

    void release(int connection);
    void cancelAll();

    int size() const { return m_size; }
    int busy() const { return m_size - int(m_free.size()); }
    int waiting() const { return int(m_waiters.size()); }
    uint64_t timeouts() const { return m_timeouts; }

private:
    bool tryTake(Waiter& w, int64_t timeoutNs);
    void enqueue(Waiter* w);
    void armTimeout();
    void expire();

    QObject* m_context;
    int m_size;
    ResumeHook m_resume;
    std::vector<int> m_free;
    std::deque<Waiter*> m_waiters;
    QTimer m_timeoutTimer;
    uint64_t m_timeouts = 0;
    bool m_closed = false;
};

} // namespace looplab::labs::api
