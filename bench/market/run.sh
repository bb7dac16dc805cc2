#!/usr/bin/env bash
# Energy-market benchmark (paper 000): a SUMO city trace of N EVs (made with
# tools/make_city_trace.sh) and B BSs, S one-minute market slots, every
# matcher. Prints per plugin: wall time, peak memory, pairs formed, the
# matcher's simulated time per slot and the welfare gain over the grid.
# `qubo` runs twice: on the useful pairs only (plugin_params pairs=useful)
# and on every EV-BS pair with the Table I penalties (the paper's model).
# Usage: bench/market/run.sh [BUILD_DIR] [EVS] [BS] [SLOTS]   (default 1000 20 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
evs=${2:-1000}; bs=${3:-20}; slots=${4:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/tools/make_city_trace.sh" --vehicles "$evs" --duration-s $((slots * 60 + 60)) --warmup-s 300 --seed 1 \
    --out "$work/city.fcd.xml.gz" >/dev/null 2>&1
python3 "$root/tools/make_platform.py" --bs "$bs" --bs-speed 2.5Gf > "$work/platform.xml"
sed -i 's|<host id="cloud" speed="1Tf">|<host id="cloud" speed="20Gf" core="32">|' "$work/platform.xml"
python3 - "$build/q6sim" "$root/platforms/paper000/scenario.cfg" "$work" "$evs" "$bs" "$slots" <<'PY'
import json, resource, subprocess, sys, time
exe, scenario, work, evs, bs, slots = sys.argv[1:7]
print(f"market benchmark: SUMO trace of ~{evs} EVs, {bs} BSs, {slots} slots of 60 s")
print(f"{'plugin':<20}{'wall s':>9}{'peak MiB':>10}{'pairs':>8}{'match s/slot':>14}{'gain':>12}")
for plugin, params in [("gale-shapley", ""), ("exact", ""), ("greedy", ""), ("random", ""),
                       ("qubo", "pairs=useful"), ("qubo", "")]:
    label = plugin + (" (useful)" if params else " (all)" if plugin == "qubo" else "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    out = f"{work}/{plugin}{'-' + params.replace('=', '-') if params else ''}"
    p = subprocess.run([exe, "run", scenario, "--scheduler", plugin, "--slots", slots, "--out", out,
                        "--quiet", "--no-progress", "--set", f"platform={work}/platform.xml",
                        "--set", f"vehicles.mobility.file={work}/city.fcd.xml.gz",
                        "--set", f"plugin_params={params}"], capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode:
        sys.exit(p.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    m = json.load(open(f"{out}/summary.json"))["market"]
    print(f"{label:<20}{wall:>9.2f}{peak:>10.1f}{m['matched']:>8d}{m['opt_time_s'] / int(slots):>14.3e}"
          f"{m['welfare'] - m['welfare_grid_only']:>12.1f}")
PY
