#pragma once
// Builds a FAISS index in the background with progress, or loads it from the on-disk cache keyed
// by everything that changes the built index (the vectors, the index type, nlist, hnsw_m, the
// FAISS version), so a second run skips the build.
#include "search_config.h"

#include <QString>

#include <atomic>
#include <memory>

#include <faiss/Index.h>

namespace looplab::labs::search {

struct Dataset;

struct BuildProgress {
    std::atomic<double> fraction{0}; // 0..1 of the build (training counts as the first 10 % for IVF)
    std::atomic<int> phase{0};       // Phase
    enum Phase { Dataset = 0, Loading, Training, Adding, GroundTruth, Ready };
};

struct BuiltIndex {
    std::unique_ptr<faiss::Index> index;
    double seconds = 0;    // build or cache load
    bool fromCache = false;
    QString cachePath;     // empty for flat (nothing worth caching: building is a copy)
};

// $LOOPLAB_CACHE_DIR, else QStandardPaths' generic cache location + "/looplab" (that is
// $XDG_CACHE_HOME/looplab or ~/.cache/looplab).
QString indexCacheDir();

// The file name an index would be cached under (without the directory).
QString indexCacheName(const QString& datasetKey, IndexType type, int nlist, int hnswM);

// Throws std::runtime_error on failure; returns an empty index when `cancel` was raised.
BuiltIndex buildOrLoadIndex(const Dataset& data, IndexType type, int nlist, int hnswM, BuildProgress& progress,
                            const std::atomic<bool>& cancel, const QString& cacheDir = indexCacheDir());

} // namespace looplab::labs::search
