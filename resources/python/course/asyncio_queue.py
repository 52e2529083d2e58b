"""asyncio.Queue producer/consumer: the same pipeline as coroutines on one event loop.

One producer puts ITEMS items (every 10 ms); two consumers take 25 ms each (await asyncio.sleep).
await queue.put() suspends the producer while the queue is full.
Usage: asyncio_queue.py [ITEMS]
"""
import asyncio
import sys
import time


async def producer(q, items):
    for i in range(items):
        await asyncio.sleep(0.01)
        await q.put(i)
    for _ in range(2):
        await q.put(None)


async def consumer(q, done):
    while (item := await q.get()) is not None:
        await asyncio.sleep(0.025)
        done.append(item)


async def main(items):
    q = asyncio.Queue(maxsize=10)
    done = []
    await asyncio.gather(
        asyncio.create_task(producer(q, items), name="producer"),
        asyncio.create_task(consumer(q, done), name="consumer-1"),
        asyncio.create_task(consumer(q, done), name="consumer-2"),
    )
    return len(done)


if __name__ == "__main__":
    start = time.time()
    n = asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
    print(f"{n} items in {time.time() - start:.2f} s")
