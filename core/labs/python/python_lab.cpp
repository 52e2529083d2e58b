// The python lab (kind "python", issue 15): a real CPython program, run under LoopLab's probe,
// watched live. Three sources, each on its own thread:
//  - the probe's records (asyncio iterations, callbacks, tasks, lag, threads, executors, queues)
//    over an inherited SOCK_SEQPACKET socket, and the child's stdout/stderr: the "io" thread,
//    which also reaps the child (pidfd);
//  - /proc/PID/task/TID/{stat,schedstat} of the whole process tree every 10 ms: CPU time and
//    scheduler state of every thread and worker process ("sampler" thread);
//  - the GIL, read from the interpreter's memory every 0.5 ms (gil_sampler.h), same thread.
// At the end of the duration the program gets SIGTERM, then SIGKILL after term_grace_ms; both
// are counted. Metrics that could not be measured are NaN (null in summary.json) and status()
// says why.
#include "python_lab.h"

#include "gil_sampler.h"
#include "metrics/registry.h"
#include "probe_records.h"
#include "proc_sampler.h"
#include "python_flows.h"
#include "python_log.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <map>
#include <mutex>
#include <poll.h>
#include <set>
#include <signal.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace looplab::labs {

namespace {

using metrics::LaneState;
using metrics::nowNs;
using metrics::SeriesKind;
using namespace python;

constexpr int kProbeFd = 3; // the child's end of the socket pair
constexpr int kMaxTaskLanes = 48; // 100 000 tasks do not get 100 000 lanes
constexpr int kMaxThreadLanes = 64;
constexpr int64_t kProcPeriodNs = 10'000'000; // /proc sampling: 100 Hz
constexpr int64_t kGilPeriodNs = 500'000; // GIL sampling: 2 kHz
constexpr int64_t kWindowNs = 100'000'000; // cpu_cores_max, gil_held series

const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Config {
    QString script;
    QStringList args;
    QString interpreter;
    QStringList env;
    QString cwd;
    double termGraceMs = 1000;
};

void closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

// `interpreter -c ...`: what it is. Throws what it cannot instrument.
void checkInterpreter(const QString& interpreter)
{
    const QFileInfo info(interpreter);
    if (!info.exists())
        throw std::runtime_error("the interpreter " + interpreter.toStdString() + " does not exist");
    if (!info.isExecutable() || info.isDir())
        throw std::runtime_error("the interpreter " + interpreter.toStdString() + " is not an executable file");
    // A plain fork/exec with a pipe (no QProcess: the lab starts on the engine thread, which has
    // no event loop for it, and Qt's vfork-style clone confuses ThreadSanitizer).
    const std::string exe = interpreter.toStdString();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const char* argv[] = {exe.c_str(), "-c", "import sys; print(sys.implementation.name, sys.hexversion)", nullptr};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(fds[1], 1);
        ::execv(exe.c_str(), const_cast<char**>(argv));
        ::_exit(127);
    }
    ::close(fds[1]);
    QByteArray text;
    char buf[256];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0 && text.size() < 4096)
            text.append(buf, n);
    ::close(fds[0]);
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("the interpreter " + exe + " did not run `-c 'import sys'`");
    const QStringList out = QString::fromUtf8(text).split(u' ', Qt::SkipEmptyParts);
    const qulonglong hex = out.value(1).trimmed().toULongLong();
    if (out.value(0) != QStringLiteral("cpython"))
        throw std::runtime_error("the interpreter " + interpreter.toStdString() + " is " + out.value(0).toStdString()
            + ", not CPython: the probe instruments CPython 3.11 or later");
    if (hex < 0x030B0000)
        throw std::runtime_error("the interpreter " + interpreter.toStdString() + " is Python "
            + std::to_string(hex >> 24) + "." + std::to_string((hex >> 16) & 0xff)
            + ": the probe needs CPython 3.11 or later (Debian 12: /usr/bin/python3)");
}

class PythonLab final : public engine::Lab
{
public:
    explicit PythonLab(Config c)
        : m_cfg(std::move(c))
    { }
    ~PythonLab() override { stop(); }

    void start(const engine::LabContext& ctx) override;
    void stop() override;
    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const override;
    QString status() const override;

private:
    void spawn(const QString& script, const QString& cwd);
    void ioLoop();
    void samplerLoop();
    void onRecord(const ProbeRecord& r);
    void reap(int status, const rusage& ru);
    metrics::LaneId taskLane(uint32_t task);
    QString taskLaneName(uint32_t task) const { return m_taskLaneNames.at(task); }
    void signalTree(int sig);

    Config m_cfg;
    engine::LabContext m_ctx;
    metrics::Registry* m_reg = nullptr;
    metrics::Recorder m_ioRec, m_smpRec;

    // series, histograms, lanes, marks
    metrics::SeriesId m_sLag{}, m_sTicks{}, m_sCallbacks{}, m_sTasks{}, m_sCpu{}, m_sThreads{}, m_sProcs{},
        m_sGilHeld{}, m_sGilSwitches{}, m_sQueue{};
    metrics::HistogramId m_hLag{}, m_hCallback{}, m_hSelect{};
    metrics::LaneId m_loopLane{}, m_gilLane{};
    metrics::MarkId m_mSlow{}, m_mTerm{}, m_mKill{};

