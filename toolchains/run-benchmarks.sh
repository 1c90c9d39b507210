#!/usr/bin/env bash
# Builds the `bench` preset (Release + Google Benchmark) and runs the benchmarks whose figures are
# recorded in docs/benchmarks.md. Not part of the test command: speed is measured, not asserted.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash toolchains/setup-debian.sh
cmake --preset bench >/dev/null
cmake --build --preset bench
./build/bench/tests/bench/bench_form_engine "$@"
