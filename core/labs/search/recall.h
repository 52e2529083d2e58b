#pragma once
// recall@k against exact search: the true k nearest neighbours of a sample of the query pool,
// computed once by brute force (faiss::knn_L2sqr, in blocks so that a stop is honoured within a
// few tens of milliseconds), and a hit count for any answer that trusts nothing the backend says
// but its ids.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace looplab::labs::search {

struct Dataset;

class GroundTruth
{
public:
    GroundTruth() = default;
    // Sample `sampleSize` queries spread evenly over the pool (every pool/sample-th query). `data`
    // must outlive this object (hits() recomputes distances from its vectors). When `cancel` is
    // raised meanwhile the computation stops early and complete() is false.
    GroundTruth(const Dataset& data, int sampleSize, int k, const std::atomic<bool>* cancel = nullptr);

    bool complete() const { return m_complete; }
    int k() const { return m_k; }
    int sampleSize() const { return int(m_slotQueries.size()); }
    // Slot of a pool query in the sample, or -1 when it is not sampled. Cheap.
    int slotOf(int64_t poolIndex) const
    {
        return poolIndex >= 0 && size_t(poolIndex) < m_slotOf.size() ? m_slotOf[size_t(poolIndex)] : -1;
    }

    // How many of the first k answer ids are true neighbours. Only the ids are read, and their
    // distances are recomputed here exactly (double precision): an id nearer than the k-th true
    // neighbour is a hit; ids tying the k-th fill the places the tie leaves (any of the tied ids
    // is correct, but no more of them than there are places); a repeated id is never a second hit;
    // ids out of range (-1: none) count nothing.
    int hits(int slot, const int64_t* ids, int k) const;

    const int64_t* trueIds(int slot) const { return m_ids.data() + size_t(slot) * m_k; }

private:
    double exactDistance(int slot, int64_t id) const;

    int m_k = 0;
    bool m_complete = false;
    const float* m_vectors = nullptr; // the dataset's (not owned)
    int64_t m_n = 0;
    int m_dim = 0;
    std::vector<int> m_slotOf; // pool index -> slot
    std::vector<int64_t> m_slotQueries; // slot -> pool index
    std::vector<float> m_queries; // slot -> its query vector
    std::vector<int64_t> m_ids; // slot × k true ids
    std::vector<double> m_truthExact; // slot × k exact distances of the true ids
};

} // namespace looplab::labs::search
