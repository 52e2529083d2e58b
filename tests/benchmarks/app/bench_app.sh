#!/usr/bin/env bash
# bench_app.sh BIN_DIR: LoopLab's own costs, measured on the real `looplab` binary (run_all.sh runs
# it beside the bench_* programs and gathers its BENCH lines):
#   - start-up time to the first frame: LOOPLAB_MEASURE_STARTUP=1 makes the window print
#     "first frame after N ms" (N from the process's start, /proc/self/stat) once the main window
#     has painted, and quit. Median of 3 cold-ish starts, offscreen and on Xvfb (a real X server,
#     xcb) when xvfb-run is installed. Goal: under 1 s.
#   - peak RSS of the busiest scenario (soak_busiest.json: every kind of lab at once) run headless
#     for BENCH_RSS_SECONDS (default 30), VmRSS sampled every 0.5 s and VmHWM at the end.
#   - peak RSS of the window (offscreen, running) on the default scenario (event_loop_gather.json)
#     and on the busiest one, for the same time, against a goal of 300 MB (issue 18: a teacher's
#     4 GB laptop beside a browser and slides). Measured on a 2-core box (Dec 2026): default 203 MB
#     (107 anonymous: series, snapshots, Qt caches; 96 file-backed, of which 62 MB is CUDA's
#     libcublasLt mapped by the FAISS GPU build even when no search lab runs), busiest 289 MB
#     (191 anonymous: the three labs' series and events).
# Runs once per make bench (its figures are against goals, the start-up already a median of 3):
# bench-rounds: self
set -uo pipefail
status=0
BIN=$(cd "${1:?usage: bench_app.sh BIN_DIR}" && pwd)
SRC=${LOOPLAB_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
SCENARIO=$SRC/resources/scenarios/event_loop_gather.json
BUSIEST=$SRC/tests/benchmarks/soak/soak_busiest.json
RSS_SECONDS=${BENCH_RSS_SECONDS:-30}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Own settings and runtime dirs: the window must not read or write the user's layout.
export XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data XDG_CACHE_HOME=$TMP/cache
mkdir -p "$TMP/runtime" && chmod 700 "$TMP/runtime" && export XDG_RUNTIME_DIR=$TMP/runtime

row() { printf 'BENCH\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }

# Prints the median of the "first frame after N ms" figures of 3 starts, or n/a.
# $1: the command prefix that gives the display (empty, or xvfb-run's).
startup_median() {
  local runs=()
  for i in 1 2 3; do
    local ms
    ms=$(LOOPLAB_MEASURE_STARTUP=1 timeout 60 "$@" "$BIN/looplab" "$SCENARIO" 2>>"$TMP/startup.err" |
      sed -n 's/^first frame after \([0-9]*\) ms$/\1/p' | head -1)
    [ -n "$ms" ] && runs+=("$ms")
    echo "  start $i: ${ms:-no figure} ms" >&2
  done
  if [ ${#runs[@]} -eq 0 ]; then echo n/a; return; fi
  printf '%s\n' "${runs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "start-up to the first frame ($SCENARIO), offscreen:"
off=$(QT_QPA_PLATFORM=offscreen startup_median env)
echo "  median $off ms"
row "start-up to first frame (offscreen, median of 3)" "$off" 1000 goal ms lower
if command -v xvfb-run >/dev/null; then
  echo "start-up to the first frame, Xvfb (xcb):"
  xvfb=$(startup_median xvfb-run -a -s "-screen 0 1920x1080x24" env -u QT_QPA_PLATFORM)
  echo "  median $xvfb ms"
  row "start-up to first frame (Xvfb/xcb, median of 3)" "$xvfb" 1000 goal ms lower
else
  row "start-up to first frame (Xvfb/xcb)" n/a 1000 "goal (skipped: xvfb-run not installed)" ms lower
fi
if [ -s "$TMP/startup.err" ]; then echo "stderr of the starts:"; tail -5 "$TMP/startup.err"; fi

# peak_kb PID [SECONDS]: the highest of the VmRSS samples (every 0.5 s) and VmHWM while PID runs,
# or until SECONDS have passed (then PID is stopped); prints kB, "anon kB" of the last sample on fd 3.
peak_kb() {
  local pid=$1 limit=${2:-0} peak=0 hwm=0 anon=0 t0=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    local r h a
    r=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null)
    h=$(awk '/^VmHWM/ {print $2}' /proc/"$pid"/status 2>/dev/null)
    a=$(awk '/^RssAnon/ {print $2}' /proc/"$pid"/status 2>/dev/null)
    [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
    [ -n "$h" ] && hwm=$h # the kernel's own peak, read until the process ends
    [ -n "$a" ] && anon=$a
    if [ "$limit" -gt 0 ] && [ $((SECONDS - t0)) -ge "$limit" ]; then kill "$pid"; fi
    sleep 0.5
  done
  [ "$hwm" -gt "$peak" ] && peak=$hwm
  echo "$peak $anon"
}

# The window (offscreen: no X server needed) running a scenario for RSS_SECONDS, then closed.
for which in default busiest; do
  file=$SCENARIO
  [ "$which" = busiest ] && file=$BUSIEST
  echo "peak RSS of the window: $(basename "$file") running for $RSS_SECONDS s"
  QT_QPA_PLATFORM=offscreen "$BIN/looplab" "$file" >"$TMP/window_$which.log" 2>&1 &
  pid=$!
  read -r kb anon <<<"$(peak_kb $pid "$RSS_SECONDS")"
  wait $pid 2>/dev/null
  if [ "${kb:-0}" -eq 0 ]; then
    echo "  no figure:"; tail -5 "$TMP/window_$which.log"
    row "peak RSS of the window, $which scenario ($(basename "$file"), ${RSS_SECONDS} s running)" n/a 300 goal MB lower
    status=1
    continue
  fi
  mb=$(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}')
  echo "  peak RSS $mb MB (anonymous at the end: $((anon / 1024)) MB)"
  row "peak RSS of the window, $which scenario ($(basename "$file"), ${RSS_SECONDS} s running)" "$mb" 300 goal MB lower
done

echo "peak RSS: $BUSIEST headless for $RSS_SECONDS s"
QT_QPA_PLATFORM=offscreen "$BIN/looplab" --headless "$BUSIEST" --out "$TMP/busiest" --duration "$RSS_SECONDS" --no-screenshot \
  >"$TMP/busiest.log" 2>&1 &
pid=$!
read -r peak _ <<<"$(peak_kb $pid)"
wait $pid
rc=$?
if [ $rc -ne 0 ] || [ "$peak" -eq 0 ]; then
  echo "the busiest run failed (exit $rc):"; tail -20 "$TMP/busiest.log"
  row "peak RSS, busiest scenario (soak_busiest.json, ${RSS_SECONDS} s headless)" n/a n/a "— (no peer)" MB lower
  exit 1
fi
mb=$(awk -v k="$peak" 'BEGIN {printf "%.1f", k / 1024}')
echo "  peak RSS $mb MB (the higher of VmHWM and the VmRSS samples; exit $rc)"
row "peak RSS, busiest scenario (soak_busiest.json, ${RSS_SECONDS} s headless)" "$mb" n/a "— (no peer)" MB lower
exit $status
