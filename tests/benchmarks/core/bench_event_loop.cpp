// 100 000 tasks that each yield to the loop once and finish: LoopLab's asyncio loop (bare, and
// the full instrumented lab) beside Python's asyncio on the same machine. Goal: >= 10x faster.
#include "aio/loop.h"
#include "benchmarks/bench_common.h"
#include "support/run_scenario.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTest>

#include <cstdio>

using looplab::aio::Loop;

namespace {
constexpr int kTasks = 100'000;

QCoro::Task<> yieldOnce(Loop& loop, int& pending, QEventLoop& done)
{
    co_await loop.yieldNow();
    if (--pending == 0)
        done.quit();
}

double bareLoopUsPerTask()
{
    double best = 1e9;
    for (int rep = 0; rep < 3; ++rep) {
        Loop loop;
        QEventLoop done;
        int pending = kTasks;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < kTasks; ++i)
            yieldOnce(loop, pending, done);
        if (pending > 0)
            done.exec();
        best = std::min(best, double(t.nsecsElapsed()) / 1000.0 / kTasks);
    }
    return best;
}

double labUsPerTask()
{
    // The whole event_loop lab with its instruments (ticks, lag, per-task latency) on; the best
    // of three runs, as for the bare loop and the asyncio peer.
    double best = 1e9;
    for (int rep = 0; rep < 3; ++rep) {
        auto r = looplab::testing::runScenario(
            R"({"looplab": 1, "duration_s": 60, "labs": [{"id": "loop", "kind": "event_loop", "tasks": 100000, "io_ms": 0}]})",
            60);
        if (!r)
            return -1;
        best = std::min(
            best, looplab::testing::metric(*r, QStringLiteral("loop"), QStringLiteral("wall_s")) * 1e6 / kTasks);
    }
    return best;
}

double asyncioUsPerTask()
{
    QProcess p;
    p.start(looplab::bench::peerPython(),
        {QCoreApplication::applicationDirPath() + QStringLiteral("/asyncio_tasks.py"), QString::number(kTasks)});
    if (!p.waitForFinished(120'000) || p.exitCode() != 0)
        return -1;
    return p.readAllStandardOutput().trimmed().toDouble();
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const double bare = bareLoopUsPerTask();
    const double lab = labUsPerTask();
    const double py = asyncioUsPerTask();
    std::printf("%-52s %12s %12s %8s\n", "100k tasks, each yields once (us/task)", "LoopLab", "asyncio", "ratio");
    std::printf("%-52s %12.3f %12.3f %7.1fx\n", "bare aio::Loop (QCoro coroutines)", bare, py, py / bare);
    std::printf("%-52s %12.3f %12.3f %7.1fx\n", "event_loop lab, instrumented", lab, py, py / lab);
    std::printf(
        "BENCH\tevent loop: 100k tasks yielding once (instrumented lab)\t%.3f\t%.3f\tPython asyncio\tus/task\tlower\n",
        lab, py);
    std::printf("BENCH\tevent loop: 100k tasks yielding once (bare loop)\t%.3f\t%.3f\tPython asyncio\tus/task\tlower\n",
        bare, py);
    return 0;
}
