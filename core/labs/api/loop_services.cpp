#include "loop_services.h"

#include "metrics/event.h"

#include <algorithm>
#include <cmath>

namespace looplab::labs::api {

namespace {
// Qt timers count whole milliseconds: round up so a wake is never early.
int msUntil(int64_t deadlineNs, int64_t nowNs)
{
    const int64_t d = deadlineNs - nowNs;
    return d <= 0 ? 0 : int(std::min<int64_t>((d + 999'999) / 1'000'000, 1'000'000'000));
}
} // namespace

LoopTimers::LoopTimers(QObject* context, ResumeHook resume) : m_resume(std::move(resume))
{
    m_timer.setParent(context); // so it moves to the loop's thread with its owner
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, context, [this] { fire(); });
}

void LoopTimers::add(int64_t ns, Waiter* w)
{
    const int64_t deadline = metrics::nowNs() + ns;
    const bool earliest = m_waiters.empty() || deadline < m_waiters.begin()->first;
    m_waiters.emplace(deadline, w);
    if (earliest)
        arm();
}

void LoopTimers::arm()
{
    if (m_waiters.empty()) {
        m_timer.stop();
        return;
    }
    m_timer.start(msUntil(m_waiters.begin()->first, metrics::nowNs()));
}

void LoopTimers::fire()
{
    const int64_t now = metrics::nowNs();
    std::vector<std::coroutine_handle<>> due;
    while (!m_waiters.empty() && m_waiters.begin()->first <= now) {
        due.push_back(m_waiters.begin()->second->handle);
        m_waiters.erase(m_waiters.begin());
    }
    arm();
    for (auto h : due)
        m_resume(h);
}

void LoopTimers::cancelAll()
{
    m_closed = true;
    m_timer.stop();
    std::vector<std::coroutine_handle<>> all;
    for (auto& [deadline, w] : m_waiters) {
        w->cancelled = true;
        all.push_back(w->handle);
    }
    m_waiters.clear();
    for (auto h : all)
        m_resume(h);
}

DbPool::DbPool(QObject* context, int size, ResumeHook resume)
    : m_context(context), m_size(std::max(size, 1)), m_resume(std::move(resume))
{
    for (int i = m_size - 1; i >= 0; --i)
        m_free.push_back(i);
    m_timeoutTimer.setParent(context);
    m_timeoutTimer.setSingleShot(true);
    m_timeoutTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timeoutTimer, &QTimer::timeout, context, [this] { expire(); });
}

bool DbPool::tryTake(Waiter& w, int64_t timeoutNs)
{
    if (m_closed) {
        w.connection = -1;
        return true;
    }
    if (!m_free.empty() && m_waiters.empty()) { // FIFO: nobody may overtake a waiter
        w.connection = m_free.back();
        m_free.pop_back();
        return true;
    }
    if (timeoutNs <= 0) {
        w.connection = -1;
        ++m_timeouts;
        return true;
    }
    w.deadlineNs = metrics::nowNs() + timeoutNs;
    return false;
}

void DbPool::enqueue(Waiter* w)
{
    m_waiters.push_back(w);
    if (m_waiters.size() == 1)
        armTimeout();
}

void DbPool::armTimeout()
{
    if (m_waiters.empty())
        m_timeoutTimer.stop();
    else
        m_timeoutTimer.start(msUntil(m_waiters.front()->deadlineNs, metrics::nowNs()));
}

void DbPool::release(int connection)
{
    if (connection < 0)
        return;
    if (m_closed || m_waiters.empty()) {
        m_free.push_back(connection);
        return;
    }
    Waiter* w = m_waiters.front();
    m_waiters.pop_front();
    w->connection = connection;
    armTimeout();
    // Hand over on the next loop turn, as asyncio does when it wakes a waiter's future, rather
    // than resuming inside the releasing coroutine.
    const auto h = w->handle;
    QMetaObject::invokeMethod(m_context, [resume = m_resume, h] { resume(h); }, Qt::QueuedConnection);
}

void DbPool::expire()
{
    const int64_t now = metrics::nowNs();
    std::vector<std::coroutine_handle<>> late;
    // Deadlines are in FIFO order (one timeout for all), so expired waiters are at the front.
    while (!m_waiters.empty() && m_waiters.front()->deadlineNs <= now) {
        m_waiters.front()->connection = -1;
        late.push_back(m_waiters.front()->handle);
        m_waiters.pop_front();
        ++m_timeouts;
    }
    armTimeout();
    for (auto h : late)
        m_resume(h);
}

void DbPool::cancelAll()
{
    m_closed = true;
    m_timeoutTimer.stop();
    std::vector<std::coroutine_handle<>> all;
    for (auto* w : m_waiters) {
        w->connection = -1;
        all.push_back(w->handle);
    }
    m_waiters.clear();
    for (auto h : all)
        m_resume(h);
}

} // namespace looplab::labs::api
