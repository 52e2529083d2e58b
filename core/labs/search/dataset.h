#pragma once
// The vectors a search lab searches, and the queries sent to it: synthetic Gaussian clusters, or
// a file in the SIFT formats (.fvecs, .bvecs) or a float32 .npy. Loading refuses files that are
// malformed or too large for memory with a message that says which and why.
#include <QString>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace looplab::labs::search {

struct DatasetConfig;

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
    QString description;        // "synthetic 20000×64 (64 clusters)" / "sift_base.fvecs: 1000000×128"
    QString cacheKey;           // identifies the vectors for the index cache
};

// Largest dataset accepted: half the physical memory, or LOOPLAB_SEARCH_MAX_DATASET_MB when set
// (tests use it to check the refusal without writing huge files).
int64_t maxDatasetBytes();

// Gaussian clusters: centres ~ N(0, 1) per dimension, points = centre + N(0, 0.5²); queries are
// drawn the same way (seed + 1) so their neighbours lie in the same clusters. Deterministic for
// a seed whatever the thread count.
Dataset makeSyntheticDataset(const DatasetConfig& config, int64_t numQueries,
                             const std::atomic<bool>* cancel = nullptr);

// .fvecs / .bvecs / .npy by extension. Queries are database vectors picked at random (seeded) with
// a little noise, so that they have true neighbours. Throws DatasetError.
Dataset loadDatasetFile(const QString& path, int64_t numQueries, uint64_t seed, int64_t maxBytes = maxDatasetBytes());

// Either of the above.
Dataset loadDataset(const DatasetConfig& config, int64_t numQueries, const std::atomic<bool>* cancel = nullptr);

} // namespace looplab::labs::search
