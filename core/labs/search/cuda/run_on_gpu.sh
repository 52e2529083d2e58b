#!/usr/bin/env bash
# Build LoopLab's CUDA search on its own (CMake + CUDA toolkit + cuBLAS only), run its gpu test
# and its benchmark with the PyTorch peer, printing everything. Run from anywhere:
#   core/labs/search/cuda/run_on_gpu.sh [BUILD_DIR]          (default /tmp/looplab-cudabuild)
# Environment: SECONDS_PER_BATCH (default 1), PYTHON (default python3), JOBS (default nproc).
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-/tmp/looplab-cudabuild}"
jobs="${JOBS:-$(nproc)}"

echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1 || echo "nvidia-smi not available"
if [ -x /usr/local/cuda/bin/nvcc ]; then /usr/local/cuda/bin/nvcc --version | tail -n 2; else nvcc --version 2>&1 | tail -n 2; fi

echo "== configure + build ($build)"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release || exit 1
start=$(date +%s)
cmake --build "$build" -j "$jobs" || exit 1
echo "build took $(( $(date +%s) - start )) s"

echo "== gpu test (ctest, label gpu)"
ctest --test-dir "$build" -L gpu --output-on-failure -V
test_rc=$?

echo "== benchmark (1M x 128, k=10, batch 1..1024) beside PyTorch"
"$build/looplab_cuda_bench" --seconds "${SECONDS_PER_BATCH:-1}" --python "${PYTHON:-python3}" --peer "$here/torch_peer.py"
bench_rc=$?

[ $bench_rc -eq 77 ] && echo "benchmark SKIPPED: no usable GPU"
echo "== done: gpu test rc=$test_rc, benchmark rc=$bench_rc (77 = skipped, no usable GPU)"
[ $test_rc -eq 0 ] && { [ $bench_rc -eq 0 ] || [ $bench_rc -eq 77 ]; }
