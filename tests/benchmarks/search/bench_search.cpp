// Speed of the vector_search lab's executor path (issue 7, "Speed (CPU)"): queries per second
// through LoopLab's SearchService — coroutines on a Qt event loop, searches on its QThreadPool —
// beside direct FAISS calls on the same index and queries (the goal: at most 5 % overhead), and
// beside the course's own Python (asyncio + run_in_executor + faiss on the same vectors, Debian's
// python3-faiss 1.7.3) as the peer. The LoopLab path is the lab's own, with its default
// interpreter (cpython): the aio loop holds the emulated GIL for each pass and every FAISS call
// takes it to enter and leave (core/pyrt), as in vector_search.
//
//   bench_search [--vectors 20000] [--dim 64] [--index flat|ivf|hnsw] [--python /usr/bin/python3]
//                [google benchmark flags]
#include "aio/sync.h"
#include "benchmarks/bench_common.h"
#include "labs/search/dataset.h"
#include "labs/search/index_builder.h"
#include "labs/search/search_backend.h"
#include "labs/search/search_config.h"
#include "labs/search/search_service.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <optional>

using namespace looplab::labs::search;

namespace {

constexpr int kK = 10;
constexpr int kClients = 128; // closed-loop coroutines: enough to keep the executor saturated
constexpr int kMaxBatch = 64;

struct Setup {
    Dataset data;
    std::unique_ptr<FaissBackend> backend;
    IndexType type = IndexType::Flat;
};
Setup* g_setup = nullptr;
std::map<std::string, double> g_qps; // best QPS per benchmark name
std::map<std::string, double> g_cpuUs; // least CPU (all threads of the process) per query, µs

double processCpuS()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

void record(const std::string& name, double queries, double seconds, double cpuSeconds)
{
    const double qps = queries / seconds;
    g_qps[name] = std::max(g_qps[name], qps);
    const double us = cpuSeconds / queries * 1e6;
    auto it = g_cpuUs.find(name);
    g_cpuUs[name] = it == g_cpuUs.end() ? us : std::min(it->second, us);
}

// A search that does nothing: what is left is the executor path's own cost per query.
class NullBackend final : public SearchBackend
{
public:
    void search(int64_t n, const float*, int k, float* distances, int64_t* ids) override
    {
        std::fill_n(distances, n * k, 0.f);
        std::fill_n(ids, n * k, int64_t(-1));
    }
    int kind() const override { return 0; }
    QString describe() const override { return QStringLiteral("null"); }
};
NullBackend g_null;

// ---- direct FAISS: what an executor thread would do with no dispatch at all -----------------

void directCalls(benchmark::State& state, int batch)
{
    Setup& s = *g_setup;
    const int64_t calls = batch == 1 ? 2000 : 10000 / batch;
    std::vector<float> d(size_t(batch) * kK);
    std::vector<int64_t> ids(size_t(batch) * kK);
    std::vector<float> x(size_t(batch) * s.data.dim);
    int64_t next = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        const double cpu0 = processCpuS();
        for (int64_t c = 0; c < calls; ++c) {
            if (batch == 1) { // to_thread hands the query's own row to FAISS
                s.backend->search(
                    1, s.data.queries.data() + (next++ % s.data.nq) * s.data.dim, kK, d.data(), ids.data());
                continue;
            }
            // Same gathering of a batch's vectors the executor path does.
            for (int i = 0; i < batch; ++i, ++next)
                std::copy_n(
                    s.data.queries.data() + (next % s.data.nq) * s.data.dim, s.data.dim, x.data() + i * s.data.dim);
            s.backend->search(batch, x.data(), kK, d.data(), ids.data());
        }
        const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        record("direct/batch:" + std::to_string(batch), double(calls * batch), sec, processCpuS() - cpu0);
        state.SetIterationTime(sec);
    }
    state.SetItemsProcessed(state.iterations() * calls * batch);
}

// ---- LoopLab's executor path ---------------------------------------------------------------

struct ClientShared {
    SearchService* service;
    int64_t issued = 0;
    int64_t total = 0;
    int live = 0;
    looplab::aio::Event* allDone;
};

QCoro::Task<> client(ClientShared* sh)
{
    ++sh->live;
    while (sh->issued < sh->total) {
        const int64_t q = sh->issued++;
        co_await sh->service->search(q);
    }
    if (--sh->live == 0)
        sh->allDone->set();
}

