#pragma once
// How GpuFlatIndex::search splits a call into launches: queries per chunk and database columns per
// distance tile. Plain C++ (no CUDA), so the arithmetic is tested on machines without a GPU for
// the shapes that break it (100 000 queries in one call, k = 1 024, tiny and huge databases).
//
// A chunk of queries is one SGEMM per tile plus selection launches whose grid has one row per
// query on `y` — and CUDA caps gridDim.y at 65 535 — so a chunk is bounded by that, by the
// candidate buffer (every segment's k per query) and by the distance tile (chunk × tile columns
// floats), whose columns are a whole number of selection segments.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace looplab::cuda {

constexpr int64_t kSegment = 2048; // columns per selection segment
constexpr int64_t kMaxGridY = 65535; // CUDA's limit on gridDim.y (and z)
constexpr size_t kDefaultTileBudgetFloats = 64ull << 20; // 256 MiB of distances
constexpr size_t kCandidateBudgetFloats = 32ull << 20; // 128 MiB of candidate distances
constexpr int kPlanMaxK = 256; // what the selection kernels can keep

struct SearchPlan {
    bool ok = false;
    std::string error; // why not, when !ok
    int64_t segments = 0; // selection segments over the whole database
    int64_t candPerQuery = 0; // segments × k
    int64_t chunk = 0; // queries per chunk (<= kMaxGridY)
    int64_t tileCols = 0; // database columns per tile (a multiple of kSegment, or all of n)
    size_t tileFloats() const { return size_t(chunk) * size_t(tileCols); }
    size_t candidateFloats() const { return size_t(chunk) * size_t(candPerQuery); }
};

// n database vectors, nq queries in the call, k neighbours; budgets in floats.
inline SearchPlan planSearch(int64_t n, int64_t nq, int k, size_t tileBudgetFloats = kDefaultTileBudgetFloats,
    size_t candidateBudgetFloats = kCandidateBudgetFloats)
{
    SearchPlan p;
    if (n <= 0 || nq <= 0) {
        p.error = "empty database or no queries";
        return p;
    }
    if (k < 1 || k > kPlanMaxK) {
        p.error = "k must be in 1.." + std::to_string(kPlanMaxK) + " (got " + std::to_string(k) + ")";
        return p;
    }
    p.segments = (n + kSegment - 1) / kSegment;
    p.candPerQuery = p.segments * k;
    // The narrowest tile: one segment (or the whole database when it is smaller).
    const int64_t minCols = std::min(n, kSegment);
    int64_t chunk = std::min<int64_t>(nq, kMaxGridY);
    chunk = std::min<int64_t>(chunk, int64_t(candidateBudgetFloats) / p.candPerQuery);
    chunk = std::min<int64_t>(chunk, int64_t(tileBudgetFloats) / minCols);
    p.chunk = std::max<int64_t>(1, chunk);
    // The widest tile the budget allows for that chunk, in whole segments.
    int64_t cols = std::max<int64_t>(minCols, int64_t(tileBudgetFloats) / p.chunk);
    cols = cols >= n ? n : std::max<int64_t>(kSegment, (cols / kSegment) * kSegment);
    p.tileCols = std::min(cols, n);
    p.ok = true;
    return p;
}

} // namespace looplab::cuda
