// Put+get pairs through the pipeline lab's teaching queues, beside Python on the same machine in
// the same run:
//   threads:    BlockingQueue between two OS threads       vs queue.Queue between two threads
//               (goal: at least 10x Python's rate), with moodycamel's BlockingConcurrentQueue
//               (lock-free, not a teaching queue) as a reference for what a tuned queue does
//   coroutines: aio::Queue (over the lab's ItemStore, as    vs asyncio.Queue between two
//               async mode uses it) between two QCoro
//               coroutines on core/aio's loop
//               coroutines on one event loop (goal: at least Python's rate)
// Same shape on both sides: one producer puts N integers, one consumer gets N; maxsize 0
// (unbounded) and 100. Both sides report their best of 3 (Python: peer_queues.py, best of 3
// runs; LoopLab: the fastest of 3 Google Benchmark repetitions, each the mean over its
// iterations) — on a shared machine the best run is the one least disturbed by others. Threads
// are timed on the wall clock (the blocking is part of the cost). The coroutine rows are shown
// twice: wall clock, and CPU time of the one thread that runs both coroutines (on both sides),
// which a busy shared machine does not inflate. The table prints ns per pair and the ratio.
#include "aio/loop.h"
#include "aio/queue.h"
#include "benchmarks/bench_common.h"
#include "labs/pipeline/blocking_queue.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <benchmark/benchmark.h>
#include <concurrentqueue/blockingconcurrentqueue.h>

#include <cstdio>
#include <map>
#include <string>
#include <thread>

using namespace looplab::pipeline;

namespace {

constexpr int64_t kPairs = 200'000;

using AioQueue = looplab::aio::Queue<uint64_t, ItemStore<uint64_t>>;

void BM_Threads_BlockingQueue(benchmark::State& state)
{
    const size_t maxsize = size_t(state.range(0));
    uint64_t sum = 0;
    for (auto _ : state) {
        BlockingQueue<uint64_t> q(maxsize);
        std::thread producer([&] {
            for (int64_t i = 0; i < kPairs; ++i)
                q.put(uint64_t(i));
        });
        uint64_t v = 0;
        for (int64_t i = 0; i < kPairs; ++i) {
            q.get(v);
            sum += v;
        }
        producer.join();
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations() * kPairs);
}
BENCHMARK(BM_Threads_BlockingQueue)
    ->ArgName("maxsize")
    ->Arg(0)
    ->Arg(100)
    ->UseRealTime()
    ->Repetitions(3)
    ->Unit(benchmark::kMillisecond);

void BM_Threads_MoodycamelBlocking(benchmark::State& state)
{
    uint64_t sum = 0;
    for (auto _ : state) {
        moodycamel::BlockingConcurrentQueue<uint64_t> q;
        std::thread producer([&] {
            for (int64_t i = 0; i < kPairs; ++i)
                q.enqueue(uint64_t(i));
        });
        uint64_t v = 0;
        for (int64_t i = 0; i < kPairs; ++i) {
            q.wait_dequeue(v);
            sum += v;
        }
        producer.join();
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations() * kPairs);
}
BENCHMARK(BM_Threads_MoodycamelBlocking)
    ->ArgName("maxsize")
    ->Arg(0)
    ->UseRealTime()
    ->Repetitions(3)
    ->Unit(benchmark::kMillisecond);

QCoro::Task<> producerTask(AioQueue& q, int64_t n)
{
    for (int64_t i = 0; i < n; ++i)
        co_await q.put(uint64_t(i));
}

QCoro::Task<> consumerTask(AioQueue& q, int64_t n, uint64_t& sum, QEventLoop& done)
{
    for (int64_t i = 0; i < n; ++i)
        sum += (co_await q.get()).value;
    done.quit();
}

void BM_Coroutines_AioQueue(benchmark::State& state)
{
    const size_t maxsize = size_t(state.range(0));
    uint64_t sum = 0;
    for (auto _ : state) {
        looplab::aio::Loop loop;
        AioQueue q(loop, long(maxsize), ItemStore<uint64_t>(Discipline::Fifo, maxsize ? maxsize : 64));
        QEventLoop done;
        // Like asyncio.gather(producer(), consumer()): the producer starts first.
        auto p = producerTask(q, kPairs);
        auto c = consumerTask(q, kPairs, sum, done);
        if (!c.isReady())
            done.exec();
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations() * kPairs);
}
BENCHMARK(BM_Coroutines_AioQueue)
    ->ArgName("maxsize")
    ->Arg(0)
    ->Arg(100)
    ->UseRealTime()
    ->Repetitions(3)
    ->Unit(benchmark::kMillisecond);

// Keeps each benchmark's mean real time per pair while printing as usual.
class CollectingReporter : public benchmark::ConsoleReporter
{
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const auto& r : runs)
            if (!r.error_occurred && r.aggregate_name.empty() && r.iterations > 0) {
                const std::string name = r.run_name.function_name + '/' + r.run_name.args;
                keepMin(name, r.real_accumulated_time / double(r.iterations) / double(kPairs) * 1e9);
                keepMin(name + ":cpu", r.cpu_accumulated_time / double(r.iterations) / double(kPairs) * 1e9);
            }
        ConsoleReporter::ReportRuns(runs);
    }
    void keepMin(const std::string& name, double ns)
    {
        auto [it, fresh] = nsPerPair.emplace(name, ns);
        if (!fresh)
            it->second = std::min(it->second, ns);
    }
    std::map<std::string, double> nsPerPair;
};

