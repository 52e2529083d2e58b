// GPU brute-force k-NN: ‖q − x‖² = ‖q‖² − 2·q·x + ‖x‖². One cuBLAS SGEMM per tile of the
// database gives −2·Q·Xᵀ; a selection pass adds ‖x‖² and keeps the k smallest of every segment
// of 2048 columns; a merge pass keeps the k smallest of those and adds ‖q‖².
#include "gpu_flat_index.h"

#include "search_plan.h"
#include "select_k.cuh"

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace looplab::cuda {

namespace {

void check(cudaError_t e, const char* what)
{
    if (e != cudaSuccess)
        throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

void check(cublasStatus_t s, const char* what)
{
    if (s != CUBLAS_STATUS_SUCCESS)
        throw std::runtime_error(std::string(what) + ": cuBLAS status " + std::to_string(int(s)));
}

// FP32 lanes per SM by compute capability (what the FP32 peak is made of).
int fp32LanesPerSm(int major, int minor)
{
    if (major <= 7)
        return 64;
    if (major == 8 && minor == 0)
        return 64;
    return 128; // 8.6, 8.7, 8.9, 9.0, 10.x, 12.x
}

__global__ void rowNorms(const float* __restrict__ x, int64_t n, int dim, float* __restrict__ out)
{
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    const float* row = x + i * dim;
    float s = 0;
    for (int j = 0; j < dim; ++j)
        s = fmaf(row[j], row[j], s);
    out[i] = s;
}

__global__ void addQueryNorms(float* __restrict__ d, const float* __restrict__ qn, int64_t nq, int k)
{
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= nq * k)
        return;
    const float v = d[i];
    d[i] = v >= FLT_MAX ? INFINITY : fmaxf(0.f, v + qn[i / k]);
}

template<typename T>
struct DeviceBuffer {
    T* p = nullptr;
    size_t cap = 0;
    void reserve(size_t n)
    {
        if (n <= cap)
            return;
        if (p)
            cudaFree(p);
        p = nullptr;
        cap = 0;
        check(cudaMalloc(&p, n * sizeof(T)), "cudaMalloc");
        cap = n;
    }
    ~DeviceBuffer()
    {
        if (p)
            cudaFree(p);
    }
};

// Distance tile: 256 MiB at most (LOOPLAB_CUDA_TILE_MIB overrides it: tests force many tiles).
size_t tileBudgetFloats()
{
    if (const char* env = std::getenv("LOOPLAB_CUDA_TILE_MIB"))
        if (const long mib = std::atol(env); mib > 0)
            return size_t(mib) << 18;
    return kDefaultTileBudgetFloats;
}

} // namespace

DeviceInfo probeDevice(int device)
{
    DeviceInfo info;
    info.device = device;
    int count = 0;
    const cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        info.reason = std::string("no CUDA device: ") + cudaGetErrorString(e);
        cudaGetLastError(); // reset the error state so later calls start clean
        return info;
    }
    if (count <= device) {
        info.reason = count == 0 ? "no CUDA device: the driver reports none"
                                 : "no CUDA device " + std::to_string(device) + " (" + std::to_string(count) + " present)";
        return info;
    }
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
        info.reason = "cannot read the properties of CUDA device " + std::to_string(device);
        return info;
    }
    info.name = prop.name;
    char busId[32] = {};
    if (cudaDeviceGetPCIBusId(busId, int(sizeof busId), device) == cudaSuccess)
        info.pciBusId = busId;
    else
        cudaGetLastError();
    info.ccMajor = prop.major;
    info.ccMinor = prop.minor;
    info.multiprocessors = prop.multiProcessorCount;
    info.memoryBytes = prop.totalGlobalMem;
    int clockKHz = 0, memClockKHz = 0, busBits = 0;
    cudaDeviceGetAttribute(&clockKHz, cudaDevAttrClockRate, device);
    cudaDeviceGetAttribute(&memClockKHz, cudaDevAttrMemoryClockRate, device);
    cudaDeviceGetAttribute(&busBits, cudaDevAttrGlobalMemoryBusWidth, device);
    info.clockGHz = clockKHz * 1e-6;
    info.peakFp32Tflops = 2.0 * fp32LanesPerSm(prop.major, prop.minor) * prop.multiProcessorCount * clockKHz * 1e3 * 1e-12;
    info.peakBandwidthGBs = 2.0 * memClockKHz * 1e3 * (busBits / 8.0) * 1e-9;
    // A kernel launch proves the build's code (sm_90 SASS or the PTX) runs on this device.
    cudaSetDevice(device);
    float* probe = nullptr;
    if (cudaMalloc(&probe, sizeof(float)) != cudaSuccess) {
        info.reason = "cannot allocate on CUDA device " + std::to_string(device);
        cudaGetLastError();
        return info;
    }
    addQueryNorms<<<1, 1>>>(probe, probe, 0, 1);
    cudaError_t le = cudaGetLastError(); // "no kernel image" shows here
    if (le == cudaSuccess)
        le = cudaDeviceSynchronize();
    cudaFree(probe);
    if (le != cudaSuccess) {
        info.reason = std::string("this build's kernels cannot run on ") + prop.name + " (compute " + std::to_string(prop.major)
            + "." + std::to_string(prop.minor) + "): " + cudaGetErrorString(le);
        cudaGetLastError();
        return info;
    }
    info.usable = true;
    return info;
}

