#!/bin/sh
# QUBO benchmark: every instance of ../shared/benchmarks/qubo against
# best_known.tsv (tabu search stopped at the best-known value, capped at 1 s
# for n <= 500 and 5 s for n = 1000, one core), plus the simulated-annealing
# update rate with 1000-sweep reads and, on bqp1000, how many of 20 reads
# reach the best-known value (dwave-neal: 11, 18, 25, 17, 2 of 100 on
# bqp1000_1..5).
#   usage: bench/qubo/run.sh [BUILDDIR] [extra bench_qubo options]
# Times are wall-clock (machine-dependent); counts are deterministic.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-qubo}
[ $# -gt 0 ] && shift
data=$root/../shared/benchmarks/qubo
if [ ! -d "$data" ]; then
    echo "run.sh: $data missing" >&2
    exit 2
fi
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" -Dwerror=true >/dev/null
fi
ninja -C "$build" -j2 bench/qubo/bench_qubo >/dev/null
echo "reference (dwave-neal C++ SA core, one core of this machine type): 1.7-2.0e7 spin-update"
echo "attempts/s, 0.054 s per 1000-sweep read on bqp1000; qbsolv: best-known on bqp1000_1..3 in 0.20-0.28 s"
echo
exec "$build/bench/qubo/bench_qubo" "$data" --sa-success-reads 20 "$@"
