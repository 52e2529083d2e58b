# LoopLab — the README's two commands:
#   make run    install what is missing, build, open the window (or run headless into ./out/)
#   make test   install what is missing, then the gates: every test under ASan+UBSan, core and
#               lab tests under TSan, the fuzzers (see below)
# Extra: make bench (release benchmarks beside their peers), make soak, make format,
#        make fidelity (the course demos under CPython beside LoopLab's emulation; probe overhead).

SHELL := /bin/bash
JOBS ?= 2
BUILD := build
SCENARIO ?= resources/scenarios/event_loop_gather.json
# Measured: a cold release build of the app and worker took 6 CPU-minutes (about 3 on 2 idle cores;
# the dev preset adds debug info).
APP_BUILD_MINUTES ?= 5
FUZZ_SECONDS ?= 60

# ccache: a fresh clone elsewhere on disk still hits the cache of earlier builds (paths relative to
# the checkout, no working directory in the hash). No include_file_mtime/ctime sloppiness: that
# check is what keeps a header edited *during* a compile from being cached with the wrong object.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
export CCACHE_SLOPPINESS := time_macros

# Debian 12 packages the build, the tests, the package and the benchmarks need. Only what is named
# here is installed (no Recommends): tests/packaging/check_package_closure.py fails when configure
# or a test uses a package that this list does not reach through Depends.
PACKAGES := cmake ninja-build ccache pkgconf g++ clang libclang-rt-14-dev python3 \
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools \
  qt6-l10n-tools qt6-translations-l10n libgl-dev qcoro-qt6-dev libfaiss-dev libopenblas0-pthread \
  libreaderwriterqueue-dev libconcurrentqueue-dev libbenchmark-dev python3-jsonschema python3-faiss \
  python3.11-dev python3-fastapi python3-uvicorn \
  xvfb xauth x11-apps xdotool imagemagick wrk nginx-light poppler-utils fonts-noto-cjk \
  help2man dpkg-dev file lintian desktop-file-utils appstream

.PHONY: run test check deps build app configure package print-packages fuzz test-asan test-tsan bench soak fidelity format clean

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing missing packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing packages. Run as root:"; echo "  apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

configure: deps
	@if [ ! -f $(BUILD)/build.ninja ]; then cmake --preset dev; fi

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# What `make run` needs and nothing more: the app and its worker (the tests and benchmarks are
# built by `make test` / `make check` / `make bench`).
app: configure
	@if [ ! -x $(BUILD)/bin/looplab ]; then \
	  echo "Building LoopLab (the app and its worker): about $(APP_BUILD_MINUTES) minutes on 2 cores the first time, seconds after that."; \
	fi
	cmake --build $(BUILD) -j$(JOBS) --target looplab looplab-worker

run: app
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD)/bin/looplab $(SCENARIO); \
	else \
	  echo "No display: running $(SCENARIO) headless into ./out/"; \
	  $(BUILD)/bin/looplab --headless $(SCENARIO) --out out; \
	fi

# make test = the quality gates of issue 9, each on its own build (ccache makes rebuilds cheap):
#   1. the whole ctest suite on an ASan+UBSan build (tests/gates/run_asan.sh),
#   2. the core and lab tests on a TSan build (tests/gates/run_tsan.sh),
#   3. libFuzzer on the scenario and trace loaders and the api lab's HTTP parsers, FUZZ_SECONDS each.
# All three run even when one fails, so a CI log shows every failure; any failure fails make test.
# `make check` is the quick loop while developing: the dev build and its ctest, no sanitizer.
test: deps
	@start=$$(date +%s); rc=0; failed=""; \
	$(MAKE) --no-print-directory test-asan || { rc=1; failed="$$failed asan"; }; \
	$(MAKE) --no-print-directory test-tsan || { rc=1; failed="$$failed tsan"; }; \
	$(MAKE) --no-print-directory fuzz || { rc=1; failed="$$failed fuzz"; }; \
	secs=$$(( $$(date +%s) - start )); \
	echo "make test: skipped tests (a missing device is the only reason allowed):"; \
	bash -c '. tests/gates/common.sh; gate_skips build-asan asan; gate_skips build-tsan tsan'; \
	if [ $$rc = 0 ]; then echo "make test: all gates passed in $$((secs / 60)) min $$((secs % 60)) s"; \
	else echo "make test: FAILED:$$failed (after $$((secs / 60)) min $$((secs % 60)) s)" >&2; fi; \
	exit $$rc

check: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600

# The loader's fuzzers in their own clang preset, FUZZ_SECONDS each; a crash fails the run.
fuzz: deps
	@if [ ! -f build-fuzz/build.ninja ]; then cmake --preset fuzz >/dev/null; fi
	cmake --build build-fuzz -j$(JOBS) --target fuzzers
	cd build-fuzz && ctest -L fuzz --output-on-failure
	bash tests/fuzz/run_fuzzers.sh build-fuzz/bin $(FUZZ_SECONDS)

# The sanitizer gates (issue 9): the whole suite under ASan+UBSan, core and lab tests under TSan.
test-asan: deps
	bash tests/gates/run_asan.sh build-asan

test-tsan: deps
	bash tests/gates/run_tsan.sh build-tsan

bench: deps
	@if [ ! -f build-release/build.ninja ]; then cmake --preset release; fi
	cmake --build build-release -j$(JOBS) --target benchmarks
	bash tests/benchmarks/run_all.sh build-release/bin out/bench

# An installable Debian package: out/looplab_<version>_amd64.deb (release build, CPU search: a
# .deb that linked CUDA from /usr/local would not install on a machine without it).
package: deps
	@if [ ! -f build-package/build.ninja ]; then cmake --preset package; fi
	@echo "Building the package: about $(APP_BUILD_MINUTES) minutes on 2 cores the first time."
	cmake --build build-package -j$(JOBS) --target looplab looplab-worker looplab_manpage looplab_changelog
	cd build-package && cpack -B $(CURDIR)/out/package-work
	mkdir -p out && mv -f out/package-work/looplab_*_amd64.deb out/
	rm -rf out/package-work
	lintian --fail-on error --suppress-tags-from-file packaging/lintian-suppressed out/looplab_*_amd64.deb
	@ls -l out/looplab_*_amd64.deb

print-packages:
	@echo $(PACKAGES)

soak: build
	bash tests/benchmarks/soak.sh $(BUILD)/bin

# Issue 15: each course demo under CPython (the python lab) beside the LoopLab scenario that
# emulates it: out/fidelity/fidelity.md and .csv; then what the probe costs a 100 000-task program.
fidelity: build
	/usr/bin/python3 tests/fidelity/fidelity.py --bin $(BUILD)/bin --out out/fidelity
	/usr/bin/python3 tests/fidelity/probe_overhead.py | tee out/fidelity/probe_overhead.txt

format:
	find core ui app tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build build-release build-asan build-tsan build-fuzz build-package out