    int m_pid = -1;
    int m_pidfd = -1;
    int m_sock = -1;
    int m_out = -1;
    int m_wake[2] = {-1, -1};
    std::thread m_io, m_sampler;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_exited{false};
    std::atomic<bool> m_helloSeen{false};
    std::mutex m_exitMutex;
    std::condition_variable m_exitCv;
    int64_t m_spawnNs = 0;
    std::atomic<int64_t> m_exitNs{0};
    std::atomic<int64_t> m_helloNs{0}; // the probe is installed, the script starts
    std::atomic<int64_t> m_scriptEndNs{0}; // the script ended (atexit), before interpreter teardown
    std::atomic<int> m_exitCode{0};
    std::atomic<int> m_exitSignal{0};
    std::atomic<int> m_terminated{0}, m_killed{0};
    std::atomic<double> m_rusageCpuS{0};

    // io thread state (metrics read atomics)
    std::unordered_map<uint32_t, std::string> m_taskNames;
    // The task that ended last: the probe reports a task's end before the callback it ended in,
    // and a task that ended in its first step gets its lane from that callback.
    std::pair<uint32_t, std::string> m_lastDone;
    std::unordered_map<uint32_t, metrics::LaneId> m_taskLanes;
    std::unordered_map<uint32_t, QString> m_taskLaneNames; // a lane keeps the name it was made with
    std::unordered_map<uint32_t, int64_t> m_queueDepth;
    int64_t m_queueTotal = 0;
    std::atomic<uint64_t> m_records{0}, m_dropped{0}, m_ticks{0}, m_callbacks{0}, m_slow{0}, m_lags{0};
    std::atomic<uint64_t> m_tasksCreated{0}, m_tasksCompleted{0}, m_tasksCancelled{0};
    std::atomic<int64_t> m_queueMax{-1};
    std::atomic<uint64_t> m_queuePutsBlocked{0}, m_queueGetsBlocked{0};
    std::atomic<int64_t> m_queuePutWaitNs{0}, m_queueGetWaitNs{0};
    std::mutex m_namesMutex;
    std::unordered_map<long, std::string> m_threadNames; // native id -> Python name

    // sampler thread state
    std::atomic<uint64_t> m_gilSamples{0}, m_gilHeldSamples{0};
    std::atomic<uint64_t> m_gilSwitches{0};
    std::atomic<int64_t> m_gilSpanNs{0};
    std::atomic<int> m_gilHolders{0};
    std::atomic<int> m_threadsMax{0}, m_procsMax{0};
    std::atomic<uint64_t> m_runnableSum{0}, m_runnableSamples{0};
    std::atomic<int> m_runnableMax{0};
    std::atomic<double> m_treeCpuS{0}, m_cpuWindowMax{0}, m_machineOtherS{0};
    mutable std::mutex m_statusMutex;
    QString m_gilWhy;
    QString m_error;
};

void PythonLab::start(const engine::LabContext& ctx)
{
    m_ctx = ctx;
    m_reg = ctx.registry;
    const QString scenarioDir = ctx.scenarioDir;
    const QString script = resolveScriptPath(m_cfg.script, scenarioDir);
    if (m_cfg.script.isEmpty())
        throw std::runtime_error("no script: set the lab's `script` (a .py file, relative to the scenario)");
    if (!QFileInfo(script).isFile())
        throw std::runtime_error("the script " + script.toStdString() + " does not exist");
    checkInterpreter(m_cfg.interpreter);
    if (pythonResourcesDir().isEmpty())
        throw std::runtime_error("LoopLab's probe (looplab_probe) was not found: set LOOPLAB_PYTHON_DIR");
    const QString cwd
        = m_cfg.cwd.isEmpty() ? QFileInfo(script).absolutePath() : resolveScriptPath(m_cfg.cwd, scenarioDir);
    if (!QFileInfo(cwd).isDir())
        throw std::runtime_error("the working directory " + cwd.toStdString() + " does not exist");

    const int lab = ctx.index;
    auto& reg = *m_reg;
    m_sLag = reg.addSeries({lab, QStringLiteral("lag_ms"), QStringLiteral("ms"), SeriesKind::Gauge});
    m_sTicks = reg.addSeries({lab, QStringLiteral("ticks"), QStringLiteral("1/s"), SeriesKind::Rate});
    m_sCallbacks = reg.addSeries({lab, QStringLiteral("callbacks"), QStringLiteral("1/s"), SeriesKind::Rate});
    m_sTasks = reg.addSeries({lab, QStringLiteral("tasks_in_flight"), QStringLiteral("tasks"), SeriesKind::Gauge});
    m_sCpu = reg.addSeries({lab, QStringLiteral("cpu_cores"), QStringLiteral("cores"), SeriesKind::Gauge});
    m_sThreads = reg.addSeries({lab, QStringLiteral("threads"), QStringLiteral("threads"), SeriesKind::Gauge});
    m_sProcs = reg.addSeries({lab, QStringLiteral("processes"), QStringLiteral("processes"), SeriesKind::Gauge});
    m_sGilHeld = reg.addSeries({lab, QStringLiteral("gil_held"), QStringLiteral("share"), SeriesKind::Gauge});
    m_sGilSwitches = reg.addSeries({lab, QStringLiteral("gil_switches"), QStringLiteral("1/s"), SeriesKind::Rate});
    m_sQueue = reg.addSeries({lab, QStringLiteral("queue_depth"), QStringLiteral("items"), SeriesKind::Gauge});
    m_hLag = reg.addHistogram({lab, QStringLiteral("lag_ms"), QStringLiteral("ms")});
    m_hCallback = reg.addHistogram({lab, QStringLiteral("callback_ms"), QStringLiteral("ms")});
    m_hSelect = reg.addHistogram({lab, QStringLiteral("select_ms"), QStringLiteral("ms")});
    m_loopLane = reg.addLane({lab, QStringLiteral("event loop"), QStringLiteral("loop")});
    m_gilLane = reg.addLane({lab, QStringLiteral("GIL"), QStringLiteral("gil")});
    m_mSlow = reg.addMark({lab, QStringLiteral("slow_callback")});
    m_mTerm = reg.addMark({lab, QStringLiteral("sigterm")});
    m_mKill = reg.addMark({lab, QStringLiteral("sigkill")});

    logBegin(ctx.id);
    flowsBegin(ctx.id);
    {
        std::lock_guard lock(m_statusMutex);
        m_gilWhy = QStringLiteral("waiting for the interpreter to start");
    }
    spawn(script, cwd);
    m_io = std::thread([this] { ioLoop(); });
    m_sampler = std::thread([this] { samplerLoop(); });
}

