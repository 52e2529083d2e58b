"""A threading race, with and without a lock (the course's count += 1 demo).

none:   no lock; two threads read count, print, then write count + 1: updates get lost.
coarse: `with lock:` around all of run(): no race, but the threads run one after the other.
fine:   `with lock:` only around print_count() and count += 1: no race, and they overlap.
Usage: race.py [none|coarse|fine] [ROUNDS] [SLEEP_S]
"""
import sys
import threading
import time

count = 1
lock = threading.Lock()


def print_count(thread_id):
    print(f"线程{thread_id}：count = {count}", flush=True)


class MyThread(threading.Thread):
    def __init__(self, thread_id, mode, rounds, pause):
        super().__init__(name=f"Thread-{thread_id}")
        self.thread_id, self.mode, self.rounds, self.pause = thread_id, mode, rounds, pause

    def step(self):
        global count
        seen = count  # read ...
        print_count(self.thread_id)
        time.sleep(0.001)  # ... something happens in between (the race window) ...
        count = seen + 1  # ... write: another thread's update in the window is lost

    def run(self):
        if self.mode == "coarse":
            with lock:  # the whole run() is the critical section: serial
                for _ in range(self.rounds):
                    self.step()
                    time.sleep(self.pause)
            return
        for _ in range(self.rounds):
            if self.mode == "fine":
                with lock:  # only the update is the critical section
                    self.step()
            else:
                self.step()
            time.sleep(self.pause)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "none"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0.2
    start = time.time()
    threads = [MyThread(i, mode, rounds, pause) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"mode={mode} count={count} expected={1 + 2 * rounds} 耗时{time.time() - start:.2f}秒")
