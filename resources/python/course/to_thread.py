"""asyncio.to_thread(): a blocking call goes to the default thread pool; the loop keeps running.

Four blocking_io() calls of 1 s each finish together in about 1 s, and the heartbeat coroutine
keeps ticking meanwhile. to_thread(f) is loop.run_in_executor(None, f) (Python 3.9+).
Usage: to_thread.py [CALLS] [SECONDS]
"""
import asyncio
import sys
import time


def blocking_io(i, seconds=1.0):
    time.sleep(seconds)  # a blocking call (think requests.get): fine in a thread
    return i


async def heartbeat():
    while True:
        print("tick", flush=True)
        await asyncio.sleep(0.25)


async def main(calls, seconds):
    beat = asyncio.create_task(heartbeat(), name="heartbeat")
    results = await asyncio.gather(*(asyncio.to_thread(blocking_io, i, seconds) for i in range(calls)))
    beat.cancel()  # the heartbeat's job is done
    print("结果:", results, flush=True)


if __name__ == "__main__":
    start = time.perf_counter()
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    asyncio.run(main(calls, float(sys.argv[2]) if len(sys.argv) > 2 else 1.0))
    print(f"耗时: {time.perf_counter() - start:.2f} 秒")
