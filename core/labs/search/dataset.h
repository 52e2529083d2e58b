#pragma once
// The vectors a search lab searches, and the queries sent to it: synthetic Gaussian clusters, or
// a file in the SIFT formats (.fvecs, .bvecs) or a float32 .npy. Loading refuses files that are
// malformed or too large for memory with a message that says which and why.
#include "search_config.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

namespace looplab::labs::search {

class DatasetError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct Dataset {
    int64_t n = 0;
    int dim = 0;
    std::vector<float> vectors; // n * dim, row-major
    int64_t nq = 0;
    std::vector<float> queries; // nq * dim: the pool the traffic cycles through
    QString description; // "synthetic 20000×64 (64 clusters)" / "sift_base.fvecs: 1000000×128"
    QString cacheKey; // identifies the vectors for the index cache
};

// Memory the search labs may hold in all: half the physical memory, or
// LOOPLAB_SEARCH_MAX_DATASET_MB when set (tests use it to check the refusal without huge data).
int64_t maxDatasetBytes();

// The memory every search lab of the process holds for its vectors, queries and FAISS's own copy,
// counted against one limit (maxDatasetBytes()): a lab reserves its share before allocating.
class MemoryBudget
{
public:
    class Reservation
    {
    public:
        Reservation() = default;
        ~Reservation() { release(); }
        Reservation(Reservation&& o) noexcept
            : m_bytes(o.m_bytes)
        {
            o.m_bytes = 0;
        }
        Reservation& operator=(Reservation&& o) noexcept;
        Reservation(const Reservation&) = delete;
        Reservation& operator=(const Reservation&) = delete;
        int64_t bytes() const { return m_bytes; }
        void release();

    private:
        friend class MemoryBudget;
        int64_t m_bytes = 0;
    };
    // Throws DatasetError, naming the sizes, when `bytes` do not fit beside what is held already.
    // `what` says what needs them ("20000×64 vectors (5.1 MiB) + FAISS's copy (5.1 MiB) + …").
    static Reservation reserve(int64_t bytes, const QString& what);
    static int64_t inUse();
};

// What a search lab holds for n × dim vectors: its own copy, the query pool and the index's copy
// (FAISS copies the vectors into every index; the cuda backend copies them to the GPU instead).
// `what` (optional) receives the breakdown for messages.
int64_t labMemoryBytes(
    int64_t n, int dim, int64_t numQueries, IndexType type, int hnswM, bool cuda, QString* what = nullptr);

// Called with the dataset's shape once it is known and before its memory is allocated; may throw
// (the memory budget refusing it).
using AdmitFn = std::function<void(int64_t n, int dim)>;

// Gaussian clusters: centres ~ N(0, 1) per dimension, points = centre + N(0, 0.5²); queries are
// drawn the same way (seed + 1) so their neighbours lie in the same clusters. Deterministic for
// a seed whatever the thread count.
Dataset makeSyntheticDataset(const DatasetConfig& config, int64_t numQueries, const std::atomic<bool>* cancel = nullptr,
    const AdmitFn& admit = {});

// .fvecs / .bvecs / .npy by extension. Queries are database vectors picked at random (seeded) with
// a little noise, so that they have true neighbours. Throws DatasetError.
Dataset loadDatasetFile(const QString& path, int64_t numQueries, uint64_t seed, int64_t maxBytes = maxDatasetBytes(),
    const AdmitFn& admit = {});

// Either of the above.
Dataset loadDataset(const DatasetConfig& config, int64_t numQueries, const std::atomic<bool>* cancel = nullptr,
    const AdmitFn& admit = {});

} // namespace looplab::labs::search
