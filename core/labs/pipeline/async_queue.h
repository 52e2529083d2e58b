#pragma once
// The teaching queue of `async` mode: asyncio.Queue for coroutines on one event-loop thread. No
// lock (one thread), and "blocking" is suspension: `co_await q.put(x)` on a full queue parks the
// coroutine in the queue's putter list and lets the loop run others, exactly what asyncio does
// with its putter futures; `co_await q.get()` on an empty queue parks it in the getter list.
//
//   co_await q.put(item)  -> QueueOp      (suspends while full; maxsize 0: never full)
//   co_await q.get()      -> GetResult    (suspends while empty)
//   co_await q.join()     -> QueueStatus  (suspends until every put item was task_done()-ed)
//   q.putNowait / getNowait / taskDone / close (close: every parked and later call gets Closed)
//
// One difference from asyncio, on purpose: a waiter that is woken is *handed* its slot or item
// (a parked putter's item goes into the queue when a get frees the slot; a put to an empty queue
// with parked getters goes straight to the first of them). asyncio wakes the waiter and lets it
// retry, so a coroutine that did not wait can overtake it; here waiters are served strictly in
// the order they arrived, and a woken coroutine never has to park again.
//
// An observer sees the suspension (blocked) and the resumption (unblocked), for lane states.
#include "async_loop.h"
#include "blocking_queue.h" // QueueStatus, QueueOp, NoQueueObserver
#include "item_store.h"

#include <coroutine>
#include <deque>
#include <stdexcept>
#include <utility>
#include <vector>

namespace looplab::pipeline {

template<typename T, typename PriorityOf = MemberPriority>
class AsyncQueue
{
public:
    struct GetResult {
        QueueStatus status = QueueStatus::Ok;
        size_t size = 0;
        bool waited = false;
        T value{};
    };

private:
    struct PutWaiter {
        std::coroutine_handle<> h;
        T item{};
        QueueStatus status = QueueStatus::Ok;
        size_t size = 0;
    };
    struct GetWaiter {
        std::coroutine_handle<> h;
        T value{};
        QueueStatus status = QueueStatus::Ok;
        size_t size = 0;
    };

public:
    AsyncQueue(AsyncLoop& loop, size_t maxsize = 0, Discipline d = Discipline::Fifo)
        : m_loop(loop), m_maxsize(maxsize), m_store(d, maxsize ? maxsize : 64)
    {
    }
    AsyncQueue(const AsyncQueue&) = delete;
    AsyncQueue& operator=(const AsyncQueue&) = delete;

    size_t maxsize() const noexcept { return m_maxsize; }
    size_t qsize() const noexcept { return m_store.size(); }
    size_t unfinishedTasks() const noexcept { return m_unfinished; }
    bool isClosed() const noexcept { return m_closed; }
    Discipline discipline() const noexcept { return m_store.discipline(); }
    template<typename Fn>
    void forEach(Fn&& fn) const { m_store.forEach(fn); }

    template<typename Obs>
    class PutAwaiter : PutWaiter
    {
    public:
        PutAwaiter(AsyncQueue& q, T item, Obs obs) : m_q(q), m_obs(std::move(obs)) { this->item = std::move(item); }
        bool await_ready()
        {
            if (m_q.m_closed) {
                this->status = QueueStatus::Closed;
                return true;
            }
            if (m_q.isFull())
                return false;
            m_q.pushNow(std::move(this->item), this->size);
            return true;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            this->h = h;
            m_waited = true;
            m_obs.blocked();
            m_q.m_putters.push_back(this);
        }
        QueueOp await_resume()
        {
            if (m_waited)
                m_obs.unblocked();
            return {this->status, this->size, m_waited};
        }

    private:
        AsyncQueue& m_q;
        Obs m_obs;
        bool m_waited = false;
    };

    template<typename Obs>
    class GetAwaiter : GetWaiter
    {
    public:
        GetAwaiter(AsyncQueue& q, Obs obs) : m_q(q), m_obs(std::move(obs)) { }
        bool await_ready()
        {
            if (m_q.m_closed) {
                this->status = QueueStatus::Closed;
                return true;
            }
            if (m_q.m_store.empty())
                return false;
            m_q.popNow(this->value, this->size);
            return true;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            this->h = h;
            m_waited = true;
            m_obs.blocked();
            m_q.m_getters.push_back(this);
        }
        GetResult await_resume()
        {
            if (m_waited)
                m_obs.unblocked();
            return {this->status, this->size, m_waited, std::move(this->value)};
        }

