#!/usr/bin/python3
"""CPython's side of the event_loop to_thread comparison (issue 14): N pure-Python CPU calls of
CPU_MS each through a ThreadPoolExecutor of W workers, while a heartbeat measures loop lag every
10 ms exactly as core/aio's LagProbe does (lag = how late `await asyncio.sleep(0.01)` returned).
Prints one JSON line: workers, wall_s, lag_p50_ms, lag_p99_ms, lag_max_ms.
Run with Debian's interpreter: /usr/bin/python3 to_thread_lag.py [workers] [tasks] [cpu_ms]"""
import asyncio, concurrent.futures, json, sys, time

def calibrate(ms):
    n = 200_000
    while True:
        t = time.thread_time(); spin(n); d = time.thread_time() - t
        if d > 0.05:
            return int(n * ms / 1000 / d)
        n *= 2

def spin(n):
    x = 0
    for i in range(n):
        x += i * i
    return x

async def main(workers, tasks, cpu_ms):
    loop = asyncio.get_running_loop()
    n = calibrate(cpu_ms)
    lags, done = [], False
    async def heartbeat():
        while not done:
            t0 = loop.time(); await asyncio.sleep(0.01); lags.append(loop.time() - t0 - 0.01)
    hb = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.1)
    lags.clear()
    ex = concurrent.futures.ThreadPoolExecutor(workers)
    t0 = time.perf_counter()
    await asyncio.gather(*(loop.run_in_executor(ex, spin, n) for _ in range(tasks)))
    wall = time.perf_counter() - t0
    done = True
    await hb
    lags.sort()
    q = lambda p: 1000 * max(0.0, lags[min(len(lags) - 1, int(p * len(lags)))])
    print(json.dumps({"python": sys.version.split()[0], "workers": workers, "tasks": tasks, "cpu_ms": cpu_ms,
                      "wall_s": round(wall, 3), "lag_p50_ms": round(q(0.5), 2), "lag_p99_ms": round(q(0.99), 2),
                      "lag_max_ms": round(1000 * max(lags), 2), "samples": len(lags)}))

if __name__ == "__main__":
    a = [int(x) for x in sys.argv[1:]] + [1, 6, 400][len(sys.argv) - 1:]
    asyncio.run(main(*a[:3]))
