#pragma once
// core/aio: the one asyncio runtime every lab with an event loop uses. A Loop lives on one Qt
// event-loop thread and plays asyncio's BaseEventLoop: a ready queue (call_soon) drained once per
// pass, a heap of timers (call_at / call_later) woken by one precise QTimer, and stop(), which
// cancels everything so no coroutine is left suspended on a dead loop (QCoro 0.8 has no
// cancellation, and resuming a frame whose owner was deleted is use-after-free).
//
// THE TIMER ROUNDING POLICY (the only one in LoopLab; asyncio's own):
//   A timer due at D runs on the first loop pass at which now >= D. It is never early. The Qt
//   timer that wakes the loop counts whole milliseconds, so it is armed for ceil((D - now) / 1 ms)
//   — asyncio does the same (epoll's timeout is math.ceil(timeout * 1e3) ms, and _run_once treats
//   a timer as due when `when <= now`). A sleep therefore ends between D and D + 1 ms (+ dispatch
//   latency); a whole-millisecond sleep armed at once ends within microseconds of D.
//   sleep(d <= 0) does not touch the heap: like asyncio.sleep(0) it yields once (call_soon).
//   Timers due at the same instant run in the order they were scheduled (FIFO), as in asyncio.
//   See Loop::armDelayMs().
//
// Everything here runs on the loop's own thread, except callSoonThreadsafe().
#include "metrics/event.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_set>
#include <vector>

namespace looplab::aio {

using metrics::nowNs;

class Loop;

// A primitive with parked coroutines (Event, Semaphore, Queue, ResourcePool): the loop tells it
// when it stops, and it resumes every waiter with "stopped".
class Parking
{
public:
    explicit Parking(Loop& loop);
    virtual ~Parking();
    Parking(const Parking&) = delete;
    Parking& operator=(const Parking&) = delete;
    Loop& loop() const { return m_loop; }

protected:
    friend class Loop;
    virtual void loopStopping() = 0;
    Loop& m_loop;
};

// A timer's identity, for cancel(). Zero: none.
struct TimerHandle {
    uint64_t id = 0;
    explicit operator bool() const noexcept { return id != 0; }
};

// Task bookkeeping (asyncio's all_tasks(), as counters).
struct TaskCounts {
    uint64_t started = 0;
    uint64_t ended = 0; // returned normally
    uint64_t cancelled = 0; // ended by stop() or a timeout
    int64_t live() const noexcept { return int64_t(started) - int64_t(ended) - int64_t(cancelled); }
};

class Loop : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void()>;

    explicit Loop(QObject* parent = nullptr);
    ~Loop() override;

    // --- scheduling (asyncio's call_soon / call_at / call_later) ---------------------------
    void callSoon(std::coroutine_handle<> h);
    void callSoon(Callback fn);
    // From any thread (asyncio's call_soon_threadsafe).
    void callSoonThreadsafe(Callback fn);
    TimerHandle callAt(int64_t deadlineNs, std::coroutine_handle<> h);
    TimerHandle callAt(int64_t deadlineNs, Callback fn);
    TimerHandle callLater(int64_t delayNs, Callback fn) { return callAt(nowNs() + delayNs, std::move(fn)); }
    // TimerHandle.cancel(): true when it was still pending — also when it is already due and
    // waits in this pass's ready queue (asyncio skips a cancelled handle there too), so a
    // timeout that lost the race to a wake-up in the same pass never runs.
    bool cancel(TimerHandle t);

