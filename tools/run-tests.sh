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
python3 - <<'PY'
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
print(f"{counts['OK']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
PY
exit $status
