#include "event_loop_lab.h"

#include "aio/executor.h"
#include "aio/lag_probe.h"
#include "engine/cpu_work.h"
#include "event_loop_lab_impl.h"
#include "pyrt/loop_gil.h"
#include "workers/reply_lane.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QCoroFuture>
#include <QJsonArray>
#include <QPromise>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <thread>

namespace looplab::labs {

using metrics::LaneState;
using metrics::nowNs;

namespace {
constexpr int kMaxTaskLanes = 64;

// A script task's steps (or its on_cancel cleanup): each step has exactly one kind key.
std::vector<TaskStep> stepsFrom(const QJsonArray& array, const QString& task, pyrt::CodeKind defaultCode)
{
    static const std::pair<const char*, TaskStep::Kind> kinds[]
        = {{"io_ms", TaskStep::Io}, {"cpu_ms", TaskStep::CpuOnLoop}, {"to_thread_ms", TaskStep::ToThread},
            {"to_thread_io_ms", TaskStep::ToThreadIo}, {"to_process_ms", TaskStep::ToProcess},
            {"blocking_ms", TaskStep::Blocking}};
    std::vector<TaskStep> steps;
    for (const auto& s : array) {
        const QJsonObject step = s.toObject();
        const pyrt::CodeKind code = step.contains(QLatin1String("code"))
            ? pyrt::codeKindFrom(step.value(QLatin1String("code")).toString())
            : defaultCode;
        int found = 0;
        for (const auto& [key, kind] : kinds)
            if (step.contains(QLatin1String(key))) {
                steps.push_back({kind, step.value(QLatin1String(key)).toDouble(), code});
                ++found;
            }
        if (found != 1)
            throw std::runtime_error("task \"" + task.toStdString()
                + "\": each step needs exactly one of io_ms, cpu_ms, to_thread_ms, "
                  "to_thread_io_ms, to_process_ms, blocking_ms");
    }
    return steps;
}

std::vector<TaskPlan> plansFrom(const scenario::LabConfig& config)
{
    std::vector<TaskPlan> plans;
    const pyrt::CodeKind defaultCode = pyrt::codeKindFrom(config.textParam(QStringLiteral("cpu_kind")));
    const QJsonArray script = config.params.value(QStringLiteral("script")).toArray();
    if (!script.isEmpty()) {
        for (const auto& t : script) {
            const QJsonObject o = t.toObject();
            TaskPlan p;
            p.name = o.value(QStringLiteral("name")).toString();
            if (p.name.isEmpty())
                p.name = QStringLiteral("task %1").arg(plans.size() + 1);
            p.startMs = o.value(QStringLiteral("start_ms")).toDouble();
            p.steps = stepsFrom(o.value(QStringLiteral("steps")).toArray(), p.name, defaultCode);
            p.neverAwaited = o.value(QStringLiteral("never_awaited")).toBool();
            p.cancelAfterMs = o.value(QStringLiteral("cancel_after_ms")).toDouble(-1);
            p.onCancel = stepsFrom(o.value(QStringLiteral("on_cancel")).toArray(), p.name, defaultCode);
            plans.push_back(std::move(p));
        }
        return plans;
    }
    const int n = config.intParam(QStringLiteral("tasks"));
    const double io = config.realParam(QStringLiteral("io_ms"));
    const double cpu = config.realParam(QStringLiteral("cpu_ms"));
    const QString mode = config.textParam(QStringLiteral("cpu_mode"));
    TaskPlan proto;
    if (cpu > 0) {
        const auto kind = scenario::pick<TaskStep::Kind>(mode,
            {{"on_loop", TaskStep::CpuOnLoop}, {"to_thread", TaskStep::ToThread}, {"to_process", TaskStep::ToProcess}});
        proto.steps.push_back({kind, cpu, defaultCode});
    }
    // io_ms 0 still awaits once: the task yields to the loop (asyncio.sleep(0)).
    proto.steps.push_back({TaskStep::Io, io});
    plans.assign(size_t(n), proto);
    return plans;
}

// Whether any step of any task (its cleanup included) is of one of these kinds.
bool anyStep(const std::vector<TaskPlan>& plans, std::initializer_list<TaskStep::Kind> kinds)
{
    auto match = [&](const TaskStep& s) { return std::find(kinds.begin(), kinds.end(), s.kind) != kinds.end(); };
    for (const auto& p : plans)
        if (std::any_of(p.steps.begin(), p.steps.end(), match)
            || std::any_of(p.onCancel.begin(), p.onCancel.end(), match))
            return true;
    return false;
}

} // namespace

// The loop thread's own part (aio::LoopThread does the rest): the dispatcher's awake and
// about-to-block moments are the loop's ticks, the blocking-call timer, and the main coroutine.
void EventLoopLab::beginOnLoop(aio::Loop& loop)
{
    loop.setCallbackObserver([this](int64_t start, int64_t end) { callbackRan(start, end); });
    loop.setActivityObserver([this] { onAwake(); });
    // The loop lane's ticks are drawn by onAwake/onAboutToBlock; the end of a pass is also
    // where the per-task gauges are recorded, once per pass instead of once per task.
    pyrt::holdGilInPasses(loop, m_gil.get(), m_loopGil, LaneState::Running, false, [this] { passEnded(); });
    auto* dispatcher = QAbstractEventDispatcher::instance();
    m_blockingTimer = std::make_unique<QTimer>();
    m_blockingTimer->setTimerType(Qt::PreciseTimer);
    // Connected through the timer, a QObject of this thread: the connections end with it.
    QObject::connect(
        dispatcher, &QAbstractEventDispatcher::awake, m_blockingTimer.get(), [this] { onAwake(); },
        Qt::DirectConnection);
    QObject::connect(
        dispatcher, &QAbstractEventDispatcher::aboutToBlock, m_blockingTimer.get(), [this] { onAboutToBlock(); },
        Qt::DirectConnection);
    QObject::connect(m_blockingTimer.get(), &QTimer::timeout, m_blockingTimer.get(), [this] { blockingCall(); });
    armBlocking();
    m_loop = &loop;
    m_main.emplace(mainTask(loop));
    m_loopRunning = true;
}

void EventLoopLab::armBlocking()
{
    if (!m_blockingTimer)
        return;
    const double every = m_ctx.scaledMs(m_blockingEveryMs.load());
    if (m_blockingCallMs.load() > 0)
        m_blockingTimer->start(std::max(1, int(every)));
    else
        m_blockingTimer->stop();
}

EventLoopLab::EventLoopLab(const scenario::LabConfig& config)
    : m_plans(plansFrom(config))
    , m_config(config)
{
    m_blockingCallMs = config.realParam(QStringLiteral("blocking_call_ms"));
    m_blockingEveryMs = config.realParam(QStringLiteral("blocking_every_ms"));
    m_slowCallbackMs = config.realParam(QStringLiteral("slow_callback_ms"));
    m_timeoutMs = config.realParam(QStringLiteral("timeout_ms"));
    m_semaphoreSize = config.intParam(QStringLiteral("semaphore"));
    m_retries = config.intParam(QStringLiteral("retries"));
    m_backoffMs = config.realParam(QStringLiteral("backoff_ms"));
    m_ioExponential = config.textParam(QStringLiteral("io_dist")) == QLatin1String("exponential");
    m_arrivalPerS = config.realParam(QStringLiteral("arrival_per_s"));
    // 0: CPython's defaults — ThreadPoolExecutor min(32, os.cpu_count() + 4), ProcessPoolExecutor
    // os.cpu_count().
    const int workers = config.intParam(QStringLiteral("executor_workers"));
    m_workers = workers > 0 ? workers : std::min(32, QThread::idealThreadCount() + 4);
    m_processWorkers = workers > 0 ? workers : QThread::idealThreadCount();
    m_interpreter = pyrt::interpreterFrom(config.textParam(QStringLiteral("interpreter")));
    m_switchIntervalMs = config.realParam(QStringLiteral("switch_interval_ms"));
}

EventLoopLab::~EventLoopLab()
{
    stop();
}

void EventLoopLab::start(const engine::LabContext& ctx)
{
    m_ctx = ctx;
    auto& reg = *ctx.registry;
    const int lab = ctx.index;
    using metrics::SeriesKind;
    m_sLag = reg.addSeries({lab, QStringLiteral("lag_ms"), QStringLiteral("ms"), SeriesKind::Gauge});
    m_sInFlight = reg.addSeries({lab, QStringLiteral("tasks_in_flight"), QStringLiteral("tasks"), SeriesKind::Gauge});
    m_sResumptions = reg.addSeries(
        {lab, QStringLiteral("resumptions_per_tick"), QStringLiteral("resumptions"), SeriesKind::Gauge});
    m_sTickBusy = reg.addSeries({lab, QStringLiteral("tick_busy_ms"), QStringLiteral("ms"), SeriesKind::Gauge});
    m_sTicks = reg.addSeries({lab, QStringLiteral("ticks"), QStringLiteral("1/s"), SeriesKind::Rate});
    m_sCompleted = reg.addSeries({lab, QStringLiteral("tasks_completed"), QStringLiteral("1/s"), SeriesKind::Rate});
    m_sIoInFlight = reg.addSeries({lab, QStringLiteral("io_in_flight"), QStringLiteral("tasks"), SeriesKind::Gauge});
    if (m_semaphoreSize > 0) {
        m_sSemWaiting
            = reg.addSeries({lab, QStringLiteral("semaphore_waiting"), QStringLiteral("tasks"), SeriesKind::Gauge});
        m_hSemWait = reg.addHistogram({lab, QStringLiteral("semaphore_wait_ms"), QStringLiteral("ms")});
    }
    m_ioRng.seed(ctx.seed * 7919 + 17);
    m_hLag = reg.addHistogram({lab, QStringLiteral("lag_ms"), QStringLiteral("ms")});
    m_hTickBusy = reg.addHistogram({lab, QStringLiteral("tick_busy_ms"), QStringLiteral("ms")});
    m_hLatency = reg.addHistogram({lab, QStringLiteral("task_latency_ms"), QStringLiteral("ms")});
    m_loopLane = reg.addLane({lab, QStringLiteral("event loop"), QStringLiteral("loop")});
    m_slowMark = reg.addMark({lab, QStringLiteral("slow_callback")});
    m_blockingMark = reg.addMark({lab, QStringLiteral("blocking_call")});
    for (const auto& p : m_plans) {
        if (p.name.isEmpty() || m_taskLanes.size() >= kMaxTaskLanes)
            break;
        m_taskLanes.push_back(reg.addLane({lab, p.name, QStringLiteral("tasks")}));
    }
    for (const auto& p : m_plans) {
        // CPython names the coroutine function in its warning: "say", not "say('Alice', 2)".
        const QString coroutine = p.name.section(QLatin1Char('('), 0, 0).trimmed();
        m_neverAwaitedMarks.push_back(
            p.neverAwaited ? reg.addMark({lab, QStringLiteral("never_awaited:") + coroutine}) : metrics::MarkId(0));
    }
    if (anyStep(m_plans, {TaskStep::ToThread, TaskStep::ToThreadIo})) {
        m_executor = std::make_unique<QThreadPool>();
        m_executor->setMaxThreadCount(m_workers);
        m_executor->setExpiryTimeout(-1); // threads stay: one lane per thread for the whole run
        m_executorThreads.setLanes(&reg, pyrt::ExecutorThreads::addLanes(reg, lab, m_workers));
        if (m_interpreter == pyrt::Interpreter::CPython) {
            // One interpreter: the loop thread and every executor thread share its GIL.
            m_gilLane = pyrt::addGilLane(reg, lab);
            m_gil = std::make_unique<pyrt::Gil>(
                ctx.scaled(m_switchIntervalMs).count(), reg.recorder(QStringLiteral("event-loop-gil")), m_gilLane);
            m_loopGil.index = m_workers; // the GIL lane's aux: executors are 0..workers-1, the loop is `workers`
            m_loopGil.lane = m_loopLane;
        }
    }
    if (anyStep(m_plans, {TaskStep::ToProcess})) {
        workers::ProcessPoolOptions opt;
        opt.workers = m_processWorkers;
        opt.executable = ctx.workerExecutable;
        m_processes = std::make_unique<workers::ProcessPool>(opt);
        if (!m_processes->waitReady(10'000))
            throw std::runtime_error("worker processes did not start: " + ctx.workerExecutable.toStdString());
        for (int i = 0; i < m_processWorkers; ++i)
            m_processLanes.push_back(
                reg.addLane({lab, QStringLiteral("process %1").arg(i + 1), QStringLiteral("executor")}));
    }
    m_rec = reg.recorder(QStringLiteral("asyncio-loop"));
    m_loopGil.recorder = m_rec;
    m_startNs = nowNs();
    aio::LoopThread::Hooks hooks;
    hooks.lag = [this](int64_t lagNs, int64_t atNs) { lagSample(lagNs, atNs); };
    hooks.begin = [this](aio::Loop& loop) { beginOnLoop(loop); };
    hooks.stopping = [this](aio::Loop&) { m_blockingTimer->stop(); };
    hooks.drained = [this](const aio::Loop&) { return m_pending <= 0 && m_main->isReady(); };
    hooks.finished = [this](aio::Loop&) {
        // A to_thread call still running (past the drain limit) would hand its result to this
        // loop, which ends with the thread: let it finish first (m_stopping cuts its work short).
        if (m_executor)
            m_executor->waitForDone();
        m_semaphore.reset(); // it refers to the loop, which ends with the thread
        m_blockingTimer.reset();
        m_main.reset();
        m_loop = nullptr;
    };
    m_loopRunning = false;
    m_thread = std::make_unique<aio::LoopThread>(QStringLiteral("asyncio-loop"), std::move(hooks));
    m_thread->start();
    while (!m_loopRunning.load())
        QThread::usleep(100);
}

void EventLoopLab::stop()
{
    if (!m_thread)
        return;
    m_stopping = true;
    // Stop, cancel and drain, and join the thread before the pointer changes: the loop thread's
    // hooks run until the join.
    m_thread->requestStop();
    m_thread->wait();
    m_thread.reset();
    if (m_executor)
        m_executor->waitForDone();
    m_processes.reset();
}

engine::ParameterChange EventLoopLab::applyParameter(const QString& path, const QJsonValue& value)
{
    if (path == QLatin1String("blocking_call_ms"))
        m_blockingCallMs = value.toDouble();
    else if (path == QLatin1String("blocking_every_ms"))
        m_blockingEveryMs = value.toDouble();
    else if (path == QLatin1String("slow_callback_ms")) {
        m_slowCallbackMs = value.toDouble();
        return engine::ParameterChange::Applied;
    } else
        return engine::ParameterChange::NeedsRestart;
    if (m_thread)
        m_thread->post([this] { armBlocking(); });
    return engine::ParameterChange::Applied;
}

// --- coroutines -----------------------------------------------------------------------------

QCoro::Task<> EventLoopLab::mainTask(aio::Loop& loop)
{
    // asyncio.gather(*tasks) — or Poisson arrivals, or the script's start times.
    std::mt19937_64 rng(m_ctx.seed);
    std::exponential_distribution<double> gap(m_arrivalPerS > 0 ? m_arrivalPerS : 1.0);
    if (m_semaphoreSize > 0)
        m_semaphore = std::make_unique<aio::Semaphore>(loop, m_semaphoreSize);
    const int64_t t0 = nowNs();
    int64_t next = t0;
    m_pending = int(m_plans.size());
    for (size_t i = 0; i < m_plans.size(); ++i) {
        if (m_stopping || loop.stopped()) {
            m_pending -= int(m_plans.size() - i);
            break;
        }
        if (!m_plans[i].name.isEmpty())
            next = t0 + m_ctx.scaled(m_plans[i].startMs).count();
        else if (m_arrivalPerS > 0 && i > 0)
            next += int64_t(gap(rng) * 1e9 * m_ctx.timeScale);
        if (next > nowNs())
            co_await loop.sleepUntil(next);
        if (m_plans[i].neverAwaited) {
            // say("Alice", 2) on its own line: the coroutine object is created and dropped at
            // once, nothing of it runs, and CPython warns as it is freed.
            ++m_neverAwaited;
            m_rec.mark(m_neverAwaitedMarks[i]);
            --m_pending;
            continue;
        }
        // Fire and forget: QCoro tasks run eagerly and free themselves when done; m_pending is gather.
        runTask(loop, int(i), std::max(next, t0));
    }
    m_allCreated = true;
    if (m_pending == 0 && m_lastEndNs.load() == 0)
        m_lastEndNs = nowNs(); // no task ran (all never awaited): asyncio.run() returns now
    if (m_pending == 0 && !m_done.exchange(true) && m_ctx.finished && m_blockingCallMs.load() <= 0)
        m_ctx.finished();
}

QCoro::Task<> EventLoopLab::runTask(aio::Loop& loop, int index, int64_t createdNs)
{
    // As asyncio.create_task: the coroutine's first step runs on a later pass of the loop.
    co_await loop.yieldNow();
    const TaskPlan& plan = m_plans[size_t(index)];
    const int lane = size_t(index) < m_taskLanes.size() && !plan.name.isEmpty() ? int(m_taskLanes[size_t(index)]) : -1;
    // retries == 0: timeout_ms bounds the whole task (asyncio.timeout); else each attempt.
    const int64_t timeoutAt
        = m_timeoutMs > 0 && m_retries == 0 ? createdNs + m_ctx.scaled(m_timeoutMs).count() : INT64_MAX;
    const int64_t cancelAt = plan.cancelAfterMs >= 0 ? createdNs + m_ctx.scaled(plan.cancelAfterMs).count() : INT64_MAX;
    // Both reach the coroutine the same way, as CancelledError at its current await; they
    // differ in what the caller sees (CancelledError vs TimeoutError).
    const int64_t deadline = std::min(timeoutAt, cancelAt);
    ++m_inFlight;
    StepEnd end = StepEnd::Done;
    for (const auto& step : plan.steps) {
        if (loop.stopped())
            end = StepEnd::Failed;
        else if (deadline != INT64_MAX && nowNs() >= deadline)
            end = StepEnd::Deadline;
        else if (step.kind == TaskStep::Io && step.ms <= 0 && !m_semaphore) {
            // await asyncio.sleep(0), the commonest step of all: yield in this frame rather than
            // through runStep and ioStep (two coroutine frames fewer per task).
            co_await loop.yieldNow();
            end = loop.stopped() ? StepEnd::Failed : StepEnd::Done;
        } else
            end = co_await runStep(loop, step, deadline, lane);
        if (end != StepEnd::Done)
            break;
        if (lane >= 0)
            m_rec.state(metrics::LaneId(lane), LaneState::Running);
    }
    Outcome outcome = Outcome::Completed;
    if (loop.stopped() || end == StepEnd::Failed)
        outcome = Outcome::Cancelled; // asyncio.run() cancels what is still running at its end
    else if (end == StepEnd::GaveUp)
        outcome = Outcome::TimedOut; // wait_for's TimeoutError on the last attempt: no CancelledError inside
    else if (end == StepEnd::Deadline) {
        outcome = cancelAt <= timeoutAt ? Outcome::Cancelled : Outcome::TimedOut;
        // except asyncio.CancelledError: the cleanup runs (and is not cancelled again), then re-raises.
        for (const auto& step : plan.onCancel) {
            if (co_await runStep(loop, step, INT64_MAX, lane) != StepEnd::Done)
                break;
            if (lane >= 0)
                m_rec.state(metrics::LaneId(lane), LaneState::Running);
        }
    }
    if (lane >= 0)
        m_rec.state(metrics::LaneId(lane), LaneState::Done);
    taskEnded(createdNs, outcome);
}

QCoro::Task<StepEnd> EventLoopLab::runStep(aio::Loop& loop, const TaskStep& step, int64_t deadline, int lane)
{
    auto laneState = [&](LaneState s) {
        if (lane >= 0)
            m_rec.state(metrics::LaneId(lane), s);
    };
    const int64_t ns = m_ctx.scaled(step.ms).count();
    switch (step.kind) {
    case TaskStep::Io:
        co_return co_await ioStep(loop, step.ms, deadline, lane);
    case TaskStep::CpuOnLoop:
        laneState(LaneState::Running);
        if (m_gil && step.code == pyrt::CodeKind::Python) // Python code on the loop offers the GIL at the eval breaker
            engine::burnCpuUnlessStopping(ns, &m_stopping, [this] { m_gil->checkpoint(m_loopGil); });
        else if (m_gil) { // C code that drops the GIL (Py_BEGIN_ALLOW_THREADS): to_thread workers run meanwhile
            m_gil->release(m_loopGil, LaneState::Running);
            engine::burnCpuUnlessStopping(ns, &m_stopping);
            m_gil->acquire(m_loopGil);
        } else
            engine::burnCpuUnlessStopping(ns, &m_stopping);
        break;
    case TaskStep::Blocking:
        // time.sleep() in async def: the loop stops, but the call drops the GIL like any blocking call.
        laneState(LaneState::Blocking);
        if (m_gil)
            m_gil->release(m_loopGil, LaneState::Blocking);
        m_rec.state(m_loopLane, LaneState::Blocking);
        engine::sleepUnlessStopping(ns, &m_stopping);
        if (m_gil)
            m_gil->acquire(m_loopGil);
        m_rec.state(m_loopLane, LaneState::Running);
        break;
    case TaskStep::ToThread:
    case TaskStep::ToThreadIo:
        // Not cut short by a cancel: LoopLab delivers it at the task's next await, after the
        // thread's call returns (asyncio raises at once, but the thread runs on all the same).
        laneState(LaneState::IoWait);
        co_await toThread(loop, step.ms, step.kind == TaskStep::ToThreadIo, step.code);
        // The future's callback only schedules the task (call_soon): it resumes on a pass of
        // the loop, under the GIL like every Python callback.
        co_await loop.yieldNow();
        break;
    case TaskStep::ToProcess:
        laneState(LaneState::IoWait);
        if (!co_await toProcess(step.ms, lane))
            co_return StepEnd::Failed;
        break;
    }
    co_return StepEnd::Done;
}

QCoro::Task<StepEnd> EventLoopLab::ioStep(aio::Loop& loop, double ms, int64_t taskDeadline, int lane)
{
    auto laneState = [&](LaneState s) {
        if (lane >= 0)
            m_rec.state(metrics::LaneId(lane), s);
    };
    if (ms <= 0 && !m_semaphore) {
        co_await loop.yieldNow(); // await asyncio.sleep(0)
        co_return loop.stopped() ? StepEnd::Failed : StepEnd::Done;
    }
    // async with semaphore:
    if (m_semaphore) {
        laneState(LaneState::QueueBlocked);
        const int64_t waitStart = nowNs();
        m_rec.gauge(m_sSemWaiting, double(m_semaphore->waiting() + 1));
        const bool held = co_await m_semaphore->acquire();
        m_rec.gauge(m_sSemWaiting, double(m_semaphore->waiting()));
        m_rec.sample(m_hSemWait, double(nowNs() - waitStart) * 1e-6);
        if (!held)
            co_return StepEnd::Failed; // the loop stopped
        if (loop.stopped()) {
            m_semaphore->release();
            co_return StepEnd::Failed;
        }
    }
    laneState(LaneState::IoWait);
    m_rec.gauge(m_sIoInFlight, ++m_ioInFlight);
    m_ioInFlightMax = std::max(m_ioInFlightMax, m_ioInFlight);
    m_ioInFlightMaxSeen = m_ioInFlightMax;
    StepEnd result = StepEnd::GaveUp; // unless an attempt finishes in time
    const int attempts = 1 + m_retries;
    for (int attempt = 0; attempt < attempts && !loop.stopped(); ++attempt) {
        if (attempt > 0) {
            // Exponential backoff before the retry.
            ++m_retried;
            co_await loop.sleep(m_ctx.scaled(m_backoffMs * double(1 << (attempt - 1))).count());
        }
        double thisMs = ms;
        if (m_ioExponential)
            thisMs = std::exponential_distribution<double>(1.0 / std::max(ms, 1e-6))(m_ioRng);
        const int64_t end = nowNs() + m_ctx.scaled(thisMs).count();
        int64_t limit = taskDeadline;
        if (m_retries > 0 && m_timeoutMs > 0) // asyncio.wait_for(fetch(), timeout_ms)
            limit = std::min(limit, nowNs() + m_ctx.scaled(m_timeoutMs).count());
        co_await loop.sleepUntil(std::min(end, limit));
        if (end <= limit) {
            result = StepEnd::Done;
            break;
        }
        if (limit == taskDeadline) {
            result = StepEnd::Deadline; // asyncio.timeout or task.cancel(): no retry
            break;
        }
    }
    if (loop.stopped())
        result = StepEnd::Failed;
    m_rec.gauge(m_sIoInFlight, --m_ioInFlight);
    if (m_semaphore)
        m_semaphore->release();
    co_return result;
}

void EventLoopLab::taskEnded(int64_t createdNs, Outcome outcome)
{
    const int64_t now = nowNs();
    --m_inFlight;
    --m_pending;
    if (outcome == Outcome::Cancelled)
        ++m_cancelled;
    else if (outcome == Outcome::TimedOut)
        ++m_timedOut;
    else {
        ++m_completed;
        ++m_completedThisPass;
        m_rec.sample(m_hLatency, double(now - createdNs) * 1e-6, now);
    }
    m_lastEndNs = now;
    if (m_pending == 0 && m_allCreated && !m_done.exchange(true) && m_ctx.finished && m_blockingCallMs.load() <= 0)
        m_ctx.finished();
}

QCoro::Task<bool> EventLoopLab::toThread(aio::Loop& loop, double ms, bool blockingIo, pyrt::CodeKind code)
{
    // await asyncio.to_thread(work): a pool thread runs it while the loop is free to run other
    // callbacks — but under "cpython" that thread and the loop share one GIL, so Python code
    // (code == Python) holds it and the loop must win it back (up to a switch interval per
    // hand-off) before its next pass; C code that releases the GIL, and blocking I/O, do not.
    // Through aio::runInExecutor, as run_in_executor's future: the coroutine resumes in a pass of
    // the loop (under the GIL's pass hooks), after one wake-up of the loop at most.
    const int64_t ns = m_ctx.scaled(ms).count();
    co_await aio::runInExecutor(loop, *m_executor, [this, ns, blockingIo, code] {
        pyrt::GilThread& gt = m_executorThreads.current();
        if (blockingIo) {
            pyrt::runBlockingIo(m_gil.get(), gt, ns, metrics::LaneState::Idle, &m_stopping);
        } else {
            const int64_t cpu0 = engine::threadCpuNs();
            pyrt::runCpu(m_gil.get(), gt, ns, code, metrics::LaneState::Idle, &m_stopping);
            m_executorCpuNs.fetch_add(engine::threadCpuNs() - cpu0, std::memory_order_relaxed);
        }
    });
    co_return true;
}

QCoro::Task<bool> EventLoopLab::toProcess(double ms, int /*lane*/)
{
    // run_in_executor(ProcessPoolExecutor, work): a real process does it; the reply comes back
    // over a pipe and resumes us on the loop.
    auto promise = std::make_shared<QPromise<workers::WorkReply>>();
    auto future = promise->future();
    promise->start();
    workers::WorkRequest req;
    req.cpuMs = m_ctx.scaledMs(ms);
    m_processes->submit(req, [this, promise](workers::WorkReply reply) {
        if (reply.worker >= 0 && size_t(reply.worker) < m_processLanes.size() && reply.ok) {
            auto rec = m_ctx.registry->local();
            workers::recordReplyOnLane(rec, m_processLanes[size_t(reply.worker)], reply);
        }
        promise->addResult(std::move(reply));
        promise->finish();
    });
    co_await future;
    co_return future.resultCount() > 0 && future.result().ok;
}

// --- instruments (loop thread) ------------------------------------------------------------

// The loop woke up (dispatcher `awake`, or one of our callbacks after poll() returned).
void EventLoopLab::onAwake()
{
    if (m_inTick)
        return;
    m_inTick = true;
    m_tickStartNs = nowNs();
    m_rec.state(m_loopLane, LaneState::Running, m_tickStartNs);
}

void EventLoopLab::passEnded()
{
    // A chart shows at most one point per pixel column: the gauge and the rate change by whole
    // passes, so they are recorded once per pass (100k tasks yielding once are two passes).
    if (m_inFlight == m_inFlightRecorded && m_completedThisPass == 0)
        return;
    const int64_t now = nowNs();
    if (m_inFlight != m_inFlightRecorded) {
        m_inFlightRecorded = m_inFlight;
        m_rec.gauge(m_sInFlight, m_inFlight, now);
    }
    if (m_completedThisPass > 0) {
        m_rec.count(m_sCompleted, m_completedThisPass, now);
        m_completedThisPass = 0;
    }
}

void EventLoopLab::onAboutToBlock()
{
    if (!m_inTick)
        return;
    m_inTick = false;
    const int64_t now = nowNs();
    const double busyMs = double(now - m_tickStartNs) * 1e-6;
    ++m_ticks;
    m_rec.state(m_loopLane, LaneState::Idle, now);
    m_rec.count(m_sTicks, 1, now);
    m_rec.gauge(m_sTickBusy, busyMs, now);
    m_rec.sample(m_hTickBusy, busyMs, now);
    if (m_loop)
        m_rec.gauge(m_sResumptions, m_loop->takeResumptions(), now);
}

void EventLoopLab::callbackRan(int64_t startNs, int64_t endNs)
{
    const double ms = double(endNs - startNs) * 1e-6;
    if (ms > m_slowCallbackMs.load()) {
        // asyncio debug mode: "Executing <Task ...> took 0.200 seconds"
        ++m_slowCallbacks;
        m_rec.mark(m_slowMark, ms, endNs);
    }
}

void EventLoopLab::lagSample(int64_t lagNs, int64_t atNs)
{
    const double lagMs = double(lagNs) * 1e-6;
    m_rec.gauge(m_sLag, lagMs, atNs);
    m_rec.sample(m_hLag, lagMs, atNs);
}

void EventLoopLab::blockingCall()
{
    // time.sleep() inside async def: the whole loop stops for this long.
    onAwake();
    const int64_t ns = m_ctx.scaled(m_blockingCallMs.load()).count();
    if (ns <= 0)
        return;
    const int64_t t = nowNs();
    m_rec.mark(m_blockingMark, double(ns) * 1e-6, t);
    m_rec.state(m_loopLane, LaneState::Blocking, t);
    engine::sleepUnlessStopping(ns, &m_stopping);
    const int64_t end = nowNs();
    m_rec.state(m_loopLane, LaneState::Running, end);
    callbackRan(t, end);
}

// --- results ----------------------------------------------------------------------------------

QMap<QString, double> EventLoopLab::metrics(const metrics::LabSnapshot& data) const
{
    QMap<QString, double> m;
    m[QStringLiteral("ticks")] = double(m_ticks.load());
    if (const auto* h = data.findHistogram(QStringLiteral("tick_busy_ms"))) {
        m[QStringLiteral("tick_busy_p50_ms")] = h->p50;
        m[QStringLiteral("tick_busy_max_ms")] = h->max;
    }
    if (const auto* h = data.findHistogram(QStringLiteral("lag_ms"))) {
        m[QStringLiteral("lag_p50_ms")] = h->p50;
        m[QStringLiteral("lag_p99_ms")] = h->p99;
        m[QStringLiteral("lag_max_ms")] = h->max;
    }
    m[QStringLiteral("slow_callbacks")] = double(m_slowCallbacks.load());
    m[QStringLiteral("tasks_completed")] = double(m_completed.load());
    m[QStringLiteral("tasks_cancelled")] = double(m_cancelled.load());
    m[QStringLiteral("tasks_timed_out")] = double(m_timedOut.load());
    m[QStringLiteral("coroutines_never_awaited")] = double(m_neverAwaited.load());
    if (const auto* h = data.findHistogram(QStringLiteral("task_latency_ms"))) {
        m[QStringLiteral("task_latency_p50_ms")] = h->p50;
        m[QStringLiteral("task_latency_p99_ms")] = h->p99;
    }
    const int64_t end = m_lastEndNs.load();
    // No task ended yet: not measured (null in summary.json), not zero.
    m[QStringLiteral("wall_s")]
        = end > 0 ? double(end - m_startNs.load()) * 1e-9 : std::numeric_limits<double>::quiet_NaN();
    if (m_processes)
        m[QStringLiteral("worker_restarts")] = m_processes->restarts();
    m[QStringLiteral("io_in_flight_max")] = m_ioInFlightMaxSeen.load();
    m[QStringLiteral("retries_made")] = double(m_retried.load());
    if (m_executor) {
        // Measured on the OS's per-thread CPU clocks: how many cores the to_thread work used.
        const double cpuS = double(m_executorCpuNs.load()) * 1e-9;
        m[QStringLiteral("executor_cpu_s")] = cpuS;
        const double wall = m[QStringLiteral("wall_s")];
        m[QStringLiteral("executor_cores_used")]
            = wall > 0 && cpuS > 0 ? cpuS / wall : std::numeric_limits<double>::quiet_NaN();
    }
    if (m_gil) {
        m[QStringLiteral("gil_switches")] = double(m_gil->switches());
        m[QStringLiteral("gil_drop_requests")] = double(m_gil->dropRequests());
        m[QStringLiteral("loop_gil_wait_s")] = double(m_loopGil.waitNs.load()) * 1e-9;
    }
    if (const auto* h = data.findHistogram(QStringLiteral("semaphore_wait_ms")))
        m[QStringLiteral("semaphore_wait_p99_ms")] = h->p99;
    return m;
}

QString EventLoopLab::status() const
{
    return QCoreApplication::translate("EventLoopLab", "%1/%2 tasks done")
        .arg(m_completed.load() + m_cancelled.load() + m_timedOut.load() + m_neverAwaited.load())
        .arg(m_plans.size());
}

std::unique_ptr<engine::Lab> createEventLoopLab(const scenario::LabConfig& config)
{
    return std::make_unique<EventLoopLab>(config);
}

} // namespace looplab::labs
