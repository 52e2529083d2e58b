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
run_one() { # name, command...
  local name=$1 t0=$SECONDS
  shift
  echo
  echo "== $name"
  if ! "$@" 2>&1 | tee "$OUT/$name.log"; then
    status=1
    echo "!! $name failed" >&2
  fi
  grep -a $'^BENCH\t' "$OUT/$name.log" | cut -f2- >> "$rows"
  timings+=("$name $((SECONDS - t0)) s")
}
for b in "$BIN"/bench_*; do
  [ -f "$b" ] && [ -x "$b" ] || continue
  run_one "$(basename "$b")" "$b"
done
for s in "$HERE"/*/bench_*.sh; do
  [ -f "$s" ] || continue
  run_one "$(basename "$s" .sh)" bash "$s" "$BIN"
done
{
  echo "load average at end: $(load)"
  echo "time per benchmark: $(IFS=,; echo "${timings[*]}" | sed 's/,/, /g')"
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

rows = []
for line in open(rows_path, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    f += [""] * (6 - len(f))
    what, ours, peer, peer_name, unit, better = f[:6]
    better = better or "lower"
    o, p = num(ours), num(peer)
    ratio = (p / o if better == "lower" else o / p) if o and p else None
    rows.append({
        "what": what, "looplab": ours if o else "n/a", "peer_name": peer_name or "—", "peer": peer if p else "n/a",
        "ratio": f"{ratio:.2f}x" if ratio else "n/a", "unit": unit, "better": better,
    })

facts = open(facts_path, encoding="utf-8").read().strip().splitlines()
head = ["measured", "LoopLab", "peer", "peer's figure", "ratio (>1: LoopLab better)", "unit", "better"]
keys = ["what", "looplab", "peer_name", "peer", "ratio", "unit", "better"]
right = {"looplab", "peer", "ratio"}

with open(md_path, "w", encoding="utf-8") as md:
    md.write("# make bench\n\n")
    for f in facts:
        md.write(f"- {f}\n")
    md.write("\nEvery peer figure was measured in the same run on the same machine. The machine is a shared VM "
             "(2 cores, other jobs running): figures are noisy, compare ratios rather than absolute values. "
             "Ratio = peer / LoopLab for times and sizes (lower is better), LoopLab / peer for rates; "
             "> 1 means LoopLab is better. Peer \"goal\" is the issue's target, not a measurement.\n\n")
    md.write("| " + " | ".join(head) + " |\n")
    md.write("| " + " | ".join("---:" if k in right else "---" for k in keys) + " |\n")
    for r in rows:
        md.write("| " + " | ".join(r[k].replace("|", "\\|") for k in keys) + " |\n")

with open(csv_path, "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["measured", "looplab", "peer_name", "peer", "ratio", "unit", "better"])
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
