# shellcheck shell=bash disable=SC2154  # seconds, targets: set by tools/fuzz
# Sourced by tools/fuzz (--oss-fuzz-local, --smoke, --coverage) from the
# repository root, with `seconds` and `targets` set: runs fuzz/oss-fuzz/build.sh
# the way OSS-Fuzz's base-builder image does (compile_libfuzzer, compile_afl),
# without Docker. Everything goes to build/fuzz/oss-fuzz/ and
# build/fuzz/coverage/.

oss_root="$PWD/build/fuzz/oss-fuzz"
afl_driver=/usr/lib/afl/libAFLDriver.a  # Debian's afl++ package

# OSS-Fuzz's flags (infra/base-images/base-builder, clang 14 era).
oss_common="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
oss_asan="-fsanitize=address -fsanitize-address-use-after-scope"
ubsan_checks="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr"
ubsan_fatal="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr"
oss_ubsan="-fsanitize=$ubsan_checks -fno-sanitize-recover=$ubsan_fatal"
oss_coverage="-fprofile-instr-generate -fcoverage-mapping"

# oss_build ENGINE SANITIZER: runs build.sh into $oss_root/ENGINE-SANITIZER/out
# with the environment OSS-Fuzz would set. Log in .../build.log.
oss_build() {
  local engine="$1" sanitizer="$2"
  local dir="$oss_root/$engine-$sanitizer"
  local san cc cxx engine_flags lib
  case "$sanitizer" in
    address) san="$oss_asan" ;;
    undefined) san="$oss_ubsan" ;;
    coverage) san="$oss_coverage" ;;
  esac
  case "$engine" in
    libfuzzer)
      cc=clang-14 cxx=clang++-14
      engine_flags="-fsanitize=fuzzer-no-link" lib="-fsanitize=fuzzer"
      [[ "$sanitizer" == coverage ]] && engine_flags=""
      ;;
    afl)
      [[ -f "$afl_driver" ]] || {
        echo "tools/fuzz: $afl_driver missing (tools/setup installs afl++)" >&2
        return 1
      }
      cc=afl-clang-fast cxx=afl-clang-fast++ engine_flags="" lib="$afl_driver"
      ;;
  esac
  rm -rf "$dir"
  mkdir -p "$dir/src" "$dir/out" "$dir/work"
  # $SRC/mio-c is the checkout, as the Dockerfile's COPY makes it.
  ln -s "$PWD" "$dir/src/mio-c"
  echo "== build.sh: $engine + $sanitizer -> ${dir#"$PWD"/}/out"
  local start=$SECONDS
  if ! (cd "$dir/src/mio-c" &&
    env CC="$cc" CXX="$cxx" \
      CFLAGS="$oss_common $san $engine_flags" \
      CXXFLAGS="$oss_common $san $engine_flags" \
      LIB_FUZZING_ENGINE="$lib" FUZZING_ENGINE="$engine" \
      SANITIZER="$sanitizer" ARCHITECTURE=x86_64 \
      SRC="$dir/src" OUT="$dir/out" WORK="$dir/work" \
      AFL_QUIET=1 \
      bash -eu "$dir/src/mio-c/fuzz/oss-fuzz/build.sh") >"$dir/build.log" 2>&1; then
    echo "tools/fuzz: build.sh failed for $engine + $sanitizer:" >&2
    tail -20 "$dir/build.log" >&2
    return 1
  fi
  echo "   $(oss_targets "$dir/out" | wc -w) targets in $((SECONDS - start))s"
}

# The fuzz targets build.sh put in OUT (executables without an extension).
oss_targets() {
  local f
  for f in "$1"/*; do
    [[ -f "$f" && -x "$f" && "$(basename "$f")" != *.* ]] && basename "$f"
  done
}

# Selected targets (tools/fuzz arguments) or every one in OUT.
oss_selected() {
  if [[ ${#targets[@]} -gt 0 ]]; then
    printf '%s\n' "${targets[@]}"
  else
    oss_targets "$1"
  fi
}

oss_builds=(libfuzzer-address libfuzzer-undefined afl-address afl-undefined)

fuzz_oss_fuzz_local() {
  local b failed=0
  for b in "${oss_builds[@]}"; do
    oss_build "${b%-*}" "${b#*-}" || failed=1
  done
  return "$failed"
}

# libFuzzer flags from the [libfuzzer] section of OUT/<target>.options, as
# ClusterFuzz passes them.
libfuzzer_options() {
  local file="$1" in_section=0 line key value
  [[ -f "$file" ]] || return 0
  while IFS= read -r line; do
    case "$line" in
      "[libfuzzer]") in_section=1 ;;
      "["*) in_section=0 ;;
      *=*)
        ((in_section)) || continue
        key="$(echo "${line%%=*}" | tr -d ' ')"
        value="$(echo "${line#*=}" | sed 's/^ *//; s/ *$//')"
        [[ "$key" == dict ]] && value="$(dirname "$file")/$value"
        echo "-$key=$value"
        ;;
    esac
  done <"$file"
}

