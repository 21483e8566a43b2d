#!/bin/bash
# The README example was compiled with the library's warnings as errors and
# linked against //mio; check the result is a runnable program.
set -eu
[[ -x "$1" ]] || { echo "FAIL: $1 is not an executable" >&2; exit 1; }
echo PASS
