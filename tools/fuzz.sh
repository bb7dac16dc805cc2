#!/usr/bin/env bash
# Fuzzes every input parser: builds the libFuzzer harnesses of test/fuzz/
# (clang, ASan+UBSan, its own build dir) and runs each harness, one after
# the other, for SECONDS (default 60). Prints per harness the executions,
# executions per second and crashes, and exits 1 when any harness crashed
# (crash, leak, timeout or out-of-memory); the inputs are saved under
# BUILD/crashes/. New corpus entries go to BUILD/corpus/NAME/ (the seeds in
# test/fuzz/corpus/ are only read). Details: docs/fuzzing.md.
#
# usage: tools/fuzz.sh [SECONDS] [HARNESS...]
# env:   Q6_FUZZ_BUILD (default build-fuzz), Q6_FUZZ_CC (default clang-14,
#        else clang), Q6_FUZZ_JOBS (ninja -j, default 2),
#        Q6_FUZZ_RESULTS (also write the table as TSV to this file),
#        Q6_FUZZ_FLAGS (more libFuzzer options, e.g. -rss_limit_mb=0),
#        ASAN_OPTIONS (appended to the script's own),
#        Q6_FUZZ_TMP (scratch folder of the harnesses; default /dev/shm when
#        writable, a RAM disk, else BUILD/tmp)
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
case $secs in ''|*[!0-9]*) echo "usage: tools/fuzz.sh [SECONDS] [HARNESS...]" >&2; exit 2 ;; esac
dir=${Q6_FUZZ_BUILD:-build-fuzz}
cc=${Q6_FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}
[ -n "$cc" ] || { echo "fuzz.sh: clang not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in test/fuzz/fuzz_*.c; do
    h=${f#test/fuzz/fuzz_}; h=${h%.c}
    [ "$h" = util ] || harnesses+=("$h")
  done
fi

if [ ! -f "$dir/build.ninja" ]; then
  CC=$cc meson setup "$dir" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dwerror=true >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log" >&2; exit 2; }
  rm -f "$dir.setup.log"
fi
targets=()
for h in "${harnesses[@]}"; do
  [ -f "test/fuzz/fuzz_$h.c" ] || { echo "fuzz.sh: no harness test/fuzz/fuzz_$h.c" >&2; exit 2; }
  targets+=("test/fuzz/fuzz_$h")
done
ninja -C "$dir" -j"${Q6_FUZZ_JOBS:-2}" "${targets[@]}" >"$dir/fuzz-build.log" 2>&1 ||
  { tail -40 "$dir/fuzz-build.log" >&2; exit 2; }

mkdir -p "$dir/crashes"
tmp=${Q6_FUZZ_TMP:-}
if [ -z "$tmp" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp=/dev/shm; else tmp="$PWD/$dir/tmp"; fi
fi
mkdir -p "$tmp"
results=${Q6_FUZZ_RESULTS:-}
[ -z "$results" ] || printf 'harness\texecutions\texec_per_s\tcrashes\n' >"$results"
printf '%-12s %12s %9s %8s\n' harness executions exec/s crashes
status=0
for h in "${harnesses[@]}"; do
  mkdir -p "$dir/corpus/$h"
  log="$dir/fuzz-$h.log"
  # slow-unit-* files are libFuzzer's reports of slow inputs, not failures
  # (a starved machine makes any input slow); -timeout catches real hangs.
  before=$(find "$dir/crashes" -name "$h-*" ! -name "$h-slow-unit-*" | wc -l)
  dict=()
  [ -f "test/fuzz/dict/$h.dict" ] && dict=(-dict="test/fuzz/dict/$h.dict")
  # A scratch folder per run, made and removed here (a harness removes its
  # own files at exit, but not when it crashes). -timeout: a hang, with
  # room for a loaded machine.
  run_tmp=$(mktemp -d "$tmp/q6fuzz-run.XXXXXX") || exit 2
  # libconfig leaks a token on most syntax errors (suppressed, see
  # test/fuzz/lsan.supp), and libFuzzer runs a full leak scan after every
  # input that leaked: ten times slower. Those harnesses fuzz without leak
  # checks, then every corpus input is replayed with them (second run).
  leaks_now=1
  case $h in scenario|sweep_spec) leaks_now=0 ;; esac
  run() {
    TMPDIR="$run_tmp" \
    ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    LSAN_OPTIONS="suppressions=$PWD/test/fuzz/lsan.supp" \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$dir/test/fuzz/fuzz_$h" -timeout=60 -rss_limit_mb=2048 -artifact_prefix="$dir/crashes/$h-" \
        "$@" "$dir/corpus/$h" "test/fuzz/corpus/$h"
  }
  run -max_total_time="$secs" -print_final_stats=1 -detect_leaks=$leaks_now "${dict[@]}" \
    ${Q6_FUZZ_FLAGS:-} >"$log" 2>&1
  rc=$?
  if [ $rc -eq 0 ] && [ $leaks_now -eq 0 ]; then
    run -runs=0 -detect_leaks=1 >"$dir/fuzz-$h-leaks.log" 2>&1 || rc=$?
    [ $rc -eq 0 ] || log="$dir/fuzz-$h-leaks.log"
  fi
  rm -rf "$run_tmp"
  after=$(find "$dir/crashes" -name "$h-*" ! -name "$h-slow-unit-*" | wc -l)
  crashes=$((after - before))
  [ $rc -ne 0 ] && [ $crashes -eq 0 ] && crashes=1   # died without an artifact
  flog="$dir/fuzz-$h.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$flog" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$flog" | tail -1)
  if [ -z "$execs" ]; then   # stopped by a crash: the last status line
    execs=$(grep -o '^#[0-9]*' "$flog" | tail -1 | tr -d '#')
    rate=$(grep -o 'exec/s: [0-9]*' "$flog" | tail -1 | sed 's/exec\/s: //')
  fi
  printf '%-12s %12s %9s %8s\n' "$h" "${execs:-0}" "${rate:-0}" "$crashes"
  [ -z "$results" ] || printf '%s\t%s\t%s\t%s\n' "$h" "${execs:-0}" "${rate:-0}" "$crashes" >>"$results"
  if [ "$crashes" -ne 0 ]; then
    status=1
    echo "  $h: see $log; input(s) in $dir/crashes/$h-*" >&2
    grep -m3 -E 'ERROR|invariant failed|runtime error' "$log" | sed 's/^/  /' >&2
  fi
done
exit $status
