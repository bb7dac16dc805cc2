#!/bin/sh
# Slowdown of mlp-policy against greedy on the default scenario (issue 14
# goal: under 1.5x), and the C inference cost per task on the toy engine.
# usage: bench/agent/bench_policy.sh [BUILD_DIR]   (needs torch for the
# random 11-64-64-3 network it exports; run from the repository root)
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PYTHONPATH="$root/python" /usr/bin/python3 -c "
import torch
from agents.nets import MLP
from agents.export import export
torch.manual_seed(1)
export(MLP(hidden=(64, 64)), '$tmp/mlp.q6w')"
secs() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
# C inference alone: 100,000 slots of the toy world (~1 task per node and slot).
t=$(secs "$build/test/agent/toy_engine" run x --scheduler mlp-policy --set "plugin_params=weights=$tmp/mlp.q6w" --slots 100000)
echo "toy engine, mlp-policy 11-64-64-3: 100000 slots (~400000 tasks) in $t s"
if "$build/q6sim" plugins | grep -q '^mlp-policy'; then
  scen="$root/platforms/default/scenario.cfg"
  g=$(secs "$build/q6sim" run "$scen" --scheduler greedy --quiet --no-progress --out "$tmp/g")
  m=$(secs "$build/q6sim" run "$scen" --scheduler mlp-policy --set "plugin_params=weights=$tmp/mlp.q6w" \
        --quiet --no-progress --out "$tmp/m")
  echo "default scenario: greedy $g s, mlp-policy $m s, slowdown $(echo "$m / $g" | bc -l | cut -c1-5)x"
else
  echo "q6sim does not register mlp-policy yet: greedy comparison skipped"
fi
