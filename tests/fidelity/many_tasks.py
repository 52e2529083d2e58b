"""The probe-overhead benchmark's program: 100 000 asyncio tasks, each awaiting once."""
import asyncio
import sys
import time


async def work(i):
    await asyncio.sleep(0)
    return i


async def main(n):
    await asyncio.gather(*(work(i) for i in range(n)))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    start = time.perf_counter()
    asyncio.run(main(n))
    print(f"script_s {time.perf_counter() - start:.4f}")
