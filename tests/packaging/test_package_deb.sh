#!/usr/bin/env bash
# The .deb as a teacher gets it (issue 13): CPack makes it from this build tree, then
#   1. its control data: Depends computed from the shared libraries, no -dev package;
#   2. lintian reports no error; desktop-file-validate and appstreamcli validate pass; the man page
#      renders;
#   3. extracted with dpkg-deb -x into a temporary root (no build tree, no source tree involved),
#      the extracted looplab runs a built-in scenario from the extracted share folder — one that
#      starts worker processes, so the worker is found in lib/looplab — and writes its outputs.
# Usage: test_package_deb.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d /tmp/looplab-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cpack"
(cd "$build" && cpack -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1) || { tail -30 "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/cpack/looplab_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack made no looplab_<version>_amd64.deb"
echo "made $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

echo "== control"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# FAISS is linked statically (Debian ships libfaiss.a); its BLAS, LAPACK and OpenMP are shared.
for lib in libqt6widgets6 libqt6charts6 libqt6svg6 libqt6network6 libblas3 liblapack3 libgomp1 libstdc++6 qt6-qpa-plugins; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (shlibdeps did not run?)"
done
if grep -qE -- '-dev\b' <<<"$depends"; then fail "Depends names a -dev package: $depends"; fi
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/looplab ./usr/lib/looplab/looplab-worker ./usr/share/applications/org.looplab.LoopLab.desktop \
  ./usr/share/metainfo/org.looplab.LoopLab.metainfo.xml ./usr/share/icons/hicolor/scalable/apps/org.looplab.LoopLab.svg \
  ./usr/share/icons/hicolor/256x256/apps/org.looplab.LoopLab.png ./usr/share/man/man1/looplab.1.gz \
  ./usr/share/doc/looplab/copyright ./usr/share/looplab/scenarios/event_loop_gather.json ./usr/share/looplab/looplab.schema.json; do
  grep -qxF "$f" <<<"$contents" || fail "the package lacks $f"
done
scenarios=$(grep -c '^./usr/share/looplab/scenarios/.*\.json$' <<<"$contents")
expected=$(ls "$src"/resources/scenarios/*.json | wc -l)
[ "$scenarios" = "$expected" ] || fail "the package has $scenarios built-in scenarios, the source tree $expected"

echo "== lintian"
lintian --fail-on error --suppress-tags-from-file "$src/packaging/lintian-suppressed" "$deb" | tee "$work/lintian.txt" ||
  fail "lintian reports errors"

echo "== extract"
root="$work/root"
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/org.looplab.LoopLab.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net --explain "$root/usr/share/metainfo/org.looplab.LoopLab.metainfo.xml" || fail "appstreamcli validate"
man_out=$(MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/looplab.1.gz" 2>"$work/man.err" | col -b)
[ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "man page warnings"; }
for word in --headless --out --compare --set "Exit status" /usr/share/looplab/scenarios; do
  grep -qF -- "$word" <<<"$man_out" || fail "the man page lacks '$word'"
done

echo "== shared libraries"
# Every library the packaged executables load must come from a Debian package (so that Depends can
# name it): a library from /usr/local or a build tree would be missing on a teacher's machine.
for elf in "$root/usr/bin/looplab" "$root/usr/lib/looplab/looplab-worker"; do
  while read -r lib; do
    real=$(readlink -f "$lib") # through the alternatives (libblas.so.3 → OpenBLAS)
    owned=no
    for p in "$real" "${real#/usr}" "/usr$real"; do
      dpkg -S "$p" >/dev/null 2>&1 && owned=yes && break
    done
    [ $owned = yes ] || fail "$(basename "$elf") loads $lib ($real), which no Debian package provides"
  done < <(ldd "$elf" | awk '/=> \//{print $3}')
done
echo "every loaded library comes from a Debian package"

echo "== the extracted looplab"
cd "$work" # nowhere near the source or build tree
version=$("$root/usr/bin/looplab" --version)
echo "$version"
grep -q "^looplab [0-9]" <<<"$version" || fail "--version: no 'looplab X.Y.Z' first line"
for w in "Qt:" "QCoro:" "FAISS:" "CUDA:" "GPU:" "Data: $root/usr/share/looplab"; do
  grep -qF -- "$w" <<<"$version" || fail "--version lacks '$w'"
done
# Without a display and without QT_QPA_PLATFORM, --help must still answer.
help=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/looplab" --help) || fail "--help needs a display"
grep -qF -- "--headless" <<<"$help" || fail "--help lacks --headless"

out="$work/out"
"$root/usr/bin/looplab" --headless "$root/usr/share/looplab/scenarios/pool_fib_processes.json" \
  --out "$out" --duration 3 --no-screenshot || fail "the extracted looplab could not run pool_fib_processes.json"
for f in summary.json metrics.csv trace.json; do
  [ -s "$out/$f" ] || fail "no $f"
done
/usr/bin/python3 - "$out/summary.json" <<'PY' || fail "summary.json: the worker processes did no work"
import json, sys
s = json.load(open(sys.argv[1]))
labs = s["labs"]
m = next(iter(labs.values()))["metrics"]
done = m.get("tasks_completed")
print("pool metrics: tasks_completed =", done, " worker_restarts =", m.get("worker_restarts"), " ipc_us_per_task =", m.get("ipc_us_per_task"))
# Processes did the work: tasks completed and each paid the pipe round trip to looplab-worker.
if not isinstance(done, (int, float)) or done < 1 or not (m.get("ipc_us_per_task") or 0) > 0:
    sys.exit(1)
PY
echo "PASS: the package installs a working LoopLab"
