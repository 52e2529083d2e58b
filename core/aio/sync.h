#pragma once
// asyncio.Event and asyncio.Semaphore for coroutines on an aio::Loop (loop thread only).
// Waiters are resumed through the loop's ready queue (never inside the call that wakes them), in
// the order they arrived; when the loop stops they resume with "stopped".
#include "loop.h"

#include <deque>

namespace looplab::aio {

enum class WaitResult : uint8_t { Set, TimedOut, Stopped };

// asyncio.Event: wait() suspends until set(); set() wakes every waiter; clear() re-arms it.
class Event : public Parking
{
public:
    explicit Event(Loop& loop)
        : Parking(loop)
    { }
    ~Event() override = default;

    bool isSet() const noexcept { return m_set; }
    void set();
    void clear() noexcept { m_set = false; }
    size_t waiting() const noexcept { return m_waiters.size(); }

    struct Waiter {
        std::coroutine_handle<> h;
        WaitResult result = WaitResult::Set;
        TimerHandle timer;
    };
    // co_await ev.wait() -> true when set, false when the loop stopped.
    // co_await ev.waitFor(ns) -> WaitResult (asyncio.wait_for(ev.wait(), timeout)).
    struct Awaiter {
        Event& ev;
        int64_t timeoutNs; // < 0: none
        Waiter w{};
        bool await_ready() noexcept
        {
            if (ev.m_loop.stopped())
                w.result = WaitResult::Stopped;
            else if (ev.m_set)
                w.result = WaitResult::Set;
            else if (timeoutNs == 0)
                w.result = WaitResult::TimedOut;
            else
                return false;
            return true;
        }
        void await_suspend(std::coroutine_handle<> h) { ev.park(&w, h, timeoutNs); }
        WaitResult await_resume() const noexcept { return w.result; }
    };
    struct BoolAwaiter : Awaiter {
        bool await_resume() const noexcept { return w.result == WaitResult::Set; }
    };
    BoolAwaiter wait() { return BoolAwaiter{{*this, -1}}; }
    Awaiter waitFor(int64_t timeoutNs) { return Awaiter{*this, timeoutNs}; }

protected:
    void loopStopping() override;

private:
    void park(Waiter* w, std::coroutine_handle<> h, int64_t timeoutNs);
    void wake(Waiter* w, WaitResult r);
    std::deque<Waiter*> m_waiters;
    bool m_set = false;
};

// asyncio.Semaphore: `async with sem:` admits `value` coroutines at once. Fair: a release hands
// the slot to the longest waiter, and while anyone waits a newcomer queues behind them (asyncio
// 3.11.? and later: locked() is true while there are waiters), so nobody can barge.
class Semaphore : public Parking
{
public:
    Semaphore(Loop& loop, int value)
        : Parking(loop)
        , m_value(value)
    { }
    ~Semaphore() override = default;

    struct Waiter {
        std::coroutine_handle<> h;
        bool granted = false;
    };
    // co_await sem.acquire() -> true: holds a slot (release() it); false: the loop stopped.
    struct Awaiter {
        Semaphore& sem;
        Waiter w{};
        bool await_ready() noexcept
        {
            if (sem.m_loop.stopped())
                return true;
            if (sem.m_value > 0 && sem.m_waiters.empty()) {
                --sem.m_value;
                w.granted = true;
                return true;
            }
            return false;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            w.h = h;
            sem.m_waiters.push_back(&w);
        }
        bool await_resume() const noexcept { return w.granted; }
    };
    Awaiter acquire() { return Awaiter{*this}; }
    void release();

    bool locked() const noexcept { return m_value == 0 || !m_waiters.empty(); }
    int value() const noexcept { return m_value; }
    size_t waiting() const noexcept { return m_waiters.size(); }

protected:
    void loopStopping() override;

private:
    int m_value;
    std::deque<Waiter*> m_waiters;
};

} // namespace looplab::aio
