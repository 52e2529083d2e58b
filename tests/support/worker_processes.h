#pragma once
// This test's looplab-worker child processes (the pool's workers, the pipeline's consumer
// processes), read from /proc: to kill one mid-run, or to read their CPU time.
#include <QDir>
#include <QFile>
#include <QList>

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <signal.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace looplab::testing {

// Children of this process named looplab-worker (the pool's worker processes).
inline std::vector<pid_t> workerChildren()
{
    std::vector<pid_t> out;
    const pid_t self = getpid();
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const pid_t pid = pid_t(entry.toInt(&ok));
        if (!ok)
            continue;
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        // "pid (comm) state ppid ..."
        const int open = stat.indexOf('('), close = stat.lastIndexOf(')');
        if (open < 0 || close < 0)
            continue;
        const QByteArray comm = stat.mid(open + 1, close - open - 1);
        const QList<QByteArray> rest = stat.mid(close + 2).split(' ');
        if (comm.startsWith("looplab-worker") && rest.size() > 2 && rest[1].toInt() == self && rest[0] != "Z")
            out.push_back(pid);
    }
    return out;
}

// CPU time (user + system) of these processes, from /proc.
inline double childrenCpuMs(const std::vector<pid_t>& pids)
{
    double ticks = 0;
    for (pid_t pid : pids) {
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const QList<QByteArray> rest = stat.mid(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state)
        if (rest.size() > 12)
            ticks += rest[11].toDouble() + rest[12].toDouble(); // utime, stime
    }
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// A crash in the middle of a run: from a thread of its own, waits until `count` worker processes
// have used `cpuMs` of CPU together (they are at work), then SIGKILLs the first of them. Gives up
// after 20 s; stop() (or the destructor) ends the wait. killed(): its pid, 0 if none was killed.
class WorkerKiller
{
public:
    WorkerKiller(size_t count, double cpuMs)
        : m_thread([this, count, cpuMs] {
            const auto t0 = std::chrono::steady_clock::now();
            while (!m_done && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20)) {
                const auto kids = workerChildren();
                if (kids.size() >= count && childrenCpuMs(kids) >= cpuMs) {
                    if (::kill(kids.front(), SIGKILL) == 0)
                        m_killed = kids.front();
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        })
    { }
    ~WorkerKiller() { stop(); }
    void stop()
    {
        m_done = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    pid_t killed() const { return m_killed.load(); }

private:
    std::atomic<pid_t> m_killed{0};
    std::atomic<bool> m_done{false};
    std::thread m_thread; // last: starts once the flags above exist
};

} // namespace looplab::testing
