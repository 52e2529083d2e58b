#!/usr/bin/python3
"""What the probe costs (issue 15): the 100 000-task asyncio program (many_tasks.py) with and
without `python3 -m looplab_probe`, the probe's records drained from a socket pair the way the
python lab drains them. Prints each variant's best of RUNS: the script's own time, the process's
wall time and its CPU time (user + system, which other load on the machine does not inflate),
the slowdown in CPU time and in the script's time (goal: at most 2x), and the records sent and
dropped.

  probe_overhead.py [--runs 3] [--tasks 100000] [--max-slowdown X]   (exit 1 above X)
"""
import argparse
import os
import resource
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROBE_DIR = os.path.join(ROOT, "resources", "python")
PY = "/usr/bin/python3"
RECORD = struct.Struct("<HHIqqq")


def drain(sock, chunks):
    # Only receive while the program runs (parsing here would take a core from it on a 2-core
    # machine; LoopLab's C++ reader costs far less): the records are counted afterwards.
    while True:
        try:
            data = sock.recv(1 << 17)
        except OSError:
            return
        if not data:
            return
        chunks.append(data)


def count(chunks, stats):
    for data in chunks:
        off = 0
        while off + RECORD.size <= len(data):
            kind, n = struct.unpack_from("<HH", data, off)
            if kind == 15:  # DROPPED: a = records dropped so far
                stats["dropped"] = max(stats["dropped"], RECORD.unpack_from(data, off)[4])
            stats["records"] += 1
            off += RECORD.size + n


def once(probe, tasks):
    script = [os.path.join(HERE, "many_tasks.py"), str(tasks)]
    env = dict(os.environ)
    stats = {"records": 0, "dropped": 0}
    if probe:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        env.update(LOOPLAB_PROBE_FD=str(theirs.fileno()), PYTHONPATH=PROBE_DIR)
        chunks = []
        reader = threading.Thread(target=drain, args=(ours, chunks))
        reader.start()
        args, fds = [PY, "-m", "looplab_probe"] + script, [theirs.fileno()]
    else:
        args, fds = [PY] + script, []
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, env=env, pass_fds=fds, capture_output=True, text=True, check=True).stdout
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter() - t0
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if probe:
        theirs.close()
        reader.join()
        ours.close()
        count(chunks, stats)
    script_s = float(out.split()[-1])
    return cpu, script_s, wall, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--max-slowdown", type=float, default=0)
    opts = ap.parse_args()
    best = {}
    for probe in (False, True):
        results = [once(probe, opts.tasks) for _ in range(opts.runs)]
        best[probe] = min(results, key=lambda r: r[0])  # least CPU: the least disturbed run
    (c0, s0, w0, _), (c1, s1, w1, st) = best[False], best[True]
    slowdown = c1 / c0
    print(f"probe overhead, {opts.tasks} asyncio tasks, best of {opts.runs}:")
    print(f"  without probe: CPU {c0:.3f} s, script {s0:.3f} s, process {w0:.3f} s")
    print(f"  with probe:    CPU {c1:.3f} s, script {s1:.3f} s, process {w1:.3f} s, {st['records']} records, {st['dropped']} dropped")
    print(f"  slowdown: {slowdown:.2f}x in CPU time, {s1 / s0:.2f}x in the script's own time; goal <= 2x")
    return 1 if opts.max_slowdown and slowdown > opts.max_slowdown else 0


if __name__ == "__main__":
    sys.exit(main())
