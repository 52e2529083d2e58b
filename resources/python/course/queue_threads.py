"""queue.Queue producer/consumer with threads.

One producer puts ITEMS items (every 10 ms) into a bounded Queue; two consumers take 25 ms per
item. put() blocks when the queue is full: backpressure. None tells a consumer to stop. With a
producer slower than the consumers (PRODUCE_S 0.03) it is get() that blocks: the queue is empty.
Usage: queue_threads.py [ITEMS] [PRODUCE_S] [CONSUME_S]
"""
import queue
import sys
import threading
import time


def producer(q, items, every):
    for i in range(items):
        time.sleep(every)
        q.put(i)  # blocks while the queue is full
    for _ in range(2):
        q.put(None)


def consumer(q, done, work):
    while (item := q.get()) is not None:  # blocks while the queue is empty
        time.sleep(work)  # the work (I/O-like)
        done.append(item)


if __name__ == "__main__":
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    every = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
    work = float(sys.argv[3]) if len(sys.argv) > 3 else 0.025
    q = queue.Queue(maxsize=10)
    done = []
    threads = [threading.Thread(target=producer, args=(q, items, every), name="producer")]
    threads += [threading.Thread(target=consumer, args=(q, done, work), name=f"consumer-{i}") for i in (1, 2)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{len(done)} items in {time.time() - start:.2f} s")
