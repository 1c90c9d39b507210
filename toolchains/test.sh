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

run_preset() {
  local preset=$1
  echo "== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== $preset: test"
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" ctest --preset "$preset"
}

run_preset dev
if [[ "${SELFDIRECT_SKIP_ASAN:-0}" != 1 ]]; then
  run_preset asan
fi
