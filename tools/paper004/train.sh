#!/bin/sh
# Paper 004: trains the learned controllers on platforms/paper004 and writes
# their weights and learning curves there (tiny runs: 100 episodes of 50
# slots each, one thread, seed 1; a few minutes each on a shared 2-core
# machine). qdrl: DQN with a variational-circuit Q-function of 6 qubits and
# 4 layers, the paper's section VI circuit size (agents.vqc,
# run in C by vqc-policy); mappo: multi-agent PPO with a centralised critic
# (agents.ppo --multi-agent, mlp-policy); maddpg: DDPG with a hybrid actor
# shared by the vehicles (agents.ddpg, mlp-policy). Same seed, same files.
#
#   tools/paper004/train.sh [Q6SIM]      (default build/q6sim)
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
q6sim=${1:-$root/build/q6sim}
export OMP_NUM_THREADS=1 PYTHONPATH=$root/python
out=$root/platforms/paper004
for spec in "qdrl agents.vqc --qubits 6 --layers 4" "mappo agents.ppo --multi-agent" "maddpg agents.ddpg"; do
    set -- $spec
    name=$1
    mod=$2
    shift 2
    /usr/bin/python3 -m "$mod" "$@" --scenario "$out/scenario.cfg" --q6sim "$q6sim" --episodes "${EPISODES:-100}" --seed 1 \
        --out "$out/$name.q6w" --curve "$out/$name-curve.csv"
done
