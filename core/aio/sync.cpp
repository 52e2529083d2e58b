#include "sync.h"

#include <algorithm>

namespace looplab::aio {

void Event::set()
{
    if (m_set)
        return;
    m_set = true;
    auto waiters = std::move(m_waiters);
    m_waiters.clear();
    for (auto* w : waiters)
        wake(w, WaitResult::Set);
}

void Event::park(Waiter* w, std::coroutine_handle<> h, int64_t timeoutNs)
{
    w->h = h;
    m_waiters.push_back(w);
    if (timeoutNs > 0)
        w->timer = m_loop.callLater(timeoutNs, [this, w] {
            w->timer = {};
            m_waiters.erase(std::find(m_waiters.begin(), m_waiters.end(), w));
            wake(w, WaitResult::TimedOut);
        });
}

void Event::wake(Waiter* w, WaitResult r)
{
    if (w->timer)
        m_loop.cancel(std::exchange(w->timer, {}));
    w->result = r;
    m_loop.callSoon(w->h);
}

void Event::loopStopping()
{
    auto waiters = std::move(m_waiters);
    m_waiters.clear();
    for (auto* w : waiters) {
        w->timer = {}; // the loop dropped every timer
        w->result = WaitResult::Stopped;
        m_loop.callSoon(w->h);
    }
}

void Semaphore::release()
{
    if (!m_waiters.empty() && !m_loop.stopped()) {
        Waiter* w = m_waiters.front();
        m_waiters.pop_front();
        w->granted = true; // handed over: the value does not change
        m_loop.callSoon(w->h);
        return;
    }
    ++m_value;
}

void Semaphore::loopStopping()
{
    auto waiters = std::move(m_waiters);
    m_waiters.clear();
    for (auto* w : waiters)
        m_loop.callSoon(w->h); // granted stays false
}

} // namespace looplab::aio
