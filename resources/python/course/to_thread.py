"""asyncio.to_thread(): a blocking call goes to the default thread pool; the loop keeps running.

Four blocking_io() calls of 1 s each finish together in about 1 s, and the heartbeat coroutine
keeps ticking meanwhile. to_thread(f) is loop.run_in_executor(None, f) (Python 3.9+).
"""
import asyncio
import time


def blocking_io(i, seconds=1.0):
    time.sleep(seconds)  # a blocking call (think requests.get): fine in a thread
    return i


async def heartbeat(stop):
    while not stop.is_set():
        print("tick", flush=True)
        await asyncio.sleep(0.25)


async def main():
    stop = asyncio.Event()
    beat = asyncio.create_task(heartbeat(stop), name="heartbeat")
    results = await asyncio.gather(*(asyncio.to_thread(blocking_io, i) for i in range(4)))
    stop.set()
    await beat
    print("结果:", results, flush=True)


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"耗时: {time.perf_counter() - start:.2f} 秒")
