#pragma once
// The asyncio lesson as a real experiment: a Qt event loop in its own thread runs core/aio's
// asyncio loop, each task is a QCoro coroutine, to_thread work runs on a real thread pool and
// to_process work in real worker processes. Ticks come from the dispatcher's own
// awake/about-to-block moments and lag from core/aio's lag probe: measured, not modelled. What is
// emulated is CPython's GIL (core/pyrt): with interpreter "cpython" the loop thread and the
// executor threads share one, so Python code sent to_thread still competes with the loop.
#include "aio/loop.h"
#include "aio/loop_thread.h"
#include "aio/sync.h"
#include "engine/lab.h"
#include "pyrt/executor_threads.h"
#include "pyrt/interpreter.h"
#include "workers/process_pool.h"

#include <QCoroTask>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <random>

namespace looplab::labs {

struct TaskStep {
    enum Kind { Io, CpuOnLoop, ToThread, ToThreadIo, ToProcess, Blocking } kind;
    double ms;
    pyrt::CodeKind code = pyrt::CodeKind::Python; // CpuOnLoop / ToThread: what kind of code burns the CPU
};

struct TaskPlan {
    QString name; // empty for generated tasks
    double startMs = 0;
    std::vector<TaskStep> steps;
    // say() without await or create_task: a coroutine object that is created and dropped, so
    // none of its steps runs and CPython warns "coroutine 'say' was never awaited".
    bool neverAwaited = false;
    // task.cancel() this long after create_task (< 0: never); CancelledError then runs onCancel
    // (the coroutine's `except asyncio.CancelledError:` cleanup) before the task ends cancelled.
    double cancelAfterMs = -1;
    std::vector<TaskStep> onCancel;
};

// How one awaited step ended.
enum class StepEnd {
    Done,
    Deadline, // the task's deadline passed: its asyncio.timeout or its task.cancel()
    GaveUp, // every wait_for attempt timed out: TimeoutError
    Failed, // the loop stopped, or a worker process failed the call
};

class EventLoopLab final : public engine::Lab
{
public:
    explicit EventLoopLab(const scenario::LabConfig& config);
    ~EventLoopLab() override;

    void start(const engine::LabContext& ctx) override;
    void stop() override;
    engine::ParameterChange applyParameter(const QString& path, const QJsonValue& value) override;
    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const override;
    QString status() const override;

private:
    void beginOnLoop(aio::Loop& loop); // loop thread, once
    void armBlocking(); // loop thread

    // Coroutines, all on the loop thread.
    QCoro::Task<> mainTask(aio::Loop& loop);
    QCoro::Task<> runTask(aio::Loop& loop, int index, int64_t createdNs);
    // One awaited I/O step with the semaphore, per-attempt timeouts and retries around it.
    // Returns false when the task gives up (timeout) or the loop is cancelled.
    QCoro::Task<StepEnd> ioStep(aio::Loop& loop, double ms, int64_t taskDeadline, int lane);
    QCoro::Task<StepEnd> runStep(aio::Loop& loop, const TaskStep& step, int64_t deadline, int lane);
    QCoro::Task<bool> toThread(aio::Loop& loop, double ms, bool blockingIo, pyrt::CodeKind code);
    QCoro::Task<bool> toProcess(double ms, int lane);
    enum class Outcome { Completed, Cancelled, TimedOut };
    void taskEnded(int64_t createdNs, Outcome outcome);

    // Loop instruments (loop thread).
    void onAwake();
    void onAboutToBlock();
    void passEnded();
    void lagSample(int64_t lagNs, int64_t atNs);
    void blockingCall();
    void callbackRan(int64_t startNs, int64_t endNs);

