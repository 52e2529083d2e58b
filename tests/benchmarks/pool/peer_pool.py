#!/usr/bin/env python3
"""Peers of bench_pool: Python's own executors on the same machine, same shapes of work.

Prints one JSON object (microseconds per tiny task, best of 3):
  thread_pool_us          ThreadPoolExecutor: submit N no-op tasks, wait for all
  process_pool_us         ProcessPoolExecutor: submit N no-op tasks, wait for all (pipelined)
  process_roundtrip_us    ProcessPoolExecutor: submit(noop).result(), one after the other
  process_roundtrip_busy_us  the same while another process burns CPU (the other core busy;
                          a process, not a thread, so that it does not take the GIL from us)
"""
import json
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, wait


def noop(x=None):
    return x


def best_of(fn, repeats=3):
    return min(fn() for _ in range(repeats))


def thread_pool_us(n, workers):
    with ThreadPoolExecutor(max_workers=workers) as ex:
        wait([ex.submit(noop) for _ in range(1000)])

        def once():
            t = time.perf_counter()
            wait([ex.submit(noop) for _ in range(n)])
            return (time.perf_counter() - t) / n * 1e6

        return best_of(once)


def process_pool_us(n, workers):
    with ProcessPoolExecutor(max_workers=workers) as ex:
        wait([ex.submit(noop) for _ in range(200)])

        def once():
            t = time.perf_counter()
            wait([ex.submit(noop) for _ in range(n)])
            return (time.perf_counter() - t) / n * 1e6

        return best_of(once)


def process_roundtrip_us(n, workers):
    with ProcessPoolExecutor(max_workers=workers) as ex:
        for _ in range(50):
            ex.submit(noop).result()

        def once():
            t = time.perf_counter()
            for _ in range(n):
                ex.submit(noop).result()
            return (time.perf_counter() - t) / n * 1e6

        return best_of(once)


def process_roundtrip_busy_us(n, workers):
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        return process_roundtrip_us(n, workers)
    finally:
        hog.kill()
        hog.wait()


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    print(json.dumps({
        "python": sys.version.split()[0],
        "workers": workers,
        "thread_pool_us": thread_pool_us(20000, workers),
        "process_pool_us": process_pool_us(5000, workers),
        "process_roundtrip_us": process_roundtrip_us(2000, workers),
        "process_roundtrip_busy_us": process_roundtrip_busy_us(2000, workers),
    }))
