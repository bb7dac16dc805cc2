#!/bin/sh
# Paper 002 decomposition benchmark: one slot of the 35-user SATIN instance
# with each solver, then the scaling run with 100, 200 and 500 users.
#   usage: bench/benders/run.sh [BUILDDIR]
# Iterations, bounds and simulated master time are deterministic; wall
# times are machine-dependent. GLPK masters stop after 2000 branch-and-bound
# nodes (bench_benders' 4th argument; the best open bound stays a valid LB).
# The QUBO master's optimality cuts couple every pair of their variables,
# so its size grows with the square of the users: hqcgbd runs up to 200
# users (at 500 the QUBO has ~10^7 couplers and would not embed on a
# 5,640-qubit Pegasus QPU anyway).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" -Dwerror=true >/dev/null
fi
ninja -C "$build" -j2 bench/benders/bench_benders >/dev/null
b="$build/bench/benders/bench_benders"
echo "one slot, 35 users, 4 BSs + 2 HAPs + 1 LEO + cloud (seed 1)"
for s in heuristic myopic gbd hqcgbd-1 hqcgbd-5 hqcgbd-tabu-5; do
    "$b" 35 "$s" 1
done
echo
echo "scaling (GLPK master limited to 200 nodes)"
for n in 100 200 500; do
    "$b" "$n" heuristic 1
    "$b" "$n" gbd 1 200
    if [ "$n" -le 200 ]; then
        "$b" "$n" hqcgbd-tabu-5 1
        "$b" "$n" hqcgbd-5 1
    fi
done
