#include "recall.h"

#include "dataset.h"

#include <faiss/utils/distances.h>

#include <algorithm>
#include <limits>
#include <numeric>

namespace looplab::labs::search {

namespace {
// One knn_L2sqr call covers at most this many multiply-adds (query block × database block × dim),
// about ten milliseconds on one core: the cancel flag is read between calls.
constexpr double kBlockWork = 16.0 * 1024 * 1024;
constexpr int64_t kQueryBlock = 32;
// Exact distances are sums of float products in double: equal distances agree to ~1e-15.
constexpr double kTieTolerance = 1e-9;
} // namespace

GroundTruth::GroundTruth(const Dataset& data, int sampleSize, int k, const std::atomic<bool>* cancel)
    : m_k(int(std::min<int64_t>(k, data.n)))
    , m_vectors(data.vectors.data())
    , m_n(data.n)
    , m_dim(data.dim)
{
    const int64_t sample = std::min<int64_t>(sampleSize, data.nq);
    m_slotOf.assign(size_t(data.nq), -1);
    if (sample <= 0 || m_k <= 0) {
        m_complete = true;
        return;
    }
    const int dim = data.dim;
    const int64_t stride = data.nq / sample;
    m_queries.resize(size_t(sample) * dim);
    for (int64_t s = 0; s < sample; ++s) {
        const int64_t q = s * stride;
        m_slotQueries.push_back(q);
        std::copy_n(data.queries.data() + q * dim, dim, m_queries.data() + s * dim);
    }
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };

    // Blocks of queries × blocks of the database, each block's k best merged into the running k best.
    const int k0 = m_k;
    m_ids.assign(size_t(sample) * k0, -1);
    std::vector<float> best(size_t(sample) * k0, std::numeric_limits<float>::infinity());
    const int64_t dbBlock = std::max<int64_t>(k0, int64_t(kBlockWork / double(kQueryBlock * int64_t(dim))));
    std::vector<float> blockD(size_t(kQueryBlock) * k0);
    std::vector<int64_t> blockI(size_t(kQueryBlock) * k0);
    std::vector<std::pair<float, int64_t>> merged(size_t(2 * k0));
    for (int64_t q0 = 0; q0 < sample; q0 += kQueryBlock) {
        const int64_t qn = std::min(kQueryBlock, sample - q0);
        for (int64_t b0 = 0; b0 < data.n; b0 += dbBlock) {
            if (cancelled())
                return;
            const int64_t bn = std::min(dbBlock, data.n - b0);
            const int64_t kb = std::min<int64_t>(k0, bn);
            faiss::knn_L2sqr(m_queries.data() + q0 * dim, data.vectors.data() + b0 * dim, size_t(dim), size_t(qn),
                size_t(bn), size_t(kb), blockD.data(), blockI.data());
            for (int64_t q = 0; q < qn; ++q) {
                float* bd = best.data() + (q0 + q) * k0;
                int64_t* bi = m_ids.data() + (q0 + q) * k0;
                merged.clear();
                for (int i = 0; i < k0; ++i)
                    if (bi[i] >= 0)
                        merged.emplace_back(bd[i], bi[i]);
                for (int64_t i = 0; i < kb; ++i)
                    if (const int64_t id = blockI[size_t(q * kb + i)]; id >= 0)
                        merged.emplace_back(blockD[size_t(q * kb + i)], b0 + id);
                const size_t keep = std::min(merged.size(), size_t(k0));
                std::partial_sort(merged.begin(), merged.begin() + long(keep), merged.end());
                for (size_t i = 0; i < keep; ++i) {
                    bd[i] = merged[i].first;
                    bi[i] = merged[i].second;
                }
            }
        }
    }
    // The true neighbours' exact distances: hits() ranks answers by these, never by the float
    // distances above (nor by the backend's).
    m_truthExact.assign(size_t(sample) * k0, 0);
    for (int64_t s = 0; s < sample; ++s)
        for (int i = 0; i < k0; ++i)
            m_truthExact[size_t(s * k0 + i)] = exactDistance(int(s), m_ids[size_t(s * k0 + i)]);
    for (int64_t s = 0; s < sample; ++s)
        m_slotOf[size_t(m_slotQueries[size_t(s)])] = int(s);
    m_complete = true;
}

double GroundTruth::exactDistance(int slot, int64_t id) const
{
    const float* q = m_queries.data() + size_t(slot) * m_dim;
    const float* x = m_vectors + id * m_dim;
    double s = 0;
    for (int j = 0; j < m_dim; ++j) {
        const double d = double(q[j]) - double(x[j]);
        s += d * d;
    }
    return s;
}

int GroundTruth::hits(int slot, const int64_t* ids, int k) const
{
    if (!m_complete || slot < 0 || size_t(slot) >= m_slotQueries.size())
        return 0;
    const int kk = std::min(k, m_k);
    const double* truthD = m_truthExact.data() + size_t(slot) * m_k;
    // The k-th exact distance, and how many true neighbours lie strictly nearer: the rest of the
    // k places belong to whichever ids tie at the k-th distance.
    double kth = 0;
    for (int i = 0; i < kk; ++i)
        kth = std::max(kth, truthD[i]);
    const double tol = kTieTolerance * std::max(1e-30, kth);
    int nearer = 0;
    for (int i = 0; i < kk; ++i)
        nearer += truthD[i] < kth - tol;
    const int tiePlaces = kk - nearer;

    std::vector<int64_t> seen;
    seen.reserve(size_t(kk));
    int hit = 0, tied = 0;
    for (int i = 0; i < kk; ++i) {
        const int64_t id = ids[i];
        if (id < 0 || id >= m_n || std::find(seen.begin(), seen.end(), id) != seen.end())
            continue; // none, out of range, or a repeat: never a (second) hit
        seen.push_back(id);
        const double d = exactDistance(slot, id);
        if (d < kth - tol)
            ++hit; // nearer than the k-th true neighbour: a true neighbour
        else if (d <= kth + tol && tied < tiePlaces)
            ++tied; // ties the k-th: any of the tied ids fills the tied places
    }
    return hit + tied;
}

} // namespace looplab::labs::search