struct GpuFlatIndex::Impl {
    int device = 0;
    int64_t n = 0;
    int dim = 0;
    cudaStream_t stream = nullptr;
    cublasHandle_t blas = nullptr;
    DeviceBuffer<float> x, xNorms;
    DeviceBuffer<float> q, qNorms, tile, candD, outD;
    DeviceBuffer<int64_t> candI, outI;
    std::mutex mutex;
};

GpuFlatIndex::GpuFlatIndex(const float* vectors, int64_t n, int dim, int device) : d(std::make_unique<Impl>())
{
    if (n <= 0 || dim <= 0)
        throw std::runtime_error("GpuFlatIndex: empty dataset");
    d->device = device;
    d->n = n;
    d->dim = dim;
    check(cudaSetDevice(device), "cudaSetDevice");
    check(cudaStreamCreateWithFlags(&d->stream, cudaStreamNonBlocking), "cudaStreamCreate");
    check(cublasCreate(&d->blas), "cublasCreate");
    check(cublasSetStream(d->blas, d->stream), "cublasSetStream");
    // Exact FP32 (no TF32 tensor cores): the answers must match a CPU search.
    check(cublasSetMathMode(d->blas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    d->x.reserve(size_t(n) * dim);
    d->xNorms.reserve(size_t(n));
    check(cudaMemcpyAsync(d->x.p, vectors, size_t(n) * dim * sizeof(float), cudaMemcpyHostToDevice, d->stream), "copy vectors");
    rowNorms<<<unsigned((n + 255) / 256), 256, 0, d->stream>>>(d->x.p, n, dim, d->xNorms.p);
    check(cudaGetLastError(), "rowNorms");
    check(cudaStreamSynchronize(d->stream), "build");
}

GpuFlatIndex::~GpuFlatIndex()
{
    if (!d)
        return;
    cudaSetDevice(d->device);
    if (d->blas)
        cublasDestroy(d->blas);
    if (d->stream)
        cudaStreamDestroy(d->stream);
}

int64_t GpuFlatIndex::size() const { return d->n; }
int GpuFlatIndex::dim() const { return d->dim; }

size_t GpuFlatIndex::deviceBytes() const
{
    return (d->x.cap + d->xNorms.cap + d->q.cap + d->qNorms.cap + d->tile.cap + d->candD.cap + d->outD.cap) * sizeof(float)
        + (d->candI.cap + d->outI.cap) * sizeof(int64_t);
}

void GpuFlatIndex::search(int64_t nq, const float* queries, int k, float* distances, int64_t* ids)
{
    using namespace kernels;
    if (k < 1 || k > kMaxK)
        throw std::runtime_error("GpuFlatIndex::search: k must be in 1.." + std::to_string(kMaxK));
    if (nq <= 0)
        return;
    std::lock_guard lock(d->mutex);
    check(cudaSetDevice(d->device), "cudaSetDevice");
    const int64_t n = d->n;
    const int dim = d->dim;
    // Queries per chunk (<= 65 535: they are the launch grid's y) and columns per tile, within
    // the tile and candidate budgets (search_plan.h, tested on the CPU).
    const SearchPlan plan = planSearch(n, nq, k, tileBudgetFloats());
    if (!plan.ok)
        throw std::runtime_error("GpuFlatIndex::search: " + plan.error);
    const int64_t candPerQuery = plan.candPerQuery;
    const int64_t chunk = plan.chunk;
    const int64_t tileCols = plan.tileCols;
    const bool warpPath = k <= kWarp;

    d->q.reserve(size_t(chunk) * dim);
    d->qNorms.reserve(size_t(chunk));
    d->tile.reserve(size_t(chunk) * tileCols);
    d->candD.reserve(size_t(chunk) * candPerQuery);
    d->candI.reserve(size_t(chunk) * candPerQuery);
    d->outD.reserve(size_t(chunk) * k);
    d->outI.reserve(size_t(chunk) * k);

    for (int64_t q0 = 0; q0 < nq; q0 += chunk) {
        const int64_t m = std::min(chunk, nq - q0);
        check(cudaMemcpyAsync(d->q.p, queries + q0 * dim, size_t(m) * dim * sizeof(float), cudaMemcpyHostToDevice, d->stream),
              "copy queries");
        rowNorms<<<unsigned((m + 255) / 256), 256, 0, d->stream>>>(d->q.p, m, dim, d->qNorms.p);
        for (int64_t c0 = 0; c0 < n; c0 += tileCols) {
            const int64_t cols = std::min(tileCols, n - c0);
            // Column-major view: X tile is dim × cols (lda = dim), Q is dim × m; C = −2·Xᵀ·Q is
            // cols × m, i.e. row-major m × cols: each query's distances are contiguous.
            const float alpha = -2.f, beta = 0.f;
            check(cublasSgemm(d->blas, CUBLAS_OP_T, CUBLAS_OP_N, int(cols), int(m), dim, &alpha, d->x.p + c0 * dim, dim,
                              d->q.p, dim, &beta, d->tile.p, int(cols)),
                  "cublasSgemm");
            const int64_t tileSegs = (cols + kSegment - 1) / kSegment;
            const int64_t segOffset = c0 / kSegment;
            if (warpPath) {
                const dim3 grid{unsigned((tileSegs + kWarpsPerBlock - 1) / kWarpsPerBlock), unsigned(m)};
                selectKWarp<<<grid, kWarp * kWarpsPerBlock, 0, d->stream>>>(d->tile.p, cols, cols, d->xNorms.p + c0, nullptr,
                                                                           c0, k, kSegment, d->candD.p, d->candI.p,
                                                                           candPerQuery, segOffset);
            } else {
                const dim3 grid{unsigned(tileSegs), unsigned(m)};
                selectKBlock<<<grid, kBlockThreads, 0, d->stream>>>(d->tile.p, cols, cols, d->xNorms.p + c0, nullptr, c0, k,
                                                                    kSegment, d->candD.p, d->candI.p, candPerQuery, segOffset);
            }
            check(cudaGetLastError(), "select");
        }
        // Merge every segment's k candidates into the final k of each query.
        if (warpPath) {
            selectKWarp<<<dim3(1, unsigned(m)), kWarp, 0, d->stream>>>(d->candD.p, candPerQuery, candPerQuery, nullptr,
                                                                      d->candI.p, 0, k, candPerQuery, d->outD.p, d->outI.p,
                                                                      k, 0);
        } else {
            selectKBlock<<<dim3(1, unsigned(m)), kBlockThreads, 0, d->stream>>>(d->candD.p, candPerQuery, candPerQuery, nullptr,
                                                                                d->candI.p, 0, k, candPerQuery, d->outD.p,
                                                                                d->outI.p, k, 0);
        }
        addQueryNorms<<<unsigned((m * k + 255) / 256), 256, 0, d->stream>>>(d->outD.p, d->qNorms.p, m, k);
        check(cudaGetLastError(), "merge");
        check(cudaMemcpyAsync(distances + q0 * k, d->outD.p, size_t(m) * k * sizeof(float), cudaMemcpyDeviceToHost, d->stream),
              "copy distances");
        check(cudaMemcpyAsync(ids + q0 * k, d->outI.p, size_t(m) * k * sizeof(int64_t), cudaMemcpyDeviceToHost, d->stream),
              "copy ids");
        check(cudaStreamSynchronize(d->stream), "search");
    }
}

} // namespace looplab::cuda
