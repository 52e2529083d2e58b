#!/usr/bin/env bash
# Gate: the whole ctest suite (except label gpu) on an AddressSanitizer + UndefinedBehaviorSanitizer
# build (preset `asan`). Any report — in a test or in any process it starts — fails the run.
#
#   tests/gates/run_asan.sh [BUILD_DIR]          default BUILD_DIR: build-asan
#   JOBS=2                 build and ctest parallelism (2 cores here)
#   GATE_KEEP_GOING=1      build what compiles (ninja -k 0) and test that
#   GATE_CTEST_ARGS="-R x" extra ctest arguments (e.g. to rerun one test)
#
# Exit 0: every test passed and no sanitizer said anything. Reports are printed at the end and
# kept under BUILD_DIR/sanitizer-logs/.
set -u -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build=${1:-build-asan}
case $build in /*) ;; *) build=$gate_root/$build ;; esac
logs=$build/sanitizer-logs

t0=$(gate_now)
gate_configure asan "$build" || exit 1
t1=$(gate_now)
gate_build "$build" || exit 1
t2=$(gate_now)

rm -rf "$logs" "$build/sanitizer-tracer-crashes"; mkdir -p "$logs"
# halt_on_error/abort_on_error: the first report ends the process (a test cannot go on past a
# corrupted heap). detect_stack_use_after_return stays off: it doubles stack use and time of the
# coroutine-heavy labs, and the other checks already cover the heap. check_initialization_order
# and strict_init_order catch static-init races between our libraries.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0:\
check_initialization_order=1:strict_init_order=1:detect_invalid_pointer_pairs=0:\
handle_abort=1:allocator_may_return_null=0:log_path=$logs/asan:log_exe_name=1"
export LSAN_OPTIONS="suppressions=$gate_here/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$gate_here/ubsan.supp:log_path=$logs/ubsan:log_exe_name=1"
# Tests can widen their timing bounds (never their outcomes) when they know they run 2-5x slower.
export LOOPLAB_SANITIZER=asan

# shellcheck disable=SC2086
(cd "$build" && ctest -LE gpu --output-on-failure -j"$JOBS" --timeout 600 ${GATE_CTEST_ARGS:-})
ctest_rc=$?
t3=$(gate_now)
gate_skips "$build" asan

# LeakSanitizer's stop-the-world tracer itself crashes now and then at a process's exit ("Tracer
# caught signal 11", google/sanitizers#1353): a fault of the sanitizer, not a report about our
# code. When ctest failed and such a crash is on record, the tests that failed run once more, and
# the gate says so; a failure without that signature, or a second failure, stands.
tracer=$(grep -l 'Tracer caught signal' "$logs"/* 2>/dev/null)
if [ $ctest_rc -ne 0 ] && [ -n "$tracer" ]; then
  echo "asan gate: LeakSanitizer's tracer crashed ($(echo "$tracer" | xargs -n1 basename | tr '\n' ' '| sed 's/ $//')): its own intermittent fault, not a report — running the failed tests once more" >&2
  mkdir -p "$build/sanitizer-tracer-crashes" && echo "$tracer" | xargs -I{} mv {} "$build/sanitizer-tracer-crashes/"
  (cd "$build" && ctest --rerun-failed --output-on-failure --timeout 600)
  ctest_rc=$?
  t3=$(gate_now)
fi

gate_reports "$logs"
reports_rc=$?

echo "asan gate: configure $(gate_minutes $((t1 - t0))), build $(gate_minutes $((t2 - t1))), tests $(gate_minutes $((t3 - t2))) (m:ss)"
if [ $reports_rc -ne 0 ]; then
  echo "asan gate: FAILED — sanitizer reports above (logs in $logs)" >&2
  exit 1
fi
if [ $ctest_rc -ne 0 ]; then
  echo "asan gate: FAILED — ctest failed" >&2
  exit 1
fi
echo "asan gate: passed"
