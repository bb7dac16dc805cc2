#!/usr/bin/env bash
# Installs what is missing, builds q6sim with warnings as errors, runs every
# test, then runs the whole suite again in an address+undefined sanitizer
# build. Ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
status=0
for cfg in "build:-Dwerror=true" "build-asan:-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false"; do
  dir=${cfg%%:*}
  opts=${cfg#*:}
  [ -f "$dir/build.ninja" ] || meson setup "$dir" $opts >/dev/null || { status=1; continue; }
  ninja -C "$dir" || { status=1; continue; }
  # Sanitizer runs: SimGrid switches stacks, which ASan can only warn about.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$dir" --print-errorlogs --num-processes "$jobs" --timeout-multiplier 3 || status=1
done
# Fuzzing (tools/fuzz.sh, docs/fuzzing.md): every harness for a short,
# fixed budget: 15,000 executions from seed 1 (Q6_FUZZ_CI_FLAGS), capped at
# Q6_FUZZ_CI_SECONDS (default 60 s) each, so the same commit fuzzes the same
# inputs every time and a test run never passes or fails by chance; the
# long, random runs are tools/fuzz.sh's. A crash fails the run.
# Needs clang with libFuzzer (clang-14, libclang-rt-14-dev).
fuzz_results=${Q6_FUZZ_BUILD:-build-fuzz}/ci-results.tsv
rm -f "$fuzz_results"
fuzz_rc=skipped
if command -v clang-14 >/dev/null 2>&1 || command -v clang >/dev/null 2>&1; then
  Q6_FUZZ_RESULTS=$fuzz_results Q6_FUZZ_FLAGS="${Q6_FUZZ_CI_FLAGS:--seed=1 -runs=15000}" \
    tools/fuzz.sh "${Q6_FUZZ_CI_SECONDS:-60}"
  fuzz_rc=$?
  [ "$fuzz_rc" -eq 0 ] || status=1
else
  echo "run-tests.sh: no clang, fuzzing skipped" >&2
fi
FUZZ_RC=$fuzz_rc FUZZ_RESULTS=$fuzz_results python3 - <<'PY'
import json, os
counts = {"OK": 0, "FAIL": 0, "SKIP": 0}
for d in ("build", "build-asan"):
    log = os.path.join(d, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        continue
    for line in open(log):
        r = json.loads(line).get("result", "")
        key = "OK" if r in ("OK", "EXPECTEDFAIL") else "SKIP" if r == "SKIP" else "FAIL"
        counts[key] += 1
# Each fuzz harness counts as one test: passed when it ran without a crash.
fuzz_rc, results = os.environ.get("FUZZ_RC", "skipped"), os.environ.get("FUZZ_RESULTS", "")
if fuzz_rc == "skipped":
    counts["SKIP"] += 1
elif results and os.path.exists(results):
    for row in list(open(results))[1:]:
        counts["OK" if row.rstrip("\n").split("\t")[3] == "0" else "FAIL"] += 1
else:
    counts["FAIL"] += 1   # fuzz.sh could not build or run the harnesses
print(f"{counts['OK']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
PY
exit $status
