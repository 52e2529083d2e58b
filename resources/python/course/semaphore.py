"""asyncio.Semaphore limits how many fetches run at once.

20 fetches of 200 ms each with Semaphore(5): four waves, about 0.8 s (without it: 0.2 s, and
all 20 "connections" open together).
Usage: semaphore.py [LIMIT] [FETCHES]
"""
import asyncio
import sys
import time

active = 0
peak = 0


async def fetch(sem, i):
    global active, peak
    async with sem:  # at most LIMIT coroutines inside at once
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.2)  # the network request
        active -= 1
        return i


async def main(limit, fetches):
    sem = asyncio.Semaphore(limit)
    await asyncio.gather(*(fetch(sem, i) for i in range(fetches)))


if __name__ == "__main__":
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    fetches = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    start = time.time()
    asyncio.run(main(limit, fetches))
    print(f"{fetches} fetches, limit {limit}, peak {peak}, {time.time() - start:.2f} s")
