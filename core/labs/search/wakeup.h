#pragma once
// A one-waiter wake-up for coroutines on one Qt event loop thread: `co_await w.wait(timeoutNs)`
// resumes on notify() or when the (precise) timer fires, whichever comes first. The batcher waits
// on it for "a query arrived or max_wait_ms passed"; sleeps that stop() must cut short use it too.
// Everything happens on the thread that owns the object (no locks).
#include <QTimer>

#include <chrono>
#include <coroutine>

namespace looplab::labs::search {

class Wakeup
{
public:
    Wakeup()
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_timedOut = true;
            resume();
        });
    }
    Wakeup(const Wakeup&) = delete;
    Wakeup& operator=(const Wakeup&) = delete;

    // Wake the waiter now (no-op when nobody waits: the waiter re-checks its state before waiting).
    void notify()
    {
        m_timedOut = false;
        resume();
    }
    bool waiting() const { return bool(m_waiter); }

    struct Awaiter {
        Wakeup& w;
        int64_t timeoutNs;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h)
        {
            w.m_waiter = h;
            w.m_timedOut = false;
            if (timeoutNs >= 0) {
                // QTimer counts whole milliseconds. Round down so a wait never overshoots by a
                // millisecond; under 1 ms becomes a 0 ms timer: the next pass of the loop.
                w.m_timer.start(std::chrono::milliseconds(timeoutNs / 1'000'000));
            }
        }
        // true: timed out; false: notified.
        bool await_resume() const noexcept { return w.m_timedOut; }
    };
    // timeoutNs < 0: no timeout; 0: the next pass of the event loop (a yield).
    Awaiter wait(int64_t timeoutNs = -1) { return Awaiter{*this, timeoutNs}; }

private:
    void resume()
    {
        m_timer.stop();
        if (auto h = std::exchange(m_waiter, {}))
            h.resume();
    }

    QTimer m_timer;
    std::coroutine_handle<> m_waiter;
    bool m_timedOut = false;
};

} // namespace looplab::labs::search