QJsonObject runPython()
{
    QProcess py;
    py.start(looplab::bench::peerPython(),
        {QStringLiteral(LOOPLAB_PIPELINE_PEER), QString::number(kPairs), QStringLiteral("0,100")});
    if (!py.waitForFinished(600'000) || py.exitCode() != 0) {
        std::fprintf(stderr, "python peer failed: %s\n", py.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(py.readAllStandardOutput()).object();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    CollectingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    std::printf("\nPython peer (%s), same machine, same run...\n", "peer_queues.py");
    std::fflush(stdout);
    const QJsonObject py = runPython();
    std::printf("Python %s\n\n", qPrintable(py.value(QStringLiteral("python")).toString()));

    struct Row {
        const char* what;
        std::string ours;
        const char* peer;
        double goal; // minimum LoopLab/peer rate ratio
        const char* benchWhat; // the `make bench` row, or nullptr
        const char* peerName;
    };
    const Row rows[] = {
        {"threads, maxsize 0   ", "BM_Threads_BlockingQueue/maxsize:0", "queue.Queue/maxsize:0", 10,
            "queue put+get between 2 threads, unbounded (goal: 10x Python's rate)", "Python queue.Queue"},
        {"threads, maxsize 100 ", "BM_Threads_BlockingQueue/maxsize:100", "queue.Queue/maxsize:100", 10,
            "queue put+get between 2 threads, maxsize 100 (goal: 10x Python's rate)", "Python queue.Queue"},
        {"  (moodycamel, max 0)", "BM_Threads_MoodycamelBlocking/maxsize:0", "queue.Queue/maxsize:0", 0, nullptr,
            nullptr},
        {"coroutines, maxsize 0", "BM_Coroutines_AioQueue/maxsize:0", "asyncio.Queue/maxsize:0", 1,
            "queue put+get between 2 coroutines, unbounded (wall clock)", "Python asyncio.Queue"},
        {"coroutines, max 100  ", "BM_Coroutines_AioQueue/maxsize:100", "asyncio.Queue/maxsize:100", 1,
            "queue put+get between 2 coroutines, maxsize 100 (wall clock)", "Python asyncio.Queue"},
        {"  same, CPU, max 0   ", "BM_Coroutines_AioQueue/maxsize:0:cpu", "asyncio.Queue/maxsize:0:cpu", 1,
            "queue put+get between 2 coroutines, unbounded (CPU time)", "Python asyncio.Queue"},
        {"  same, CPU, max 100 ", "BM_Coroutines_AioQueue/maxsize:100:cpu", "asyncio.Queue/maxsize:100:cpu", 1,
            "queue put+get between 2 coroutines, maxsize 100 (CPU time)", "Python asyncio.Queue"},
    };
    std::printf("%-22s %14s %14s %10s %8s\n", "put+get pairs", "LoopLab ns", "Python ns", "ratio", "goal");
    for (const auto& r : rows) {
        const auto it = reporter.nsPerPair.find(r.ours);
        const double ours = it == reporter.nsPerPair.end() ? 0 : it->second;
        const double peer = py.value(QLatin1String(r.peer)).toDouble() * 1e9;
        const double ratio = ours > 0 && peer > 0 ? peer / ours : 0;
        const char* verdict = r.goal <= 0 ? "(ref)" : ratio >= r.goal ? "met" : "MISSED";
        std::printf("%-22s %14.1f %14.1f %9.1fx %4.0fx %s\n", r.what, ours, peer, ratio, r.goal, verdict);
    }
    std::printf("(ratio = Python's time per pair / LoopLab's: how many times Python's rate)\n");
    for (const auto& r : rows) {
        if (!r.benchWhat)
            continue;
        const auto it = reporter.nsPerPair.find(r.ours);
        looplab::bench::benchRow(r.benchWhat, it == reporter.nsPerPair.end() ? 0 : it->second,
            py.value(QLatin1String(r.peer)).toDouble() * 1e9, QString::fromLatin1(r.peerName), "ns/pair", true);
    }
    return 0;
}
