#!/usr/bin/env bash
# make bench: run every benchmark executable in BIN (release build) and every bench_*.sh script
# under tests/benchmarks/ (given BIN as their argument), one after the other, keep each full log,
# and gather the lines they print as
#   BENCH<TAB>what<TAB>looplab<TAB>peer<TAB>peer name[<TAB>unit[<TAB>better]]
# into one table under OUT: bench.md (with the machine's facts above it), bench.csv, and the same
# table aligned on the terminal. better = lower (default: times, sizes) or higher (rates). A figure
# that is not a positive number ("n/a", "—") leaves the ratio out. Ratio > 1: LoopLab is better.
set -uo pipefail
BIN=$(cd "${1:?usage: run_all.sh BIN_DIR OUT_DIR}" && pwd)
OUT=${2:?usage: run_all.sh BIN_DIR OUT_DIR}
mkdir -p "$OUT"
HERE=$(cd "$(dirname "$0")" && pwd)
export LOOPLAB_SOURCE_DIR=${LOOPLAB_SOURCE_DIR:-$(cd "$HERE/../.." && pwd)}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# The peers' interpreter (the benchmarks pick the same): Debian's python3 has python3-faiss.
PY=${LOOPLAB_PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)}

rows="$OUT/rows.tsv"
facts="$OUT/facts.txt"
: > "$rows"
load() { cut -d' ' -f1-3 /proc/loadavg; }
{
  echo "date: $(date '+%Y-%m-%d %H:%M:%S %Z')"
  echo "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "peers' Python: $PY ($("$PY" --version 2>&1))"
  echo "binaries: $BIN ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BIN/../CMakeCache.txt" 2>/dev/null || echo '?') build)"
  echo "load average at start: $(load)"
} > "$facts"
cat "$facts"

