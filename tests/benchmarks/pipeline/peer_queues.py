#!/usr/bin/env python3
"""The Python peers of bench_pipeline: put+get pairs through queue.Queue between two threads
and through asyncio.Queue between two coroutines, the same shapes as the C++ benchmarks.
Prints one JSON object: seconds per pair, best of REPEATS runs, for each maxsize. queue.Queue is
timed on the wall clock (two threads, blocking included); asyncio.Queue on the wall clock and,
as "...:cpu", on the process CPU clock (one thread: its CPU time is the work itself, which a busy
shared machine does not inflate)."""
import asyncio
import json
import queue
import sys
import threading
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
MAXSIZES = [int(x) for x in sys.argv[2].split(",")] if len(sys.argv) > 2 else [0, 100]
REPEATS = 3


def threads_pairs(maxsize):
    q = queue.Queue(maxsize)

    def producer():
        put = q.put
        for i in range(N):
            put(i)

    t = threading.Thread(target=producer)
    t0 = time.perf_counter()
    t.start()
    get = q.get
    for _ in range(N):
        get()
    t.join()
    return (time.perf_counter() - t0) / N


async def asyncio_pairs(maxsize):
    q = asyncio.Queue(maxsize)

    async def producer():
        for i in range(N):
            await q.put(i)

    async def consumer():
        for _ in range(N):
            await q.get()

    t0 = time.perf_counter()
    c0 = time.process_time()
    await asyncio.gather(producer(), consumer())
    return (time.perf_counter() - t0) / N, (time.process_time() - c0) / N


def main():
    out = {"python": sys.version.split()[0], "pairs": N}
    for m in MAXSIZES:
        out[f"queue.Queue/maxsize:{m}"] = min(threads_pairs(m) for _ in range(REPEATS))
        runs = [asyncio.run(asyncio_pairs(m)) for _ in range(REPEATS)]
        out[f"asyncio.Queue/maxsize:{m}"] = min(r[0] for r in runs)
        out[f"asyncio.Queue/maxsize:{m}:cpu"] = min(r[1] for r in runs)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
