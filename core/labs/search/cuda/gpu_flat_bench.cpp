// Benchmark of LoopLab's GPU brute-force search: 1M × 128-d vectors, k = 10, batch sizes 1..1024.
// Prints QPS, per-call latency and the share of the GPU's peak it reaches (FP32 FLOP/s of the
// SGEMM, and memory bandwidth of the minimal traffic), then runs the PyTorch peer (matmul + topk
// on the same GPU, torch_peer.py) and prints both side by side with the ratio.
//
//   looplab_cuda_bench [--n 1000000] [--dim 128] [--k 10] [--seconds 1] [--max-batch 1024]
//                      [--peer path/to/torch_peer.py | --no-peer] [--python python3]
// Exit 77 when there is no usable GPU.
#include "gpu_flat_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#ifndef LOOPLAB_TORCH_PEER
#define LOOPLAB_TORCH_PEER "torch_peer.py"
#endif

namespace {

struct Row {
    double qps = 0, p50 = 0, p99 = 0;
};

uint64_t splitmix(uint64_t& s)
{
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void fillUniform(std::vector<float>& v, uint64_t seed)
{
    uint64_t s = seed;
    for (auto& x : v)
        x = float(double(splitmix(s) >> 11) * (2.0 / 9007199254740992.0) - 1.0);
}

double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
}

std::map<int, Row> runPeer(const std::string& python, const std::string& script, int64_t n, int dim, int k,
    double seconds, int maxBatch, std::string* note)
{
    std::map<int, Row> rows;
    const std::string cmd = python + " '" + script + "' --n " + std::to_string(n) + " --dim " + std::to_string(dim)
        + " --k " + std::to_string(k) + " --seconds " + std::to_string(seconds) + " --max-batch "
        + std::to_string(maxBatch) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) {
        *note = "could not start " + cmd;
        return rows;
    }
    char line[1024];
    while (std::fgets(line, sizeof line, p)) {
        int b = 0;
        Row r;
        if (std::sscanf(line, "batch=%d qps=%lf p50_ms=%lf p99_ms=%lf", &b, &r.qps, &r.p50, &r.p99) == 4)
            rows[b] = r;
        else
            *note += std::string("  peer: ") + line;
    }
    const int rc = pclose(p);
    if (rc != 0 && rows.empty())
        *note += "  peer exited with status " + std::to_string(rc) + "\n";
    return rows;
}

} // namespace

