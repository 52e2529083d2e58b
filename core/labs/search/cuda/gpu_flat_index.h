#pragma once
// LoopLab's GPU brute-force k-NN search: squared-L2 distances through one cuBLAS SGEMM per tile
// (‖q‖² − 2·q·x + ‖x‖²), then a top-k selection kernel per (query, segment) and a merge kernel.
// Plain C++ interface (no CUDA headers), so the lab and the tools include it without nvcc. Needs
// only the CUDA runtime and cuBLAS.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace looplab::cuda {

struct DeviceInfo {
    bool usable = false;
    std::string reason; // why not, when !usable ("no CUDA device: ...")
    std::string name;
    std::string pciBusId; // "0000:41:00.0": how NVML finds this same device
    int device = 0;
    int ccMajor = 0, ccMinor = 0;
    int multiprocessors = 0;
    double clockGHz = 0; // SM boost clock
    double peakFp32Tflops = 0; // FP32 FMA peak (CUDA cores, not tensor cores)
    double peakBandwidthGBs = 0;
    size_t memoryBytes = 0;
};

// Never throws; `usable` false with the reason where there is no driver, no device, or the
// device cannot run this build's kernels.
DeviceInfo probeDevice(int device = 0);

class GpuFlatIndex
{
public:
    static constexpr int kMaxK = 256; // = kPlanMaxK (search_plan.h)

    // Copies n × dim row-major vectors to the device. Throws std::runtime_error.
    GpuFlatIndex(const float* vectors, int64_t n, int dim, int device = 0);
    ~GpuFlatIndex();
    GpuFlatIndex(const GpuFlatIndex&) = delete;
    GpuFlatIndex& operator=(const GpuFlatIndex&) = delete;

    // Blocking. nq × dim queries from host memory; writes nq × k squared-L2 distances (ascending)
    // and ids to host memory. Thread-safe: calls are serialised (one stream, one cuBLAS handle).
    // Throws std::runtime_error on a CUDA error, or when k is out of 1..kMaxK.
    void search(int64_t nq, const float* queries, int k, float* distances, int64_t* ids);

    int64_t size() const;
    int dim() const;
    size_t deviceBytes() const; // held on the device, vectors included

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace looplab::cuda
