#!/usr/bin/env bash
# Runs every libFuzzer target found in DIR (executables named fuzz_*) for SECONDS each, starting
# from its seed corpus tests/fuzz/corpus/<stem>/ (fuzz_scenario_loader -> scenario) and the
# dictionary tests/fuzz/<stem>.dict when there is one. New inputs go to tests/fuzz/corpus-work/
# (ignored by git), so the committed seeds stay small. Fails on a crash, leak, timeout or
# out-of-memory; the input that caused it joins the seed corpus tests/fuzz/corpus/<stem>/ as
# crash-<hash> (commit it with the fix: every later run, and ctest's <fuzzer>_corpus test, replays it).
#
#   tests/fuzz/run_fuzzers.sh build-fuzz/bin 60      (FUZZ_JOBS=2: how many run at once)
set -u -o pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DIR SECONDS" >&2
  exit 2
fi
dir=$1
seconds=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$here/corpus-work
artifacts=$work/artifacts
mkdir -p "$artifacts"

shopt -s nullglob
fuzzers=()
for f in "$dir"/fuzz_*; do
  [ -f "$f" ] && [ -x "$f" ] && fuzzers+=("$f")
done
if [ ${#fuzzers[@]} -eq 0 ]; then
  echo "run_fuzzers: no fuzz_* executables in $dir (configure with -DLOOPLAB_FUZZ=ON and clang)" >&2
  exit 1
fi

# The fuzzers run side by side, FUZZ_JOBS at a time (default: JOBS, the cores make test uses):
# each is one single-threaded process, so two cores fuzz two targets in the time of one.
jobs=${FUZZ_JOBS:-${JOBS:-2}}

# run_one FUZZER: fuzz it for SECONDS; its exit status lands in its log's .rc file.
run_one() {
  local fuzzer=$1 name stem seeds corpus log
  name=$(basename "$fuzzer")
  stem=${name#fuzz_}
  stem=${stem%_loader}
  seeds=$here/corpus/$stem
  corpus=$work/$stem
  mkdir -p "$corpus"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
        -print_final_stats=1 -artifact_prefix="$artifacts/$name-")
  [ -f "$here/$stem.dict" ] && args+=(-dict="$here/$stem.dict")
  local dirs=("$corpus")
  [ -d "$seeds" ] && dirs+=("$seeds")
  log=$work/$name.log
  echo "== $name: ${seconds}s from $(ls "${dirs[@]}" 2>/dev/null | grep -vc ':$') seed files"
  # halt_on_error etc.: any sanitizer report is a failure, not a warning.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    "$fuzzer" "${args[@]}" "${dirs[@]}" >"$log" 2>&1
  echo $? >"$log.rc"
}

for fuzzer in "${fuzzers[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run_one "$fuzzer" &
done
wait

failed=0
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer")
  stem=${name#fuzz_}
  stem=${stem%_loader}
  seeds=$here/corpus/$stem
  log=$work/$name.log
  rc=$(cat "$log.rc" 2>/dev/null || echo 1)
  grep -E "^(stat::|Done|#[0-9]+ +DONE)" "$log" | tail -4
  if [ "$rc" -ne 0 ]; then
    failed=1
    echo "FAILED: $name exited $rc; the end of its log ($log):" >&2
    tail -40 "$log" >&2
    mkdir -p "$seeds"
    for repro in "$artifacts/$name-"*; do
      [ -f "$repro" ] || continue
      kept=$seeds/crash-$(sha1sum "$repro" | cut -c1-16)
      cp "$repro" "$kept"
      echo "  reproducer: $repro -> joined the corpus as $kept (commit it with the fix)" >&2
      rm -f "$repro"
    done
    echo "  rerun one with: $fuzzer <reproducer>" >&2
  else
    echo "ok: $name ran ${seconds}s without a crash"
  fi
done
exit $failed
