#pragma once
// asyncio.Queue for coroutines on an aio::Loop (loop thread only; no lock: one thread, and
// "blocking" is suspension). Semantics as documented for asyncio.Queue:
//   maxsize <= 0: unbounded.  co_await q.put(x): waits while full.  co_await q.get(): waits while
//   empty.  putNowait on a full queue -> Full (QueueFull); getNowait on an empty one -> Empty
//   (QueueEmpty).  Each put counts an unfinished task; taskDone() counts one down and throws
//   std::logic_error when called more times than items were put (ValueError); co_await q.join()
//   waits until the count is zero.  shutdown() (3.13's Queue.shutdown) makes every parked and
//   later put/get return Closed.  Loop stop: every parked call returns Stopped.
// One deliberate difference: a woken waiter is *handed* its slot or item (asyncio wakes it and
// lets it retry, so a coroutine that never waited can overtake it). Waiters are served strictly in
// arrival order and a woken coroutine never parks again.
//
// The store decides the order (FifoStore: asyncio.Queue; LifoStore: asyncio.LifoQueue; a lab may
// pass its own with push/pop/size/empty, e.g. a priority order). An optional observer per call
// sees the suspension (blocked()) and the resumption (unblocked()), for lane states.
#include "loop.h"

#include <deque>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace looplab::aio {

enum class QueueStatus : uint8_t { Ok, Full, Empty, Closed, Stopped };

struct QueueOp {
    QueueStatus status = QueueStatus::Ok;
    size_t size = 0; // items in the queue right after the call
    bool waited = false; // the call had to suspend
};

struct NoQueueObserver {
    void blocked() noexcept { }
    void unblocked() noexcept { }
};

template <typename T> class FifoStore
{
public:
    void push(T v) { m_items.push_back(std::move(v)); }
    T pop()
    {
        T v = std::move(m_items.front());
        m_items.pop_front();
        return v;
    }
    size_t size() const noexcept { return m_items.size(); }
    bool empty() const noexcept { return m_items.empty(); }

private:
    std::deque<T> m_items;
};

template <typename T> class LifoStore
{
public:
    void push(T v) { m_items.push_back(std::move(v)); }
    T pop()
    {
        T v = std::move(m_items.back());
        m_items.pop_back();
        return v;
    }
    size_t size() const noexcept { return m_items.size(); }
    bool empty() const noexcept { return m_items.empty(); }

private:
    std::vector<T> m_items;
};