void PythonLab::spawn(const QString& script, const QString& cwd)
{
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
    // Room for bursts while LoopLab is busy: beyond it the probe drops and counts.
    const int rcv = 4 << 20;
    ::setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 || ::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));

    // Everything the child needs is built before fork(): after it only async-signal-safe calls.
    std::vector<std::string> argv = {m_cfg.interpreter.toStdString(), "-m", "looplab_probe", script.toStdString()};
    for (const auto& a : m_cfg.args)
        argv.push_back(a.toStdString());
    QStringList env = QProcessEnvironment::systemEnvironment().toStringList();
    const QString probeDir = pythonResourcesDir();
    const QString oldPath = qEnvironmentVariable("PYTHONPATH");
    env.erase(std::remove_if(
                  env.begin(), env.end(), [](const QString& e) { return e.startsWith(QStringLiteral("PYTHONPATH=")); }),
        env.end());
    env << QStringLiteral("PYTHONPATH=") + probeDir + (oldPath.isEmpty() ? QString() : u':' + oldPath);
    env << QStringLiteral("LOOPLAB_PROBE_FD=%1").arg(kProbeFd) << QStringLiteral("PYTHONUNBUFFERED=1");
    env << m_cfg.env;
    std::vector<std::string> envs;
    for (const auto& e : env)
        envs.push_back(e.toStdString());
    std::vector<char*> cargv, cenv;
    for (auto& s : argv)
        cargv.push_back(s.data());
    cargv.push_back(nullptr);
    for (auto& s : envs)
        cenv.push_back(s.data());
    cenv.push_back(nullptr);
    const std::string cwdS = cwd.toStdString();
    const std::string interp = m_cfg.interpreter.toStdString();

    m_spawnNs = nowNs();
    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::setpgid(0, 0); // its own process group: SIGTERM/SIGKILL reach its workers too
        const int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            ::dup2(devnull, 0);
        ::dup2(out[1], 1);
        ::dup2(out[1], 2);
        ::dup2(sv[1], kProbeFd);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (::chdir(cwdS.c_str()) == 0)
            ::execve(interp.c_str(), cargv.data(), cenv.data());
        const int e = errno;
        [[maybe_unused]] auto w = ::write(err[1], &e, sizeof e);
        ::_exit(127);
    }
    ::setpgid(pid, pid); // also here: no race with the first killpg()
    closeFd(sv[1]);
    ::close(out[1]);
    ::close(err[1]);
    int childErrno = 0;
    ssize_t n;
    do
        n = ::read(err[0], &childErrno, sizeof childErrno);
    while (n < 0 && errno == EINTR);
    ::close(err[0]);
    if (n == ssize_t(sizeof childErrno)) {
        ::waitpid(pid, nullptr, 0);
        ::close(sv[0]);
        ::close(out[0]);
        throw std::runtime_error("cannot run " + interp + ": " + std::strerror(childErrno));
    }
    m_pid = pid;
    m_sock = sv[0];
    m_out = out[0];
    ::fcntl(m_sock, F_SETFL, O_NONBLOCK);
    ::fcntl(m_out, F_SETFL, O_NONBLOCK);
    m_pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
}

