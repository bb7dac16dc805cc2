#!/usr/bin/env bash
# Engine benchmark: 1,000 vehicles, 20 BSs, 600 one-second slots, greedy.
# Prints wall time, peak memory, events per second and tasks per second.
# Without VEHICLES, also runs the PureEdgeSim-equivalent load (10,000
# devices, 600 s, 0.167 tasks/s/device, 100 BSs with a 500 m range on
# 2,500 m x 2,500 m: bench/engine/scale.sh pureedgesim, which prints wall
# and CPU time, peak memory, tasks/s and events/s; goal 12 s and 1 GB) and
# the load check: 10,000 vehicles, 100 APs without ranges, 1 slot.
# Usage: bench/engine/run.sh [BUILD_DIR] [VEHICLES] [BS] [SLOTS]
# The scaling table and P3: bench/engine/scale.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
if [ $# -lt 2 ]; then
  "$0" "$build" 1000 20 600
  echo
  "$root/bench/engine/scale.sh" "$build" pureedgesim
  echo
  exec "$0" "$build" 10000 100 1
fi
vehicles=${2:-1000}; bs=${3:-20}; slots=${4:-600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/make_platform.py" --bs "$bs" --area-m 2500 > "$work/platform.xml"
sed -e "s/count = 100;/count = $vehicles;/" -e "s/slots = 60;/slots = $slots;/" \
    -e '/^uavs = {/,/^};/d' "$root/platforms/default/scenario.cfg" > "$work/scenario.cfg"
python3 - "$build/q6sim" "$work" "$vehicles" "$bs" "$slots" <<'PY'
import json, resource, subprocess, sys, time
exe, work, vehicles, bs, slots = sys.argv[1:6]
t0 = time.monotonic()
p = subprocess.run([exe, "run", f"{work}/scenario.cfg", "--out", f"{work}/out", "--quiet"],
                   capture_output=True, text=True)
wall = time.monotonic() - t0
if p.returncode:
    sys.exit(p.stderr)
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
s = json.load(open(f"{work}/out/summary.json"))
print(f"engine benchmark: {vehicles} vehicles, {bs} BSs, {slots} slots of 1 s, scheduler greedy")
print(f"{'wall time (s)':<26}{wall:>14.2f}")
print(f"{'peak memory (MiB)':<26}{peak_mib:>14.1f}")
print(f"{'events':<26}{s['events']:>14d}")
print(f"{'events per second':<26}{s['events'] / wall:>14.0f}")
print(f"{'tasks':<26}{s['tasks_generated']:>14d}")
print(f"{'tasks per second':<26}{s['tasks_generated'] / wall:>14.0f}")
print(f"{'simulated s per wall s':<26}{int(slots) / wall:>14.1f}")
PY
