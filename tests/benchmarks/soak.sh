#!/usr/bin/env bash
# make soak: the busiest scenario (tests/benchmarks/soak/soak_busiest.json: event loop, GIL pool and
# pipeline at once) for SOAK_MINUTES (default 30) in the real window, offscreen, with the real
# engine. Prints RSS after warm-up and its growth (goal <= 5 MB), the event accounting (produced =
# collected + counted drops) and frame time p99 (goal <= 16 ms). Not in CI. Log: out/soak/soak.log.
set -uo pipefail
BIN=${1:?usage: soak.sh BIN_DIR}
MIN=${SOAK_MINUTES:-30}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SCEN=${SOAK_SCENARIO:-$SRC/tests/benchmarks/soak/soak_busiest.json}
OUT=${SOAK_OUT:-$SRC/out/soak}
mkdir -p "$OUT"
echo "soak: $MIN min on $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN/soak_window" --minutes "$MIN" --scenario "$SCEN" 2>&1 | tee "$OUT/soak.log"
exit "${PIPESTATUS[0]}"
