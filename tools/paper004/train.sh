#!/bin/sh
# Paper 004: trains the learned controllers on platforms/paper004 and writes
# their weights (NAME.q6w) and learning curves (NAME-curve.csv) there, one
# thread each, seed 1, episodes of the scenario's 50 slots. Same seed, same
# files (byte for byte).
#   qdrl          multi-agent VQC (6 qubits, 4 layers) + LSTM digital twin +
#                 Nash-shaped reward (agents.p4_qdrl, docs/paper004.md)
#   sa-qdrl       the same as one centralised agent (--single-agent)
#   qdrl-no-lstm  last-value twin instead of the LSTM (--twin last)
#   qdrl-no-dt    no twin (--twin none)
#   mappo         multi-agent PPO, centralised critic (agents.ppo --multi-agent)
#   maddpg        DDPG hybrid actor shared by the vehicles (agents.ddpg)
# Two streams run side by side (at most two trainings at a time): Fig. 3's
# three (qdrl, mappo, maddpg) for EPISODES (default 1000, the paper's), and
# the three ablations for VARIANT_EPISODES (default EPISODES). Logs go to
# LOGS (default out/paper004/train-logs).
#
#   tools/paper004/train.sh [Q6SIM]      (default build/q6sim)
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
q6sim=${1:-$root/build/q6sim}
episodes=${EPISODES:-1000}
variant_episodes=${VARIANT_EPISODES:-$episodes}
logs=${LOGS:-$root/out/paper004/train-logs}
export OMP_NUM_THREADS=1 PYTHONPATH=$root/python
out=$root/platforms/paper004
mkdir -p "$logs"

train() {   # NAME EPISODES MODULE ARGS...
    name=$1
    n=$2
    mod=$3
    shift 3
    /usr/bin/python3 -m "$mod" "$@" --scenario "$out/scenario.cfg" --q6sim "$q6sim" --episodes "$n" --seed 1 \
        --out "$out/$name.q6w" --curve "$out/$name-curve.csv" >"$logs/$name.log" 2>&1 ||
        { echo "train.sh: $name failed, see $logs/$name.log" >&2; return 1; }
    tail -n 1 "$logs/$name.log"
}

(
    train qdrl "$episodes" agents.p4_qdrl --twin lstm
    train mappo "$episodes" agents.ppo --multi-agent
    train maddpg "$episodes" agents.ddpg
) &
fig3=$!
(
    train sa-qdrl "$variant_episodes" agents.p4_qdrl --twin lstm --single-agent
    train qdrl-no-lstm "$variant_episodes" agents.p4_qdrl --twin last
    train qdrl-no-dt "$variant_episodes" agents.p4_qdrl --twin none
) &
variants=$!
status=0
wait $fig3 || status=1
wait $variants || status=1
exit $status
