// bench_pool: the pool lab's executors against their peers, in the same run on the same machine.
//   - cost per tiny task of a thread pool: LoopLab's ThreadPool (moodycamel queue), QThreadPool,
//     and Python's ThreadPoolExecutor (peer_pool.py);
//   - a process pool's cost per tiny task, pipelined (submit N, wait all) and as a strict round
//     trip (submit, wait, repeat): LoopLab's ProcessPool against ProcessPoolExecutor.
// After Google Benchmark's table, a summary prints LoopLab's figure, the peer's and the ratio.
#include "benchmarks/bench_common.h"
#include "labs/pool/thread_pool.h"
#include "workers/process_pool.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRunnable>
#include <QThreadPool>

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace {

constexpr int kWorkers = 2; // the machine's cores; Python's peers use the same

QString binDir()
{
    return QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget()).absolutePath();
}

// Counts down from N; the one that reaches zero wakes the waiting thread.
struct Latch {
    std::atomic<int64_t> left{0};
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    void reset(int64_t n)
    {
        left = n;
        std::lock_guard l(m);
        done = false;
    }
    void countDown()
    {
        if (left.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard l(m);
            done = true;
            cv.notify_one();
        }
    }
    void wait()
    {
        std::unique_lock l(m);
        cv.wait(l, [this] { return done; });
    }
};

std::map<std::string, double> g_usPerTask; // benchmark name -> µs per task (for the summary)

void record(benchmark::State& state, const std::string& key, int64_t tasksPerIteration)
{
    state.SetItemsProcessed(state.iterations() * tasksPerIteration);
    state.counters["us_per_task"] = benchmark::Counter(double(state.iterations() * tasksPerIteration),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::OneK::kIs1000);
    Q_UNUSED(key);
}

// kWorkers looplab-worker processes, started and ready; null (the benchmark skipped) if they are not.
std::unique_ptr<looplab::workers::ProcessPool> startPool(benchmark::State& state, int maxInFlightPerWorker = 2)
{
    looplab::workers::ProcessPoolOptions opt;
    opt.workers = kWorkers;
    opt.executable = binDir() + QStringLiteral("/looplab-worker");
    opt.maxInFlightPerWorker = maxInFlightPerWorker;
    auto pool = std::make_unique<looplab::workers::ProcessPool>(opt);
    if (!pool->waitReady(5000)) {
        state.SkipWithError("workers did not start");
        return nullptr;
    }
    return pool;
}

