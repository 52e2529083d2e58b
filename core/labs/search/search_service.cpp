#include "search_service.h"

#include "aio/executor.h"
#include "aio/task_scope.h"
#include "search_backend.h"

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
        // The batcher's timeout already runs for the oldest query; wake it only when that changes
        // (first query of a batch) or the batch became full.
        if (pending.size() == 1 || int(pending.size()) >= service->m_maxBatch.load(std::memory_order_relaxed))
            service->m_batcherWake.set();
    }
    void await_resume() const noexcept { }
};

SearchService::SearchService(aio::Loop& loop, SearchBackend& backend, const float* queries, int64_t poolSize, int dim,
    int k, Dispatch dispatch, int executorWorkers, const Instruments* instruments)
    : m_loop(loop)
    , m_backend(backend)
    , m_queries(queries)
    , m_poolSize(poolSize)
    , m_dim(dim)
    , m_k(k)
    , m_dispatch(dispatch)
    , m_workers(std::max(1, executorWorkers))
    , m_batcherWake(loop)
    , m_idleWake(loop)
{
    if (instruments)
        m_ins = *instruments;
    if (m_ins.enabled())
        m_executorThreads.setLanes(m_ins.registry, m_ins.executorLanes);
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
    int64_t t0 = 0, t1 = 0;
    auto search = [&] {
        t0 = metrics::nowNs();
        m_backend.search(n, x, m_k, distances, ids);
        t1 = metrics::nowNs();
    };
    metrics::Recorder rec;
    if (onLoop) {
        // index.search() inside the coroutine: the loop is stuck in the call. Under CPython the
        // loop thread holds the GIL (it runs Python) and FAISS drops it for the search.
        rec = m_loopGil->recorder;
        pyrt::withoutGil(m_gil, *m_loopGil, metrics::LaneState::Blocking, search);
    } else {
        // await asyncio.to_thread(index.search, ...): the worker takes the GIL to enter and to
        // leave the call; FAISS releases it in between. Pool threads are the executor's own: one
        // identity (lane, GIL holder) each, numbered in the order they first run.
        pyrt::GilThread& me = m_executorThreads.current();
        rec = me.recorder;
        pyrt::runCall(m_gil, me, pyrt::CodeKind::ReleasesGil, search);
    }
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
        ++m_inExecutor; // resumed in a pass of the loop, under the GIL like every Python callback
        m_notStarted.fetch_add(1, std::memory_order_relaxed);
        co_await aio::runInExecutor(m_loop, m_pool, [&] {
            m_notStarted.fetch_sub(1, std::memory_order_relaxed);
            answer.cancelled = !callLibrary(1, x, answer.distances.data(), answer.ids.data(), false);
        });
        --m_inExecutor;
        if (m_draining)
            m_idleWake.set();
        break;
    }
    case Dispatch::Batched: {
        if (m_loop.stopped() || m_batcherDone) { // nobody would send it any more
            answer.cancelled = true;
            break;
        }
        Request r{queryIndex % m_poolSize, metrics::nowNs(), {}, &answer};
        co_await SubmitAwaiter{this, &r};
        break;
    }
    }
    co_return answer;
}

QCoro::Task<> SearchService::batcher()
{
    aio::TaskScope task(m_loop);
    for (;;) {
        // Cleared before looking: whatever changes after this wakes the wait below.
        m_batcherWake.clear();
        if (m_pending.empty() && m_draining)
            break;
        // Awaiters are named locals: GCC 12 may keep a temporary awaiter of a larger co_await
        // expression off the coroutine frame, and the Event keeps a pointer into it.
        bool woke = true;
        // A full batch may wait in the executor's queue behind the running ones (one, no more):
        // the executor thread then goes straight on to it instead of idling through two wake-ups
        // (its result reaching the loop, the next batch reaching it — ~110 us a batch on the 2-core
        // VM). queued() counts its queries as queued until the executor takes it.
        const bool fullBatch = int(m_pending.size()) >= m_maxBatch.load(std::memory_order_relaxed);
        if (m_pending.empty() || m_inExecutor >= m_workers + (fullBatch ? 1 : 0)) {
            auto wake = m_batcherWake.wait(); // a query arriving or a batch ending wakes us
            woke = co_await wake;
        } else {
            const int maxBatch = m_maxBatch.load(std::memory_order_relaxed);
            const int64_t maxWait = m_maxWaitNs.load(std::memory_order_relaxed);
            const int64_t age = metrics::nowNs() - m_pending.front()->enqueuedNs;
            if (int(m_pending.size()) < maxBatch && age < maxWait && !m_draining) {
                // "A query arrived OR the oldest has waited max_wait_ms", on the loop's timers.
                auto wakeOrTimeout = m_batcherWake.waitFor(maxWait - age);
                woke = co_await wakeOrTimeout != aio::WaitResult::Stopped;
            } else {
                const size_t n = std::min(m_pending.size(), size_t(maxBatch));
                std::vector<Request*> batch(m_pending.begin(), m_pending.begin() + long(n));
                m_pending.erase(m_pending.begin(), m_pending.begin() + long(n));
                runBatch(std::move(batch)); // eager: counts itself in m_inExecutor before it suspends
            }
        }
        if (!woke) { // the loop stopped: nothing more is sent to the executor
            answerPendingCancelled();
            break;
        }
    }
    m_batcherDone = true;
    m_idleWake.set();
}

void SearchService::answerPendingCancelled()
{
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (Request* r : pending) {
        r->answer->cancelled = true;
        r->waiter.resume(); // r lives in the waiter's frame: not touched after this
    }
}

QCoro::Task<> SearchService::runBatch(std::vector<Request*> batch)
{
    aio::TaskScope task(m_loop);
    ++m_inExecutor;
    const int64_t n = int64_t(batch.size());
    std::vector<int64_t> which(batch.size());
    for (size_t i = 0; i < batch.size(); ++i)
        which[i] = batch[i]->queryIndex;
    std::vector<float> distances(size_t(n) * m_k);
    std::vector<int64_t> ids(size_t(n) * m_k);
    // Gathering the batch's vectors happens on the executor thread too: the loop only queues.
    bool searched = false;
    m_notStarted.fetch_add(int(n), std::memory_order_relaxed);
    co_await aio::runInExecutor(m_loop, m_pool, [&] {
        m_notStarted.fetch_sub(int(n), std::memory_order_relaxed);
        if (m_cancelled.load(std::memory_order_relaxed))
            return;
        std::vector<float> x(size_t(n) * m_dim);
        for (int64_t i = 0; i < n; ++i)
            std::copy_n(m_queries + which[size_t(i)] * m_dim, m_dim, x.data() + i * m_dim);
        searched = callLibrary(n, x.data(), distances.data(), ids.data(), false);
    });
    --m_inExecutor;
    // An executor thread is free: let the batcher send the next batch before we answer this one
    // (its wake-up runs on the next pass: yield to it, or the executor idles while we answer).
    m_batcherWake.set();
    co_await m_loop.yieldNow();
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
        m_idleWake.set();
}

QCoro::Task<> SearchService::drain()
{
    m_draining = true;
    m_batcherWake.set();
    for (;;) {
        m_idleWake.clear();
        if (!busy())
            break;
        auto idle = m_idleWake.wait(); // a named awaiter: see batcher()
        if (!co_await idle)
            break; // the loop stopped (what runs in the executor comes back on its own)
    }
}

} // namespace looplab::labs::search
