#!/usr/bin/env bash
# bench_ui_saturated.sh BIN_DIR (run by run_all.sh): frames while the labs saturate both cores
# (issue 18). Runs ui_saturated_window — the real window on Xvfb, the real engine, an event loop
# lab beside two CPU-bound worker processes — ROUNDS times with the GUI priority on (lab threads
# at nice +5, the default) and ROUNDS times with it off (LOOPLAB_GUI_PRIORITY=0), alternating
# A B A B, and prints the medians (spread: min–max) beside the goals. The figures are the worst
# panel's. BENCH_UI_ROUNDS (default 5), BENCH_UI_SECONDS per panel (default 6).
# bench-rounds: self
set -uo pipefail
BIN=$(cd "${1:?usage: bench_ui_saturated.sh BIN_DIR}" && pwd)
EXE=$BIN/ui_saturated_window
ROUNDS=${BENCH_UI_ROUNDS:-5}
SECONDS_PER_PANEL=${BENCH_UI_SECONDS:-6}
OUT=${BENCH_OUT:-$(dirname "$BIN")/bench-ui}
row() { printf 'BENCH\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }
if [ ! -x "$EXE" ] || ! command -v xvfb-run >/dev/null; then
  echo "skipped: ${EXE} or xvfb-run missing"
  row "UI frame p99 under saturation (Xvfb window)" n/a 16 "goal (skipped)" ms lower
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
export XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data XDG_CACHE_HOME=$TMP/cache
mkdir -p "$TMP/runtime" && chmod 700 "$TMP/runtime" && export XDG_RUNTIME_DIR=$TMP/runtime

run() { # mode (on|off), round → $TMP/mode.round.log
  local mode=$1 round=$2 prio=1
  [ "$mode" = off ] && prio=0
  LOOPLAB_GUI_PRIORITY=$prio timeout 180 xvfb-run -a -s "-screen 0 1920x1080x24" env -u QT_QPA_PLATFORM QT_QPA_PLATFORM=xcb \
    "$EXE" --seconds "$SECONDS_PER_PANEL" --screenshot "$OUT/saturated_$mode.png" >"$TMP/$mode.$round.log" 2>"$TMP/$mode.$round.err"
  local rc=$?
  grep -v '^RESULT' "$TMP/$mode.$round.log" | sed "s/^/  [$mode $round] /"
  [ $rc -eq 0 ] || { echo "  [$mode $round] exit $rc:"; tail -5 "$TMP/$mode.$round.err"; }
}
for r in $(seq 1 "$ROUNDS"); do
  run on "$r"
  run off "$r"
done

# stat MODE KEY → "median min max" over the rounds (n/a when none).
stat() {
  cat "$TMP/$1".*.log 2>/dev/null | awk -v k="$2" '$1 == "RESULT" && $2 == k {print $3}' | sort -g |
    awk '{a[NR] = $1} END {if (NR == 0) print "n/a n/a n/a"; else print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR]}'
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "frames under saturation, $ROUNDS rounds each, A = GUI priority on (lab threads nice +5), B = off; median (min–max); load average now $load"
for k in worst_p50_ms worst_p99_ms worst_cpu_pct worst_gap_p99_ms panel0_drift_ms panel0_dropped; do
  read -r a amin amax <<<"$(stat on $k)"
  read -r b bmin bmax <<<"$(stat off $k)"
  printf '  %-18s A %8s (%s–%s)   B %8s (%s–%s)\n' "$k" "$a" "$amin" "$amax" "$b" "$bmin" "$bmax"
done
echo "  screenshots: $OUT/saturated_on.png, $OUT/saturated_off.png"
echo "  (each run prints the GUI thread's nice value: the lowering only helps while the GUI thread itself stays at 0)"
read -r p50 _ <<<"$(stat on worst_p50_ms)"
read -r p99 _ <<<"$(stat on worst_p99_ms)"
read -r cpu _ <<<"$(stat on worst_cpu_pct)"
read -r gap _ <<<"$(stat on worst_gap_p99_ms)"
read -r p99off _ <<<"$(stat off worst_p99_ms)"
read -r cpuoff _ <<<"$(stat off worst_cpu_pct)"
what="saturated: event loop + 2 CPU worker processes, Xvfb window, worst panel, GUI priority on (lab threads nice +5)"
row "UI frame p50, $what" "$p50" 8 goal ms lower
row "UI frame p99, $what" "$p99" 16 goal ms lower
row "UI GUI-thread CPU share at 30 fps, $what" "$cpu" 10 goal "% of a core" lower
row "UI frame interval p99 (gaps), $what" "$gap" 50 "goal (33 ms = 30 fps)" ms lower
row "UI frame p99, saturated, GUI priority on vs off (same run, alternating)" "$p99" "$p99off" "GUI priority off" ms lower
row "UI GUI-thread CPU share, saturated, GUI priority on vs off" "$cpu" "$cpuoff" "GUI priority off" "% of a core" lower