void executorPath(benchmark::State& state, Dispatch dispatch, bool null)
{
    Setup& s = *g_setup;
    const int64_t total = null ? 50000 : dispatch == Dispatch::Batched ? 10000 : 2000;
    SearchBackend& backend = null ? static_cast<SearchBackend&>(g_null) : *s.backend;
    for (auto _ : state) {
        looplab::pyrt::Gil gil(5'000'000, {}, 0);
        looplab::pyrt::GilThread loopThread;
        looplab::aio::Loop aioLoop;
        aioLoop.setPassHooks(
            [&] { gil.acquire(loopThread); }, [&] { gil.release(loopThread, looplab::metrics::LaneState::Idle); });
        SearchService service(aioLoop, backend, s.data.queries.data(), s.data.nq, s.data.dim, kK, dispatch, 1);
        service.setInterpreter(&gil, &loopThread);
        service.setMaxBatch(kMaxBatch);
        service.setMaxWaitNs(2'000'000);
        QEventLoop loop;
        double sec = 0, cpu = 0;
        bool finished = false;
        auto run = [&]() -> QCoro::Task<> {
            looplab::aio::Event allDone(aioLoop);
            ClientShared sh{&service, 0, total, 0, &allDone};
            const auto t0 = std::chrono::steady_clock::now();
            const double cpu0 = processCpuS();
            std::vector<QCoro::Task<>> clients;
            for (int c = 0; c < kClients; ++c)
                clients.push_back(client(&sh));
            if (sh.live > 0)
                co_await allDone.wait();
            sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            cpu = processCpuS() - cpu0;
            co_await service.drain();
            finished = true;
            loop.quit();
        };
        std::optional<QCoro::Task<>> task;
        aioLoop.callSoon([&] { task.emplace(run()); }); // started on a pass of the loop, under the GIL
        loop.exec();
        record(std::string(null ? "overhead/" : "looplab/") + dispatchName(dispatch), double(total), sec, cpu);
        state.SetIterationTime(sec);
        state.counters["batch_mean"]
            = double(service.queriesSearched()) / double(std::max<uint64_t>(1, service.executorCalls()));
    }
    state.SetItemsProcessed(state.iterations() * total);
}

// ---- the peer: the course's Python ------------------------------------------------------------

bool writeNpy(const QString& path, const std::vector<float>& v, int64_t rows, int dim)
{
    QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + QByteArray::number(rows) + ", "
        + QByteArray::number(dim) + "), }";
    while ((10 + header.size() + 1) % 64)
        header.append(' ');
    header.append('\n');
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QByteArray("\x93NUMPY\x01\x00", 8));
    f.write(QByteArray(1, char(header.size() & 0xff)) + QByteArray(1, char(header.size() >> 8)));
    f.write(header);
    f.write(reinterpret_cast<const char*>(v.data()), qint64(v.size() * sizeof(float)));
    return true;
}

std::map<std::string, double> runPeer(const QString& python, const Setup& s, const char* indexName, QString* note)
{
    std::map<std::string, double> out;
    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("base.npy")),
                  queries = dir.filePath(QStringLiteral("queries.npy"));
    if (!writeNpy(base, s.data.vectors, s.data.n, s.data.dim)
        || !writeNpy(queries, s.data.queries, s.data.nq, s.data.dim)) {
        *note = QStringLiteral("cannot write the dataset for the peer");
        return out;
    }
    const QString script = QStringLiteral(LOOPLAB_SEARCH_PEER);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OPENBLAS_NUM_THREADS"), QStringLiteral("1"));
    env.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(python,
        {script, base, queries, QString::number(kK), QString::number(kClients), QString::number(kMaxBatch),
            QLatin1String(indexName)});
    if (!p.waitForFinished(1'800'000)) {
        *note = QStringLiteral("%1 %2 did not finish: %3").arg(python, script, p.errorString());
        return out;
    }
    for (const QByteArray& line : p.readAll().split('\n')) {
        char mode[64];
        double qps = 0;
        if (std::sscanf(line.constData(), "mode=%63s qps=%lf", mode, &qps) == 2)
            out[mode] = qps;
        else if (!line.trimmed().isEmpty())
            *note += QStringLiteral("  peer: %1\n").arg(QString::fromUtf8(line));
    }
    return out;
}

