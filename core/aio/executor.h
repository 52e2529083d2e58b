#pragma once
// await loop.run_in_executor(pool, fn) for a coroutine on an aio::Loop: `fn` runs on a thread of
// `pool`, and its done callback resumes the coroutine through callSoonThreadsafe — in a pass of
// the loop (under its pass hooks: the GIL), as asyncio's future done callback does.
// Why not co_await QtConcurrent::run: QCoro awaits a QFuture through a fresh QFutureWatcher per
// call, whose callouts (result ready, finished, deleteLater) cost the loop thread up to three
// wake-ups per call and resume the coroutine outside a pass; each wake-up of the loop can preempt
// the executor thread in the middle of its work (bench_search measured it in the FAISS path).
// Here a call costs one cross-thread wake-up at most (none while the loop is already awake).
//
// `fn` returns nothing: it writes its results into the awaiting coroutine's frame through
// references (the frame lives until the coroutine resumes). It may own nothing: GCC 12 mishandles
// the temporaries of a co_await expression (a lambda capturing a shared_ptr by value came back
// with its count freed), so an owning capture would be destroyed wrongly. Loop thread only.
#include "loop.h"

#include <QThreadPool>

#include <coroutine>
#include <type_traits>
#include <utility>

namespace looplab::aio {

template <typename F> struct ExecutorCall {
    static_assert(std::is_trivially_destructible_v<F>, "capture references only (see above)");
    Loop& loop;
    QThreadPool& pool;
    F fn;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h)
    {
        pool.start([l = &loop, h, fn = std::move(fn)]() mutable {
            fn();
            l->callSoonThreadsafe([h] { h.resume(); }); // the future's done callback
        });
    }
    void await_resume() const noexcept { }
};

template <typename F> ExecutorCall<F> runInExecutor(Loop& loop, QThreadPool& pool, F fn)
{
    return {loop, pool, std::move(fn)};
}

} // namespace looplab::aio
