#!/usr/bin/env bash
# Installs, from Debian 12's own packages, everything selfdirect needs to build, run and test.
# Idempotent and non-interactive: it asks apt only for what is missing, so the README commands
# can call it every time at no cost once the machine is set up.
#
#   toolchains/setup-debian.sh            build + run + test packages
#   toolchains/setup-debian.sh --cross    also the arm64 cross toolchain and :arm64 -dev packages
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libimgui-dev libstb-dev libglfw3-dev libfreetype-dev libgl-dev libxtst-dev libx11-dev
  libxrandr-dev
  libsqlite3-dev libsodium-dev libssl-dev
  nlohmann-json3-dev libcpp-httplib-dev libtomlplusplus-dev libcli11-dev libpqxx-dev postgresql openssl
  libqrencode-dev libespeak-ng-dev libgettextpo-dev libutf8proc-dev gettext
  doctest-dev libbenchmark-dev
  xvfb xauth libgl1-mesa-dri fonts-dejavu-core fonts-noto-core zbar-tools
  python3 python3-nacl python3-pil liblingua-en-fathom-perl
  clang-14 libclang-rt-14-dev
)

cross_packages=(
  crossbuild-essential-arm64 qemu-user file
  libimgui-dev:arm64 libstb-dev:arm64 libglfw3-dev:arm64 libfreetype-dev:arm64 libgl-dev:arm64
  libxtst-dev:arm64 libx11-dev:arm64 libxrandr-dev:arm64 libsqlite3-dev:arm64 libsodium-dev:arm64 libssl-dev:arm64
  libcpp-httplib-dev:arm64 libtomlplusplus-dev:arm64 zlib1g-dev:arm64 libbrotli-dev:arm64
  libqrencode-dev:arm64 libespeak-ng-dev:arm64 libgettextpo-dev:arm64 libutf8proc-dev:arm64
)

want=("${packages[@]}")
if [[ "${1:-}" == "--cross" ]]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
  fi
  want+=("${cross_packages[@]}")
fi

missing=()
for p in "${want[@]}"; do
  # dpkg-query knows name:arch; a package is present only when its status is "install ok installed".
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "setup: these Debian packages are missing and installing them needs root:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
