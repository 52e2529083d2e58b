#pragma once
// Builds a FAISS index in the background with progress, or loads it from the on-disk cache keyed
// by everything that changes the built index (the vectors, the index type, nlist, hnsw_m, the
// training parameters, the FAISS version), so a second run skips the build. A cached file is
// loaded only when its key and its checksum match; anything else is rebuilt over.
#include "search_config.h"

#include <QString>

#include <faiss/Index.h>

#include <atomic>
#include <memory>

namespace looplab::labs::search {

struct Dataset;

struct BuildProgress {
    std::atomic<double> fraction{0}; // 0..1 of the build (training counts as the first 10 % for IVF)
    std::atomic<int> phase{0}; // Phase
    enum Phase { Dataset = 0, Loading, Training, Adding, GroundTruth, Ready };
};

struct BuiltIndex {
    std::unique_ptr<faiss::Index> index;
    double seconds = 0; // build or cache load
    bool fromCache = false;
    QString cachePath; // empty for flat (nothing worth caching: building is a copy) or without a cache
};

// $LOOPLAB_CACHE_DIR, else QStandardPaths' CacheLocation (the user's own, e.g.
// ~/.cache/<organisation>/<application>) + "/faiss-indexes"; empty (no cache) when there is none.
// Never a shared folder such as /tmp.
QString indexCacheDir();

// Creates `dir` (mode 0700) when missing, and tightens it to 0700 when it is ours. false (do not
// cache there) when it cannot be made, is not a directory (a symlink included) or belongs to
// another user.
bool ensurePrivateDir(const QString& dir);

// The file name an index would be cached under (without the directory): the index type and a
// SHA-256 of everything that determines the built index. Files carry the full key's hash and a
// SHA-256 of their contents, both checked before faiss::read_index sees a byte.
QString indexCacheName(const QString& datasetKey, IndexType type, int nlist, int hnswM);

// Throws std::runtime_error on failure; returns an empty index when `cancel` was raised.
BuiltIndex buildOrLoadIndex(const Dataset& data, IndexType type, int nlist, int hnswM, BuildProgress& progress,
    const std::atomic<bool>& cancel, const QString& cacheDir = indexCacheDir());

} // namespace looplab::labs::search
