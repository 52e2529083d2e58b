#pragma once
// A pool of `size` interchangeable resources (the api lab's DB connections; asyncpg's Pool):
// co_await pool.acquire(timeoutNs) hands out a resource index, waiting FIFO for at most the
// timeout; release(i) hands it to the longest waiter (resumed on the next loop pass) or back to
// the pool. Loop thread only.
#include "loop.h"

#include <deque>
#include <vector>

namespace looplab::aio {

class ResourcePool : public Parking
{
public:
    ResourcePool(Loop& loop, int size);
    ~ResourcePool() override = default;

    struct Waiter {
        std::coroutine_handle<> h;
        int resource = -1;
        TimerHandle timer;
    };
    // co_await pool.acquire(timeoutNs) -> a resource index, or -1 on timeout / loop stop.
    // timeoutNs <= 0: do not wait (fail at once when none is free).
    struct Awaiter {
        ResourcePool& pool;
        int64_t timeoutNs;
        Waiter w{};
        bool await_ready() noexcept { return pool.tryTake(w, timeoutNs); }
        void await_suspend(std::coroutine_handle<> h) { pool.park(&w, h, timeoutNs); }
        int await_resume() const noexcept { return w.resource; }
    };
    Awaiter acquire(int64_t timeoutNs) { return Awaiter{*this, timeoutNs}; }
    void release(int resource);

    int size() const noexcept { return m_size; }
    int busy() const noexcept { return m_size - int(m_free.size()); }
    int waiting() const noexcept { return int(m_waiters.size()); }
    uint64_t timeouts() const noexcept { return m_timeouts; }

protected:
    void loopStopping() override;

private:
    bool tryTake(Waiter& w, int64_t timeoutNs);
    void park(Waiter* w, std::coroutine_handle<> h, int64_t timeoutNs);

    int m_size;
    std::vector<int> m_free;
    std::deque<Waiter*> m_waiters;
    uint64_t m_timeouts = 0;
};

} // namespace looplab::aio
