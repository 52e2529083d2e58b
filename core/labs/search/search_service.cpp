#include "search_service.h"

#include "search_backend.h"

#include <QtConcurrent/QtConcurrentRun>

#include <qcoro/qcorofuture.h>

namespace looplab::labs::search {

using metrics::LaneState;

struct SearchService::SubmitAwaiter {
    SearchService* service;
    Request* request;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h)
    {
        request->waiter = h;
        auto& pending = service->m_pending;
        pending.push_back(request);
        if (!service->m_batcherStarted) {
            service->m_batcherStarted = true;
            service->batcher(); // eager: runs until it first waits; its frame frees itself at the end
            return;
        }
        // The batcher's timer already runs for the oldest query; wake it only when that changes
        // (first query of a batch) or the batch became full.
        if (pending.size() == 1 || int(pending.size()) >= service->m_maxBatch.load(std::memory_order_relaxed))
            service->m_batcherWake.notify();
    }
    void await_resume() const noexcept { }
};

SearchService::SearchService(SearchBackend& backend, const float* queries, int64_t poolSize, int dim, int k,
                             Dispatch dispatch, int executorWorkers, const Instruments* instruments)
    : m_backend(backend)
    , m_queries(queries)
    , m_poolSize(poolSize)
    , m_dim(dim)
    , m_k(k)
    , m_dispatch(dispatch)
    , m_workers(std::max(1, executorWorkers))
{
    if (instruments)
        m_ins = *instruments;
    m_pool.setMaxThreadCount(m_workers);
    m_pool.setExpiryTimeout(-1); // keep the executor's threads for the whole run, like a ThreadPoolExecutor
}

SearchService::~SearchService()
{
    m_pool.waitForDone();
}

bool SearchService::callLibrary(int64_t n, const float* x, float* distances, int64_t* ids, bool onLoop)
{
    if (m_cancelled.load(std::memory_order_relaxed))
        return false;
    metrics::Recorder rec;
    metrics::LaneId lane = 0;
    if (m_ins.enabled()) {
        if (onLoop) {
            rec = m_ins.registry->local();
            lane = m_ins.loopLane;
        } else if (!m_ins.executorLanes.empty()) {
            // Pool threads are the executor's own: number them in the order they first run.
            struct Slot {
                const SearchService* owner = nullptr;
                int lane = 0;
                metrics::Recorder rec;
            };
            thread_local Slot slot;
            if (slot.owner != this) {
                slot.owner = this;
                slot.lane = m_nextLane.fetch_add(1) % int(m_ins.executorLanes.size());
                slot.rec = m_ins.registry->local();
            }
            rec = slot.rec;
            lane = m_ins.executorLanes[size_t(slot.lane)];
        }
    }
    const int64_t t0 = metrics::nowNs();
    rec.state(lane, onLoop ? LaneState::Blocking : LaneState::Running, t0);
    m_backend.search(n, x, m_k, distances, ids);
    const int64_t t1 = metrics::nowNs();
    rec.state(lane, LaneState::Idle, t1);
    rec.sample(m_ins.searchTime, double(t1 - t0) * 1e-6, t1);
    rec.sample(m_ins.batchHist, double(n), t1);
    rec.gauge(m_ins.batchSize, double(n), t1);
    m_calls.fetch_add(1, std::memory_order_relaxed);
    m_searched.fetch_add(uint64_t(n), std::memory_order_relaxed);
    return true;
}

