#!/bin/sh
# Prints path-loss + rate evaluations per second over 10^7 evaluations.
# usage: bench/models/run.sh [BUILDDIR] [EVALUATIONS]   (default build-models, 10000000)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-models}
n=${2:-10000000}
[ -d "$build" ] || meson setup "$build" "$root" --buildtype=release >/dev/null
ninja -C "$build" bench/models/bench_models >/dev/null
"$build/bench/models/bench_models" "$n"
