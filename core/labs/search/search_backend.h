#pragma once
// What the executor calls: a blocking, thread-safe k-NN search over the lab's vectors, on the CPU
// (a FAISS index) or on the GPU (LoopLab's own CUDA brute force, see cuda/).
#include "search_config.h"

#include <QString>

#include <faiss/Index.h>

#include <atomic>
#include <cstdint>
#include <memory>

namespace looplab::labs::search {

struct Dataset;

class SearchBackend
{
public:
    virtual ~SearchBackend() = default;
    // Blocking; callable from several threads at once. x: n × dim row-major. Writes n × k
    // distances (squared L2) and ids (-1 where fewer than k exist).
    virtual void search(int64_t n, const float* x, int k, float* distances, int64_t* ids) = 0;
    virtual int kind() const = 0; // 0: cpu, 1: cuda (the summary's `backend`)
    virtual QString describe() const = 0;

    // Search-time knobs of approximate indexes (live parameters).
    void setNprobe(int v) { m_nprobe.store(v); }
    void setEfSearch(int v) { m_efSearch.store(v); }

    // OpenMP threads each call may use. Applied per calling thread (OpenMP's nthreads is a
    // per-thread setting) at the start of every call, and to OpenBLAS globally once.
    void setCallThreads(int n);
    int callThreads() const { return m_callThreads; }

protected:
    void applyCallThreads();
    std::atomic<int> m_nprobe{8};
    std::atomic<int> m_efSearch{64};
    int m_callThreads = 1;
};

class FaissBackend final : public SearchBackend
{
public:
    FaissBackend(std::unique_ptr<faiss::Index> index, IndexType type);
    ~FaissBackend() override;
    void search(int64_t n, const float* x, int k, float* distances, int64_t* ids) override;
    int kind() const override { return 0; }
    QString describe() const override;
    faiss::Index& index() { return *m_index; }

private:
    std::unique_ptr<faiss::Index> m_index;
    IndexType m_type;
};

// The GPU backend, when LoopLab was built with CUDA and a device is usable. Returns nullptr and
// sets `reason` ("no CUDA device: ...", "built without CUDA ...") otherwise.
std::unique_ptr<SearchBackend> makeCudaBackend(const Dataset& data, QString* reason);
// Whether a GPU is usable, without building anything (the reason when not).
bool cudaUsable(QString* reason);
// The PCI bus id of the CUDA device the backend uses ("0000:41:00.0"), empty without one.
QString cudaPciBusId();

// OpenMP threads per call when omp_threads is 0: the cores shared among the executor's workers
// (never more threads than cores in all); 1 on a loop call (on_loop).
int autoCallThreads(int executorWorkers);
// OpenMP threads of the calling thread's next FAISS calls, and OpenBLAS's (global) thread count.
void setLibraryThreads(int n);

} // namespace looplab::labs::search
