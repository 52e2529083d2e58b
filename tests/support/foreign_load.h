#pragma once
// What other processes took of the machine while a run went on, so that outcomes about parallel
// speedup scale with the cores that were really there instead of failing (or skipping) on a
// machine shared with a build.
#include <QFile>
#include <QList>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <unistd.h>

namespace looplab::testing {

// How much CPU *other* processes used while a run went on: the machine's busy time (/proc/stat)
// minus this process's and its reaped children's (the worker processes). Outcomes about
// parallel speedup or microsecond latencies need the 2 cores; when other work (a build) takes
// them, those checks scale with the measured figure instead of failing for a reason that is not
// the lab's.
class ForeignLoad
{
public:
    ForeignLoad()
        : m_machine(machineBusyS())
        , m_ours(oursS())
        , m_t0(std::chrono::steady_clock::now())
    { }
    // Mean number of cores other processes kept busy since construction.
    double cores() const
    {
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_t0).count();
        const double foreign = (machineBusyS() - m_machine) - (oursS() - m_ours);
        return wall > 0 ? std::max(0.0, foreign / wall) : 0;
    }

private:
    static double machineBusyS()
    {
        QFile f(QStringLiteral("/proc/stat"));
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        const QList<QByteArray> v
            = f.readLine().simplified().split(' '); // cpu user nice system idle iowait irq softirq steal
        double busy = 0;
        for (int i = 1; i < v.size() && i <= 8; ++i)
            if (i != 4 && i != 5)
                busy += v[i].toDouble();
        return busy / double(sysconf(_SC_CLK_TCK));
    }
    static double oursS()
    {
        auto sec = [](const rusage& ru) {
            return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
                + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
        };
        rusage self{}, kids{};
        getrusage(RUSAGE_SELF, &self);
        getrusage(RUSAGE_CHILDREN, &kids);
        return sec(self) + sec(kids);
    }
    double m_machine;
    double m_ours;
    std::chrono::steady_clock::time_point m_t0;
};

// The cores this process could have had meanwhile: the machine's minus what others kept busy
// (never below half a core). A busy machine is no reason to skip: expectations that need the
// cores scale with what was really there, measured during the same run.
inline double availableCores(const ForeignLoad& load)
{
    const double hw = std::max(1u, std::thread::hardware_concurrency());
    return std::max(0.5, hw - load.cores());
}

} // namespace looplab::testing
