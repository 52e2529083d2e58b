# LoopLab — the README's two commands:
#   make run    install what is missing, build, open the window (or run headless into ./out/)
#   make test   install what is missing, build, run every test through ctest (+ the fuzzer)
# Extra: make bench (release benchmarks beside their peers), make soak, make format.

SHELL := /bin/bash
JOBS ?= 2
BUILD := build
SCENARIO ?= resources/scenarios/event_loop_gather.json
FUZZ_SECONDS ?= 60

# ccache: a fresh clone elsewhere on disk still hits the cache of earlier builds.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
export CCACHE_SLOPPINESS := include_file_mtime,include_file_ctime,time_macros

# Debian 12 packages the build, the tests and the benchmarks need.
PACKAGES := cmake ninja-build ccache g++ clang libclang-rt-14-dev python3 \
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-httpserver-dev qt6-tools-dev qt6-tools-dev-tools \
  qt6-l10n-tools qt6-translations-l10n libgl-dev qcoro-qt6-dev libfaiss-dev libopenblas0-pthread \
  libreaderwriterqueue-dev libconcurrentqueue-dev libbenchmark-dev python3-jsonschema python3-faiss \
  xvfb xauth x11-apps xdotool imagemagick wrk nginx-light poppler-utils fonts-noto-cjk

.PHONY: run test deps build configure fuzz test-asan test-tsan bench soak format clean

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

run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD)/bin/looplab $(SCENARIO); \
	else \
	  echo "No display: running $(SCENARIO) headless into ./out/"; \
	  $(BUILD)/bin/looplab --headless $(SCENARIO) --out out; \
	fi

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600
	$(MAKE) --no-print-directory fuzz

# The loader's fuzzers in their own clang preset, FUZZ_SECONDS each; a crash fails the run.
fuzz: deps
	@if [ ! -f build-fuzz/build.ninja ]; then cmake --preset fuzz >/dev/null; fi
	cmake --build build-fuzz -j$(JOBS) --target fuzzers
	bash tests/fuzz/run_fuzzers.sh build-fuzz/bin $(FUZZ_SECONDS)

# The sanitizer gates (issue 9): the whole suite under ASan+UBSan, core and lab tests under TSan.
# Each is a full build of its own; on 2 cores they do not fit in make test's 30 minutes.
test-asan: deps
	bash tests/gates/run_asan.sh build-asan

test-tsan: deps
	bash tests/gates/run_tsan.sh build-tsan

bench: deps
	@if [ ! -f build-release/build.ninja ]; then cmake --preset release; fi
	cmake --build build-release -j$(JOBS)
	bash tests/benchmarks/run_all.sh build-release/bin out/bench

soak: build
	bash tests/benchmarks/soak.sh $(BUILD)/bin

format:
	find core ui app tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build build-release build-asan build-tsan build-fuzz out
