#!/usr/bin/env python3
"""PyTorch peer of looplab_cuda_bench: the same brute-force k-NN (1M x 128, k=10) as one addmm
(||x||^2 - 2 q.x^T) plus torch.topk, on the same GPU, with the same per-call work: queries copied
host->GPU, results copied GPU->host. Prints one line per batch size:
    batch=B qps=Q p50_ms=P p99_ms=P
Exit 3 when torch is missing, 77 when it sees no CUDA device."""
import argparse
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=1_000_000)
ap.add_argument("--dim", type=int, default=128)
ap.add_argument("--k", type=int, default=10)
ap.add_argument("--seconds", type=float, default=1.0)
ap.add_argument("--max-batch", type=int, default=1024)
args = ap.parse_args()

try:
    import torch
except ImportError:
    print("torch is not installed (pip install torch): no peer numbers")
    sys.exit(3)
if not torch.cuda.is_available():
    print("torch sees no CUDA device: no peer numbers")
    sys.exit(77)

# Exact FP32 like LoopLab's SGEMM: no TF32 tensor cores.
torch.backends.cuda.matmul.allow_tf32 = False
dev = torch.device("cuda")
print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}", flush=True)
g = torch.Generator(device=dev).manual_seed(1)
x = torch.rand(args.n, args.dim, device=dev, generator=g) * 2 - 1
xn = (x * x).sum(1).unsqueeze(0)
xt = x.t()


def search(q_host):
    q = q_host.to(dev)
    d = torch.addmm(xn, q, xt, beta=1.0, alpha=-2.0)
    vals, idx = torch.topk(d, args.k, dim=1, largest=False, sorted=True)
    vals = vals + (q * q).sum(1, keepdim=True)
    return vals.cpu(), idx.cpu()


b = 1
while b <= args.max_batch:
    q_host = torch.rand(b, args.dim) * 2 - 1
    for _ in range(3):
        search(q_host)
    lat = []
    start = time.perf_counter()
    while True:
        c0 = time.perf_counter()
        search(q_host)
        c1 = time.perf_counter()
        lat.append((c1 - c0) * 1e3)
        if c1 - start >= args.seconds and len(lat) >= 5:
            break
    elapsed = time.perf_counter() - start
    lat.sort()
    p50 = lat[len(lat) // 2]
    p99 = lat[min(len(lat) - 1, int(0.99 * (len(lat) - 1) + 0.5))]
    print(f"batch={b} qps={b * len(lat) / elapsed:.1f} p50_ms={p50:.4f} p99_ms={p99:.4f}", flush=True)
    b *= 2