    private:
        AsyncQueue& m_q;
        Obs m_obs;
        bool m_waited = false;
    };

    template<typename Obs>
    class JoinAwaiter
    {
    public:
        JoinAwaiter(AsyncQueue& q, Obs obs) : m_q(q), m_obs(std::move(obs)) { }
        bool await_ready() const noexcept { return m_q.m_closed || m_q.m_unfinished == 0; }
        void await_suspend(std::coroutine_handle<> h)
        {
            m_waited = true;
            m_obs.blocked();
            m_q.m_joiners.push_back(h);
        }
        QueueStatus await_resume()
        {
            if (m_waited)
                m_obs.unblocked();
            return m_q.m_closed ? QueueStatus::Closed : QueueStatus::Ok;
        }

    private:
        AsyncQueue& m_q;
        Obs m_obs;
        bool m_waited = false;
    };

    template<typename Obs = NoQueueObserver>
    PutAwaiter<Obs> put(T item, Obs obs = Obs{}) { return PutAwaiter<Obs>(*this, std::move(item), std::move(obs)); }
    template<typename Obs = NoQueueObserver>
    GetAwaiter<Obs> get(Obs obs = Obs{}) { return GetAwaiter<Obs>(*this, std::move(obs)); }
    template<typename Obs = NoQueueObserver>
    JoinAwaiter<Obs> join(Obs obs = Obs{}) { return JoinAwaiter<Obs>(*this, std::move(obs)); }

    QueueOp putNowait(T item)
    {
        QueueOp op;
        op.size = m_store.size();
        if (m_closed)
            op.status = QueueStatus::Closed;
        else if (isFull())
            op.status = QueueStatus::Full;
        else
            pushNow(std::move(item), op.size);
        return op;
    }

    QueueOp getNowait(T& out)
    {
        QueueOp op;
        op.size = m_store.size();
        if (m_closed)
            op.status = QueueStatus::Closed;
        else if (m_store.empty())
            op.status = QueueStatus::Empty;
        else
            popNow(out, op.size);
        return op;
    }

    void taskDone()
    {
        if (m_unfinished == 0)
            throw std::logic_error("task_done() called too many times");
        if (--m_unfinished == 0) {
            for (auto h : m_joiners)
                m_loop.callSoon(h);
            m_joiners.clear();
        }
    }

    void close()
    {
        if (m_closed)
            return;
        m_closed = true;
        for (auto* g : m_getters) {
            g->status = QueueStatus::Closed;
            m_loop.callSoon(g->h);
        }
        for (auto* p : m_putters) {
            p->status = QueueStatus::Closed;
            m_loop.callSoon(p->h);
        }
        for (auto h : m_joiners)
            m_loop.callSoon(h);
        m_getters.clear();
        m_putters.clear();
        m_joiners.clear();
    }

private:
    bool isFull() const noexcept { return m_maxsize > 0 && m_store.size() >= m_maxsize; }

    // Room exists. A parked getter means the queue is empty: hand the item over directly.
    void pushNow(T&& item, size_t& sizeOut)
    {
        ++m_unfinished;
        if (!m_getters.empty()) {
            GetWaiter* g = m_getters.front();
            m_getters.pop_front();
            stampEnqueued(item); // it waits "in the queue" until the getter runs
            g->value = std::move(item);
            g->status = QueueStatus::Ok;
            g->size = 0;
            sizeOut = 0;
            m_loop.callSoon(g->h);
            return;
        }
        m_store.push(std::move(item));
        sizeOut = m_store.size();
    }

    // Not empty. The freed slot goes to the first parked putter, whose item enters the queue now.
    void popNow(T& out, size_t& sizeOut)
    {
        out = m_store.pop();
        if (!m_putters.empty()) {
            PutWaiter* p = m_putters.front();
            m_putters.pop_front();
            m_store.push(std::move(p->item));
            ++m_unfinished;
            p->status = QueueStatus::Ok;
            p->size = m_store.size();
            m_loop.callSoon(p->h);
        }
        sizeOut = m_store.size();
    }

    AsyncLoop& m_loop;
    const size_t m_maxsize;
    ItemStore<T, PriorityOf> m_store;
    std::deque<GetWaiter*> m_getters;
    std::deque<PutWaiter*> m_putters;
    std::vector<std::coroutine_handle<>> m_joiners;
    size_t m_unfinished = 0;
    bool m_closed = false;
};

} // namespace looplab::pipeline
