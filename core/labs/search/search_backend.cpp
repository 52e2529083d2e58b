#include "search_backend.h"

#include <QThread>

#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>

#include <atomic>
#include <dlfcn.h>
#include <omp.h>

namespace looplab::labs::search {

namespace {

// OpenBLAS runs its own pthreads for the SGEMM inside FAISS's flat search of >= 20 queries. Its
// thread count is global; set it through the symbol when the loaded BLAS is OpenBLAS.
void setBlasThreads(int n)
{
    using SetFn = void (*)(int);
    static auto fn = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    // Only on a change: another lab's executor may be inside an SGEMM right now.
    static std::atomic<int> current{-1};
    if (fn && current.exchange(n) != n)
        fn(n);
}

} // namespace

void setLibraryThreads(int n)
{
    omp_set_num_threads(std::max(1, n));
    setBlasThreads(std::max(1, n));
}

void SearchBackend::setCallThreads(int n)
{
    m_callThreads = std::max(1, n);
    setBlasThreads(m_callThreads);
}

void SearchBackend::applyCallThreads()
{
    // omp_set_num_threads only changes the calling thread's setting: do it on each executor thread.
    thread_local int applied = -1;
    if (applied != m_callThreads) {
        omp_set_num_threads(m_callThreads);
        applied = m_callThreads;
    }
}

int autoCallThreads(int executorWorkers)
{
    // Measured on the 2-core VMs (flat 20k×64, batches of 20..256): 2 OpenMP/BLAS threads per call
    // were 3-50× *slower* than 1 (team start-up and barriers cost more than the split saves, and
    // much more when the machine is busy). Split a call only when each gets >= 4 cores.
    const int cores = std::max(1, QThread::idealThreadCount());
    const int share = cores / std::max(1, executorWorkers);
    return share >= 4 ? share : 1;
}

FaissBackend::FaissBackend(std::unique_ptr<faiss::Index> index, IndexType type)
    : m_index(std::move(index))
    , m_type(type)
{ }

FaissBackend::~FaissBackend() = default;

void FaissBackend::search(int64_t n, const float* x, int k, float* distances, int64_t* ids)
{
    applyCallThreads();
    // Search parameters travel with the call, so a live nprobe change never races a search.
    switch (m_type) {
    case IndexType::Ivf: {
        faiss::SearchParametersIVF p;
        p.nprobe = size_t(std::max(1, m_nprobe.load(std::memory_order_relaxed)));
        m_index->search(n, x, k, distances, ids, &p);
        break;
    }
    case IndexType::Hnsw: {
        faiss::SearchParametersHNSW p;
        p.efSearch = std::max(k, m_efSearch.load(std::memory_order_relaxed));
        m_index->search(n, x, k, distances, ids, &p);
        break;
    }
    case IndexType::Flat:
        m_index->search(n, x, k, distances, ids);
        break;
    }
}

QString FaissBackend::describe() const
{
    return QStringLiteral("FAISS %1 (CPU)").arg(QLatin1String(indexTypeName(m_type)));
}

} // namespace looplab::labs::search
