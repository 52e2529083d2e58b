"""python3 -m looplab_probe SCRIPT [ARGS...]: run SCRIPT as __main__ with the probe installed
(LOOPLAB_RUNS=N: N times in a row)."""

import atexit
import os
import runpy
import sys

import looplab_probe


def main():
    if len(sys.argv) < 2:
        print("usage: python3 -m looplab_probe SCRIPT [ARGS...]", file=sys.stderr)
        return 2
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    # As `python3 script.py` would: the script's folder first on sys.path, not the probe's.
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    looplab_probe.install()
    code = [0]
    atexit.register(lambda: looplab_probe.finish(code[0]))
    # LOOPLAB_RUNS=N runs the program N times in a row in this interpreter (a fresh __main__ each
    # time), so that a course demo of two seconds stays on screen long enough for a class to watch.
    runs = max(1, int(os.environ.get("LOOPLAB_RUNS") or 1))
    try:
        for run in range(runs):
            if runs > 1:
                print(f"[looplab: run {run + 1} of {runs}]", flush=True)
            runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        code[0] = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        raise
    except BaseException:
        code[0] = 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