# smoke_libfuzzer OUT TARGET DIR: SECONDS of libFuzzer from the seed corpus.
smoke_libfuzzer() {
  local out="$1" t="$2" dir="$3"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  unzip -q -o "$out/${t}_seed_corpus.zip" -d "$dir/corpus"
  # shellcheck disable=SC2046
  "$out/$t" $(libfuzzer_options "$out/$t.options") \
    -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1
}

# smoke_afl OUT TARGET DIR: SECONDS of afl-fuzz from 16 seeds (calibrating
# the whole corpus would take longer than the run).
smoke_afl() {
  local out="$1" t="$2" dir="$3"
  mkdir -p "$dir/all" "$dir/in"
  unzip -q -o "$out/${t}_seed_corpus.zip" -d "$dir/all"
  find "$dir/all" -type f | sort | head -16 | xargs -I{} cp {} "$dir/in/"
  AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_FAST_CAL=1 AFL_SKIP_BIN_CHECK=0 \
    afl-fuzz -i "$dir/in" -o "$dir/findings" -V "$seconds" -t 10000 \
    -x "$out/$t.dict" -- "$out/$t" >"$dir/log" 2>&1 || return 1
  local crashes
  crashes=$(find "$dir/findings" -path '*/crashes/id:*' | wc -l)
  [[ "$crashes" -eq 0 ]]
}

# The execs/s a finished smoke run reports.
smoke_rate() {
  local dir="$1" r
  r=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" 2>/dev/null)
  [[ -n "$r" ]] || r=$(sed -n 's/^execs_per_sec *: *//p' \
    "$dir"/findings/default/fuzzer_stats 2>/dev/null)
  echo "${r:-?}"
}

fuzz_smoke() {
  local b t dir status failed=0 start=$SECONDS summary=()
  for b in "${oss_builds[@]}"; do
    if ! oss_build "${b%-*}" "${b#*-}"; then
      summary+=("$(printf '%-20s %-19s build FAILED' "$b" '*')")
      failed=1
      continue
    fi
    local out="$oss_root/$b/out"
    for t in $(oss_selected "$out"); do
      dir="$oss_root/$b/smoke/$t"
      rm -rf "$dir"
      mkdir -p "$dir"
      status=ok
      if ! "smoke_${b%-*}" "$out" "$t" "$dir"; then
        status="FAILED (see ${dir#"$PWD"/}/)"
        failed=1
        grep -E "CHECK failed|ERROR:|runtime error|PROGRAM ABORT|Test unit written" \
          "$dir/log" >&2 || true
      fi
      summary+=("$(printf '%-20s %-19s %8s exec/s  %s' "$b" "$t" \
        "$(smoke_rate "$dir")" "$status")")
    done
  done
  echo
  echo "== tools/fuzz --smoke (${seconds}s per target and build, $((SECONDS - start))s in all)"
  printf '%s\n' "${summary[@]}"
  return "$failed"
}

fuzz_coverage() {
  local dir="$oss_root/libfuzzer-coverage" cov="$PWD/build/fuzz/coverage" t
  oss_build libfuzzer coverage || return 1
  rm -rf "$cov"
  mkdir -p "$cov"
  local objects=() profiles=()
  for t in $(oss_selected "$dir/out"); do
    echo "== replaying fuzz/corpus/$t"
    LLVM_PROFILE_FILE="$cov/$t.%p.profraw" "$dir/out/$t" -runs=0 \
      "fuzz/corpus/$t" >"$cov/$t.log" 2>&1 || {
      echo "tools/fuzz: replay of $t failed (see $cov/$t.log)" >&2
      return 1
    }
    objects+=(-object "$dir/out/$t")
  done
  profiles=("$cov"/*.profraw)
  llvm-profdata-14 merge -sparse "${profiles[@]}" -o "$cov/all.profdata"
  # Files of mio/ the targets link (the Linux build), as paths in the
  # coverage mapping (build.sh compiles $SRC/mio-c/...).
  llvm-cov-14 report -instr-profile="$cov/all.profdata" "${objects[@]:1}" \
    -show-region-summary=false -show-instantiation-summary=false \
    -path-equivalence="$dir/src/mio-c,$PWD" \
    "$PWD/mio" | sed "s|$PWD/||" | tee "$cov/report.txt"
  llvm-cov-14 show -instr-profile="$cov/all.profdata" "${objects[@]:1}" \
    -path-equivalence="$dir/src/mio-c,$PWD" -format=html \
    -output-dir="$cov/html" "$PWD/mio" >/dev/null
  echo "(per-line report: ${cov#"$PWD"/}/html/index.html)"
}
