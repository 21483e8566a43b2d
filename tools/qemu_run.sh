#!/bin/sh
# Bazel --run_under wrapper of --config=aarch64: runs an aarch64 test binary
# under qemu-user. The binaries are linked statically (toolchains/linux_gcc),
# so qemu needs no -L sysroot.
#
# This machine has no binfmt_misc handler for aarch64, so an aarch64 program
# cannot exec another one directly. Tests that start a built program (the
# example servers, the leak-check script's binary) prefix it with
# $MIO_TEST_EMULATOR, set here; a test that is a script runs as it is.
set -u
MIO_TEST_EMULATOR="$(command -v qemu-aarch64)" ||
  { echo "qemu_run.sh: qemu-aarch64 not found (tools/setup --arch)" >&2; exit 127; }
export MIO_TEST_EMULATOR

if [ "$(head -c 4 "$1" | tr -d '\000')" = "$(printf '\177ELF')" ]; then
  exec "$MIO_TEST_EMULATOR" "$@"
fi
exec "$@"
