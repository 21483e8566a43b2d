#!/bin/bash
# test_main must fail a test that leaks a descriptor, and only that test.
set -u
bin="$1"
# Cross builds: the binary runs under $MIO_TEST_EMULATOR (tools/qemu_run.sh).
out="$(env -u XML_OUTPUT_FILE ${MIO_TEST_EMULATOR:-} "$bin" 2>&1)"
rc=$?
echo "$out"
if [[ $rc -eq 0 ]]; then
  echo "FAIL: leaky binary exited 0" >&2
  exit 1
fi
grep -q "Leaky.LeaksOneDescriptor leaked 1 file descriptor" <<<"$out" ||
  { echo "FAIL: leak message missing" >&2; exit 1; }
grep -q "\[  FAILED  \] Leaky.LeaksOneDescriptor" <<<"$out" ||
  { echo "FAIL: leaking test not marked failed" >&2; exit 1; }
grep -q "\[       OK \] Leaky.ClosesWhatItOpens" <<<"$out" ||
  { echo "FAIL: clean test not OK" >&2; exit 1; }
echo PASS
