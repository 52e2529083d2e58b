#!/usr/bin/python3
"""Every Debian package that the build and the tests use must be installed by the Makefile.

The Makefile installs its PACKAGES list with --no-install-recommends, so a package is only
guaranteed on a fresh machine when the list names it or reaches it through Depends (and
Pre-Depends) alone. This check finds what the build actually used and where it came from:

  * every CMake package configure loaded (the *_DIR entries of CMakeCache.txt): the package
    owning its <Name>Config.cmake / <name>-config.cmake (dpkg -S);
  * every program configure found (FILEPATH entries under /usr: compilers, ccache, help2man…);
  * every tool and data file the tests and gates run or read (TEST_TOOLS below).

and fails naming each one whose package the list does not reach. Run by ctest (test_package_closure)
and usable by hand:

  check_package_closure.py BUILD_DIR [--packages "p1 p2 ..."] [--without PKG]

--without drops one package from the list: the self-test uses it to prove that the check fails
(and names the package) when the list lacks one that configure needs.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

# Tools and files the tests, gates and benchmarks use at run time (not seen by configure).
TEST_TOOLS = [
    "Xvfb", "xauth", "xdotool", "xwd", "convert", "wrk", "nginx", "pdfinfo", "pdftoppm",
    "pdfimages", "pdftotext", "lintian", "desktop-file-validate", "appstreamcli", "help2man",
    "dpkg-shlibdeps", "file", "clang++", "ninja", "ccache", "cmake", "/usr/bin/python3",
    "/usr/lib/qt6/bin/lupdate", "/usr/lib/qt6/bin/lrelease",
]
# Programs configure may find that nothing of LoopLab's runs (include(CTest) looks for them).
UNUSED_PROGRAMS = {"MEMORYCHECK_COMMAND", "COVERAGE_COMMAND"}
# Where tools are looked up: Debian's folders only (a local stand-in must not hide a missing package).
SYSTEM_PATH = "/usr/bin:/usr/sbin:/bin:/sbin"
TEST_FILES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",   # Chinese UI text in screenshots
    "/usr/lib/python3/dist-packages/jsonschema/__init__.py",     # tests/scenario/check_schema.py
    "/usr/lib/python3/dist-packages/faiss/__init__.py",          # the Python FAISS peer (bench)
    "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a",  # make fuzz
    "/usr/include/python3.11/internal/pycore_runtime.h",  # the python lab's GIL offsets (build time)
    "/usr/lib/python3/dist-packages/fastapi/__init__.py",  # resources/python/course FastAPI demo
    "/usr/lib/python3/dist-packages/uvicorn/__init__.py",
]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def makefile_packages(source_dir):
    out = run(["make", "-s", "-C", source_dir, "--no-print-directory", "print-packages"])
    if out.returncode != 0:
        sys.exit("cannot read PACKAGES from the Makefile: " + out.stderr)
    return out.stdout.split()


def closure(packages):
    """Packages reached from `packages` through Depends and Pre-Depends alone."""
    out = run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
               "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"] + packages)
    if out.returncode != 0:
        sys.exit("apt-cache depends failed: " + out.stderr)
    reached = set(packages)
    for line in out.stdout.splitlines():
        if not line.startswith(" "):
            reached.add(line.strip().split(":")[0])
            continue
        m = re.match(r"\s*\|?(Pre)?Depends: (<?)([^>\s]+)>?", line)
        if m:
            reached.add(m.group(3).split(":")[0])
    return reached


def essential_packages():
    """Essential: yes packages are on every Debian system; apt never removes them."""
    out = run(["dpkg-query", "-W", "-f=${Package} ${Essential}\\n"])
    return {line.split()[0] for line in out.stdout.splitlines() if line.endswith(" yes")}


def owners(paths):
    """{path: package} for the installed files among `paths` (following symlinks; merged /usr)."""
    candidates = {}
    for path in paths:
        for c in (path, os.path.realpath(path)):
            candidates.setdefault(c, path)
            if c.startswith(("/usr/bin/", "/usr/sbin/", "/usr/lib/")):
                candidates.setdefault(c[4:], path)  # dpkg may know /bin/foo, /lib/...
    out = run(["dpkg", "-S"] + list(candidates))
    result = {}
    for line in out.stdout.splitlines():
        pkgs, _, file = line.partition(": ")
        if file in candidates and candidates[file] not in result:
            result[candidates[file]] = pkgs.split(",")[0].split(":")[0].strip()
    return result


def cache_entries(build_dir, kind):
    """(name, value) of CMakeCache.txt's NAME:KIND=VALUE entries whose value is under /usr but not
    /usr/local (the CUDA toolkit there is optional and outside Debian)."""
    with open(os.path.join(build_dir, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9_]+):" + kind + r"=(/usr/\S+)$", line.strip())
            if m and not m.group(2).startswith("/usr/local/"):
                yield m.group(1), m.group(2)


def cmake_config_files(build_dir):
    """(name, config file) of each CMake package configure loaded (its NAME_DIR entry)."""
    found = []
    for var, d in cache_entries(build_dir, "PATH"):
        if not var.endswith("_DIR"):
            continue
        configs = [p for p in glob.glob(os.path.join(d, "*onfig.cmake"))
                   if re.search(r"(Config|-config)\.cmake$", p)
                   and not re.search(r"(Version|-version)\.cmake$", p)]
        if configs:  # else an include folder (OPENGL_INCLUDE_DIR…), not a CMake package
            found.append((var[:-4], sorted(configs, key=len)[0]))
    return found


def cmake_programs(build_dir):
    """(variable, path) of the programs configure found."""
    return [(var, path) for var, path in cache_entries(build_dir, "FILEPATH")
            if var not in UNUSED_PROGRAMS and os.path.isfile(path) and os.access(path, os.X_OK)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    ap.add_argument("--packages", help="the list to check instead of the Makefile's PACKAGES")
    ap.add_argument("--without", action="append", default=[], help="drop PKG from the list")
    ap.add_argument("--no-tools", action="store_true", help="check configure's packages only")
    args = ap.parse_args()

    packages = args.packages.split() if args.packages else makefile_packages(args.source_dir)
    packages = [p for p in packages if p not in args.without]
    reached = closure(packages) | essential_packages()

    uses = []  # (what, path)
    for name, path in cmake_config_files(args.build_dir):
        uses.append((f"CMake package {name}", path))
    for var, path in cmake_programs(args.build_dir):
        uses.append((f"program {var}", path))
    if not args.no_tools:
        for tool in TEST_TOOLS:
            path = tool if tool.startswith("/") else shutil.which(tool, path=SYSTEM_PATH)
            uses.append((f"test tool {tool}", path))
        for pattern in TEST_FILES:
            matches = sorted(glob.glob(pattern))
            uses.append(("test file", matches[-1] if matches else pattern))

    problems = []
    checked = 0
    owned = owners([path for _, path in uses if path and os.path.exists(path)])
    for what, path in uses:
        if not path or not os.path.exists(path):
            problems.append(f"{what}: not installed (no {path or 'such program'} on this machine)")
            continue
        pkg = owned.get(path)
        if pkg is None:
            problems.append(f"{what}: {path} belongs to no Debian package")
            continue
        checked += 1
        if pkg not in reached:
            problems.append(f"{what}: {path} comes from package {pkg}, which the Makefile's "
                            f"PACKAGES list does not reach through Depends: add {pkg}")
    if problems:
        print(f"package closure: {len(problems)} problem(s) in {len(uses)} uses:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"package closure: all {checked} uses come from packages the Makefile installs "
          f"({len(packages)} named, {len(reached)} reached through Depends)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
