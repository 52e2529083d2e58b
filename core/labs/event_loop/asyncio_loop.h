#pragma once
// asyncio's loop in miniature, on top of a Qt event loop thread: a ready queue (call_soon) and a
// heap of timers (call_later), drained by the Qt dispatcher. Coroutines are QCoro::Task<>s that
// await `sleep()` and `yieldNow()` here, exactly like `await asyncio.sleep(d)` and
// `await asyncio.sleep(0)`. Everything but cancelAll's caller runs on the loop's own thread.
#include <QObject>
#include <QTimer>

#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

namespace looplab::labs {

class AsyncioLoop : public QObject
{
    Q_OBJECT
public:
    explicit AsyncioLoop(QObject* parent = nullptr);
    ~AsyncioLoop() override;

    // Resume `h` on the next pass of the loop (asyncio's call_soon).
    void callSoon(std::coroutine_handle<> h);
    // Resume `h` at steady-clock `deadlineNs` or later (asyncio's call_later).
    void callAt(int64_t deadlineNs, std::coroutine_handle<> h);

    // Wake every sleeper now (they see cancelled() and unwind): used on stop, so no coroutine is
    // left suspended on a dead loop.
    void cancelAll();
    bool cancelled() const { return m_cancelled; }

    // Resumptions since the last call (the lab reads it once per tick).
    uint32_t takeResumptions()
    {
        const uint32_t n = m_resumptions;
        m_resumptions = 0;
        return n;
    }
    size_t sleeping() const { return m_timers.size(); }

    // Called after each callback (a coroutine resumption) with its duration, so the lab can flag
    // slow callbacks exactly as asyncio's debug mode does (per Handle, not per loop pass).
    // Called when the loop starts work after a wait (a timer fired, a wakeup arrived): with the
    // dispatcher's aboutToBlock this brackets a tick (Qt runs timers after poll() returns,
    // before the next `awake`).
    void setActivityObserver(std::function<void()> observer) { m_activity = std::move(observer); }

    void setCallbackObserver(std::function<void(int64_t startNs, int64_t endNs)> observer)
    {
        m_observer = std::move(observer);
    }

    struct SleepAwaiter {
        AsyncioLoop& loop;
        int64_t deadlineNs;
        bool await_ready() const noexcept { return loop.m_cancelled; }
        void await_suspend(std::coroutine_handle<> h) { loop.callAt(deadlineNs, h); }
        // true when the sleep ran to its end; false when the loop was cancelled
        bool await_resume() const noexcept { return !loop.m_cancelled; }
    };
    struct YieldAwaiter {
        AsyncioLoop& loop;
        bool await_ready() const noexcept { return loop.m_cancelled; }
        void await_suspend(std::coroutine_handle<> h) { loop.callSoon(h); }
        bool await_resume() const noexcept { return !loop.m_cancelled; }
    };

    SleepAwaiter sleep(int64_t ns);
    SleepAwaiter sleepUntil(int64_t deadlineNs) { return {*this, deadlineNs}; }
    YieldAwaiter yieldNow() { return {*this}; }

protected:
    bool event(QEvent* e) override;

private:
    void runReady();
    void runDueTimers();
    void armTimer();
    void postWakeup();

    struct Timer {
        int64_t deadlineNs;
        uint64_t seq; // FIFO among equal deadlines, as asyncio
        std::coroutine_handle<> handle;
        bool operator>(const Timer& o) const { return deadlineNs != o.deadlineNs ? deadlineNs > o.deadlineNs : seq > o.seq; }
    };
    std::deque<std::coroutine_handle<>> m_ready;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    uint64_t m_seq = 0;
    bool m_wakeupPosted = false;
    bool m_cancelled = false;
    uint32_t m_resumptions = 0;
    QTimer m_timer;
    std::function<void(int64_t, int64_t)> m_observer;
    std::function<void()> m_activity;
};

// asyncio.Semaphore: `async with semaphore:` limits how many coroutines are inside at once.
// Waiters are woken in FIFO order through the loop's ready queue.
class AsyncioSemaphore
{
public:
    AsyncioSemaphore(AsyncioLoop& loop, int value) : m_loop(loop), m_value(value) { }

    struct AcquireAwaiter {
        AsyncioSemaphore& sem;
        bool await_ready() const noexcept { return sem.m_value > 0 || sem.m_loop.cancelled(); }
        void await_suspend(std::coroutine_handle<> h) { sem.m_waiters.push_back(h); }
        void await_resume() noexcept { --sem.m_value; }
    };
    AcquireAwaiter acquire() { return {*this}; }
    void release()
    {
        ++m_value;
        if (!m_waiters.empty()) {
            m_loop.callSoon(m_waiters.front());
            m_waiters.pop_front();
        }
    }
    // On cancel: wake everyone (they see the loop cancelled).
    void wakeAll()
    {
        while (!m_waiters.empty()) {
            m_loop.callSoon(m_waiters.front());
            m_waiters.pop_front();
        }
    }
    size_t waiting() const { return m_waiters.size(); }

private:
    AsyncioLoop& m_loop;
    int m_value;
    std::deque<std::coroutine_handle<>> m_waiters;
};

} // namespace looplab::labs