metrics::LaneId PythonLab::taskLane(uint32_t task)
{
    if (const auto it = m_taskLanes.find(task); it != m_taskLanes.end())
        return it->second;
    if (m_taskLanes.size() >= size_t(kMaxTaskLanes))
        return metrics::LaneId(0xffff);
    const auto nameIt = m_taskNames.find(task);
    const QString name = nameIt != m_taskNames.end() ? QString::fromStdString(nameIt->second)
        : m_lastDone.first == task                   ? QString::fromStdString(m_lastDone.second)
                                                     : QStringLiteral("Task %1").arg(task);
    const auto lane = m_reg->addLane({m_ctx.index, name, QStringLiteral("tasks")});
    m_taskLanes.emplace(task, lane);
    m_taskLaneNames.emplace(task, name);
    return lane;
}

void PythonLab::onRecord(const ProbeRecord& r)
{
    m_records.fetch_add(1, std::memory_order_relaxed);
    auto& rec = m_ioRec;
    switch (r.type) {
    case Rec::Hello:
        m_helloNs = r.t;
        m_helloSeen = true;
        break;
    case Rec::Exit:
        m_scriptEndNs = r.t;
        break;
    case Rec::Iter:
        m_ticks.fetch_add(1, std::memory_order_relaxed);
        rec.count(m_sTicks, 1, r.t);
        rec.sample(m_hSelect, double(r.a) * 1e-6, r.t);
        break;
    case Rec::Callback: {
        m_callbacks.fetch_add(1, std::memory_order_relaxed);
        const double ms = double(r.a - r.t) * 1e-6;
        rec.count(m_sCallbacks, 1, r.t);
        rec.sample(m_hCallback, ms, r.a);
        // Lanes for callbacks a viewer can see (≥ 20 µs); the rest would only fill the rings.
        if (ms >= 0.02) {
            rec.state(m_loopLane, LaneState::Running, r.t, uint32_t(r.b));
            rec.state(m_loopLane, LaneState::Idle, r.a);
        }
        if (r.b > 0) {
            const auto lane = taskLane(uint32_t(r.b));
            if (lane != 0xffff) {
                rec.state(lane, LaneState::Running, r.t, uint32_t(r.b));
                rec.state(lane, LaneState::IoWait, r.a, uint32_t(r.b));
            }
        }
        break;
    }
    case Rec::Slow:
        m_slow.fetch_add(1, std::memory_order_relaxed);
        rec.mark(m_mSlow, double(r.a) * 1e-6, r.t);
        rec.state(m_loopLane, LaneState::Blocking, r.t - r.a, uint32_t(r.b));
        rec.state(m_loopLane, LaneState::Idle, r.t);
        break;
    case Rec::TaskNew:
        m_tasksCreated.fetch_add(1, std::memory_order_relaxed);
        m_taskNames[r.id] = std::string(r.name);
        rec.gauge(m_sTasks, double(m_tasksCreated - m_tasksCompleted - m_tasksCancelled), r.t);
        break;
    case Rec::TaskName:
        m_taskNames[r.id] = std::string(r.name);
        break;
    case Rec::TaskDone: {
        (r.a == 1 ? m_tasksCancelled : m_tasksCompleted).fetch_add(1, std::memory_order_relaxed);
        if (const auto it = m_taskLanes.find(r.id); it != m_taskLanes.end())
            rec.state(it->second, LaneState::Done, r.t, r.id);
        if (const auto it = m_taskNames.find(r.id); it != m_taskNames.end()) {
            m_lastDone = {r.id, std::move(it->second)};
            m_taskNames.erase(it);
        }
        rec.gauge(m_sTasks, double(m_tasksCreated - m_tasksCompleted - m_tasksCancelled), r.t);
        break;
    }
    case Rec::Lag: {
        m_lags.fetch_add(1, std::memory_order_relaxed);
        const double ms = double(r.a) * 1e-6;
        rec.gauge(m_sLag, ms, r.t);
        rec.sample(m_hLag, ms, r.t);
        break;
    }
    case Rec::ThreadStart: {
        std::lock_guard lock(m_namesMutex);
        m_threadNames[long(r.id)] = std::string(r.name);
        break;
    }
    case Rec::Queue: {
        int64_t& d = m_queueDepth[r.id];
        m_queueTotal += r.a - d;
        d = r.a;
        if (r.a > m_queueMax.load(std::memory_order_relaxed))
            m_queueMax = r.a;
        rec.gauge(m_sQueue, double(m_queueTotal), r.t);
        break;
    }
    case Rec::QueueWait:
        // The queue's first QUEUE record precedes this (the probe names a queue before it waits).
        (r.a == 0 ? m_queuePutsBlocked : m_queueGetsBlocked).fetch_add(1, std::memory_order_relaxed);
        (r.a == 0 ? m_queuePutWaitNs : m_queueGetWaitNs).fetch_add(r.b, std::memory_order_relaxed);
        break;
    case Rec::Dropped:
        m_dropped = std::max<uint64_t>(m_dropped, uint64_t(r.a));
        break;
    case Rec::Submit:
        // A thread-pool call made from a task (to_thread, run_in_executor): a flow from the
        // task's lane to the worker's. Process pools run in another interpreter the probe does
        // not see; calls from plain threads have no task lane to start from.
        if (r.a == 0 && r.b > 0) {
            if (taskLane(uint32_t(r.b)) != metrics::LaneId(0xffff))
                flowSubmitted(m_ctx.id,
                    {r.id, taskLaneName(uint32_t(r.b)), QString::fromUtf8(r.name.data(), qsizetype(r.name.size())), 0,
                        r.t - m_ctx.runStartNs, 0, 0});
        }
        break;
    case Rec::WorkStart:
        flowStarted(m_ctx.id, r.id, long(r.a), r.t - m_ctx.runStartNs);
        break;
    case Rec::WorkEnd:
        flowEnded(m_ctx.id, r.id, r.t - m_ctx.runStartNs);
        break;
    default:
        break; // thread end, future done, exit: counted in probe_records
    }
}

