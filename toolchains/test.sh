#!/usr/bin/env bash
# The README's second command (and what CI runs): installs what is missing, builds, and runs every
# test: the debug build's unit, integration and end-to-end tests (the GUI tests start their own Xvfb;
# the real-window unit tests get one from xvfb-run), then the same tests again under ASan + UBSan.
# Fuzzing (toolchains/run-fuzzers.sh) and the ARM cross-build are separate scripts; CI calls the
# fuzzers after this (see .ci/run).
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

build dev
echo "== dev: test"
"${xvfb[@]}" ctest --preset dev

if [[ "${SELFDIRECT_SKIP_ASAN:-0}" != 1 ]]; then
  build asan
  # Without a display the real-window UI tests return early, so this pass leak-checks everything
  # else, the Null-backend UI tests included.
  echo "== asan: test without a display, with leak detection"
  env -u DISPLAY ASAN_OPTIONS=detect_leaks=1 ctest --preset asan -E '^e2e:'
  # Mesa unloads its driver (swrast_dri.so) at exit, so LeakSanitizer cannot symbolise, or
  # suppress, the driver's own allocations. The tests that open a real window therefore run with
  # ASan and UBSan but without leak detection.
  echo "== asan: windowed tests, leak detection off"
  ASAN_OPTIONS=detect_leaks=0 "${xvfb[@]}" ctest --preset asan -R '^(ui:|e2e:)'
fi
