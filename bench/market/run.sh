#!/usr/bin/env bash
# Energy-market benchmark (paper 000): a SUMO city trace of N EVs (made with
# tools/make_city_trace.sh) and B BSs, S one-minute market slots, every
# matcher. Prints per plugin: wall time, peak memory, pairs formed, the
# matcher's simulated time per slot and the welfare gain over the grid.
# `qubo` runs once per step of its scaling (docs/paper000.md, "QUBO at city
# scale"), each adding one step to the previous:
#   all      every EV-BS pair with the Table I penalties, one QUBO (the paper's model)
#   useful   variables only for feasible pairs with a positive gain
#   ranked   only pairs some optimum can use (at most min(k_s, k_b)^2)
#   decomp   qbsolv-style sub-QUBOs of <= 256 variables, several passes
#   warm     decomposition started from the greedy matching (the default)
# QUBO_STEPS (default "useful ranked decomp warm") picks the steps; add
# "all" for the paper's model (minutes at 1000 EVs).
# ROUNDS (default 1) sets market.rounds: with one matching round per slot
# `exact` is the optimum the gains are compared with (over several rounds
# it optimises each round only).
# Usage: bench/market/run.sh [BUILD_DIR] [EVS] [BS] [SLOTS]   (default 1000 20 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
evs=${2:-1000}; bs=${3:-20}; slots=${4:-10}
# BENCH_WORK=DIR keeps the trace and runs there (reused when rerun).
if [ -n "${BENCH_WORK:-}" ]; then work=$BENCH_WORK; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
[ -s "$work/city.fcd.xml.gz" ] ||
"$root/tools/make_city_trace.sh" --vehicles "$evs" --duration-s $((slots * 60 + 60)) --warmup-s 300 --seed 1 \
    --out "$work/city.fcd.xml.gz" >/dev/null 2>&1
python3 "$root/tools/make_platform.py" --bs "$bs" --bs-speed 2.5Gf > "$work/platform.xml"
sed -i 's|<host id="cloud" speed="1Tf">|<host id="cloud" speed="20Gf" core="32">|' "$work/platform.xml"
python3 -u - "$build/q6sim" "$root/platforms/paper000/scenario.cfg" "$work" "$evs" "$bs" "$slots" \
    "${QUBO_STEPS:-useful ranked decomp warm}" "${ROUNDS:-1}" <<'PY'
import json, resource, subprocess, sys, time
exe, scenario, work, evs, bs, slots, steps, rounds = sys.argv[1:9]
one = "sub_vars=1000000,passes=1,warm=none"
step_params = {"all": "pairs=all," + one, "useful": "pairs=useful," + one, "ranked": "pairs=ranked," + one,
               "decomp": "pairs=ranked,warm=none", "warm": ""}
print(f"market benchmark: SUMO trace of ~{evs} EVs, {bs} BSs, {slots} slots of 60 s, {rounds} matching round(s) per slot")
print(f"{'plugin':<20}{'wall s/slot':>12}{'peak MiB':>10}{'pairs':>8}{'match s/slot':>14}{'gain':>12}{'/exact':>9}")
exact_gain = None
runs = [("exact", ""), ("gale-shapley", ""), ("greedy", ""), ("random", "")]
runs += [("qubo " + s, step_params[s]) for s in steps.split()]
for label, params in runs:
    plugin = label.split()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    out = f"{work}/{label.replace(' ', '-')}"
    p = subprocess.run([exe, "run", scenario, "--overwrite", "--scheduler", plugin, "--slots", slots, "--out", out,
                        "--quiet", "--no-progress", "--set", f"platform={work}/platform.xml",
                        "--set", f"vehicles.mobility.file={work}/city.fcd.xml.gz",
                        "--set", f"market.rounds={rounds}",
                        "--set", f"plugin_params={params}"], capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode:
        sys.exit(p.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    m = json.load(open(f"{out}/summary.json"))["market"]
    gain = m['welfare'] - m['welfare_grid_only']
    exact_gain = gain if exact_gain is None else exact_gain
    print(f"{label:<20}{wall / int(slots):>12.2f}{peak:>10.1f}{m['matched']:>8d}{m['opt_time_s'] / int(slots):>14.3e}"
          f"{gain:>12.1f}{gain / exact_gain if exact_gain else float('nan'):>9.4f}", flush=True)
PY
