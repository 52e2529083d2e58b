#!/usr/bin/python3
"""Peer of bench_search: the course's own way (5/p36 CUDA与异步GPU.py) to call FAISS from asyncio,
on the same vectors and queries (.npy files written by bench_search) and the same FAISS (Debian's
python3-faiss 1.7.3), with 1 OpenMP thread and one executor thread like LoopLab's run.

    asyncio_faiss_peer.py BASE.npy QUERIES.npy K CLIENTS MAX_BATCH [flat|ivf|hnsw]

Prints "mode=NAME qps=Q" lines: direct1, direct64 (plain calls), on_loop, to_thread
(await loop.run_in_executor(pool, index.search, q, k) per query) and batched (an asyncio.Queue
batcher: up to MAX_BATCH queries or 2 ms, one executor call per batch)."""
import asyncio
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

# One BLAS/OpenMP thread per call, as in LoopLab's run (must be set before numpy/faiss load: with
# 2 OpenBLAS threads a 64-query search ran up to 50x slower on the 2-core VMs).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import faiss
    import numpy as np
except ImportError as e:
    print(f"the peer needs python3-faiss and numpy (apt-get install python3-faiss): {e}")
    sys.exit(3)

base_path, queries_path, k, clients, max_batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
kind = sys.argv[6] if len(sys.argv) > 6 else "flat"
faiss.omp_set_num_threads(1)
xb = np.load(base_path)
xq = np.load(queries_path)
n, d = xb.shape
nq = xq.shape[0]
if kind == "ivf":
    quantizer = faiss.IndexFlatL2(d)
    index = faiss.IndexIVFFlat(quantizer, d, 256)
    index.cp.max_points_per_centroid = 64
    index.train(xb[:: max(1, n // (256 * 64))])
    index.add(xb)
    index.nprobe = 16
elif kind == "hnsw":
    index = faiss.IndexHNSWFlat(d, 32)
    index.hnsw.efConstruction = 40
    index.add(xb)
    index.hnsw.efSearch = 64
else:
    index = faiss.IndexFlatL2(d)
    index.add(xb)
rows = [xq[i : i + 1] for i in range(nq)]


def timed(label, total, fn):
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        best = max(best, total / (time.perf_counter() - t0))
    print(f"mode={label} qps={best:.1f}", flush=True)


def direct1(total=2000):
    for i in range(total):
        index.search(rows[i % nq], k)


def direct64(total=10000):
    for i in range(0, total, max_batch):
        index.search(xq[(i % nq) : (i % nq) + max_batch], k)


async def closed_loop(total, one_query):
    issued = 0

    async def client():
        nonlocal issued
        while issued < total:
            i = issued
            issued += 1
            await one_query(i % nq)

    await asyncio.gather(*(client() for _ in range(clients)))


def on_loop(total=2000):
    async def one(i):
        index.search(rows[i], k)  # the mistake: blocks the event loop

    asyncio.run(closed_loop(total, one))


def to_thread(total=2000):
    pool = ThreadPoolExecutor(max_workers=1)

    async def main():
        loop = asyncio.get_running_loop()

        async def one(i):
            await loop.run_in_executor(pool, index.search, rows[i], k)

        await closed_loop(total, one)

    asyncio.run(main())
    pool.shutdown()


def batched(total=10000):
    pool = ThreadPoolExecutor(max_workers=1)

    async def main():
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue()

        async def batcher():
            while True:
                first = await queue.get()
                if first is None:
                    return
                batch = [first]
                deadline = loop.time() + 0.002
                # Take what is queued; while the batch is not full and the first query has waited
                # less than 2 ms, let the clients run (sleep(0)) and look again.
                while True:
                    while len(batch) < max_batch and not queue.empty():
                        item = queue.get_nowait()
                        if item is None:
                            queue.put_nowait(None)
                            break
                        batch.append(item)
                    if len(batch) >= max_batch or loop.time() >= deadline or not queue.empty():
                        break
                    await asyncio.sleep(0)
                x = np.ascontiguousarray(xq[[i for i, _ in batch]])
                D, I = await loop.run_in_executor(pool, index.search, x, k)
                for j, (_, fut) in enumerate(batch):
                    fut.set_result(I[j])

        async def one(i):
            fut = loop.create_future()
            queue.put_nowait((i, fut))
            await fut

        worker = asyncio.create_task(batcher())
        await closed_loop(total, one)
        queue.put_nowait(None)
        await worker

    asyncio.run(main())
    pool.shutdown()


print(f"python {sys.version.split()[0]}, faiss {faiss.__version__}, {kind} {n}x{d}, k={k}", flush=True)
timed("direct1", 2000, direct1)
timed("direct64", 10000, direct64)
timed("on_loop", 2000, on_loop)
timed("to_thread", 2000, to_thread)
timed("batched", 10000, batched)