    // The rounding policy in one place: how many whole milliseconds the Qt timer waits for a
    // deadline `deadlineNs` seen at `now` (rounded up, never negative).
    static int64_t armDelayMs(int64_t deadlineNs, int64_t now) noexcept
    {
        const int64_t d = deadlineNs - now;
        return d <= 0 ? 0 : (d + 999'999) / 1'000'000;
    }

    // --- stop: cancel everything ---------------------------------------------------------------
    // Every coroutine parked on a timer resumes (soon) and sees stopped(); every primitive wakes
    // its waiters likewise; plain callback timers are dropped; later sleeps return at once.
    void stop();
    bool stopped() const noexcept { return m_stopped; }

    // --- awaitables ----------------------------------------------------------------------------
    // co_await loop.sleep(ns) -> true when the time passed, false when the loop stopped.
    struct SleepAwaiter {
        Loop& loop;
        int64_t deadlineNs;
        bool await_ready() const noexcept { return loop.m_stopped; }
        void await_suspend(std::coroutine_handle<> h)
        {
            if (deadlineNs <= nowNs())
                loop.callSoon(h); // asyncio.sleep(0): one yield
            else
                loop.callAt(deadlineNs, h);
        }
        bool await_resume() const noexcept { return !loop.m_stopped; }
    };
    SleepAwaiter sleep(int64_t ns) { return {*this, nowNs() + ns}; }
    SleepAwaiter sleepUntil(int64_t deadlineNs) { return {*this, deadlineNs}; }
    // co_await loop.yieldNow(): asyncio.sleep(0).
    SleepAwaiter yieldNow() { return {*this, 0}; }

    // --- tasks ---------------------------------------------------------------------------------
    // A lab calls taskStarted() when it creates a coroutine and taskEnded() when it returns.
    // `name` (optional) is the lane name of a named task; liveTaskNames() lists the running ones.
    uint64_t taskStarted(const QString& name = {});
    void taskEnded(uint64_t id, bool cancelled = false);
    const TaskCounts& tasks() const noexcept { return m_tasks; }
    int64_t liveTasks() const noexcept { return m_tasks.live(); }
    QStringList liveTaskNames() const;
    // Called (loop thread) once every task has ended after stop().
    std::function<void()> onDrained;

    // --- instruments ---------------------------------------------------------------------------
    // After each callback (one Handle: a coroutine resumption or a callback), with its duration —
    // the unit asyncio's debug mode judges. Callbacks longer than slowCallbackNs are counted.
    void setCallbackObserver(std::function<void(int64_t startNs, int64_t endNs)> observer)
    {
        m_callbackObserver = std::move(observer);
    }
    void setSlowCallbackNs(int64_t ns) noexcept { m_slowNs = ns; }
    uint64_t slowCallbacks() const noexcept { return m_slowCallbacks; }
    // When the loop starts work after a wait (a timer fired, a wakeup arrived).
    void setActivityObserver(std::function<void()> observer) { m_activity = std::move(observer); }
    // Around every pass of the loop (the due timers and the ready callbacks it runs): a lab whose
    // loop thread must hold a lock to run Python code (the GIL, core/pyrt) takes it in `begin` and
    // drops it in `end`, exactly where CPython's loop re-takes the GIL after select() and drops it
    // before the next one. The lag probe's callback runs inside, so waiting for the lock is lag.
    void setPassHooks(std::function<void()> begin, std::function<void()> end)
    {
        m_passBegin = std::move(begin);
        m_passEnd = std::move(end);
    }

    uint64_t turns() const noexcept { return m_turns; }
    uint64_t takeResumptions() noexcept
    {
        const uint64_t n = m_resumptions;
        m_resumptions = 0;
        return n;
    }
    size_t timersPending() const noexcept { return m_timers.size() - m_cancelledTimers.size(); }
    size_t readyCount() const noexcept { return m_ready.size(); }

protected:
    bool event(QEvent* e) override;

private:
    friend class Parking;
    struct Entry {
        std::coroutine_handle<> h;
        Callback fn;
        uint64_t timerSeq = 0; // a due timer's id, so that cancel() can still reach it
    };
    struct Timer {
        int64_t deadline;
        uint64_t seq;
        Entry entry;
    };
    static bool later(const Timer& a, const Timer& b) noexcept
    {
        return a.deadline != b.deadline ? a.deadline > b.deadline : a.seq > b.seq;
    }
    TimerHandle addTimer(int64_t deadline, Entry e);
    void postWakeup();
    void runOnce();
    void moveDueTimers(int64_t now);
    void arm();
    void run(Entry& e);
    void checkDrained();

    std::deque<Entry> m_ready;
    std::mutex m_inboxMutex; // callSoonThreadsafe's callbacks, on their way to m_ready
    std::vector<Callback> m_inbox;
    std::vector<Timer> m_timers; // heap, earliest on top
    std::unordered_set<uint64_t> m_cancelledTimers;
    uint64_t m_seq = 0;
    QTimer m_timer{this};
    int64_t m_armedFor = 0;
    bool m_wakeupPosted = false;
    bool m_stopped = false;
    uint64_t m_turns = 0;
    uint64_t m_resumptions = 0;
    uint64_t m_slowCallbacks = 0;
    int64_t m_slowNs = 100'000'000; // asyncio's slow_callback_duration (0.1 s)
    TaskCounts m_tasks;
    uint64_t m_nextTaskId = 0;
    std::vector<std::pair<uint64_t, QString>> m_namedTasks;
    std::vector<Parking*> m_parkings;
    std::function<void(int64_t, int64_t)> m_callbackObserver;
    std::function<void()> m_activity;
    std::function<void()> m_passBegin;
    std::function<void()> m_passEnd;
};

} // namespace looplab::aio
