#!/bin/sh
# Issue 14's side-by-side, on this machine, back to back: CPython 3.11 (/usr/bin/python3, not a
# pyenv one) against LoopLab's event_loop lab on the same work — six 400 ms pure-Python CPU calls
# through asyncio.to_thread, heartbeat every 10 ms — with 1 and 6 executor threads.
# usage: tests/benchmarks/python/compare_to_thread.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=${1:-$root/build}/bin/looplab
out=$(mktemp -d)
for w in 1 6; do
    printf 'CPython  workers=%s  ' "$w"
    /usr/bin/python3 "$here/to_thread_lag.py" "$w" 6 400
    "$bin" --headless "$root/resources/scenarios/event_loop_to_thread_python.json" --out "$out/w$w" \
        --set loop.executor_workers="$w" --set loop.cpu_ms=400 >/dev/null
    printf 'LoopLab  workers=%s  ' "$w"
    /usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["labs"]["loop"]["metrics"]; print(json.dumps({k: round(m[k], 3) if m[k] is not None else None for k in ("wall_s","lag_p50_ms","lag_p99_ms","lag_max_ms","executor_cores_used")}))' "$out/w$w/summary.json"
done
rm -rf "$out"
