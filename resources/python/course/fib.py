"""fibonacci on a thread pool vs a process pool (CPU-bound work).

threads: one GIL, so the threads take turns and use about one core in total;
processes: each worker process has its own interpreter and GIL, so they run in parallel.
Usage: fib.py [threads|processes] [N] [TASKS]
"""
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed


def fibonacci(n):  # recursive, CPU-bound
    if n <= 1:
        return n
    return fibonacci(n - 1) + fibonacci(n - 2)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "threads"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 27
    tasks = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    workers = os.cpu_count() or 2
    print(f"CPU核心数：{os.cpu_count()} mode={mode}", flush=True)
    start = time.time()
    pool = ProcessPoolExecutor if mode == "processes" else ThreadPoolExecutor
    with pool(max_workers=workers) as executor:
        futures = {executor.submit(fibonacci, n): i for i in range(tasks)}
        for future in as_completed(futures):  # in order of completion
            print(f"fibonacci({n}) = {future.result()}", flush=True)
    print(f"耗时{time.time() - start:.2f}秒")
