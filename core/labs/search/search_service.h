#pragma once
// The executor path: how one query gets from a coroutine on the event loop to the blocking search
// library and back, in the course's three ways (Dispatch). Lives on, and is only called from, the
// thread of one aio::Loop (core/aio); the searches run on its QThreadPool (the executor) or, for
// on_loop, right there on the loop. FAISS releases the GIL: under the emulated CPython
// (setInterpreter) every search takes the GIL only to enter and to leave the call (core/pyrt).
//
//   on_loop    answer = index.search(q)                              (blocks the loop)
//   to_thread  answer = await asyncio.to_thread(index.search, q)     (one executor call per query)
//   batched    queries wait in a queue; a batcher sends up to max_batch of them in one executor
//              call when the batch is full or its oldest query has waited max_wait_ms, and only
//              while an executor thread is free (so batches grow under load)
#include "aio/sync.h"
#include "pyrt/executor_threads.h"
#include "pyrt/interpreter.h"
#include "search_config.h"
#include "search_instruments.h"

#include <QThreadPool>
#include <qcoro/qcorotask.h>

#include <atomic>
#include <coroutine>
#include <deque>
#include <vector>

namespace looplab::labs::search {

class SearchBackend;

class SearchService
{
public:
    struct Answer {
        std::vector<int64_t> ids; // k
        std::vector<float> distances;
        int batch = 1; // size of the executor call that answered it
        bool cancelled = false; // not searched: the service was cancelled while it waited
    };

    // `queries`: the pool the query numbers index (poolSize × dim, kept alive by the caller).
    SearchService(aio::Loop& loop, SearchBackend& backend, const float* queries, int64_t poolSize, int dim, int k,
        Dispatch dispatch, int executorWorkers, const Instruments* instruments = nullptr);
    ~SearchService(); // waits for the executor (call drain() first from the loop)

    // The emulated CPython whose code calls the library (before the first search): `gil`, shared
    // with the loop thread `loopThread` (which holds it while the loop runs: aio::Loop's pass
    // hooks; its lane shows a call on the loop); gil nullptr: free-threaded, or no Python at all.
    void setInterpreter(pyrt::Gil* gil, pyrt::GilThread* loopThread)
    {
        m_gil = gil;
        m_loopGil = loopThread ? loopThread : &m_unrecordedLoop;
    }

    // Loop thread. Searches pool query `queryIndex` (0 <= queryIndex < poolSize).
    QCoro::Task<Answer> search(int64_t queryIndex);

    // Live knobs (any thread).
    void setMaxBatch(int n) { m_maxBatch.store(std::max(1, n)); }
    void setMaxWaitNs(int64_t ns) { m_maxWaitNs.store(std::max<int64_t>(0, ns)); }

    // Any thread: queries not yet searched are answered at once as cancelled (the lab is
    // stopping: an overloaded executor's backlog must not hold up the stop).
    void cancelPending() { m_cancelled.store(true); }

    // Loop thread: wait until nothing is queued or running, then end the batcher. After this,
    // search() must not be called again. When the loop stops, the batcher answers what is still
    // queued as cancelled and ends; what runs in the executor comes back on its own.
    QCoro::Task<> drain();

    // Loop thread (the lag probe's wake samples them).
    // Queries not yet searched: waiting for a batch, or handed to the executor and not started.
    int queued() const { return int(m_pending.size()) + m_notStarted.load(std::memory_order_relaxed); }
    int busyWorkers() const { return std::min(m_inExecutor, m_workers); }
    Dispatch dispatch() const { return m_dispatch; }
    // Any thread.
    uint64_t executorCalls() const { return m_calls.load(std::memory_order_relaxed); }
    uint64_t queriesSearched() const { return m_searched.load(std::memory_order_relaxed); }

private:
    struct Request {
        int64_t queryIndex;
        int64_t enqueuedNs;
        std::coroutine_handle<> waiter;
        Answer* answer;
    };
    struct SubmitAwaiter;

    // One blocking library call for n contiguous queries, timed and recorded; runs on whichever
    // thread calls it (an executor thread, or the loop for on_loop).
    // Returns false (and searches nothing) once cancelled.
    bool callLibrary(int64_t n, const float* x, float* distances, int64_t* ids, bool onLoop);
    QCoro::Task<> batcher();
    QCoro::Task<> runBatch(std::vector<Request*> batch);
    bool busy() const { return m_inExecutor > 0 || !m_pending.empty() || (m_batcherStarted && !m_batcherDone); }
    void answerPendingCancelled();

    aio::Loop& m_loop;
    SearchBackend& m_backend;
    const float* m_queries;
    int64_t m_poolSize;
    int m_dim;
    int m_k;
    Dispatch m_dispatch;
    int m_workers;
    Instruments m_ins;
    metrics::Recorder m_loopRec; // the loop thread's recorder (set lazily on the loop)
    QThreadPool m_pool;
    pyrt::Gil* m_gil = nullptr;
    pyrt::GilThread m_unrecordedLoop; // without setInterpreter: a loop thread that records nothing
    pyrt::GilThread* m_loopGil = &m_unrecordedLoop;

    std::atomic<int> m_maxBatch{32};
    std::atomic<int64_t> m_maxWaitNs{2'000'000};
    std::deque<Request*> m_pending;
    // asyncio.Event-style wake-ups: set by whoever changes what the waiter looks at, cleared by the
    // waiter before it looks (so a set between two waits is never lost).
    aio::Event m_batcherWake; // a query arrived, a batch ended, or drain() began
    aio::Event m_idleWake; // drain() waits here
    bool m_batcherStarted = false;
    bool m_draining = false;
    bool m_batcherDone = false;
    int m_inExecutor = 0; // executor calls submitted and not finished (queued or running)
    pyrt::ExecutorThreads m_executorThreads; // the executor's threads: lanes and GIL identities
    std::atomic<uint64_t> m_calls{0};
    std::atomic<uint64_t> m_searched{0};
    std::atomic<bool> m_cancelled{false};
    std::atomic<int> m_notStarted{0}; // queries in executor calls that no executor thread took yet
};

} // namespace looplab::labs::search
