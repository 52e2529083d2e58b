"""asyncio.Queue producer/consumer: the same pipeline as coroutines on one event loop.

One producer puts ITEMS items (every 10 ms); two consumers take 25 ms each (await asyncio.sleep).
await queue.put() suspends the producer while the queue is full; with a producer slower than the
consumers (PRODUCE_S 0.03) it is await queue.get() that waits: the queue is empty.
Usage: asyncio_queue.py [ITEMS] [PRODUCE_S] [CONSUME_S]
"""
import asyncio
import sys
import time


async def producer(q, items, every):
    for i in range(items):
        await asyncio.sleep(every)
        await q.put(i)
    for _ in range(2):
        await q.put(None)


async def consumer(q, done, work):
    while (item := await q.get()) is not None:
        await asyncio.sleep(work)
        done.append(item)


async def main(items, every, work):
    q = asyncio.Queue(maxsize=10)
    done = []
    await asyncio.gather(
        asyncio.create_task(producer(q, items, every), name="producer"),
        asyncio.create_task(consumer(q, done, work), name="consumer-1"),
        asyncio.create_task(consumer(q, done, work), name="consumer-2"),
    )
    return len(done)


if __name__ == "__main__":
    start = time.time()
    args = sys.argv[1:]
    n = asyncio.run(
        main(
            int(args[0]) if len(args) > 0 else 100,
            float(args[1]) if len(args) > 1 else 0.01,
            float(args[2]) if len(args) > 2 else 0.025,
        )
    )
    print(f"{n} items in {time.time() - start:.2f} s")