status=0
timings=()
# Bench hygiene (issue 18): every benchmark runs ROUNDS times (BENCH_ROUNDS, default 5), and each
# run measures LoopLab and its peer one after the other, so the two alternate A B A B ... over
# the rounds; the table gives the median of the rounds, their spread and the load average while
# they ran. A script that alternates by itself says so with a "# bench-rounds: self" line and
# runs once.
ROUNDS=${BENCH_ROUNDS:-5}
run_one() { # name, round, command...
  local name=$1 round=$2 t0=$SECONDS log
  shift 2
  log="$OUT/$name.log"
  [ "$round" -gt 1 ] && log="$OUT/$name.round$round.log"
  echo
  echo "== $name (round $round)"
  local l0
  l0=$(cut -d' ' -f1 /proc/loadavg)
  if ! "$@" 2>&1 | tee "$log"; then
    status=1
    echo "!! $name failed (round $round)" >&2
  fi
  local l1
  l1=$(cut -d' ' -f1 /proc/loadavg)
  # Each row gets its round and the 1-minute load average before and after the run.
  grep -a $'^BENCH\t' "$log" | cut -f2- | awk -F'\t' -v OFS='\t' -v r="$round" -v l="$l0-$l1" \
    '{while (NF < 6) $(NF + 1) = ""; print $1, $2, $3, $4, $5, $6, r, l}' >> "$rows"
  timings+=("$name $((SECONDS - t0)) s")
}
for round in $(seq 1 "$ROUNDS"); do
  for b in "$BIN"/bench_*; do
    [ -f "$b" ] && [ -x "$b" ] || continue
    run_one "$(basename "$b")" "$round" "$b"
  done
  for s in "$HERE"/*/bench_*.sh; do
    [ -f "$s" ] || continue
    if grep -q '^# bench-rounds: self' "$s" && [ "$round" -gt 1 ]; then continue; fi
    run_one "$(basename "$s" .sh)" "$round" bash "$s" "$BIN"
  done
done
{
  echo "load average at end: $(load)"
  echo "rounds: $ROUNDS of every benchmark (LoopLab and its peer alternate); medians below, spread = min–max of the rounds"
  echo "time per benchmark run: $(IFS=,; echo "${timings[*]}" | sed 's/,/, /g')"
} >> "$facts"

"$PY" - "$rows" "$facts" "$OUT/bench.md" "$OUT/bench.csv" <<'PY'
import csv, sys

rows_path, facts_path, md_path, csv_path = sys.argv[1:5]

def num(s):
    try:
        v = float(s)
        return v if v > 0 else None
    except ValueError:
        return None

import statistics

def fmt(v):
    return f"{v:.4g}" if v < 1000 else f"{v:.7g}"

# (what, peer) -> dict, in first-seen order. Keyed by the peer too: one measurement is printed
# beside several peers (ThreadPoolExecutor, QThreadPool and the goal), and grouping by `what`
# alone mixed their figures into one median and one spread.
groups = {}
for line in open(rows_path, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    f += [""] * (8 - len(f))
    what, ours, peer, peer_name, unit, better, rnd, load = f[:8]
    g = groups.setdefault((what, peer_name), {"ours": [], "peer": [], "ratios": [], "loads": [], "peer_name": peer_name,
                                 "unit": unit, "better": better or "lower", "peer_raw": peer})
    better = better or "lower"
    o, p = num(ours), num(peer)
    if o:
        g["ours"].append(o)
    if p:
        g["peer"].append(p)
    if o and p:
        g["ratios"].append(p / o if better == "lower" else o / p)
    for x in load.split("-"):
        if num(x):
            g["loads"].append(float(x))

def spread(vals):
    if len(vals) < 2:
        return "—"
    return f"{fmt(min(vals))}–{fmt(max(vals))}"

rows = []
for (what, _), g in groups.items():
    med_o = statistics.median(g["ours"]) if g["ours"] else None
    med_p = statistics.median(g["peer"]) if g["peer"] else None
    ratio = statistics.median(g["ratios"]) if g["ratios"] else None
    rows.append({
        "what": what,
        "looplab": fmt(med_o) if med_o else "n/a",
        "lspread": spread(g["ours"]),
        "peer_name": g["peer_name"] or "—",
        "peer": fmt(med_p) if med_p else "n/a",
        "pspread": spread(g["peer"]) if g["peer_name"] != "goal" else "—",
        "ratio": f"{ratio:.2f}x" if ratio else "n/a",
        "rounds": str(max(len(g["ours"]), len(g["peer"]))),
        "load": f"{min(g['loads']):.1f}–{max(g['loads']):.1f}" if g["loads"] else "?",
        "unit": g["unit"], "better": g["better"],
    })

facts = open(facts_path, encoding="utf-8").read().strip().splitlines()
head = ["measured", "LoopLab (median)", "LoopLab spread", "peer", "peer's figure (median)", "peer spread",
        "ratio (>1: LoopLab better, median of rounds)", "rounds", "load avg (1 min)", "unit", "better"]
keys = ["what", "looplab", "lspread", "peer_name", "peer", "pspread", "ratio", "rounds", "load", "unit", "better"]
right = {"looplab", "peer", "ratio", "lspread", "pspread", "rounds"}

with open(md_path, "w", encoding="utf-8") as md:
    md.write("# make bench\n\n")
    for f in facts:
        md.write(f"- {f}\n")
    md.write("\nEvery peer figure was measured in the same run on the same machine. The machine is a shared VM "
             "(2 cores, other jobs running): figures are noisy, compare ratios rather than absolute values. "
             "Ratio = peer / LoopLab for times and sizes (lower is better), LoopLab / peer for rates; "
             "> 1 means LoopLab is better. Peer \"goal\" is the issue's target, not a measurement. Each "
             "benchmark ran `rounds` times, LoopLab and its peer one after the other in each run (A B A B ...): "
             "figures are the medians of the rounds, the ratio is the median of the rounds' ratios, the spread "
             "is min–max over the rounds and the load average is the 1-minute figure before and after the runs.\n\n")
    md.write("| " + " | ".join(head) + " |\n")
    md.write("| " + " | ".join("---:" if k in right else "---" for k in keys) + " |\n")
    for r in rows:
        md.write("| " + " | ".join(r[k].replace("|", "\\|") for k in keys) + " |\n")

with open(csv_path, "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["measured", "looplab_median", "looplab_spread", "peer_name", "peer_median", "peer_spread", "ratio",
                "rounds", "load_avg_1min", "unit", "better"])
    for r in rows:
        w.writerow([r[k] if k != "ratio" else r[k].rstrip("x") for k in keys])

# The same table, aligned, on the terminal.
width = {k: max(len(h), *(len(r[k]) for r in rows)) if rows else len(h) for k, h in zip(keys, head)}
def fmt(vals):
    return "  ".join(v.rjust(width[k]) if k in right else v.ljust(width[k]) for k, v in zip(keys, vals))
print()
print("\n".join(facts))
print()
print(fmt(head))
print("  ".join("-" * width[k] for k in keys))
for r in rows:
    print(fmt([r[k] for k in keys]))
PY
echo
echo "Ratio > 1 means LoopLab is better (faster, smaller, or higher rate) than the peer or goal."
echo "Written: $OUT/bench.md, $OUT/bench.csv and one log per benchmark."
exit $status
