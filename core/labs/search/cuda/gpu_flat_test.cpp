// GPU search == CPU brute force (ids equal up to ties). Exit 0: passed; 1: failed; 77: skipped
// because there is no usable GPU (ctest SKIP_RETURN_CODE 77 reports it as skipped, not passed).
#include "gpu_flat_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using looplab::cuda::GpuFlatIndex;

namespace {

struct Case {
    int64_t n;
    int dim;
    int64_t nq;
    int k;
    bool duplicates; // every vector appears twice: ties everywhere
    int tileMiB = 0; // > 0: force small distance tiles (several tiles per search)
};

std::vector<float> clustered(int64_t rows, int dim, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    const int clusters = 32;
    std::vector<float> centres(size_t(clusters) * dim);
    std::mt19937_64 crng(4242); // same centres for base and queries
    for (auto& c : centres)
        c = normal(crng);
    std::vector<float> out(size_t(rows) * dim);
    for (int64_t i = 0; i < rows; ++i) {
        const float* c = centres.data() + size_t(rng() % clusters) * dim;
        for (int j = 0; j < dim; ++j)
            out[size_t(i) * dim + j] = c[j] + 0.5f * normal(rng);
    }
    return out;
}

double dist2(const float* a, const float* b, int dim)
{
    double s = 0;
    for (int j = 0; j < dim; ++j) {
        const double d = double(a[j]) - double(b[j]);
        s += d * d;
    }
    return s;
}

bool runCase(const Case& c)
{
    std::vector<float> base = clustered(c.duplicates ? c.n / 2 : c.n, c.dim, 1 + c.n);
    if (c.duplicates) {
        const size_t half = base.size();
        base.resize(half * 2);
        std::copy_n(base.begin(), half, base.begin() + long(half));
    }
    const int64_t n = int64_t(base.size()) / c.dim;
    const std::vector<float> queries = clustered(c.nq, c.dim, 99 + c.nq);

    if (c.tileMiB > 0)
        setenv("LOOPLAB_CUDA_TILE_MIB", std::to_string(c.tileMiB).c_str(), 1);
    else
        unsetenv("LOOPLAB_CUDA_TILE_MIB");
    GpuFlatIndex index(base.data(), n, c.dim);
    std::vector<float> gd(size_t(c.nq) * c.k);
    std::vector<int64_t> gi(size_t(c.nq) * c.k);
    index.search(c.nq, queries.data(), c.k, gd.data(), gi.data());

    const int kk = int(std::min<int64_t>(c.k, n));
    int64_t exact = 0, ties = 0, wrong = 0;
    std::vector<double> all(static_cast<size_t>(n));
    std::vector<int64_t> order(static_cast<size_t>(n));
    double maxNorm = 0;
    for (int64_t i = 0; i < n; ++i) {
        double xn = 0;
        for (int j = 0; j < c.dim; ++j)
            xn += double(base[size_t(i * c.dim + j)]) * base[size_t(i * c.dim + j)];
        maxNorm = std::max(maxNorm, xn);
    }
    for (int64_t q = 0; q < c.nq; ++q) {
        const float* qv = queries.data() + q * c.dim;
        double qNorm = 0;
        for (int j = 0; j < c.dim; ++j)
            qNorm += double(qv[j]) * qv[j];
        for (int64_t i = 0; i < n; ++i)
            all[size_t(i)] = dist2(qv, base.data() + i * c.dim, c.dim);
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + kk, order.end(), [&](int64_t a, int64_t b) {
            return all[size_t(a)] < all[size_t(b)] || (all[size_t(a)] == all[size_t(b)] && a < b);
        });
        // FP32 expansion ‖q‖² − 2q·x + ‖x‖² loses ~1e-7 of the norms.
        const double tol = 4e-6 * (qNorm + maxNorm) + 1e-6;
        const double kth = all[size_t(order[size_t(kk - 1)])];
        std::vector<int64_t> seen;
        for (int i = 0; i < c.k; ++i) {
            const int64_t id = gi[size_t(q * c.k + i)];
            const float d = gd[size_t(q * c.k + i)];
            if (i >= kk) { // fewer vectors than k: the rest must be empty
                if (id != -1) {
                    ++wrong;
                    std::printf(
                        "  query %lld rank %d: expected no answer (-1), got id %lld\n", (long long)q, i, (long long)id);
                }
                continue;
            }
            const bool valid = id >= 0 && id < n && std::find(seen.begin(), seen.end(), id) == seen.end();
            if (valid)
                seen.push_back(id);
            const double trueD = valid ? all[size_t(id)] : 1e300;
            const bool distOk = valid && std::abs(double(d) - trueD) <= tol
                && std::abs(double(d) - all[size_t(order[size_t(i)])]) <= tol;
            if (valid && id == order[size_t(i)] && distOk)
                ++exact;
            else if (valid && distOk && trueD <= kth + tol)
                ++ties; // another id at (numerically) the same distance: equally correct
            else {
                ++wrong;
                if (wrong <= 10)
                    std::printf("  query %lld rank %d: GPU id %lld dist %.6f (true %.6f), CPU id %lld dist %.6f\n",
                        (long long)q, i, (long long)id, double(d), trueD, (long long)order[size_t(i)],
                        all[size_t(order[size_t(i)])]);
            }
        }
    }
    std::printf("%s n=%lld dim=%d nq=%lld k=%d%s%s: %lld exact, %lld ties, %lld wrong\n", wrong ? "FAIL" : "ok  ",
        (long long)n, c.dim, (long long)c.nq, c.k, c.duplicates ? " (duplicated vectors)" : "",
        c.tileMiB ? " (small tiles)" : "", (long long)exact, (long long)ties, (long long)wrong);
    return wrong == 0;
}

} // namespace

int main()
{
    const auto info = looplab::cuda::probeDevice();
    if (!info.usable) {
        std::printf("SKIPPED: %s\n", info.reason.c_str());
        return 77;
    }
    std::printf(
        "device: %s (compute %d.%d, %d SMs)\n", info.name.c_str(), info.ccMajor, info.ccMinor, info.multiprocessors);
    const Case cases[] = {
        {20000, 128, 1, 10, false}, // one query: the whole database in one tile
        {50001, 37, 300, 1, false}, // odd dim, odd n, k = 1
        {20000, 64, 257, 32, false}, // largest k of the warp path
        {30000, 128, 64, 10, true}, // ties everywhere
        {10000, 16, 33, 100, false}, // block path
        {5000, 128, 700, 256, false}, // kMaxK
        {7, 8, 3, 10, false}, // fewer vectors than k
        {40000, 128, 64, 10, false, 1}, // 1 MiB tiles: 4096 columns, 10 tiles per search
        {40000, 96, 64, 200, false, 1}, // the same through the block path
    };
    bool ok = true;
    for (const Case& c : cases) {
        try {
            ok = runCase(c) && ok;
        } catch (const std::exception& e) {
            std::printf("FAIL n=%lld dim=%d: %s\n", (long long)c.n, c.dim, e.what());
            ok = false;
        }
    }
    std::printf(ok ? "PASSED\n" : "FAILED\n");
    return ok ? 0 : 1;
}
