#!/usr/bin/env bash
# make soak: the busiest scenario for SOAK_MINUTES (default 30) headless; prints RSS after warm-up
# and at the end, and the event accounting (produced = collected + counted drops). Not in CI.
set -euo pipefail
BIN=${1:?usage: soak.sh BIN_DIR}
MIN=${SOAK_MINUTES:-30}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SCEN=${SOAK_SCENARIO:-$SRC/resources/scenarios/soak_busiest.json}
OUT=${SOAK_OUT:-$SRC/out/soak}
mkdir -p "$OUT"
"$BIN/looplab" --headless "$SCEN" --out "$OUT" --duration $((MIN * 60)) --no-screenshot &
pid=$!
sleep 60
warm=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo "RSS after 1 min warm-up: $warm kB"
peak=$warm
while kill -0 $pid 2>/dev/null; do
  r=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
  [ "${r:-0}" -gt "$peak" ] && peak=$r
  last=${r:-$last}
  sleep 10
done
wait $pid
echo "RSS peak after warm-up: $peak kB (growth $(( (peak - warm) / 1024 )) MB; goal <= 5 MB)"
python3 - "$OUT/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"events recorded {s['events_recorded']:.0f}, dropped (counted) {s['events_dropped']:.0f}")
PY
