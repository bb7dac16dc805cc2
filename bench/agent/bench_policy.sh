#!/bin/sh
# Slowdown of mlp-policy against greedy on the default scenario (issue 14
# goal: under 1.5x), and the C inference cost per task on the toy engine.
# usage: bench/agent/bench_policy.sh [BUILD_DIR] [SLOTS] [WEIGHTS]
# (needs torch; run from the repository root). WEIGHTS: a trained
# mlp-policy file; without it the walk-through's DQN is trained first
# (docs/learning.md, ~40 s). A policy's cost is its inference plus the
# engine's cost of the decisions it makes (offloaded tasks cost the engine
# more events than local ones), so the comparison also runs an untrained
# random 11-64-64-3 network, which offloads far more than greedy, and
# prints each run's events. SLOTS (default 600) lengthens the runs so that
# start-up does not dominate. Prints wall and CPU (user + sys) seconds: on
# a shared machine the CPU ratio is the one to trust.
set -eu
build=${1:-build}
slots=${2:-600}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PYTHONPATH="$root/python"
/usr/bin/python3 -c "
import torch
from agents.nets import MLP
from agents.export import export
torch.manual_seed(1)
export(MLP(hidden=(64, 64)), '$tmp/random-net.q6w')"
weights=${3:-}
if [ -z "$weights" ]; then
  (cd "$tmp" && /usr/bin/python3 -m agents.dqn --q6sim "$root/$build/q6sim" --episodes 20 --seed 1 \
     --out dqn.q6w --curve dqn.csv >/dev/null)
  weights=$tmp/dqn.q6w
fi
# "wall cpu" seconds of a command (GNU time's elapsed, user + sys).
secs() { /usr/bin/time -f '%e %U %S' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.2f", $1, $2 + $3}'; }
# C inference alone: 100,000 slots of the toy world (~1 task per node and slot).
t=$(secs "$build/test/agent/toy_engine" run x --scheduler mlp-policy --set "plugin_params=weights=$tmp/random-net.q6w" --slots 100000)
echo "toy engine, mlp-policy 11-64-64-3: 100000 slots (~400000 tasks): wall, CPU s: $t"
scen="$root/platforms/default/scenario.cfg"
run() { # NAME SCHEDULER [PARAMS]: prints "NAME wall cpu events tasks"
  name=$1; shift
  t=$(secs "$build/q6sim" run "$scen" --slots "$slots" --quiet --no-progress --out "$tmp/$name" "$@")
  ev=$(sed -n 's/.*"events": \([0-9]*\).*/\1/p' "$tmp/$name/summary.json")
  off=$(sed -n 's/.*"offload_fraction_mean": \([0-9.e-]*\).*/\1/p' "$tmp/$name/summary.json")
  echo "$name $t $ev $off"
}
g=$(run greedy --scheduler greedy)
m=$(run trained --scheduler mlp-policy --set "plugin_params=weights=$weights")
r=$(run random-net --scheduler mlp-policy --set "plugin_params=weights=$tmp/random-net.q6w")
printf '%s\n%s\n%s\n' "$g" "$m" "$r" | awk -v slots="$slots" '
  NR == 1 { gw = $2; gc = $3 }
  { printf "default scenario, %s slots, %-10s wall %6.2f s  CPU %5.2f s  events %7d  offloaded %.2f  slowdown vs greedy: wall %.2fx, CPU %.2fx\n",
           slots, $1, $2, $3, $4, $5, $2 / gw, $3 / gc }'