template <typename T, typename Store = FifoStore<T>> class Queue : public Parking
{
public:
    struct GetResult {
        QueueStatus status = QueueStatus::Ok;
        size_t size = 0;
        bool waited = false;
        T value{};
        bool ok() const noexcept { return status == QueueStatus::Ok; }
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
    explicit Queue(Loop& loop, long maxsize = 0, Store store = Store{})
        : Parking(loop)
        , m_maxsize(maxsize > 0 ? size_t(maxsize) : 0)
        , m_store(std::move(store))
    { }
    ~Queue() override = default;

    size_t maxsize() const noexcept { return m_maxsize; }
    size_t qsize() const noexcept { return m_store.size(); }
    bool empty() const noexcept { return m_store.empty(); }
    bool full() const noexcept { return m_maxsize > 0 && m_store.size() >= m_maxsize; }
    size_t unfinishedTasks() const noexcept { return m_unfinished; }
    bool isShutdown() const noexcept { return m_closed; }
    size_t gettersWaiting() const noexcept { return m_getters.size(); }
    size_t puttersWaiting() const noexcept { return m_putters.size(); }
    Store& store() noexcept { return m_store; }
    const Store& store() const noexcept { return m_store; }

    template <typename Obs> class PutAwaiter : PutWaiter
    {
    public:
        PutAwaiter(Queue& q, T item, Obs obs)
            : m_q(q)
            , m_obs(std::move(obs))
        {
            this->item = std::move(item);
        }
        bool await_ready()
        {
            if (auto s = m_q.refusal()) {
                this->status = *s;
                return true;
            }
            if (m_q.full())
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
        Queue& m_q;
        Obs m_obs;
        bool m_waited = false;
    };

    template <typename Obs> class GetAwaiter : GetWaiter
    {
    public:
        GetAwaiter(Queue& q, Obs obs)
            : m_q(q)
            , m_obs(std::move(obs))
        { }
        bool await_ready()
        {
            if (m_q.m_loop.stopped()) {
                this->status = QueueStatus::Stopped;
                return true;
            }
            if (!m_q.m_store.empty()) { // after shutdown() (not immediate) items may still be got
                m_q.popNow(this->value, this->size);
                return true;
            }
            if (m_q.m_closed) {
                this->status = QueueStatus::Closed;
                return true;
            }
            return false;
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
        Queue& m_q;
        Obs m_obs;
        bool m_waited = false;
    };

    template <typename Obs> class JoinAwaiter
    {
    public:
        JoinAwaiter(Queue& q, Obs obs)
            : m_q(q)
            , m_obs(std::move(obs))
        { }
        bool await_ready() const noexcept { return m_q.m_loop.stopped() || m_q.m_unfinished == 0; }
        void await_suspend(std::coroutine_handle<> h)
        {
            m_waited = true;
            m_obs.blocked();
            m_q.m_joiners.push_back(h);
        }
        // Ok when every item was task_done()-ed; Stopped when the loop stopped first.
        QueueStatus await_resume()
        {
            if (m_waited)
                m_obs.unblocked();
            return m_q.m_unfinished == 0 ? QueueStatus::Ok : QueueStatus::Stopped;
        }

    private:
        Queue& m_q;
        Obs m_obs;
        bool m_waited = false;
    };

    template <typename Obs = NoQueueObserver> PutAwaiter<Obs> put(T item, Obs obs = Obs{})
    {
        return PutAwaiter<Obs>(*this, std::move(item), std::move(obs));
    }
    template <typename Obs = NoQueueObserver> GetAwaiter<Obs> get(Obs obs = Obs{})
    {
        return GetAwaiter<Obs>(*this, std::move(obs));
    }
    template <typename Obs = NoQueueObserver> JoinAwaiter<Obs> join(Obs obs = Obs{})
    {
        return JoinAwaiter<Obs>(*this, std::move(obs));
    }

    QueueOp putNowait(T item)
    {
        QueueOp op;
        op.size = m_store.size();
        if (auto s = refusal())
            op.status = *s;
        else if (full())
            op.status = QueueStatus::Full;
        else
            pushNow(std::move(item), op.size);
        return op;
    }

    QueueOp getNowait(T& out)
    {
        QueueOp op;
        op.size = m_store.size();
        if (m_loop.stopped())
            op.status = QueueStatus::Stopped;
        else if (!m_store.empty())
            popNow(out, op.size);
        else
            op.status = m_closed ? QueueStatus::Closed : QueueStatus::Empty;
        return op;
    }

    void taskDone()
    {
        if (m_unfinished == 0)
            throw std::logic_error("task_done() called too many times");
        if (--m_unfinished == 0)
            wakeJoiners();
    }

    // Queue.shutdown(immediate): puts fail from now on; parked getters and putters resume with
    // Closed. immediate: the queue is emptied too (its items count as done), so join() returns.
    void shutdown(bool immediate = false)
    {
        m_closed = true;
        if (immediate) {
            while (!m_store.empty()) {
                m_store.pop();
                if (m_unfinished > 0)
                    --m_unfinished;
            }
            if (m_unfinished == 0)
                wakeJoiners();
        }
        for (auto* g : std::exchange(m_getters, {})) {
            g->status = QueueStatus::Closed;
            m_loop.callSoon(g->h);
        }
        for (auto* p : std::exchange(m_putters, {})) {
            p->status = QueueStatus::Closed;
            m_loop.callSoon(p->h);
        }
    }

protected:
    void loopStopping() override
    {
        for (auto* g : std::exchange(m_getters, {})) {
            g->status = QueueStatus::Stopped;
            m_loop.callSoon(g->h);
        }
        for (auto* p : std::exchange(m_putters, {})) {
            p->status = QueueStatus::Stopped;
            m_loop.callSoon(p->h);
        }
        wakeJoiners();
    }

private:
    std::optional<QueueStatus> refusal() const noexcept
    {
        if (m_loop.stopped())
            return QueueStatus::Stopped;
        if (m_closed)
            return QueueStatus::Closed;
        return std::nullopt;
    }

    void wakeJoiners()
    {
        for (auto h : std::exchange(m_joiners, {}))
            m_loop.callSoon(h);
    }

    // Room exists. A parked getter means the queue is empty: hand the item over directly.
    void pushNow(T&& item, size_t& sizeOut)
    {
        ++m_unfinished;
        if (!m_getters.empty()) {
            GetWaiter* g = m_getters.front();
            m_getters.pop_front();
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

    const size_t m_maxsize;
    Store m_store;
    std::deque<GetWaiter*> m_getters;
    std::deque<PutWaiter*> m_putters;
    std::vector<std::coroutine_handle<>> m_joiners;
    size_t m_unfinished = 0;
    bool m_closed = false;
};

} // namespace looplab::aio
