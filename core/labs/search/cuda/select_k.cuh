#pragma once
// Top-k selection kernels: the k smallest values of each row of a matrix, with their ids.
//
//  selectKWarp  (k <= 32): each warp keeps its running top-k in registers, one entry per lane,
//               sorted across lanes; a value only costs a compare against the k-th (a register),
//               and the rare value that beats it is inserted with one ballot and one shuffle.
//  selectKBlock (k <= 256): each thread keeps a sorted list in local memory; the block then pops
//               the k smallest heads with shared-memory argmin rounds. Slower, for large k.
//
// Both read value(j) = vals[row * ld + j] (+ norms[j]) for j in a segment of the row, and id(j) =
// inIds ? inIds[row * ld + j] : idBase + j, and write k (value, id) pairs per segment to
// out[row * outLd + (outSeg + segment) * k + i]. Missing entries are +inf / -1.
#include <cstdint>
#include <cfloat>

namespace looplab::cuda::kernels {

constexpr int kWarp = 32;
constexpr int kWarpsPerBlock = 4;

__global__ void selectKWarp(const float* __restrict__ vals, int64_t ld, int64_t len, const float* __restrict__ norms,
                            const int64_t* __restrict__ inIds, int64_t idBase, int k, int64_t segLen,
                            float* __restrict__ outD, int64_t* __restrict__ outI, int64_t outLd, int64_t outSeg)
{
    const int lane = threadIdx.x & (kWarp - 1);
    const int64_t seg = int64_t(blockIdx.x) * kWarpsPerBlock + (threadIdx.x / kWarp);
    const int64_t row = blockIdx.y;
    const int64_t begin = seg * segLen;
    if (begin >= len)
        return;
    const int64_t end = min(len, begin + segLen);
    const float* rowVals = vals + row * ld;
    const int64_t* rowIds = inIds ? inIds + row * ld : nullptr;

    float listD = FLT_MAX; // lane i: the i-th smallest so far (lanes >= k unused)
    int64_t listI = -1;
    float thr = FLT_MAX;   // the k-th smallest so far
    const unsigned below = k >= kWarp ? 0xffffffffu : ((1u << k) - 1u);

    for (int64_t base = begin; base < end; base += kWarp) {
        const int64_t j = base + lane;
        float v = FLT_MAX;
        int64_t id = -1;
        if (j < end) {
            v = rowVals[j];
            if (norms)
                v += norms[j];
            id = rowIds ? rowIds[j] : idBase + j;
        }
        unsigned mask = __ballot_sync(0xffffffffu, v < thr);
        while (mask) {
            const int src = __ffs(mask) - 1;
            mask &= mask - 1;
            const float vv = __shfl_sync(0xffffffffu, v, src);
            const int64_t ii = __shfl_sync(0xffffffffu, id, src);
            if (!(vv < thr))
                continue; // the threshold moved since the ballot
            // Insert at pos = number of kept entries smaller than vv; lanes after it shift up.
            const int pos = __popc(__ballot_sync(0xffffffffu, listD <= vv) & below);
            const float upD = __shfl_up_sync(0xffffffffu, listD, 1);
            const int64_t upI = __shfl_up_sync(0xffffffffu, listI, 1);
            if (lane == pos) {
                listD = vv;
                listI = ii;
            } else if (lane > pos) {
                listD = upD;
                listI = upI;
            }
            thr = __shfl_sync(0xffffffffu, listD, k - 1);
        }
    }
    if (lane < k) {
        const int64_t o = row * outLd + (outSeg + seg) * k + lane;
        outD[o] = listD;
        outI[o] = listD == FLT_MAX ? -1 : listI;
    }
}

constexpr int kBlockThreads = 128;
constexpr int kBlockMaxK = 256;

__global__ void selectKBlock(const float* __restrict__ vals, int64_t ld, int64_t len, const float* __restrict__ norms,
                             const int64_t* __restrict__ inIds, int64_t idBase, int k, int64_t segLen,
                             float* __restrict__ outD, int64_t* __restrict__ outI, int64_t outLd, int64_t outSeg)
{
    const int64_t seg = blockIdx.x;
    const int64_t row = blockIdx.y;
    const int64_t begin = seg * segLen;
    if (begin >= len)
        return;
    const int64_t end = min(len, begin + segLen);
    const float* rowVals = vals + row * ld;
    const int64_t* rowIds = inIds ? inIds + row * ld : nullptr;

    float myD[kBlockMaxK];
    int64_t myI[kBlockMaxK];
    int count = 0;
    for (int64_t j = begin + threadIdx.x; j < end; j += blockDim.x) {
        float v = rowVals[j];
        if (norms)
            v += norms[j];
        if (count == k && !(v < myD[k - 1]))
            continue;
        int pos = count < k ? count++ : k - 1;
        while (pos > 0 && myD[pos - 1] > v) {
            myD[pos] = myD[pos - 1];
            myI[pos] = myI[pos - 1];
            --pos;
        }
        myD[pos] = v;
        myI[pos] = rowIds ? rowIds[j] : idBase + j;
    }

    __shared__ float sD[kBlockThreads];
    __shared__ int sT[kBlockThreads];
    int head = 0;
    for (int r = 0; r < k; ++r) {
        sD[threadIdx.x] = head < count ? myD[head] : FLT_MAX;
        sT[threadIdx.x] = threadIdx.x;
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s && sD[threadIdx.x + s] < sD[threadIdx.x]) {
                sD[threadIdx.x] = sD[threadIdx.x + s];
                sT[threadIdx.x] = sT[threadIdx.x + s];
            }
            __syncthreads();
        }
        const int winner = sT[0];
        const float best = sD[0];
        if (threadIdx.x == winner) {
            const int64_t o = row * outLd + (outSeg + seg) * k + r;
            outD[o] = best;
            outI[o] = best == FLT_MAX ? -1 : myI[head];
            ++head;
        }
        __syncthreads();
    }
}

} // namespace looplab::cuda::kernels
