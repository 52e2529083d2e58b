#pragma once
// The vector_search lab's parameters, read once from a validated LabConfig. Names follow the
// scenario contract (issue 7); the live ones (nprobe, ef_search, max_batch, max_wait_ms,
// query_rate_per_s) are also applied while running.
#include "pyrt/interpreter.h"
#include "scenario/scenario.h"

#include <QString>

#include <cstdint>

namespace looplab::labs::search {

// How a query reaches the blocking search library from the event loop (the course's three ways).
enum class Dispatch {
    OnLoop, // index.search() called right on the loop: the mistake, the loop stops meanwhile
    ToThread, // asyncio.to_thread / run_in_executor: one query per executor call
    Batched, // dynamic batching: queries wait up to max_wait_ms to share one executor call
};

enum class BackendChoice { Cpu, Cuda, Auto };

enum class IndexType { Flat, Ivf, Hnsw };

struct DatasetConfig {
    QString file; // non-empty: load .fvecs / .bvecs / .npy instead of synthesising
    int64_t vectors = 20000;
    int dim = 64;
    int clusters = 64;
    uint64_t seed = 1;
};

struct SearchConfig {
    DatasetConfig dataset;
    IndexType index = IndexType::Flat;
    int nlist = 256;
    int nprobe = 8;
    int hnswM = 32;
    int efSearch = 64;
    BackendChoice backend = BackendChoice::Cpu;
    int k = 10;
    double queryRatePerS = 200;
    int clients = 0; // > 0: closed loop with this many clients instead of Poisson arrivals
    Dispatch dispatch = Dispatch::ToThread;
    int maxBatch = 32;
    double maxWaitMs = 2;
    int executorWorkers = 1;
    int ompThreads = 0; // 0: automatic (cores / executor_workers, see search_backend.cpp)
    int recallSample = 200;
    int64_t maxQueries = 0; // > 0: the lab finishes after this many answers
    pyrt::Interpreter interpreter = pyrt::Interpreter::CPython;

    static SearchConfig fromLab(const scenario::LabConfig& config);
};

// Which backend a run uses, decided from the scenario and whether a GPU is usable. The cuda
// backend is an exact brute-force search: it never stands in for an approximate index (an ivf or
// hnsw run keeps its index, so nprobe / ef_search still mean something).
struct BackendDecision {
    bool useCuda = false;
    QString note; // said in the status line ("auto: …")
    QString error; // non-empty: the lab cannot start
};
BackendDecision decideBackend(const SearchConfig& config, bool gpuUsable, const QString& gpuReason);

const char* dispatchName(Dispatch d);
const char* indexTypeName(IndexType t);

} // namespace looplab::labs::search
