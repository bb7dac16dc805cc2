"""What the reference agents share: seeding, per-task transitions built
from q6env's feedback, evaluation on held-out seeds, command-line options
and the learning curve (CSV, and PNG through gnuplot when installed).

Decisions are per task (0 local, 1 edge at the strongest AP, 2 cloud
through it; q6env.features), so one network serves any number of nodes.
A task's reward is minus its own latency (plus the drop penalty), known
when its outcome comes back in a later observation; its next state is the
next slot's tasks of the same node."""
import argparse
import csv
import os
import random
import shutil
import subprocess

import numpy as np
import torch

import q6env
from q6env import features as F

DROPPED = 1


def seed_everything(seed):
    """One thread and fixed seeds: training is a function of the seed."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def task_costs(obs_msg, drop_penalty_s=1.0, energy_weight=0.0):
    """{task id: (latency cost, energy J)} of the outcomes in an observation."""
    o = obs_msg.outcomes
    out = {}
    for i in range(len(o.id)):
        lat = o.latency_s[i] + (drop_penalty_s if o.state[i] == DROPPED else 0.0)
        e = o.energy_local_j[i] + o.energy_radio_j[i] + o.energy_edge_j[i] + o.energy_cloud_j[i] + o.energy_qpu_j[i]
        out[int(o.id[i])] = (lat, e)
    return out


class TaskTransitions:
    """Collects (features, choice, reward, next features of the node, done)
    per task as outcomes arrive. reward_fn(latency, energy) -> reward."""

    def __init__(self, reward_fn=lambda lat, e: -lat, drop_penalty_s=1.0):
        self.reward_fn, self.drop_penalty_s = reward_fn, drop_penalty_s
        self.pending = {}          # id -> (features, choice, node, slot, extra)
        self.by_slot = {}          # slot -> {node: (features, valid)}
        self.last_slot = -1

    def observe(self, obs, info):
        """Records the slot's tasks (before acting)."""
        o = info["observation"]
        nodes = np.asarray(o.tasks.node, dtype=int)
        self.by_slot[o.slot] = {int(n): (obs["tasks"][nodes == n], obs["valid"][nodes == n]) for n in set(nodes)}
        self.last_slot = o.slot

    def acted(self, obs, info, choices, extra=None):
        o = info["observation"]
        for i in range(len(o.tasks.id)):
            self.pending[int(o.tasks.id[i])] = (obs["tasks"][i], int(choices[i]), int(o.tasks.node[i]), o.slot,
                                                None if extra is None else extra[i])

    def feedback(self, info, done=False):
        """Completed transitions from the outcomes in info's observation:
        list of (x, choice, reward, next_x (k, 11), next_valid (k, 3), done, extra)."""
        costs = task_costs(info["observation"], self.drop_penalty_s) if not done else {}
        out = []
        for tid, (lat, e) in costs.items():
            if tid not in self.pending:
                continue
            x, c, node, slot, extra = self.pending.pop(tid)
            nx, nv = self.by_slot.get(slot + 1, {}).get(node, (np.zeros((0, F.TASK_FEATURES)), np.zeros((0, 3), bool)))
            out.append((x, c, self.reward_fn(lat, e), nx, nv, False, extra))
        for s in [s for s in self.by_slot if s < self.last_slot - 50]:
            del self.by_slot[s]
        return out


def masked_argmax(scores, valid):
    s = np.where(valid, scores, -np.inf)
    return np.argmax(s, axis=1)


def run_episode(env, seed, choose, on_step=None):
    """One episode with choose(obs, info) -> choices; returns the sum of the
    latency rewards. on_step(obs, info, choices, next_obs, next_info, done)."""
    obs, info = env.reset(seed=seed)
    total = 0.0
    while True:
        choices = choose(obs, info)
        nobs, r, term, trunc, ninfo = env.step(choices)
        done = term or trunc
        if on_step:
            on_step(obs, info, choices, nobs, ninfo, done)
        if done:
            return total
        total += float(r) if np.ndim(r) == 0 else float(r[0])
        obs, info = nobs, ninfo


def random_choices(rng):
    def choose(obs, info):
        valid = obs["valid"]
        return np.array([rng.choice(np.flatnonzero(v)) for v in valid], dtype=int)
    return choose


def net_choices(net):
    def choose(obs, info):
        if len(obs["tasks"]) == 0:
            return np.zeros(0, dtype=int)
        with torch.no_grad():
            q = net(torch.as_tensor(obs["tasks"], dtype=torch.float32)).numpy()
        c = masked_argmax(q[:, :3], obs["valid"])
        if q.shape[1] == 4:   # hybrid head: offload sigmoid(output 3), as mlp-policy does in C
            return {"choices": c, "fractions": 1.0 / (1.0 + np.exp(-q[:, 3].astype(np.float64)))}
        return c
    return choose


def evaluate(make_env, choose, seeds, out_dir=None):
    """Mean return over seeds; with out_dir, each run's q6sim outputs are
    kept in out_dir/seed-S (to compare with the exported policy run in C)."""
    env = make_env()
    try:
        returns = []
        for s in seeds:
            env.out_dir = os.path.join(out_dir, f"seed-{s}") if out_dir else None
            returns.append(run_episode(env, s, choose))
        return float(np.mean(returns))
    finally:
        env.close()


def parser(description, episodes=30, slots=None):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--scenario", default=os.path.join(os.path.dirname(__file__), "..", "..", "platforms", "default",
                                                      "scenario.cfg"))
    p.add_argument("--q6sim", default=None, help="q6sim binary (default: $Q6SIM, build/q6sim, PATH)")
    p.add_argument("--episodes", type=int, default=episodes)
    p.add_argument("--slots", type=int, default=slots, help="slots per episode (default: the scenario's)")
    p.add_argument("--seed", type=int, default=1)
    # Training episodes use seeds SEED*1000+episode (and SEED*7919+1 for the
    # feature statistics): the default evaluation seeds lie outside them.
    p.add_argument("--eval-seeds", type=int, nargs="*", default=[900001, 900002, 900003],
                   help="held-out seeds for the final comparison with random (not SEED*1000+episode)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="scenario override")
    p.add_argument("--out", default="policy.q6w", help="exported weights (mlp-policy etc.)")
    p.add_argument("--eval-out", default=None, metavar="DIR",
                   help="keep the q6sim outputs of the held-out runs of the trained policy in DIR/seed-S")
    p.add_argument("--curve", default="learning-curve.csv", help="CSV (and .png with gnuplot) of episode returns")
    return p


def env_factory(args, reward="latency"):
    overrides = dict(kv.split("=", 1) for kv in args.set)

    def make():
        return q6env.make(args.scenario, q6sim=args.q6sim, slots=args.slots, reward=reward, overrides=overrides)
    return make


def write_curve(path, rows):
    """rows: (episode, return). Writes CSV, and a PNG next to it when gnuplot exists."""
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["episode", "return"])
        w.writerows(rows)
    os.replace(tmp, path)
    if shutil.which("gnuplot") and rows:
        png = os.path.splitext(path)[0] + ".png"
        script = (f"set terminal png size 800,500; set output '{png}.tmp'; set datafile separator ',';"
                  "set xlabel 'episode'; set ylabel 'return (-sum of task latencies, s)'; set key off; set grid;"
                  f"plot '{path}' skip 1 using 1:2 with linespoints")
        if subprocess.run(["gnuplot", "-e", script], capture_output=True).returncode == 0:
            os.replace(png + ".tmp", png)
