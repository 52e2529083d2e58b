#!/usr/bin/env bash
# make bench: run every benchmark executable in BIN (release build), keep each full log, and
# gather the lines they print as
#   BENCH<TAB>what<TAB>looplab<TAB>peer<TAB>peer name[<TAB>unit[<TAB>better]]
# into one table (markdown + CSV) under OUT. better = lower (default, times) or higher (rates).
set -uo pipefail
BIN=${1:?usage: run_all.sh BIN_DIR OUT_DIR}
OUT=${2:?usage: run_all.sh BIN_DIR OUT_DIR}
mkdir -p "$OUT"
export LOOPLAB_SOURCE_DIR=${LOOPLAB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
rows="$OUT/rows.tsv"
: > "$rows"
status=0
for b in "$BIN"/bench_*; do
  [ -x "$b" ] || continue
  name=$(basename "$b")
  echo "== $name"
  if ! "$b" 2>&1 | tee "$OUT/$name.log"; then status=1; fi
  grep -a $'^BENCH\t' "$OUT/$name.log" | cut -f2- >> "$rows"
done
{
  echo "| measured | LoopLab | peer | peer value | ratio | unit |"
  echo "| --- | ---: | --- | ---: | ---: | --- |"
  while IFS=$'\t' read -r what ours peer peername unit better; do
    ratio=$(python3 -c "o,p=float('$ours'),float('$peer'); b='${better:-lower}'; print(f'{(p/o if b==\"lower\" else o/p):.2f}x' if o>0 and p>0 else 'n/a')" 2>/dev/null || echo n/a)
    echo "| $what | $ours | $peername | $peer | $ratio | ${unit:-} |"
  done < "$rows"
} > "$OUT/bench.md"
{
  echo "measured,looplab,peer_name,peer,unit,better"
  while IFS=$'\t' read -r what ours peer peername unit better; do
    echo "$what,$ours,$peername,$peer,${unit:-},${better:-lower}"
  done < "$rows"
} > "$OUT/bench.csv"
echo
echo "Ratio > 1 means LoopLab is better (faster, or higher rate) than the peer."
cat "$OUT/bench.md"
echo "Written: $OUT/bench.md, $OUT/bench.csv and one log per benchmark."
exit $status
