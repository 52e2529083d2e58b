# Shared by run_asan.sh and run_tsan.sh (sourced, not run): configure a preset into BUILD_DIR,
# build it, and turn the sanitizer logs of every process of the run into one verdict.
#
# Why log files and not just exit codes: the tests start child processes (build/bin/looplab
# --headless, looplab-worker) and some tests *expect* a child to die (kill -9 fault runs) or only
# count a worker's crash as a restart. A sanitizer report in such a child would not fail the test
# that started it. Every instrumented process therefore writes its reports to
# $GATE_LOGS/<sanitizer>.<pid> (log_path=...), and the gate fails when any such file has a report,
# whatever ctest said.

gate_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
gate_root=$(cd "$gate_here/../.." && pwd)
JOBS=${JOBS:-2}

gate_now() { date +%s; }
gate_minutes() { awk -v s="$1" 'BEGIN { printf "%d:%02d", s / 60, s % 60 }'; }

# gate_configure PRESET BUILD_DIR: configure once; later runs only rebuild.
gate_configure() {
  local preset=$1 dir=$2
  if [ ! -f "$dir/build.ninja" ]; then
    mkdir -p "$dir"
    (cd "$gate_root" && cmake --preset "$preset" -B "$dir" >"$dir/gate-configure.log" 2>&1) || {
      echo "gate: configuring preset $preset into $dir failed:" >&2
      tail -40 "$dir/gate-configure.log" >&2
      return 1
    }
  fi
}

# gate_build BUILD_DIR [targets...]: GATE_KEEP_GOING=1 builds what compiles (ninja -k 0) and goes
# on to test it; otherwise a build error fails the gate.
gate_build() {
  local dir=$1; shift
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  if [ "${GATE_KEEP_GOING:-0}" = 1 ]; then
    cmake --build "$dir" -j"$JOBS" "${targets[@]}" -- -k 0 || echo "gate: WARNING: some targets did not build; testing the rest" >&2
  else
    cmake --build "$dir" -j"$JOBS" "${targets[@]}"
  fi
}

# gate_test_targets BUILD_DIR CTEST_FILTERS...: the executables (= CMake targets) of the tests
# that ctest selects with those filters, read from the generated CTestTestfile.cmake files (the
# executables need not exist yet).
gate_test_targets() {
  local dir=$1; shift
  local names
  names=$(cd "$dir" && ctest -N "$@" 2>/dev/null | sed -n 's/^ *Test *#[0-9]*: *//p')
  find "$dir" -name CTestTestfile.cmake -print0 | xargs -0 cat |
    sed -n 's/^add_test(\[=\[\([^]]*\)\]=\] "\([^"]*\)".*/\1 \2/p' |
    while read -r name exe; do
      grep -qxF "$name" <<<"$names" && basename "$exe"
    done | sort -u
}

# gate_reports LOG_DIR: prints every sanitizer report left in LOG_DIR (one heading per process)
# and returns 1 when there is any.
gate_reports() {
  local logs=$1 found=0 f
  shopt -s nullglob
  for f in "$logs"/*; do
    [ -s "$f" ] || continue
    # A log file that only holds the suppression statistics is not a report.
    if grep -qE '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: |.*runtime error: )' "$f"; then
      found=1
      echo "======== sanitizer report: $f" >&2
      cat "$f" >&2
    fi
  done
  shopt -u nullglob
  return $found
}

# gate_skips BUILD_DIR GATE: after a ctest run, says how many tests and test functions skipped and
# why, from ctest's full log (QSKIP inside a passing Qt test is invisible in ctest's summary).
# A skip is allowed for a missing device only (no GPU); any other skip is listed so it is seen.
gate_skips() {
  local dir=$1 gate=$2 log="$1/Testing/Temporary/LastTest.log"
  [ -f "$log" ] || return 0
  local skips
  skips=$(grep -E '^SKIP   : ' "$log" | sed 's/^SKIP   : //' | sort -u)
  if [ -z "$skips" ]; then
    echo "$gate gate: 0 test functions skipped"
  else
    echo "$gate gate: $(wc -l <<<"$skips") test function(s) skipped:"
    sed 's/^/  /' <<<"$skips"
  fi
}
