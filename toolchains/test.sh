#!/usr/bin/env bash
# The README's second command (and what CI runs): installs what is missing, builds, and runs every
# test: every unit, integration and end-to-end test in a Debug build (assertions on) under ASan +
# UBSan -- once without a display and with leak detection, then the real-window tests under Xvfb
# (the GUI tests start their own Xvfb; the real-window unit tests get one from xvfb-run) -- then
# the same suite again in the Release build people run (under -Werror, as the sanitised build is), then
# every parser's libFuzzer target. The sanitised build stands in for a plain Debug one. The ARM
# cross-build is a separate script (toolchains/cross-build-aarch64.sh; docs/testing.md).
#
#   SELFDIRECT_SKIP_ASAN=1        run the tests in the plain Debug build instead (quick local runs)
#   SELFDIRECT_DEV_PASS=1         also run every test in the plain Debug build
#   SELFDIRECT_SKIP_RELEASE=1     skip the Release build and its test pass (quick local runs)
#   SELFDIRECT_FUZZ_SECONDS=N     seconds per fuzz target (default 60; 0 skips fuzzing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash toolchains/setup-debian.sh

xvfb=(xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp")

build() {
  echo "== $1: configure and build"
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}

jobs=$(nproc)

if [[ "${SELFDIRECT_SKIP_ASAN:-0}" == 1 || "${SELFDIRECT_DEV_PASS:-0}" == 1 ]]; then
  build dev
  echo "== dev: test"
  "${xvfb[@]}" ctest --preset dev -j"$jobs"
fi

if [[ "${SELFDIRECT_SKIP_ASAN:-0}" != 1 ]]; then
  build asan
  # Without a display the real-window UI tests return early, so this pass leak-checks everything
  # else, the Null-backend UI tests included.
  echo "== asan: test without a display, with leak detection"
  env -u DISPLAY ASAN_OPTIONS=detect_leaks=1 ctest --preset asan -j"$jobs" -E '^e2e:'
  # Mesa unloads its driver (swrast_dri.so) at exit, so LeakSanitizer cannot symbolise, or
  # suppress, the driver's own allocations. The tests that open a real window therefore run with
  # ASan and UBSan but without leak detection.
  echo "== asan: windowed tests, leak detection off"
  ASAN_OPTIONS=detect_leaks=0 "${xvfb[@]}" ctest --preset asan -j"$jobs" -R '^(ui:|e2e:)'
fi

# The build people run: the `release` preset (-O3, NDEBUG, -Werror), the same configuration the
# README's run command builds its programs in, with every test built against it. The whole suite runs
# again here: optimisation and NDEBUG change what a program does (an assert that hid a side effect, a
# race that -O1 never showed), and the end-to-end journeys and the council CLI tests must pass on the
# binaries a council installs, not only on the sanitised ones.
if [[ "${SELFDIRECT_SKIP_RELEASE:-0}" != 1 ]]; then
  build release
  echo "== release: test without a display"
  env -u DISPLAY ctest --preset release -j"$jobs" -E '^e2e:'
  echo "== release: windowed tests (the real GUI under Xvfb)"
  "${xvfb[@]}" ctest --preset release -j"$jobs" -R '^(ui:|e2e:)'
fi

# Every parser under libFuzzer with ASan + UBSan (clang 14), each target for
# SELFDIRECT_FUZZ_SECONDS (default 60). A crash fails the run.
if [[ "${SELFDIRECT_FUZZ_SECONDS:-60}" != 0 ]]; then
  echo "== fuzz: every parser for ${SELFDIRECT_FUZZ_SECONDS:-60} s each"
  bash toolchains/run-fuzzers.sh "${SELFDIRECT_FUZZ_SECONDS:-60}"
fi
