#!/usr/bin/env bash
# Installs what is missing, builds q6sim and runs the default experiment
# (platforms/default/scenario.cfg with the greedy scheduler), printing its
# result table. Extra arguments go to `q6sim run`.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
exec build/q6sim run platforms/default/scenario.cfg --out out/default "$@"
