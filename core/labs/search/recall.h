#pragma once
// recall@k against exact search: the true k nearest neighbours of a sample of the query pool,
// computed once by brute force (faiss::knn_L2sqr), and a tie-aware hit count for any answer.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace looplab::labs::search {

struct Dataset;

class GroundTruth
{
public:
    GroundTruth() = default;
    // Sample `sampleSize` queries spread evenly over the pool (every pool/sample-th query).
    GroundTruth(const Dataset& data, int sampleSize, int k);

    int k() const { return m_k; }
    int sampleSize() const { return int(m_slotQueries.size()); }
    // Slot of a pool query in the sample, or -1 when it is not sampled. Cheap.
    int slotOf(int64_t poolIndex) const
    {
        return poolIndex >= 0 && size_t(poolIndex) < m_slotOf.size() ? m_slotOf[size_t(poolIndex)] : -1;
    }

    // How many of the k answers are true neighbours. An answer outside the true set still counts
    // when its distance equals the k-th true distance (a tie: any of the tied ids is correct).
    int hits(int slot, const int64_t* ids, const float* distances, int k) const;

    const int64_t* trueIds(int slot) const { return m_ids.data() + size_t(slot) * m_k; }
    const float* trueDistances(int slot) const { return m_dist.data() + size_t(slot) * m_k; }

private:
    int m_k = 0;
    std::vector<int> m_slotOf;          // pool index -> slot
    std::vector<int64_t> m_slotQueries; // slot -> pool index
    std::vector<int64_t> m_ids;
    std::vector<float> m_dist;
};

} // namespace looplab::labs::search
