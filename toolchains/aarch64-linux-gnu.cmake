# Toolchain for cross-building selfdirect for 64-bit ARM (kiosks/tablets on arm64) on a Debian 12 amd64
# machine, using Debian's multiarch :arm64 -dev packages and qemu-user to run the tests.
# Used by the `aarch64` preset; toolchains/cross-build-aarch64.sh installs what it needs and runs it all.
#
# Why it looks like this: Debian multiarch keeps arm64 libraries in /usr/lib/aarch64-linux-gnu beside the
# amd64 ones, so the "sysroot" is / itself and the architecture directory is what keeps the two apart.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# find_library/find_path/find_package look in <prefix>/lib/aarch64-linux-gnu and
# <prefix>/include/aarch64-linux-gnu, never in the amd64 directory.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# Libraries, headers and packages only under these roots; programs (pkg-config, python3, qemu) from the
# host. /usr/aarch64-linux-gnu holds the cross C library; / holds the multiarch :arm64 packages and the
# architecture-independent header-only packages (nlohmann-json in /usr/share/cmake, doctest in
# /usr/lib/cmake, CLI11 in /usr/share/cmake), whose CMake configs are then found like any other.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg_check_modules runs the host pkg-config at configure time: point it at the arm64 .pc files (plus the
# architecture-independent ones) only, so an amd64 library can never be picked up by mistake.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest and doctest_discover_tests run the arm64 test executables through qemu. The :arm64 -dev packages
# pull in libc6:arm64, so the arm64 loader and C library are the multiarch ones under / (-L /), exactly as
# on an arm64 Debian device. Not -L /usr/aarch64-linux-gnu: that would pair the cross package's older
# ld-linux-aarch64.so.1 with libc6:arm64's libc.so.6, two glibc builds that are only kept in step by luck.
find_program(SELFDIRECT_QEMU_AARCH64 qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${SELFDIRECT_QEMU_AARCH64};-L;/")