int main(int argc, char** argv)
{
    int64_t n = 1'000'000;
    int dim = 128, k = 10, maxBatch = 1024;
    double seconds = 1.0;
    std::string peer = LOOPLAB_TORCH_PEER, python = "python3";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--n")
            n = std::atoll(next().c_str());
        else if (a == "--dim")
            dim = std::atoi(next().c_str());
        else if (a == "--k")
            k = std::atoi(next().c_str());
        else if (a == "--seconds")
            seconds = std::atof(next().c_str());
        else if (a == "--max-batch")
            maxBatch = std::atoi(next().c_str());
        else if (a == "--peer")
            peer = next();
        else if (a == "--no-peer")
            peer.clear();
        else if (a == "--python")
            python = next();
        else {
            std::fprintf(stderr, "unknown argument %s\n", a.c_str());
            return 2;
        }
    }

    const auto info = looplab::cuda::probeDevice();
    if (!info.usable) {
        std::printf("SKIPPED: %s\n", info.reason.c_str());
        return 77;
    }
    std::printf("device: %s, compute %d.%d, %d SMs at %.2f GHz, %.1f GiB\n", info.name.c_str(), info.ccMajor,
        info.ccMinor, info.multiprocessors, info.clockGHz, double(info.memoryBytes) / (1 << 30));
    std::printf("peak: %.1f TFLOP/s FP32 (CUDA cores, no tensor cores), %.0f GB/s memory\n", info.peakFp32Tflops,
        info.peakBandwidthGBs);

    std::vector<float> base(size_t(n) * dim);
    fillUniform(base, 1);
    auto t0 = std::chrono::steady_clock::now();
    auto index = std::make_unique<looplab::cuda::GpuFlatIndex>(base.data(), n, dim);
    std::printf("dataset: %lld × %d float32 (%.0f MiB), k = %d; index upload %.3f s\n", (long long)n, dim,
        double(n) * dim * 4 / (1 << 20), k,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

    std::vector<float> queries(size_t(maxBatch) * dim);
    fillUniform(queries, 2);
    std::vector<float> dist(size_t(maxBatch) * k);
    std::vector<int64_t> ids(size_t(maxBatch) * k);

    std::printf("\nLoopLab CUDA (cuBLAS SGEMM + warp top-k), each call: queries host→GPU, search, results GPU→host\n");
    std::printf("%6s %12s %10s %10s %9s %8s %9s %8s %8s\n", "batch", "QPS", "p50 ms", "p99 ms", "TFLOP/s", "%FP32",
        "GB/s", "%BW", "%peak");
    std::map<int, Row> ours;
    for (int b = 1; b <= maxBatch; b *= 2) {
        for (int w = 0; w < 3; ++w)
            index->search(b, queries.data(), k, dist.data(), ids.data());
        std::vector<double> lat;
        const auto start = std::chrono::steady_clock::now();
        double elapsed = 0;
        while (elapsed < seconds || lat.size() < 5) {
            const auto c0 = std::chrono::steady_clock::now();
            index->search(b, queries.data(), k, dist.data(), ids.data());
            const auto c1 = std::chrono::steady_clock::now();
            lat.push_back(std::chrono::duration<double, std::milli>(c1 - c0).count());
            elapsed = std::chrono::duration<double>(c1 - start).count();
        }
        double mean = 0;
        for (double l : lat)
            mean += l;
        mean /= double(lat.size());
        Row r{double(b) * double(lat.size()) / elapsed, percentile(lat, 0.5), percentile(lat, 0.99)};
        ours[b] = r;
        const double flops = 2.0 * double(b) * double(n) * dim / (mean * 1e-3);
        // Least traffic a GEMM + select must move: the vectors once, plus each distance written
        // and read back once.
        const double bytes = double(n) * dim * 4 + 2.0 * double(b) * double(n) * 4;
        const double gbs = bytes / (mean * 1e-3) * 1e-9;
        const double fShare = 100 * flops * 1e-12 / info.peakFp32Tflops;
        const double bShare = 100 * gbs / info.peakBandwidthGBs;
        std::printf("%6d %12.1f %10.4f %10.4f %9.2f %7.1f%% %9.0f %7.1f%% %7.1f%%\n", b, r.qps, r.p50, r.p99,
            flops * 1e-12, fShare, gbs, bShare, std::max(fShare, bShare));
        std::fflush(stdout);
    }
    std::printf("%%peak: the larger of the FLOP and bandwidth shares (the roofline bound the batch is closest to)\n");

    if (peer.empty())
        return 0;
    std::printf("\npeer: PyTorch matmul + topk on the same GPU (%s)\n", peer.c_str());
    std::fflush(stdout);
    index.reset(); // give the GPU memory back to the peer
    std::string note;
    const auto theirs = runPeer(python, peer, n, dim, k, seconds, maxBatch, &note);
    if (!note.empty())
        std::printf("%s", note.c_str());
    if (theirs.empty()) {
        std::printf("peer: no results (see above)\n");
        return 0;
    }
    std::printf(
        "%6s %14s %14s %8s %12s %12s\n", "batch", "LoopLab QPS", "PyTorch QPS", "ratio", "LoopLab p50", "PyTorch p50");
    for (const auto& [b, r] : ours) {
        auto it = theirs.find(b);
        if (it == theirs.end())
            continue;
        std::printf("%6d %14.1f %14.1f %7.2fx %10.4f ms %10.4f ms\n", b, r.qps, it->second.qps, r.qps / it->second.qps,
            r.p50, it->second.p50);
    }
    return 0;
}
