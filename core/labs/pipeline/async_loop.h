#pragma once
// A small asyncio-style scheduler for QCoro coroutines on one Qt event-loop thread: a ready queue
// (asyncio's call_soon), a heap of sleeping coroutines woken by one precise QTimer (asyncio's
// call_at), and cancellation for the end of a run.
//
// Why not QCoro::sleepFor: it starts a QTimer per sleep with millisecond truncation (a 0.6 ms
// service would not sleep at all) and a coroutine parked in it cannot be woken early, so a run
// could not stop until every sleep ran out. Here a sleep is an entry in one heap; stop() resumes
// every sleeper at once with "cancelled", and the coroutines return, so no frame is left behind
// (QCoro 0.8 has no cancellation, and resuming a frame whose owner was deleted is use-after-free).
//
// Like asyncio's selector loop, timers have millisecond granularity: a sleep ends within about
// ±0.5 ms of its deadline (see async_loop.cpp). Everything here is called from the loop thread
// only.
#include "metrics/event.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

namespace looplab::pipeline {

class AsyncLoop : public QObject
{
    Q_OBJECT
public:
    explicit AsyncLoop(QObject* parent = nullptr);
    ~AsyncLoop() override;

    // Resume `h` on a later turn of the loop (asyncio's call_soon).
    void callSoon(std::coroutine_handle<> h);

    class SleepAwaiter
    {
    public:
        SleepAwaiter(AsyncLoop& loop, int64_t deadlineNs) : m_loop(loop), m_deadline(deadlineNs) { }
        bool await_ready() const noexcept { return m_loop.m_cancelled; }
        void await_suspend(std::coroutine_handle<> h);
        // false: the loop is being cancelled (the run stops); the coroutine should return.
        bool await_resume() const noexcept { return !m_loop.m_cancelled; }

    private:
        AsyncLoop& m_loop;
        int64_t m_deadline;
    };
    // co_await loop.sleepFor(d) -> bool. Like asyncio.sleep(0), a zero sleep still yields once.
    SleepAwaiter sleepFor(std::chrono::nanoseconds d) { return {*this, metrics::nowNs() + d.count()}; }
    SleepAwaiter sleepUntil(int64_t deadlineNs) { return {*this, deadlineNs}; }

    // Stop: every sleeping coroutine resumes (soon) with false, later sleeps return false at once.
    void cancel();
    bool isCancelled() const noexcept { return m_cancelled; }

    // Bookkeeping of the coroutines a runner started, so it knows when all of them returned.
    void taskStarted() noexcept { ++m_live; }
    void taskEnded();
    int liveTasks() const noexcept { return m_live; }
    // Called (on the loop thread) when the last task ended after cancel().
    std::function<void()> onDrained;

    uint64_t turns() const noexcept { return m_turns; }

private:
    struct Timer {
        int64_t deadline;
        uint64_t seq;
        std::coroutine_handle<> h;
    };
    static bool later(const Timer& a, const Timer& b) noexcept
    {
        return a.deadline != b.deadline ? a.deadline > b.deadline : a.seq > b.seq;
    }
    void addTimer(int64_t deadline, std::coroutine_handle<> h);
    void runReady();
    void onTimer();
    void arm();

    std::deque<std::coroutine_handle<>> m_ready;
    bool m_posted = false;
    std::vector<Timer> m_timers; // heap, earliest on top
    uint64_t m_seq = 0;
    QTimer m_timer{this}; // a child, so moveToThread() takes it along
    int64_t m_armedFor = 0; // deadline the QTimer is armed for (0: not armed)
    bool m_cancelled = false;
    int m_live = 0;
    uint64_t m_turns = 0;
};

// One-shot event for coroutines (asyncio.Event): wait() suspends until set() or cancel().
class AsyncEvent
{
public:
    explicit AsyncEvent(AsyncLoop& loop) : m_loop(loop) { }
    void set();
    void cancel(); // waiters resume with false
    bool isSet() const noexcept { return m_set; }

    class Awaiter
    {
    public:
        explicit Awaiter(AsyncEvent& e) : m_event(e) { }
        bool await_ready() const noexcept { return m_event.m_set || m_event.m_cancelled; }
        void await_suspend(std::coroutine_handle<> h) { m_event.m_waiters.push_back(h); }
        bool await_resume() const noexcept { return m_event.m_set && !m_event.m_cancelled; }

    private:
        AsyncEvent& m_event;
    };
    Awaiter wait() { return Awaiter(*this); }

private:
    AsyncLoop& m_loop;
    std::vector<std::coroutine_handle<>> m_waiters;
    bool m_set = false;
    bool m_cancelled = false;
};

} // namespace looplab::pipeline
