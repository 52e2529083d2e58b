#pragma once
// The CPython model every lab shares for "Python code" that runs on threads. A lab makes one
// Gil per simulated interpreter (CPython) or none (free-threaded 3.13t), and every thread that runs
// Python code in that lab — the event loop's own thread, its to_thread executor, pipeline thread
// workers, pool workers — goes through it:
//   - CodeKind::Python: pure-Python code holds the GIL for its whole run and offers it at the eval
//     breaker (checkpoint) only when another thread has waited a switch interval (gil.h);
//   - CodeKind::ReleasesGil: C code that drops the GIL around its work (NumPy, hashlib, FAISS,
//     time.sleep, socket calls): the thread takes the GIL only to enter and to leave the call.
// Free-threaded (gil == nullptr): no lock; the lane shows Running/IoWait directly.
#include "engine/cpu_work.h"
#include "pyrt/gil.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <thread>

namespace looplab::pyrt {

enum class Interpreter : uint8_t { CPython, FreeThreaded };
inline constexpr double kDefaultSwitchIntervalMs = 5; // sys.getswitchinterval()
enum class CodeKind : uint8_t { Python, ReleasesGil };

inline Interpreter interpreterFrom(const QString& s)
{
    return s == QLatin1String("free_threaded") ? Interpreter::FreeThreaded : Interpreter::CPython;
}
inline CodeKind codeKindFrom(const QString& s)
{
    return s == QLatin1String("releases_gil") ? CodeKind::ReleasesGil : CodeKind::Python;
}

// Burn `ns` of CPU as code of `kind` on a thread that already holds the GIL (an event loop's
// thread inside a pass, aio::Loop::setPassHooks): Python code offers the GIL at the eval breaker,
// C code drops it around the work. A set `*stopping` ends the work early.
inline void runCpuHoldingGil(
    Gil* gil, GilThread& t, int64_t ns, CodeKind kind, const std::atomic<bool>* stopping = nullptr)
{
    if (!gil) {
        engine::burnCpuUnlessStopping(ns, stopping);
    } else if (kind == CodeKind::Python) {
        engine::burnCpuUnlessStopping(ns, stopping, [&] { gil->checkpoint(t); });
    } else {
        gil->release(t, metrics::LaneState::Running); // Py_BEGIN_ALLOW_THREADS
        engine::burnCpuUnlessStopping(ns, stopping);
        gil->acquire(t); // Py_END_ALLOW_THREADS
    }
}

// Burn `ns` of this thread's CPU as code of `kind`, as thread `t` of an interpreter whose GIL is
// `gil` (nullptr: free-threaded). The lane ends in `after`. A set `*stopping` ends the work early.
inline void runCpu(Gil* gil, GilThread& t, int64_t ns, CodeKind kind,
    metrics::LaneState after = metrics::LaneState::Idle, const std::atomic<bool>* stopping = nullptr)
{
    using metrics::LaneState;
    if (!gil) {
        t.recorder.state(t.lane, LaneState::Running);
        engine::burnCpuUnlessStopping(ns, stopping);
        t.recorder.state(t.lane, after);
        return;
    }
    gil->acquire(t); // the Python frame that makes the call
    runCpuHoldingGil(gil, t, ns, kind, stopping);
    gil->release(t, after);
}

// Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS on thread `t`, which holds the GIL: `call` runs
// without it (its lane shows `during`), and the thread waits to take it back afterwards.
// Free-threaded (gil == nullptr): only the lane changes.
template <typename F> void withoutGil(Gil* gil, GilThread& t, metrics::LaneState during, F&& call)
{
    if (gil)
        gil->release(t, during);
    else
        t.recorder.state(t.lane, during);
    call();
    if (gil)
        gil->acquire(t);
    else
        t.recorder.state(t.lane, metrics::LaneState::Running);
}

// A call into C code (FAISS's index.search, a NumPy kernel) made by Python code on thread `t`,
// which does not hold the GIL yet: it takes the GIL to enter the call; code of kind ReleasesGil
// drops it for the work (withoutGil, the lane shows `during`) and takes it back to return; kind
// Python holds it throughout (no eval breaker runs inside C code, so nobody else runs meanwhile).
// The lane ends in `after`.
template <typename F>
void runCall(Gil* gil, GilThread& t, CodeKind kind, F&& call, metrics::LaneState during = metrics::LaneState::Running,
    metrics::LaneState after = metrics::LaneState::Idle)
{
    if (!gil) {
        t.recorder.state(t.lane, during);
        call();
        t.recorder.state(t.lane, after);
        return;
    }
    gil->acquire(t);
    if (kind == CodeKind::ReleasesGil)
        withoutGil(gil, t, during, call);
    else
        call();
    gil->release(t, after);
}

// A blocking call that releases the GIL (time.sleep, a file read, a socket wait).
inline void runBlockingIo(Gil* gil, GilThread& t, int64_t ns, metrics::LaneState after = metrics::LaneState::Idle,
    const std::atomic<bool>* stopping = nullptr)
{
    using metrics::LaneState;
    if (gil) {
        gil->acquire(t);
        gil->release(t, LaneState::IoWait);
    } else {
        t.recorder.state(t.lane, LaneState::IoWait);
    }
    engine::sleepUnlessStopping(ns, stopping);
    if (gil) {
        gil->acquire(t);
        gil->release(t, after);
    } else {
        t.recorder.state(t.lane, after);
    }
}

} // namespace looplab::pyrt
