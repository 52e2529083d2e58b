#include "asyncio_loop.h"

#include "metrics/event.h"

#include <QCoreApplication>
#include <QEvent>

#include <chrono>

namespace looplab::labs {

namespace {
const QEvent::Type kWakeupEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
}

AsyncioLoop::AsyncioLoop(QObject* parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_activity)
            m_activity();
        runDueTimers();
        runReady();
        armTimer();
    });
}

AsyncioLoop::~AsyncioLoop() = default;

void AsyncioLoop::callSoon(std::coroutine_handle<> h)
{
    m_ready.push_back(h);
    postWakeup();
}

void AsyncioLoop::callAt(int64_t deadlineNs, std::coroutine_handle<> h)
{
    m_timers.push({deadlineNs, m_seq++, h});
    if (m_timers.top().handle == h)
        armTimer();
}

AsyncioLoop::SleepAwaiter AsyncioLoop::sleep(int64_t ns)
{
    return {*this, metrics::nowNs() + ns};
}

void AsyncioLoop::postWakeup()
{
    // One posted event drains the whole ready queue: asyncio's _run_once runs every ready
    // callback per pass, so many resumptions share one tick.
    if (m_wakeupPosted)
        return;
    m_wakeupPosted = true;
    QCoreApplication::postEvent(this, new QEvent(kWakeupEvent));
}

bool AsyncioLoop::event(QEvent* e)
{
    if (e->type() == kWakeupEvent) {
        if (m_activity)
            m_activity();
        m_wakeupPosted = false;
        runDueTimers();
        runReady();
        return true;
    }
    return QObject::event(e);
}

void AsyncioLoop::runReady()
{
    // Only what is ready now: callbacks scheduled while running wait for the next pass.
    size_t n = m_ready.size();
    while (n-- > 0 && !m_ready.empty()) {
        auto h = m_ready.front();
        m_ready.pop_front();
        ++m_resumptions;
        if (m_observer) {
            const int64_t start = metrics::nowNs();
            h.resume();
            m_observer(start, metrics::nowNs());
        } else {
            h.resume();
        }
    }
    if (!m_ready.empty())
        postWakeup();
}

void AsyncioLoop::runDueTimers()
{
    const int64_t now = metrics::nowNs();
    while (!m_timers.empty() && (m_cancelled || m_timers.top().deadlineNs <= now)) {
        m_ready.push_back(m_timers.top().handle);
        m_timers.pop();
    }
}

void AsyncioLoop::armTimer()
{
    if (m_timers.empty()) {
        m_timer.stop();
        return;
    }
    const int64_t waitNs = m_timers.top().deadlineNs - metrics::nowNs();
    // QTimer has millisecond resolution: round up so no sleeper wakes early.
    const auto ms = std::chrono::milliseconds(std::max<int64_t>(0, (waitNs + 999'999) / 1'000'000));
    m_timer.start(ms);
}

void AsyncioLoop::cancelAll()
{
    m_cancelled = true;
    runDueTimers();
    postWakeup();
}

} // namespace looplab::labs
