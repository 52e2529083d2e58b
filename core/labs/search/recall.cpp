#include "recall.h"

#include "dataset.h"

#include <faiss/utils/distances.h>

#include <algorithm>

namespace looplab::labs::search {

GroundTruth::GroundTruth(const Dataset& data, int sampleSize, int k) : m_k(int(std::min<int64_t>(k, data.n)))
{
    const int64_t sample = std::min<int64_t>(sampleSize, data.nq);
    m_slotOf.assign(size_t(data.nq), -1);
    if (sample <= 0 || m_k <= 0)
        return;
    const int64_t stride = data.nq / sample;
    std::vector<float> queries(size_t(sample) * data.dim);
    for (int64_t s = 0; s < sample; ++s) {
        const int64_t q = s * stride;
        m_slotOf[size_t(q)] = int(s);
        m_slotQueries.push_back(q);
        std::copy_n(data.queries.data() + q * data.dim, data.dim, queries.data() + s * data.dim);
    }
    m_ids.resize(size_t(sample) * m_k);
    m_dist.resize(size_t(sample) * m_k);
    faiss::knn_L2sqr(queries.data(), data.vectors.data(), size_t(data.dim), size_t(sample), size_t(data.n),
                     size_t(m_k), m_dist.data(), m_ids.data());
}

int GroundTruth::hits(int slot, const int64_t* ids, const float* distances, int k) const
{
    if (slot < 0 || size_t(slot) >= m_slotQueries.size())
        return 0;
    const int64_t* truth = trueIds(slot);
    const int kk = std::min(k, m_k);
    const float kth = trueDistances(slot)[kk - 1];
    // Distances come from different code paths (BLAS or not, GPU): allow float rounding.
    const float tieLimit = kth + 1e-4f * std::max(1.0f, std::abs(kth));
    int hit = 0;
    for (int i = 0; i < kk; ++i) {
        if (ids[i] < 0)
            continue;
        if (std::find(truth, truth + kk, ids[i]) != truth + kk || distances[i] <= tieLimit)
            ++hit;
    }
    return hit;
}

} // namespace looplab::labs::search