QCoro::Task<SearchService::Answer> SearchService::search(int64_t queryIndex)
{
    Answer answer;
    answer.ids.resize(size_t(m_k));
    answer.distances.resize(size_t(m_k));
    const float* x = m_queries + (queryIndex % m_poolSize) * m_dim;
    switch (m_dispatch) {
    case Dispatch::OnLoop:
        answer.cancelled = !callLibrary(1, x, answer.distances.data(), answer.ids.data(), true);
        break;
    case Dispatch::ToThread: {
        ++m_inExecutor;
        float* d = answer.distances.data();
        int64_t* ids = answer.ids.data();
        answer.cancelled = !co_await QtConcurrent::run(&m_pool, [this, x, d, ids] { return callLibrary(1, x, d, ids, false); });
        --m_inExecutor;
        if (m_draining)
            m_idleWake.notify();
        break;
    }
    case Dispatch::Batched: {
        Request r{queryIndex % m_poolSize, metrics::nowNs(), {}, &answer};
        co_await SubmitAwaiter{this, &r};
        break;
    }
    }
    co_return answer;
}

QCoro::Task<> SearchService::batcher()
{
    for (;;) {
        if (m_pending.empty()) {
            if (m_draining)
                break;
            co_await m_batcherWake.wait();
            continue;
        }
        if (m_inExecutor >= m_workers) {
            co_await m_batcherWake.wait(); // a batch ending wakes us
            continue;
        }
        const int maxBatch = m_maxBatch.load(std::memory_order_relaxed);
        const int64_t maxWait = m_maxWaitNs.load(std::memory_order_relaxed);
        const int64_t age = metrics::nowNs() - m_pending.front()->enqueuedNs;
        if (int(m_pending.size()) < maxBatch && age < maxWait && !m_draining) {
            co_await m_batcherWake.wait(maxWait - age);
            continue;
        }
        const size_t n = std::min(m_pending.size(), size_t(maxBatch));
        std::vector<Request*> batch(m_pending.begin(), m_pending.begin() + long(n));
        m_pending.erase(m_pending.begin(), m_pending.begin() + long(n));
        runBatch(std::move(batch)); // eager: counts itself in m_inExecutor before it suspends
    }
    m_batcherDone = true;
    m_idleWake.notify();
}

QCoro::Task<> SearchService::runBatch(std::vector<Request*> batch)
{
    ++m_inExecutor;
    const int64_t n = int64_t(batch.size());
    std::vector<int64_t> which(batch.size());
    for (size_t i = 0; i < batch.size(); ++i)
        which[i] = batch[i]->queryIndex;
    std::vector<float> distances(size_t(n) * m_k);
    std::vector<int64_t> ids(size_t(n) * m_k);
    // Gathering the batch's vectors happens on the executor thread too: the loop only queues.
    const bool searched = co_await QtConcurrent::run(&m_pool, [this, n, &which, &distances, &ids] {
        if (m_cancelled.load(std::memory_order_relaxed))
            return false;
        std::vector<float> x(size_t(n) * m_dim);
        for (int64_t i = 0; i < n; ++i)
            std::copy_n(m_queries + which[size_t(i)] * m_dim, m_dim, x.data() + i * m_dim);
        return callLibrary(n, x.data(), distances.data(), ids.data(), false);
    });
    --m_inExecutor;
    // An executor thread is free: let the batcher send the next batch before we answer this one.
    m_batcherWake.notify();
    for (int64_t i = 0; i < n; ++i) {
        Answer* a = batch[size_t(i)]->answer;
        std::copy_n(ids.data() + i * m_k, m_k, a->ids.data());
        std::copy_n(distances.data() + i * m_k, m_k, a->distances.data());
        a->batch = int(n);
        a->cancelled = !searched;
    }
    // Resuming the last waiter can end the run and free this service (ASan caught it): read the
    // state first, and touch `this` afterwards only while drain() keeps the service alive.
    const bool draining = m_draining;
    for (Request* r : batch)
        r->waiter.resume(); // r lives in the waiter's frame: not touched after this
    if (draining)
        m_idleWake.notify();
}

QCoro::Task<> SearchService::drain()
{
    m_draining = true;
    m_batcherWake.notify();
    while (m_inExecutor > 0 || !m_pending.empty() || (m_batcherStarted && !m_batcherDone))
        co_await m_idleWake.wait(10'000'000);
}

} // namespace looplab::labs::search