void BM_LoopLabThreadPool_TinyTasks(benchmark::State& state)
{
    const int64_t n = state.range(0);
    looplab::labs::pool::ThreadPool pool(kWorkers);
    Latch latch;
    for (auto _ : state) {
        latch.reset(n);
        for (int64_t i = 0; i < n; ++i)
            pool.submit([&latch](int) { latch.countDown(); });
        latch.wait();
    }
    record(state, "looplab_thread_pool", n);
}
BENCHMARK(BM_LoopLabThreadPool_TinyTasks)->Arg(20000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_QThreadPool_TinyTasks(benchmark::State& state)
{
    const int64_t n = state.range(0);
    QThreadPool pool;
    pool.setMaxThreadCount(kWorkers);
    Latch latch;
    for (auto _ : state) {
        latch.reset(n);
        for (int64_t i = 0; i < n; ++i)
            pool.start([&latch] { latch.countDown(); });
        latch.wait();
    }
    pool.waitForDone();
    record(state, "qthreadpool", n);
}
BENCHMARK(BM_QThreadPool_TinyTasks)->Arg(20000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ProcessPool_TinyTasks_Pipelined(benchmark::State& state)
{
    const int64_t n = state.range(0);
    auto started = startPool(state, int(state.range(1)));
    if (!started)
        return;
    looplab::workers::ProcessPool& pool = *started;
    Latch latch;
    for (auto _ : state) {
        latch.reset(n);
        for (int64_t i = 0; i < n; ++i)
            pool.submit({}, [&latch](looplab::workers::WorkReply) { latch.countDown(); });
        latch.wait();
    }
    record(state, "process_pool", n);
}
BENCHMARK(BM_ProcessPool_TinyTasks_Pipelined)
    ->Args({5000, 8})
    ->Args({5000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_ProcessPool_RoundTrip(benchmark::State& state)
{
    auto started = startPool(state);
    if (!started)
        return;
    looplab::workers::ProcessPool& pool = *started;
    Latch latch;
    for (auto _ : state) {
        latch.reset(1);
        pool.submit({}, [&latch](looplab::workers::WorkReply) { latch.countDown(); });
        latch.wait();
    }
    record(state, "process_roundtrip", 1);
}
BENCHMARK(BM_ProcessPool_RoundTrip)->UseRealTime()->Unit(benchmark::kMicrosecond)->MinTime(1.0);

// The strict round trip as ProcessPool::call(): the caller reads its own reply from the worker's
// ring. Arg 1: another thread burns CPU meanwhile, so that only one core is left for the caller and
// the worker (the busy core of a classroom laptop).
void BM_ProcessPool_Call(benchmark::State& state)
{
    auto started = startPool(state);
    if (!started)
        return;
    looplab::workers::ProcessPool& pool = *started;
    std::atomic<bool> stopHog{false};
    std::thread hog;
    if (state.range(0)) {
        hog = std::thread([&] {
            volatile uint64_t x = 0;
            while (!stopHog.load(std::memory_order_relaxed))
                x = x + 1;
        });
    }
    int failed = 0;
    for (auto _ : state)
        failed += pool.call({}).ok ? 0 : 1;
    stopHog = true;
    if (hog.joinable())
        hog.join();
    if (failed)
        state.SkipWithError("a call failed");
    record(state, "process_call", 1);
}
BENCHMARK(BM_ProcessPool_Call)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond)->MinTime(1.0);

// The same strict round trip without a third thread: each reply's callback (on the pool's I/O
// thread) submits the next request, so one round trip costs the worker's wake-up and the I/O
// thread's, not also the waiting thread's.
void BM_ProcessPool_RoundTrip_Chained(benchmark::State& state)
{
    const int64_t n = state.range(0);
    auto started = startPool(state);
    if (!started)
        return;
    looplab::workers::ProcessPool& pool = *started;
    Latch latch;
    std::function<void(looplab::workers::WorkReply)> next = [&](looplab::workers::WorkReply) {
        if (latch.left.load() > 1)
            pool.submit({}, next);
        latch.countDown();
    };
    for (auto _ : state) {
        latch.reset(n);
        pool.submit({}, next);
        latch.wait();
    }
    record(state, "process_roundtrip_chained", n);
}
BENCHMARK(BM_ProcessPool_RoundTrip_Chained)->Arg(5000)->UseRealTime()->Unit(benchmark::kMillisecond);

// Captures µs per task of every run for the summary.
class Capture : public benchmark::ConsoleReporter
{
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const auto& r : runs) {
            auto it = r.counters.find("us_per_task");
            if (it != r.counters.end() && !r.error_occurred)
                g_usPerTask[r.benchmark_name()] = it->second.value * 1e6; // the inverted rate is in seconds
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

QJsonObject runPeer()
{
    QProcess py;
    py.start(looplab::bench::peerPython(), {QStringLiteral(LOOPLAB_POOL_PEER), QString::number(kWorkers)});
    if (!py.waitForFinished(180'000) || py.exitCode() != 0) {
        std::fprintf(stderr, "peer failed: %s\n", py.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(py.readAllStandardOutput().trimmed()).object();
}

void line(const char* what, double looplab, double peer, const char* peerName, double goal)
{
    if (looplab <= 0) { // not run (filtered out, or it failed): no figure, no verdict
        std::printf("%-44s  not run\n", what);
        return;
    }
    std::printf("%-44s %9.2f us %9.2f us (%s)  %6.1fx faster  goal <= %.1f us: %s\n", what, looplab, peer, peerName,
        peer / looplab, goal, looplab <= goal ? "met" : "NOT met");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    Capture reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    std::printf(
        "\nrunning the Python peers (%s %s) ...\n", qPrintable(looplab::bench::peerPython()), LOOPLAB_POOL_PEER);
    std::fflush(stdout);
    const QJsonObject peer = runPeer(); // empty if it failed: its rows then say n/a
    auto get = [](const char* name) {
        for (const auto& [k, v] : g_usPerTask)
            if (k.rfind(name, 0) == 0)
                return v;
        return 0.0;
    };
    std::printf("\nPer tiny task, %d workers, Python %s as the peer:\n", kWorkers,
        qPrintable(peer.value(QStringLiteral("python")).toString()));
    const double tpy = peer.value(QStringLiteral("thread_pool_us")).toDouble();
    const double ours = get("BM_LoopLabThreadPool_TinyTasks"), qt = get("BM_QThreadPool_TinyTasks");
    line("thread pool (LoopLab ThreadPool)", ours, tpy, "ThreadPoolExecutor", 1.5);
    line("thread pool (QThreadPool)", qt, tpy, "ThreadPoolExecutor", 1.5);
    const double ppy = peer.value(QStringLiteral("process_pool_us")).toDouble();
    const double pipe8 = get("BM_ProcessPool_TinyTasks_Pipelined/5000/8");
    line("process pool, pipelined (8 in flight/worker)", pipe8, ppy, "ProcessPoolExecutor", 15);
    line("process pool, pipelined (2 in flight/worker)", get("BM_ProcessPool_TinyTasks_Pipelined/5000/2"), ppy,
        "ProcessPoolExecutor", 15);
    const double rpy = peer.value(QStringLiteral("process_roundtrip_us")).toDouble();
    const double call = get("BM_ProcessPool_Call/0"), callBusy = get("BM_ProcessPool_Call/1");
    line("process pool, call(): submit and wait", call, rpy, "submit().result()", 15);
    const double rpyBusy = peer.value(QStringLiteral("process_roundtrip_busy_us")).toDouble();
    line("  same, the other core busy", callBusy, rpyBusy, "submit().result(), core busy", 15);
    line("  submit() + callback + condition variable", get("BM_ProcessPool_RoundTrip/"), rpy, "submit().result()", 15);
    line("  next submitted from the callback", get("BM_ProcessPool_RoundTrip_Chained"), rpy, "submit().result()", 15);

    using looplab::bench::benchRow;
    const QString py = QStringLiteral("Python ");
    const char* tiny = "thread pool: tiny task, 2 workers (submit 20k, wait all)";
    const char* piped = "process pool: tiny task pipelined (5k, 8 in flight/worker)";
    benchRow(tiny, ours, tpy, py + QStringLiteral("ThreadPoolExecutor"), "us/task", true);
    benchRow(tiny, ours, qt, QStringLiteral("QThreadPool"), "us/task", true);
    benchRow(tiny, ours, 1.5, QStringLiteral("goal"), "us/task", true);
    benchRow(piped, pipe8, ppy, py + QStringLiteral("ProcessPoolExecutor"), "us/task", true);
    benchRow(piped, pipe8, 15, QStringLiteral("goal"), "us/task", true);
    const char* strict = "process pool: strict round trip (call(): submit, wait, repeat)";
    const char* strictBusy = "process pool: strict round trip (call()), the other core busy burning CPU";
    benchRow(strict, call, rpy, py + QStringLiteral("ProcessPoolExecutor submit().result()"), "us/task", true);
    benchRow(strict, call, 15, QStringLiteral("goal"), "us/task", true);
    benchRow(strictBusy, callBusy, rpyBusy, py + QStringLiteral("ProcessPoolExecutor submit().result(), same hog"),
        "us/task", true);
    benchRow(strictBusy, callBusy, 15, QStringLiteral("goal"), "us/task", true);
    return peer.isEmpty() ? 1 : 0; // a failed peer fails the run, after LoopLab's rows
}
