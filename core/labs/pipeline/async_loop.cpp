#include "async_loop.h"

#include <QMetaObject>
#include <QThread>

#include <algorithm>

namespace looplab::pipeline {

namespace {
// Qt timers count whole milliseconds. The QTimer is armed for the earliest deadline rounded to
// the *nearest* millisecond and a sleeper whose deadline is within half a millisecond counts as
// due, so a sleep ends within ±0.5 ms of its deadline and is right on average (asyncio rounds its
// selector timeout up instead, which makes every sleep ~0.5 ms long on average; with service
// times of a few ms that bias would show up in every throughput).
constexpr int64_t kTimerSlackNs = 500'000;
} // namespace

AsyncLoop::AsyncLoop(QObject* parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &AsyncLoop::onTimer);
}

AsyncLoop::~AsyncLoop() = default;

void AsyncLoop::callSoon(std::coroutine_handle<> h)
{
    m_ready.push_back(h);
    if (!m_posted) {
        // One posted call runs the whole batch that is ready by then, as asyncio's _run_once.
        m_posted = true;
        QMetaObject::invokeMethod(this, [this] { runReady(); }, Qt::QueuedConnection);
    }
}

void AsyncLoop::runReady()
{
    m_posted = false;
    ++m_turns;
    // Only what was ready when this turn began; what they schedule runs next turn, so timers and
    // other events are not starved by coroutines that keep waking each other.
    size_t n = m_ready.size();
    while (n-- > 0 && !m_ready.empty()) {
        auto h = m_ready.front();
        m_ready.pop_front();
        h.resume();
    }
    if (!m_ready.empty() && !m_posted) {
        m_posted = true;
        QMetaObject::invokeMethod(this, [this] { runReady(); }, Qt::QueuedConnection);
    }
}

void AsyncLoop::SleepAwaiter::await_suspend(std::coroutine_handle<> h)
{
    if (m_deadline <= metrics::nowNs())
        m_loop.callSoon(h);
    else
        m_loop.addTimer(m_deadline, h);
}

void AsyncLoop::addTimer(int64_t deadline, std::coroutine_handle<> h)
{
    m_timers.push_back({deadline, m_seq++, h});
    std::push_heap(m_timers.begin(), m_timers.end(), later);
    if (m_armedFor == 0 || deadline < m_armedFor)
        arm();
}

void AsyncLoop::arm()
{
    if (m_timers.empty()) {
        m_timer.stop();
        m_armedFor = 0;
        return;
    }
    const int64_t deadline = m_timers.front().deadline;
    const int64_t left = std::max<int64_t>(0, deadline - metrics::nowNs());
    const int ms = int((left + 500'000) / 1'000'000);
    m_armedFor = deadline;
    m_timer.start(ms);
}

void AsyncLoop::onTimer()
{
    m_armedFor = 0;
    ++m_turns;
    const int64_t now = metrics::nowNs() + kTimerSlackNs;
    // Take every due sleeper off the heap first: resuming one may add new timers.
    std::vector<std::coroutine_handle<>> due;
    while (!m_timers.empty() && m_timers.front().deadline <= now) {
        std::pop_heap(m_timers.begin(), m_timers.end(), later);
        due.push_back(m_timers.back().h);
        m_timers.pop_back();
    }
    arm();
    for (auto h : due)
        h.resume();
}

void AsyncLoop::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    m_timer.stop();
    m_armedFor = 0;
    auto timers = std::move(m_timers);
    m_timers.clear();
    // Sleepers resume on the next turn and see isCancelled().
    std::sort(timers.begin(), timers.end(), [](const Timer& a, const Timer& b) { return a.seq < b.seq; });
    for (const auto& t : timers)
        callSoon(t.h);
    if (m_live == 0 && onDrained)
        QMetaObject::invokeMethod(this, [this] { if (onDrained) onDrained(); }, Qt::QueuedConnection);
}

void AsyncLoop::taskEnded()
{
    if (--m_live == 0 && m_cancelled && onDrained)
        onDrained();
}

void AsyncEvent::set()
{
    if (m_set || m_cancelled)
        return;
    m_set = true;
    for (auto h : m_waiters)
        m_loop.callSoon(h);
    m_waiters.clear();
}

void AsyncEvent::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    for (auto h : m_waiters)
        m_loop.callSoon(h);
    m_waiters.clear();
}

} // namespace looplab::pipeline
