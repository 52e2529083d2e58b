#!/usr/bin/env bash
# Gate: the core and lab tests (ctest labels core, labs; not gpu) on a ThreadSanitizer build
# (preset `tsan`, no UI). Any data race, lock-order inversion or other TSan report — in a test or
# in a process it starts (looplab-worker) — fails the run.
#
#   tests/gates/run_tsan.sh [BUILD_DIR]          default BUILD_DIR: build-tsan
#   JOBS=2                 build and ctest parallelism (2 cores here)
#   GATE_KEEP_GOING=1      build what compiles (ninja -k 0) and test that
#   GATE_CTEST_ARGS="-R x" extra ctest arguments (e.g. to rerun one test)
#
# Qt, GLib, libgomp and OpenBLAS are not built with TSan; see tsan.supp for how the gate keeps
# their invisible synchronisation from producing false reports without hiding races in our code.
set -u -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build=${1:-build-tsan}
case $build in /*) ;; *) build=$gate_root/$build ;; esac
logs=$build/sanitizer-logs
labels='^(core|labs)$'

t0=$(gate_now)
gate_configure tsan "$build" || exit 1
t1=$(gate_now)
# Only what the core and lab tests need: their executables and the processes they start.
mapfile -t targets < <(gate_test_targets "$build" -L "$labels" -LE gpu)
if [ ${#targets[@]} -eq 0 ]; then
  echo "tsan gate: no tests labelled core or labs in $build" >&2
  exit 1
fi
gate_build "$build" "${targets[@]}" looplab-worker looplab || exit 1
# The Qt synchronisation shim (see tsan_qt_shim.cpp), built here so tests/gates needs no CMake;
# deliberately without -fsanitize=thread.
shim=$build/gates/libtsan_qt_shim.so
mkdir -p "$build/gates"
if [ ! -f "$shim" ] || [ "$gate_here/tsan_qt_shim.cpp" -nt "$shim" ]; then
  ${CXX:-c++} -std=c++20 -O2 -shared -fPIC -o "$shim" "$gate_here/tsan_qt_shim.cpp" -ldl || exit 1
fi
t2=$(gate_now)

rm -rf "$logs"; mkdir -p "$logs"
# halt_on_error=0: collect every race of the run, then fail (a process with a report exits 66).
# ignore_noninstrumented_modules=1: memory accesses that libc interceptors (memcpy, free, ...)
# make on behalf of Qt/GLib/libgomp code are not checked — that code's own accesses are invisible
# to TSan anyway, so checking only the intercepted half produces noise; synchronisation made
# through interceptors (pthread_*, eventfd read/write) still counts.
# die_after_fork=0: Qt 6.4's QProcess starts children with clone(CLONE_VM|CLONE_VFORK) and execs
# at once; TSan then took the parent for a forked child and killed it at its next thread start
# ("starting new threads after multi-threaded fork is not supported", test_api_peers).
export TSAN_OPTIONS="halt_on_error=0:exitcode=66:second_deadlock_stack=1:history_size=2:\
ignore_noninstrumented_modules=1:report_signal_unsafe=0:die_after_fork=0:\
suppressions=$gate_here/tsan.supp:print_suppressions=0:log_path=$logs/tsan:log_exe_name=1"
# One OpenMP thread unless the code asks for more: libgomp is not instrumented, so every OpenMP
# worker thread only produces reports about fork/join edges TSan cannot see (see tsan.supp), each
# costing a symbolisation — FAISS's k-means alone pushed test_search_parts past its timeout.
export OMP_NUM_THREADS=1
export LD_PRELOAD=$shim${LD_PRELOAD:+:$LD_PRELOAD}
export LOOPLAB_SANITIZER=tsan

# shellcheck disable=SC2086
(cd "$build" && ctest -L "$labels" -LE gpu --output-on-failure -j"$JOBS" --timeout 600 ${GATE_CTEST_ARGS:-})
ctest_rc=$?
t3=$(gate_now)
gate_skips "$build" tsan
unset LD_PRELOAD

gate_reports "$logs"
reports_rc=$?

echo "tsan gate: configure $(gate_minutes $((t1 - t0))), build $(gate_minutes $((t2 - t1))), tests $(gate_minutes $((t3 - t2))) (m:ss)"
if [ $reports_rc -ne 0 ]; then
  echo "tsan gate: FAILED — sanitizer reports above (logs in $logs)" >&2
  exit 1
fi
if [ $ctest_rc -ne 0 ]; then
  echo "tsan gate: FAILED — ctest failed" >&2
  exit 1
fi
echo "tsan gate: passed"
