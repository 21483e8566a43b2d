#!/usr/bin/env bash
# tools/bench/percall.sh BINARY OUT_TSV - instructions per call of each hot
# mio-c function and its libc counterpart (issue 15), from one callgrind run
# of tools/bench:percall_benchmark: every mio_bench_* function makes one call
# and runs K times, so its inclusive Ir / K is the cost of one call.
# Writes `op<TAB>mio<TAB>libc` rows (instructions per call) to OUT_TSV.
set -euo pipefail
BIN=$1
OUT=$2
K=${PERCALL_CALLS:-2000}
CG=$OUT.callgrind
valgrind --tool=callgrind --toggle-collect='mio_bench_*' --callgrind-out-file="$CG" \
  "$BIN" --calls "$K" >"$OUT.log" 2>&1
callgrind_annotate --inclusive=yes --threshold=100 "$CG" 2>/dev/null |
  awk -v k="$K" '
    # Lines: "<Ir> (<pct>)  ???:mio_bench_<op>_<side> [...]" or "<Ir>  ...".
    { for (i = 1; i <= NF; i++) if ($i ~ /mio_bench_[a-z_]+_(mio|libc)/) {
        f = $i; sub(/.*:/, "", f); sub(/ .*/, "", f); sub(/\..*/, "", f)
        ir = $1; gsub(/,/, "", ir)
        side = f; sub(/.*_/, "", side)
        op = f; sub(/^mio_bench_/, "", op); sub(/_(mio|libc)$/, "", op)
        v[op, side] = ir / k; ops[op] = 1
      } }
    END {
      printf "op\tmio\tlibc\n"
      n = split("read write readv writev recv send accept poll_finite poll_infinite", order, " ")
      for (i = 1; i <= n; i++) { op = order[i]
        if (op in ops) printf "%s\t%.1f\t%.1f\n", op, v[op, "mio"], v[op, "libc"] }
    }' >"$OUT"
