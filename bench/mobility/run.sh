#!/bin/sh
# Mobility figures: FCD replay time and peak memory on a 200-vehicle,
# 600 s trace made by tools/make_city_trace.sh, SUMO's traceExporter.py
# (FCD -> ns-2) on the same file as a reference, and the connectivity
# update time per slot for 10,000 nodes and 100 access points.
# Usage: bench/mobility/run.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
SUMO_HOME=${SUMO_HOME:-/usr/share/sumo}
export SUMO_HOME
ninja -C "$build" -j2 bench/mobility/bench_mobility_replay bench/mobility/bench_mobility_connectivity >/dev/null
work=${Q6_BENCH_DIR:-$build/bench-mobility}
mkdir -p "$work"
trace=$work/city200.fcd.xml.gz
if [ ! -f "$trace" ]; then
    echo "making the trace (2.5 km, 200 vehicles, 600 s, seed 1) ..."
    /usr/bin/time -f "trace generation: %e s wall" "$root/tools/make_city_trace.sh" \
        --area-m 2500 --vehicles 200 --duration-s 600 --seed 1 --warmup-s 200 --out "$trace"
fi
echo "trace: $trace ($(du -k "$trace" | cut -f1) KiB gzip, $(gzip -dc "$trace" | wc -c | awk '{printf "%.1f MiB", $1/1048576}') XML)"

peak() { awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); printf "%.1f MiB", $2/1024}' "$1"; }
wall() { awk '/Elapsed \(wall clock\)/ {print $NF}' "$1"; }

echo "== q6 FCD replay (1 s samples = every timestep)"
/usr/bin/time -v "$build/bench/mobility/bench_mobility_replay" "$trace" 1.0 2>"$work/replay.time"
echo "   peak memory $(peak "$work/replay.time"), wall $(wall "$work/replay.time")"
echo "== q6 FCD replay (0.1 s samples, interpolated)"
/usr/bin/time -v "$build/bench/mobility/bench_mobility_replay" "$trace" 0.1 2>"$work/replay01.time"
echo "   peak memory $(peak "$work/replay01.time"), wall $(wall "$work/replay01.time")"

echo "== reference: SUMO traceExporter.py FCD -> ns-2 on the same file"
/usr/bin/time -v python3 "$SUMO_HOME/tools/traceExporter.py" --fcd-input "$trace" \
    --ns2mobility-output "$work/city200.ns2.tcl" >/dev/null 2>"$work/export.time" || {
    tail -5 "$work/export.time" >&2; exit 1; }
echo "   peak memory $(peak "$work/export.time"), wall $(wall "$work/export.time")"

echo "== connectivity update per slot (10,000 nodes, 100 APs)"
"$build/bench/mobility/bench_mobility_connectivity" 10000 20