void PythonLab::reap(int status, const rusage& ru)
{
    m_exitNs = nowNs();
    if (WIFEXITED(status))
        m_exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) {
        m_exitSignal = WTERMSIG(status);
        m_exitCode = -WTERMSIG(status);
    }
    m_rusageCpuS
        = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
    // Workers the program left behind go with it.
    ::kill(-m_pid, SIGKILL);
    {
        std::lock_guard lock(m_exitMutex);
        m_exited = true;
    }
    m_exitCv.notify_all();
}

void PythonLab::ioLoop()
{
    m_ioRec = m_reg->recorder(QStringLiteral("python io"));
    std::vector<char> buf(1 << 17);
    bool sockOpen = true, outOpen = true, childAlive = true;
    auto drainSock = [&] {
        while (sockOpen) {
            const ssize_t n = ::recv(m_sock, buf.data(), buf.size(), 0);
            if (n > 0) {
                parseRecords(buf.data(), size_t(n), [this](const ProbeRecord& r) { onRecord(r); });
            } else if (n == 0) {
                sockOpen = false;
            } else if (errno != EINTR) {
                if (errno != EAGAIN)
                    sockOpen = false;
                return;
            }
        }
    };
    auto drainOut = [&] {
        while (outOpen) {
            const ssize_t n = ::read(m_out, buf.data(), buf.size());
            if (n > 0)
                logAppend(m_ctx.id, buf.data(), n);
            else if (n == 0)
                outOpen = false;
            else if (errno != EINTR) {
                if (errno != EAGAIN)
                    outOpen = false;
                return;
            }
        }
    };
    while (childAlive) {
        pollfd fds[4] = {{m_sock, short(sockOpen ? POLLIN : 0), 0}, {m_out, short(outOpen ? POLLIN : 0), 0},
            {m_pidfd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        // Without a pidfd (old kernel), poll the child's state every 20 ms.
        const int r = ::poll(fds, 4, m_pidfd >= 0 ? 200 : 20);
        if (r < 0 && errno != EINTR)
            break;
        drainSock();
        drainOut();
        int status = 0;
        rusage ru{};
        const pid_t w = ::wait4(m_pid, &status, WNOHANG, &ru);
        if (w == m_pid) {
            childAlive = false;
            reap(status, ru);
        } else if (w < 0 && errno == ECHILD) {
            childAlive = false; // someone else reaped it
            reap(0, ru);
        }
        if (m_stopping && !childAlive)
            break;
    }
    // What the child sent before it ended; workers it left were killed in reap().
    drainSock();
    drainOut();
    if (!m_stopping && m_ctx.finished)
        m_ctx.finished();
}

void PythonLab::samplerLoop()
{
    m_smpRec = m_reg->recorder(QStringLiteral("python sampler"));
    GilReader gil;
    bool gilTried = false;
    GilSample last;
    bool lastValid = false;
    std::set<long> holders;
    uint64_t firstSwitch = 0;
    int64_t firstGilNs = 0;
    std::map<long, uint64_t> threadCpu; // tid -> last cpu ns seen (threads that ended keep theirs)
    std::map<long, metrics::LaneId> threadLanes;
    std::map<int, metrics::LaneId> procLanes;
    std::map<long, char> laneState;
    std::map<long, int64_t> firstSeen;
    int64_t nextProc = 0, windowStart = nowNs();
    double windowCpuStart = 0;
    const auto machine0 = machineCpu();
    uint64_t windowHeld = 0, windowSamples = 0;

    while (!m_exited && !m_stopping) {
        const int64_t now = nowNs();
        if (!gilTried && (m_helloSeen || now - m_spawnNs > 500'000'000)) {
            gilTried = true;
            std::string why;
            const bool ok = gil.attach(m_pid, m_cfg.interpreter.toStdString(), &why);
            std::lock_guard lock(m_statusMutex);
            m_gilWhy = ok ? QString() : QString::fromStdString(why);
        }
        if (gil.attached()) {
            GilSample s;
            if (gil.read(s)) {
                ++windowSamples;
                m_gilSamples.fetch_add(1, std::memory_order_relaxed);
                if (s.held) {
                    ++windowHeld;
                    m_gilHeldSamples.fetch_add(1, std::memory_order_relaxed);
                    if (s.holderTid > 0)
                        holders.insert(s.holderTid);
                    m_gilHolders = int(holders.size());
                }
                if (!lastValid) {
                    firstSwitch = s.switchNumber;
                    firstGilNs = now;
                } else if (s.switchNumber > last.switchNumber) {
                    m_smpRec.count(m_sGilSwitches, double(s.switchNumber - last.switchNumber), now);
                }
                m_gilSwitches = s.switchNumber - firstSwitch;
                m_gilSpanNs = now - firstGilNs;
                if (!lastValid || s.held != last.held || (s.held && s.holderTid != last.holderTid))
                    m_smpRec.state(
                        m_gilLane, s.held ? LaneState::Running : LaneState::Idle, now, uint32_t(s.holderTid));
                last = s;
                lastValid = true;
            }
        }
        if (now >= nextProc) {
            nextProc = now + kProcPeriodNs;
            const auto pids = processTree(m_pid);
            const auto threads = sampleThreads(pids);
            int mainThreads = 0;
            int runnable = 0;
            std::set<int> procs;
            std::map<int, char> procState;
            for (const auto& t : threads) {
                threadCpu[t.tid] = t.cpuNs;
                if (t.state == 'Z' || t.state == 'X')
                    continue;
                procs.insert(t.pid);
                runnable += t.state == 'R';
                char& ps = procState[t.pid];
                if (t.state == 'R' || (t.state == 'D' && ps != 'R') || ps == 0)
                    ps = t.state;
                if (t.pid != m_pid)
                    continue;
                ++mainThreads;
                auto lane = threadLanes.find(t.tid);
                if (lane == threadLanes.end() && threadLanes.size() < size_t(kMaxThreadLanes)) {
                    // The lane is named by the probe's record (threading's name) when it comes
                    // within 100 ms of the thread appearing in /proc, else by the kernel's comm.
                    std::string name;
                    {
                        std::lock_guard lock(m_namesMutex);
                        const auto it = m_threadNames.find(t.tid);
                        if (it != m_threadNames.end())
                            name = it->second;
                    }
                    const int64_t seen = firstSeen.emplace(t.tid, now).first->second;
                    // The main thread exists from the exec, long before the probe starts.
                    const bool early
                        = now - seen < 100'000'000 || (t.tid == m_pid && !m_helloSeen && now - seen < 3'000'000'000);
                    if (name.empty() && early)
                        continue;
                    if (name.empty())
                        name = t.comm;
                    lane = threadLanes
                               .emplace(t.tid,
                                   m_reg->addLane({m_ctx.index, QString::fromStdString(name) + workerLaneSuffix(t.tid),
                                       QStringLiteral("threads")}))
                               .first;
                }
                if (lane != threadLanes.end() && laneState[t.tid] != t.state) {
                    laneState[t.tid] = t.state;
                    const LaneState s = t.state == 'R' ? LaneState::Running
                        : t.state == 'D'               ? LaneState::IoWait
                                                       : LaneState::Idle;
                    m_smpRec.state(lane->second, s, now, uint32_t(t.tid));
                }
            }
            for (const auto& [pid, st] : procState) {
                if (pid == m_pid)
                    continue;
                auto lane = procLanes.find(pid);
                if (lane == procLanes.end() && procLanes.size() < size_t(kMaxThreadLanes))
                    lane = procLanes
                               .emplace(pid,
                                   m_reg->addLane({m_ctx.index, QStringLiteral("process %1").arg(pid),
                                       QStringLiteral("processes")}))
                               .first;
                if (lane != procLanes.end() && laneState[-pid] != st) {
                    laneState[-pid] = st;
                    m_smpRec.state(lane->second,
                        st == 'R'       ? LaneState::Running
                            : st == 'D' ? LaneState::IoWait
                                        : LaneState::Idle,
                        now, uint32_t(pid));
                }
            }
            // Processes that ended: their lanes end too.
            for (auto& [pid, lane] : procLanes)
                if (!procState.count(pid) && laneState[-pid] != 'X') {
                    laneState[-pid] = 'X';
                    m_smpRec.state(lane, LaneState::Done, now, uint32_t(pid));
                }
            double cpuS = 0;
            for (const auto& [tid, ns] : threadCpu)
                cpuS += double(ns) * 1e-9;
            m_treeCpuS = cpuS;
            m_threadsMax = std::max<int>(m_threadsMax, mainThreads);
            // How many threads of the tree want a core at once (running or runnable): about 1
            // under the GIL, the worker count for processes, however busy the machine is.
            if (runnable > 0) {
                m_runnableSum = m_runnableSum + runnable;
                m_runnableSamples = m_runnableSamples + 1;
                m_runnableMax = std::max<int>(m_runnableMax, runnable);
            }
            m_procsMax = std::max<int>(m_procsMax, int(procs.size()));
            if (!procs.empty()) { // after the exit the tree is empty: keep the last level
                m_smpRec.gauge(m_sThreads, mainThreads, now);
                m_smpRec.gauge(m_sProcs, double(procs.size()), now);
            }
            const auto machine = machineCpu();
            m_machineOtherS = double(machine.busyNs - machine0.busyNs) * 1e-9 - cpuS;
            if (now - windowStart >= kWindowNs) {
                const double cores = (cpuS - windowCpuStart) / (double(now - windowStart) * 1e-9);
                m_smpRec.gauge(m_sCpu, cores, now);
                if (cores > m_cpuWindowMax)
                    m_cpuWindowMax = cores;
                if (windowSamples > 0)
                    m_smpRec.gauge(m_sGilHeld, double(windowHeld) / double(windowSamples), now);
                windowStart = now;
                windowCpuStart = cpuS;
                windowHeld = windowSamples = 0;
            }
        }
        // Sleep to the next GIL sample (or the next /proc sample when the GIL is not read).
        const int64_t wake = gil.attached() ? now + kGilPeriodNs : std::min(nextProc, now + kGilPeriodNs * 4);
        const int64_t wait = wake - nowNs();
        if (wait > 0)
            std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
    }
    if (!gil.attached()) {
        std::lock_guard lock(m_statusMutex);
        if (m_gilWhy == QStringLiteral("waiting for the interpreter to start"))
            m_gilWhy = QStringLiteral("not sampled: the program ended before the interpreter started");
    }
}

void PythonLab::signalTree(int sig)
{
    if (m_pid > 0)
        ::kill(-m_pid, sig);
}

void PythonLab::stop()
{
    if (m_stopping.exchange(true))
        return;
    if (m_pid > 0 && !m_exited) {
        // The duration ended with the program still running: SIGTERM, then SIGKILL.
        m_terminated = 1;
        signalTree(SIGTERM);
        std::unique_lock lock(m_exitMutex);
        const auto grace = std::chrono::milliseconds(int64_t(m_cfg.termGraceMs));
        if (!m_exitCv.wait_for(lock, grace, [this] { return m_exited.load(); })) {
            m_killed = 1;
            signalTree(SIGKILL);
            m_exitCv.wait_for(lock, std::chrono::seconds(10), [this] { return m_exited.load(); });
        }
    }
    if (m_wake[1] >= 0) {
        const char c = 1;
        [[maybe_unused]] auto w = ::write(m_wake[1], &c, 1);
    }
    if (m_io.joinable())
        m_io.join();
    if (m_sampler.joinable())
        m_sampler.join();
    if (m_pid > 0 && !m_exited) {
        // The io thread could not reap it (should not happen): do not leave a zombie.
        signalTree(SIGKILL);
        int status = 0;
        rusage ru{};
        if (::wait4(m_pid, &status, 0, &ru) == m_pid)
            reap(status, ru);
    }
    closeFd(m_sock);
    closeFd(m_out);
    closeFd(m_pidfd);
    closeFd(m_wake[0]);
    closeFd(m_wake[1]);
}

QMap<QString, double> PythonLab::metrics(const metrics::LabSnapshot& data) const
{
    QMap<QString, double> m;
    const int64_t end = m_exited ? m_exitNs.load() : nowNs();
    const double lifeS = m_spawnNs > 0 ? double(end - m_spawnNs) * 1e-9 : 0;
    // The script's own time, like its `time.time()` around main: from the probe's start to its
    // atexit record (or the exit); the interpreter's start-up is startup_s.
    const int64_t from = m_helloNs > 0 ? m_helloNs.load() : m_spawnNs;
    const int64_t to = m_scriptEndNs > from ? m_scriptEndNs.load() : end;
    const double wallS = m_spawnNs > 0 ? double(to - from) * 1e-9 : 0;
    const bool asyncio = m_ticks > 0;
    m[QStringLiteral("exit_code")] = m_exited ? double(m_exitCode) : kNaN;
    m[QStringLiteral("exit_signal")] = m_exited ? double(m_exitSignal) : kNaN;
    m[QStringLiteral("terminated")] = m_terminated;
    m[QStringLiteral("killed")] = m_killed;
    m[QStringLiteral("wall_s")] = wallS;
    m[QStringLiteral("startup_s")] = m_helloNs > 0 ? double(m_helloNs - m_spawnNs) * 1e-9 : kNaN;
    m[QStringLiteral("tasks_created")] = asyncio ? double(m_tasksCreated) : kNaN;
    m[QStringLiteral("tasks_completed")] = asyncio ? double(m_tasksCompleted) : kNaN;
    m[QStringLiteral("tasks_cancelled")] = asyncio ? double(m_tasksCancelled) : kNaN;
    m[QStringLiteral("ticks")] = asyncio ? double(m_ticks) : kNaN;
    m[QStringLiteral("callbacks")] = asyncio ? double(m_callbacks) : kNaN;
    const auto* lag = data.findHistogram(QStringLiteral("lag_ms"));
    const bool haveLag = m_lags > 0 && lag && lag->count > 0;
    m[QStringLiteral("lag_p99_ms")] = haveLag ? lag->p99 : kNaN;
    m[QStringLiteral("lag_max_ms")] = haveLag ? lag->max : kNaN;
    m[QStringLiteral("slow_callbacks")] = asyncio ? double(m_slow) : kNaN;
    m[QStringLiteral("threads_max")] = m_threadsMax > 0 ? double(m_threadsMax) : kNaN;
    m[QStringLiteral("processes_max")] = m_procsMax > 0 ? double(m_procsMax) : kNaN;
    // CPU of the whole tree: sampled per thread, or the kernel's own total once the child was
    // reaped (it includes the workers it waited for), whichever saw more.
    const double cpuS = std::max(m_treeCpuS.load(), m_rusageCpuS.load());
    m[QStringLiteral("cpu_s")] = cpuS;
    m[QStringLiteral("cpu_cores_mean")] = lifeS > 0.05 ? cpuS / lifeS : kNaN;
    m[QStringLiteral("cpu_cores_max")] = m_cpuWindowMax > 0 ? m_cpuWindowMax.load() : (lifeS > 0.05 ? 0.0 : kNaN);
    // The cores other processes left free meanwhile: a parallel speedup needs them.
    m[QStringLiteral("runnable_mean")]
        = m_runnableSamples > 0 ? double(m_runnableSum) / double(m_runnableSamples) : kNaN;
    m[QStringLiteral("runnable_max")] = m_runnableSamples > 0 ? double(m_runnableMax) : kNaN;
    const int cores = onlineCores();
    m[QStringLiteral("cores_online")] = cores;
    m[QStringLiteral("cores_free_mean")]
        = lifeS > 0.05 ? std::clamp(double(cores) - m_machineOtherS / lifeS, 0.0, double(cores)) : kNaN;
    const uint64_t samples = m_gilSamples;
    const bool gil = samples > 0;
    m[QStringLiteral("gil_samples")] = gil ? double(samples) : kNaN;
    m[QStringLiteral("gil_held_share")] = gil ? double(m_gilHeldSamples) / double(samples) : kNaN;
    m[QStringLiteral("gil_switches_per_s")]
        = gil && m_gilSpanNs > 0 ? double(m_gilSwitches) / (double(m_gilSpanNs) * 1e-9) : kNaN;
    m[QStringLiteral("gil_holders")] = gil ? double(m_gilHolders) : kNaN;
    m[QStringLiteral("queue_depth_max")] = m_queueMax >= 0 ? double(m_queueMax) : kNaN;
    // Backpressure and starvation: puts that waited for room, gets that waited for an item.
    const bool queues = m_queueMax >= 0;
    m[QStringLiteral("queue_puts_blocked")] = queues ? double(m_queuePutsBlocked) : kNaN;
    m[QStringLiteral("queue_gets_blocked")] = queues ? double(m_queueGetsBlocked) : kNaN;
    m[QStringLiteral("queue_put_wait_s")] = queues ? double(m_queuePutWaitNs) * 1e-9 : kNaN;
    m[QStringLiteral("queue_get_wait_s")] = queues ? double(m_queueGetWaitNs) * 1e-9 : kNaN;
    m[QStringLiteral("probe_records")] = double(m_records);
    m[QStringLiteral("probe_dropped")] = double(m_dropped);
    const auto log = logRead(m_ctx.id, std::numeric_limits<qsizetype>::max());
    m[QStringLiteral("output_bytes")] = double(log.size) + double(log.dropped);
    return m;
}

QString PythonLab::status() const
{
    auto tr = [](const char* text) { return QCoreApplication::translate("looplab::labs::PythonLab", text); };
    QStringList parts;
    if (m_exited)
        parts << (m_exitSignal ? tr("ended by signal %1").arg(m_exitSignal.load())
                               : tr("exited with %1").arg(m_exitCode.load()));
    else
        parts << tr("running (live parameter edits do not apply)");
    {
        std::lock_guard lock(m_statusMutex);
        // The reason itself stays English: it names files, symbols and versions.
        if (!m_gilWhy.isEmpty())
            parts << tr("GIL: %1").arg(m_gilWhy);
    }
    if (m_exited && m_ticks == 0)
        parts << tr("no asyncio event loop ran: loop metrics are null");
    if (m_records == 0 && m_exited)
        parts << tr("the probe sent nothing");
    if (m_dropped > 0)
        parts << tr("the probe dropped %1 records").arg(m_dropped.load());
    return parts.join(QStringLiteral("; "));
}

} // namespace

std::unique_ptr<engine::Lab> createPythonLab(const scenario::LabConfig& config)
{
    Config c;
    c.script = config.textParam(QStringLiteral("script"));
    c.args = QProcess::splitCommand(config.textParam(QStringLiteral("args")));
    c.interpreter = config.textParam(QStringLiteral("interpreter"));
    if (c.interpreter.isEmpty())
        c.interpreter = QStringLiteral("/usr/bin/python3");
    c.env = QProcess::splitCommand(config.textParam(QStringLiteral("env")));
    c.cwd = config.textParam(QStringLiteral("cwd"));
    c.termGraceMs = config.realParam(QStringLiteral("term_grace_ms"));
    return std::make_unique<PythonLab>(std::move(c));
}

} // namespace looplab::labs
