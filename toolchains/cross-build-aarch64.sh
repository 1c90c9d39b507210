#!/usr/bin/env bash
# Cross-builds all of selfdirect for 64-bit ARM (arm64 kiosks/tablets) on a Debian 12 amd64 machine and
# runs the core unit tests under qemu, to prove the code builds and behaves the same off x86.
# Run as root on a fresh machine (it installs the cross toolchain and :arm64 -dev packages), or as
# anyone once toolchains/setup-debian.sh --cross has run. Build dir: build/aarch64 (the `aarch64` preset).
#
#   toolchains/cross-build-aarch64.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "cross-build: $*"; }

SECONDS=0
step "installing the arm64 cross toolchain and :arm64 packages (idempotent)"
toolchains/setup-debian.sh --cross
step "packages ready in ${SECONDS}s"

SECONDS=0
step "configuring preset aarch64"
cmake --preset aarch64
step "building (-j2)"
cmake --build --preset aarch64 -j2
step "configured and built in ${SECONDS}s"

# Test names carry the layer prefix ("core:..."); select by name because that is what
# doctest_discover_tests guarantees.
SECONDS=0
step "running the core unit tests under qemu-aarch64"
ctest --test-dir build/aarch64 -R '^core:' --output-on-failure --no-tests=error
step "core tests passed in ${SECONDS}s"

file build/aarch64/src/app/selfdirect
