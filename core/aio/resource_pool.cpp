#include "resource_pool.h"

#include <algorithm>

namespace looplab::aio {

ResourcePool::ResourcePool(Loop& loop, int size)
    : Parking(loop)
    , m_size(std::max(size, 1))
{
    for (int i = m_size - 1; i >= 0; --i)
        m_free.push_back(i); // resource 0 is handed out first
}

bool ResourcePool::tryTake(Waiter& w, int64_t timeoutNs)
{
    w.resource = -1;
    if (m_loop.stopped())
        return true;
    if (!m_free.empty() && m_waiters.empty()) { // FIFO: nobody overtakes a waiter
        w.resource = m_free.back();
        m_free.pop_back();
        return true;
    }
    if (timeoutNs <= 0) {
        ++m_timeouts;
        return true;
    }
    return false;
}

void ResourcePool::park(Waiter* w, std::coroutine_handle<> h, int64_t timeoutNs)
{
    w->h = h;
    m_waiters.push_back(w);
    w->timer = m_loop.callLater(timeoutNs, [this, w] {
        w->timer = {};
        m_waiters.erase(std::find(m_waiters.begin(), m_waiters.end(), w));
        ++m_timeouts;
        m_loop.callSoon(w->h); // resource stays -1
    });
}

void ResourcePool::release(int resource)
{
    if (resource < 0)
        return;
    if (m_loop.stopped() || m_waiters.empty()) {
        m_free.push_back(resource);
        return;
    }
    Waiter* w = m_waiters.front();
    m_waiters.pop_front();
    m_loop.cancel(std::exchange(w->timer, {}));
    w->resource = resource;
    // Resumed on the next loop pass, as asyncio does when it wakes a waiter's future.
    m_loop.callSoon(w->h);
}

void ResourcePool::loopStopping()
{
    for (auto* w : std::exchange(m_waiters, {})) {
        w->timer = {};
        w->resource = -1;
        m_loop.callSoon(w->h);
    }
}

} // namespace looplab::aio
