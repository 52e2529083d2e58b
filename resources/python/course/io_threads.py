"""I/O-bound threads: time.sleep() releases the GIL, so waiting threads overlap.

Two threads print the time three times, one second apart: done in about 3 s, not 6.
"""
import threading
import time


def print_time(name, delay, counter):
    for _ in range(counter):
        time.sleep(delay)  # I/O wait: the GIL is released while sleeping
        print(f"{name}: {time.ctime(time.time())}", flush=True)


if __name__ == "__main__":
    start = time.time()
    threads = [threading.Thread(target=print_time, args=(f"Thread-{i}", 1, 3), name=f"Thread-{i}")
               for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"退出主线程, 耗时{time.time() - start:.2f}秒")
