# Peer for bench_event_loop: N tasks that each yield to the loop once and finish, under gather.
import asyncio, sys, time

async def task():
    await asyncio.sleep(0)

async def main(n):
    t = time.perf_counter()
    await asyncio.gather(*(task() for _ in range(n)))
    return time.perf_counter() - t

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
best = min(asyncio.run(main(n)) for _ in range(3))
print(f"{best / n * 1e6:.3f}")
