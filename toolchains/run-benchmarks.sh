#!/usr/bin/env bash
# Builds the `bench` preset (Release + Google Benchmark) and runs the benchmarks whose figures are
# recorded in docs/benchmarks.md. Not part of the test command: speed is measured, not asserted.
#
#   toolchains/run-benchmarks.sh [ARGS]           the form engine (Google Benchmark; ARGS go to it)
#   toolchains/run-benchmarks.sh --app [ARGS]     the app itself under Xvfb (tests/bench/app_bench.py:
#                                                 first frame, PSS, idle frames and CPU, CPU per frame;
#                                                 ARGS: --runs N --frames N); BUILD_DIR=... uses an
#                                                 existing Release build instead of build/bench
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ ${1:-} == --app ]]; then
  shift
  build=${BUILD_DIR:-$root/build/bench}
  if [[ -z ${BUILD_DIR:-} ]]; then
    bash toolchains/setup-debian.sh
    cmake --preset bench >/dev/null
    cmake --build --preset bench --target selfdirect selfdirect-sync selfdirect-council
  fi
  exec python3 tests/bench/app_bench.py "$build" "$root" "$@"
fi
bash toolchains/setup-debian.sh
cmake --preset bench >/dev/null
cmake --build --preset bench
./build/bench/tests/bench/bench_form_engine "$@"
