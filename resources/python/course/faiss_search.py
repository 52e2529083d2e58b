"""Async vector search with FAISS (Debian's python3-faiss).

FAISS releases the GIL while it searches, so search calls sent to a thread pool with
asyncio.to_thread() keep the event loop responsive; the ticker shows the loop stays free.
Usage: faiss_search.py [QUERIES]
"""
import asyncio
import sys
import time

import faiss
import numpy as np

DIM, VECTORS, BATCH = 64, 20000, 50


async def ticker(stop):
    while not stop.is_set():
        await asyncio.sleep(0.05)


async def main(queries):
    rng = np.random.default_rng(1)
    index = faiss.IndexFlatL2(DIM)
    index.add(rng.standard_normal((VECTORS, DIM), dtype=np.float32))
    stop = asyncio.Event()
    beat = asyncio.create_task(ticker(stop), name="ticker")
    start = time.perf_counter()
    batches = [rng.standard_normal((BATCH, DIM), dtype=np.float32) for _ in range(queries // BATCH)]
    results = await asyncio.gather(*(asyncio.to_thread(index.search, q, 10) for q in batches))
    took = time.perf_counter() - start
    stop.set()
    await beat
    print(f"{len(results) * BATCH} queries in {took:.2f} s: {len(results) * BATCH / took:.0f} queries/s")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