void printTable(const std::map<std::string, double>& peer, const QString& note)
{
    auto get = [](const std::map<std::string, double>& m, const std::string& k) {
        auto it = m.find(k);
        return it == m.end() ? 0.0 : it->second;
    };
    std::printf("\n== vector_search executor path vs direct FAISS vs the course's Python (best of the repetitions)\n");
    if (QFile load(QStringLiteral("/proc/loadavg")); load.open(QIODevice::ReadOnly))
        std::printf("machine load average now: %s", load.readLine().constData());
    if (!note.isEmpty())
        std::printf("%s", qPrintable(note));
    std::printf("%-30s %12s %14s %10s %16s %10s\n", "path", "LoopLab QPS", "direct FAISS", "overhead", "Python asyncio",
        "vs Python");
    struct Line {
        const char* label;
        std::string ours, direct, python;
    };
    const Line lines[] = {
        {"to_thread (1 query per call)", "looplab/to_thread", "direct/batch:1", "to_thread"},
        {"batched (up to 64 per call)", "looplab/batched", "direct/batch:64", "batched"},
        {"on_loop (search on the loop)", "looplab/on_loop", "direct/batch:1", "on_loop"},
    };
    for (const Line& l : lines) {
        const double o = get(g_qps, l.ours), d = get(g_qps, l.direct), py = get(peer, l.python);
        std::printf("%-30s %12.0f %14.0f %9.1f%% %16s %10s\n", l.label, o, d, d > 0 ? 100.0 * (d - o) / d : 0.0,
            py > 0 ? qPrintable(QString::number(py, 'f', 0)) : "n/a",
            py > 0 ? qPrintable(QStringLiteral("%1x").arg(o / py, 0, 'f', 2)) : "n/a");
    }
    std::printf("overhead = (direct − LoopLab) / direct; goal <= 5 %%. Python = asyncio + "
                "run_in_executor(ThreadPoolExecutor(1)) "
                "+ faiss, 128 client coroutines, same vectors and queries.\n");

    // Wall-clock QPS moves with whatever else the machine runs; CPU time per query much less so.
    std::printf("\n== CPU time per query (all threads of the process; least of the repetitions)\n");
    std::printf(
        "%-30s %14s %16s %18s %12s\n", "path", "LoopLab µs", "direct FAISS µs", "path alone µs (*)", "overhead");
    for (const Line& l : lines) {
        const double o = get(g_cpuUs, l.ours), d = get(g_cpuUs, l.direct);
        const std::string mode = l.ours.substr(l.ours.find('/') + 1);
        const double alone = get(g_cpuUs, "overhead/" + mode);
        std::printf("%-30s %14.1f %16.1f %18.2f %11.1f%%\n", l.label, o, d, alone, d > 0 ? 100.0 * alone / d : 0.0);
    }
    std::printf(
        "(*) the same path with a search that does nothing: its own cost per query; overhead = that / direct FAISS.\n");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    DatasetConfig dc;
    dc.vectors = 20000;
    dc.dim = 64;
    dc.clusters = 64;
    QString python = looplab::bench::peerPython(); // needs python3-faiss: Debian's, not pyenv's
    IndexType type = IndexType::Flat;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--vectors" && i + 1 < argc)
            dc.vectors = std::atoll(argv[++i]);
        else if (a == "--dim" && i + 1 < argc)
            dc.dim = std::atoi(argv[++i]);
        else if (a == "--python" && i + 1 < argc)
            python = QString::fromLocal8Bit(argv[++i]);
        else if (a == "--index" && i + 1 < argc) {
            const std::string t = argv[++i];
            type = t == "ivf" ? IndexType::Ivf : t == "hnsw" ? IndexType::Hnsw : IndexType::Flat;
        } else
            rest.push_back(argv[i]);
    }
    // Repetitions of the direct and the LoopLab runs interleaved, so that a busy machine's changing
    // load falls on both alike.
    static char interleave[] = "--benchmark_enable_random_interleaving=true";
    rest.push_back(interleave);
    int restc = int(rest.size());

    Setup setup;
    setup.type = type;
    setup.data = makeSyntheticDataset(dc, 4096);
    BuildProgress progress;
    std::atomic<bool> cancel{false};
    QTemporaryDir cache;
    BuiltIndex built = buildOrLoadIndex(setup.data, type, 256, 32, progress, cancel, cache.path());
    setup.backend = std::make_unique<FaissBackend>(std::move(built.index), type);
    setup.backend->setNprobe(16);
    setup.backend->setEfSearch(64);
    setup.backend->setCallThreads(1); // what the lab's auto choice gives on 2 cores, for both paths
    setLibraryThreads(1);
    g_setup = &setup;
    std::printf("index: FAISS %s on %s, k = %d, 1 executor worker × 1 OpenMP thread (built in %.2f s)\n",
        indexTypeName(type), qPrintable(setup.data.description), kK, built.seconds);

    benchmark::RegisterBenchmark("direct/batch:1", [](benchmark::State& s) { directCalls(s, 1); })
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Repetitions(5);
    benchmark::RegisterBenchmark(
        "looplab/to_thread", [](benchmark::State& s) { executorPath(s, Dispatch::ToThread, false); })
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Repetitions(5);
    benchmark::RegisterBenchmark(
        "looplab/on_loop", [](benchmark::State& s) { executorPath(s, Dispatch::OnLoop, false); })
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Repetitions(5);
    benchmark::RegisterBenchmark("direct/batch:64", [](benchmark::State& s) { directCalls(s, kMaxBatch); })
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Repetitions(5);
    benchmark::RegisterBenchmark(
        "looplab/batched", [](benchmark::State& s) { executorPath(s, Dispatch::Batched, false); })
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Repetitions(5);
    for (Dispatch d : {Dispatch::OnLoop, Dispatch::ToThread, Dispatch::Batched})
        benchmark::RegisterBenchmark((std::string("overhead/") + dispatchName(d)).c_str(),
            [d](benchmark::State& s) { executorPath(s, d, true); })
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond)
            ->Repetitions(5);
    benchmark::Initialize(&restc, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    QString note;
    std::printf("\npeer: %s %s\n", qPrintable(python), LOOPLAB_SEARCH_PEER);
    std::fflush(stdout);
    const auto peer = runPeer(python, setup, indexTypeName(type), &note);
    printTable(peer, note);

    auto get = [](const std::map<std::string, double>& m, const std::string& k) {
        auto it = m.find(k);
        return it == m.end() ? 0.0 : it->second;
    };
    const std::string index
        = std::string(indexTypeName(type)) + " " + std::to_string(dc.vectors) + "x" + std::to_string(dc.dim);
    const QString direct = QStringLiteral("direct FAISS calls (same index, same queries)");
    const QString py = QStringLiteral("Python asyncio + faiss (same vectors)");
    const double toThread = get(g_qps, "looplab/to_thread"), batched = get(g_qps, "looplab/batched");
    const std::string a = "search QPS, " + index + ", 1 query per executor call",
                      b = "search QPS, " + index + ", batched up to 64";
    using looplab::bench::benchRow;
    benchRow(a.c_str(), toThread, get(g_qps, "direct/batch:1"), direct, "queries/s", false);
    benchRow(a.c_str(), toThread, get(g_qps, "direct/batch:1") * 0.95, QStringLiteral("goal (95 % of direct)"),
        "queries/s", false);
    benchRow(a.c_str(), toThread, get(peer, "to_thread"), py + QStringLiteral(", run_in_executor"), "queries/s", false);
    benchRow(b.c_str(), batched, get(g_qps, "direct/batch:64"), direct, "queries/s", false);
    benchRow(b.c_str(), batched, get(g_qps, "direct/batch:64") * 0.95, QStringLiteral("goal (95 % of direct)"),
        "queries/s", false);
    benchRow(
        b.c_str(), batched, get(peer, "batched"), py + QStringLiteral(", asyncio.Queue batcher"), "queries/s", false);
    // Wall-clock QPS follows the machine's load; CPU time per query (all threads) much less so.
    const std::string ca = "search CPU per query (all threads), " + index + ", 1 query per executor call";
    const std::string cb = "search CPU per query (all threads), " + index + ", batched up to 64";
    benchRow(ca.c_str(), get(g_cpuUs, "looplab/to_thread"), get(g_cpuUs, "direct/batch:1"), direct, "us", true);
    benchRow(cb.c_str(), get(g_cpuUs, "looplab/batched"), get(g_cpuUs, "direct/batch:64"), direct, "us", true);
    return 0;
}