    std::vector<TaskPlan> m_plans;
    scenario::LabConfig m_config;
    engine::LabContext m_ctx;
    std::unique_ptr<aio::LoopThread> m_thread;
    aio::Loop* m_loop = nullptr; // loop thread: the running loop (LoopThread's), null outside it
    std::unique_ptr<QTimer> m_blockingTimer; // loop thread: blocking_call_ms every blocking_every_ms
    std::optional<QCoro::Task<>> m_main; // loop thread: the main coroutine (asyncio.run(main()))
    std::atomic<bool> m_loopRunning{false};
    std::unique_ptr<QThreadPool> m_executor;
    std::unique_ptr<workers::ProcessPool> m_processes;

    // Live parameters.
    std::atomic<double> m_blockingCallMs{0};
    std::atomic<double> m_blockingEveryMs{1000};
    std::atomic<double> m_slowCallbackMs{100};
    double m_timeoutMs = 0;
    int m_semaphoreSize = 0;
    int m_retries = 0;
    double m_backoffMs = 100;
    bool m_ioExponential = false;
    std::mt19937_64 m_ioRng;
    std::unique_ptr<aio::Semaphore> m_semaphore; // loop thread
    int m_ioInFlight = 0;
    int m_ioInFlightMax = 0;
    std::atomic<uint64_t> m_retried{0};
    metrics::SeriesId m_sIoInFlight = 0, m_sSemWaiting = 0;
    metrics::HistogramId m_hSemWait = 0;
    double m_arrivalPerS = 0;
    int m_workers = 4; // to_thread executor threads
    int m_processWorkers = 2; // to_process worker processes

    // Measured on the loop thread.
    metrics::Recorder m_rec;
    metrics::SeriesId m_sLag = 0, m_sInFlight = 0, m_sResumptions = 0, m_sTickBusy = 0, m_sTicks = 0, m_sCompleted = 0;
    metrics::HistogramId m_hLag = 0, m_hTickBusy = 0, m_hLatency = 0;
    metrics::LaneId m_loopLane = 0;
    std::vector<metrics::LaneId> m_taskLanes; // scripted tasks only
    pyrt::ExecutorThreads m_executorThreads; // to_thread workers: lanes and GIL identities
    std::vector<metrics::LaneId> m_processLanes; // worker processes
    metrics::MarkId m_slowMark = 0, m_blockingMark = 0;
    std::vector<metrics::MarkId> m_neverAwaitedMarks; // by plan index (never-awaited plans only)
    bool m_inTick = false;
    int64_t m_tickStartNs = 0;
    int m_inFlight = 0;
    int m_inFlightRecorded = -1; // last value recorded in tasks_in_flight
    int m_completedThisPass = 0;
    int m_pending = 0;
    bool m_allCreated = false;

    // The emulated CPython (core/pyrt): one GIL shared by the loop thread and the executor
    // threads when the interpreter is "cpython" and tasks use to_thread; none when free-threaded.
    pyrt::Interpreter m_interpreter = pyrt::Interpreter::CPython;
    double m_switchIntervalMs = 5;
    std::unique_ptr<pyrt::Gil> m_gil;
    pyrt::GilThread m_loopGil; // the loop thread's identity on the GIL
    metrics::LaneId m_gilLane = 0;
    std::atomic<int64_t> m_executorCpuNs{0}; // thread CPU time used by to_thread calls (OS clock)

    std::atomic<uint64_t> m_ticks{0};
    std::atomic<uint64_t> m_slowCallbacks{0};
    std::atomic<uint64_t> m_completed{0};
    std::atomic<uint64_t> m_cancelled{0}; // task.cancel(), or still running when the run stopped
    std::atomic<uint64_t> m_timedOut{0}; // asyncio.timeout ran out, or wait_for ran out of retries
    std::atomic<uint64_t> m_neverAwaited{0};
    std::atomic<int64_t> m_lastEndNs{0};
    std::atomic<int64_t> m_startNs{0};
    std::atomic<int> m_ioInFlightMaxSeen{0};
    std::atomic<bool> m_done{false};
    std::atomic<bool> m_stopping{false};
};

} // namespace looplab::labs
