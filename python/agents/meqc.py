"""Paper 001's two-stage DRL for meqc-drl (docs/paper001.md): a DQN picks
each classical task's mode (0 local, 1 the whole task to the cloud CPU,
2 partial) and a DDPG actor the fraction x a partial task offloads. Both
learn the penalty part of the drift-plus-penalty problem (18): the reward
of a task is minus its WSET, weight_latency x (latency + the drop penalty
when it missed its maximum delay) + weight_energy x energy, and gamma is 0
because (18) is a one-slot problem once the queues are fixed. The
Lyapunov outer loop adds the drift exactly at run time (choose_modes):
mode = argmax_m V q_m + Q_i 1{m offloads}, Q_i device i's virtual queue
(eq. 13, DeviceQueues). Circuits keep their QPU preset (q6sim's Q1: the
QPU mode is the only one for them and no classical task's).

The DQN's and DDPG's update steps are those of agents.dqn and agents.ddpg.
Exports: the Q-network as an mlp weight file with a discrete head (three
mode scores) and the actor as one with a fraction head (one logit,
x = sigmoid); meqc-drl runs both in C.

    PYTHONPATH=python OMP_NUM_THREADS=1 /usr/bin/python3 -m agents.meqc \\
        --scenario platforms/paper001/scenario.cfg --episodes 24 --slots 100 --seed 1 \\
        --out platforms/paper001/meqc-drl-dqn.q6w --actor-out platforms/paper001/meqc-drl-ddpg.q6w \\
        --curve platforms/paper001/meqc-drl-curve.csv
"""
import copy
import math

import numpy as np
import torch
from torch import nn

from . import common
from .ddpg import BOUND, actor_critic_update, bounded
from .dqn import q_update
from .export import export
from .nets import MLP

LOCAL, CPU, PARTIAL = 0, 1, 2
OFFLOADS = np.array([0.0, 1.0, 1.0])
QUANTUM_FEATURE = 10
OFFLOAD_RATE = 1            # q6_vqueue_kind of the offloading-rate queue


def sigmoid(z):
    """1 / (1 + exp(-z)) with libm's exp, as the C scheduler computes it."""
    return 1.0 / (1.0 + math.exp(-z))


def choose_modes(scores, logits, can_offload, v, q):
    """The outer loop of eq. (18) per task, as meqc-drl does in C: scores
    (n, 3) the DQN's values (minus the predicted WSET) of local, cloud CPU,
    partial; logits (n,) the actor's; can_offload (n,) bool; q (n,) the
    task's device queue. Returns (modes, fractions): the mode maximising
    V score + Q 1{offloads} (lowest index on ties), x 0 / 1 / sigmoid."""
    obj = v * np.asarray(scores, dtype=np.float64) + np.asarray(q, dtype=np.float64)[:, None] * OFFLOADS
    obj[~np.asarray(can_offload, dtype=bool), 1:] = -np.inf
    modes = np.argmax(obj, axis=1)
    x = np.array([0.0 if m == LOCAL else 1.0 if m == CPU else sigmoid(float(z)) for m, z in zip(modes, logits)])
    return modes, x


class DeviceQueues:
    """Eq. (13) per device: Q_i(t+1) = max(Q_i(t) + rho n_i(t) - s_i(t), 0)
    with n_i the device's tasks of the slot and s_i those offloaded (x > 0 or
    a circuit to the QPU); rho of the scenario's offload-rate queue, 0 (no
    drift) without one. Their sum is the engine's system-wide queue while
    none of them sits at zero."""

    def __init__(self):
        self.q = {}

    @staticmethod
    def rho(o):
        qs = o.queues
        for k in range(len(qs.kind)):
            if qs.kind[k] == OFFLOAD_RATE:
                return qs.budget[k]
        return 0.0

    def backlogs(self, nodes):
        return np.array([self.q.get(int(n), 0.0) for n in nodes])

    def update(self, o, offloaded):
        rho = self.rho(o)
        nodes = np.asarray(o.tasks.node, dtype=int)
        for n in sorted(set(nodes.tolist())):
            mine = nodes == n
            self.q[n] = max(self.q.get(n, 0.0) + rho * float(mine.sum()) - float(np.sum(offloaded[mine])), 0.0)


class TwoStage:
    """The trained policy with the outer loop, for q6env (evaluation, and the
    test that C decides as Python does): choose(obs, info) -> action."""

    def __init__(self, qnet, actor, dtype=torch.float32):
        self.qnet, self.actor, self.dtype = qnet, actor, dtype
        self.queues = DeviceQueues()

    def __call__(self, obs, info):
        o = info["observation"]
        if o.slot == 0:
            self.queues = DeviceQueues()
        x = obs["tasks"]
        n = len(x)
        if n == 0:
            return np.zeros(0, dtype=int)
        with torch.no_grad():
            xt = torch.as_tensor(x, dtype=self.dtype)
            scores = self.qnet(xt).to(torch.float64).numpy()
            logits = self.actor(xt)[:, 0].to(torch.float64).numpy()
        quantum = x[:, QUANTUM_FEATURE] > 0.5
        v = o.lyapunov_v if o.lyapunov_v > 0 else 1.0
        modes, frac = choose_modes(scores, logits, obs["valid"][:, 2], v, self.queues.backlogs(o.tasks.node))
        choices = np.where(modes == LOCAL, 0, 2)
        self.queues.update(o, np.where(quantum, 1.0, (modes != LOCAL).astype(float)))
        return {"choices": choices, "fractions": frac}


def train(args, log=print):
    common.seed_everything(args.seed)
    wl, we = args.reward_weights
    make_env = common.env_factory(args, reward="cost")
    env = make_env()
    rng = np.random.default_rng(args.seed)
    qnet = MLP(hidden=(64, 64), n_out=3)
    actor = MLP(hidden=(64, 64), n_out=1)
    sample = []
    common.run_episode(env, args.seed * 7919 + 1, common.random_choices(rng),
                       on_step=lambda o, i, c, no, ni, d: sample.append(o["tasks"]))
    qnet.norm.fit(np.concatenate([s for s in sample if len(s)]))
    actor.norm.load_state_dict(qnet.norm.state_dict())
    q_targ = copy.deepcopy(qnet)
    critic = nn.Sequential(nn.Linear(11 + 1, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    a_targ, c_targ = copy.deepcopy(actor), copy.deepcopy(critic)
    q_opt = torch.optim.Adam(qnet.parameters(), lr=args.lr)
    a_opt = torch.optim.Adam(actor.parameters(), lr=args.lr_actor)
    c_opt = torch.optim.Adam(critic.parameters(), lr=args.lr_critic)
    trans = common.TaskTransitions(reward_fn=lambda lat, e: -(wl * lat + we * e), drop_penalty_s=args.drop_penalty_s)
    modes_buf, frac_buf, curve = [], [], []
    for ep in range(args.episodes):
        eps = max(0.05, 1.0 - ep / max(1, 0.6 * args.episodes))
        sigma = max(0.1, 1.0 - ep / max(1, 0.6 * args.episodes))

        def choose(obs, info):
            trans.observe(obs, info)
            x = obs["tasks"]
            if len(x) == 0:
                return np.zeros(0, dtype=int)
            can = obs["valid"][:, 2]
            with torch.no_grad():
                xt = torch.as_tensor(x, dtype=torch.float32)
                scores = qnet(xt).numpy().astype(np.float64)
                a = bounded(actor, xt).numpy()
            a = np.clip(a + sigma * rng.normal(size=a.shape), -BOUND, BOUND)
            modes = np.argmax(np.where(can[:, None] | (np.arange(3) == LOCAL), scores, -np.inf), axis=1)
            explore = rng.random(len(x)) < eps
            rand = np.where(can, rng.integers(3, size=len(x)), LOCAL)
            modes = np.where(explore, rand, modes)
            # The exported actor's fraction is sigmoid(raw output); a is BOUND tanh of it.
            z = np.arctanh(np.clip(a[:, 0] / BOUND, -1 + 1e-9, 1 - 1e-9))
            frac = np.where(modes == LOCAL, 0.0, np.where(modes == CPU, 1.0, 1.0 / (1.0 + np.exp(-z))))
            trans.acted(obs, info, modes, extra=a)
            return {"choices": np.where(modes == LOCAL, 0, 2), "fractions": frac}

        def on_step(obs, info, c, nobs, ninfo, done):
            for t in trans.feedback(ninfo, done):
                if t[0][QUANTUM_FEATURE] > 0.5:
                    continue        # circuits: the preset QPU mode, no decision to learn
                modes_buf.append(t)
                if t[1] == PARTIAL:
                    frac_buf.append(t)
            del modes_buf[:-20000], frac_buf[:-20000]
            for _ in range(args.updates):
                if len(modes_buf) >= args.batch:
                    q_update(qnet, q_targ, q_opt, [modes_buf[i] for i in rng.integers(len(modes_buf), size=args.batch)],
                             0.0)
                if len(frac_buf) >= args.batch:
                    actor_critic_update(actor, critic, a_targ, c_targ, a_opt, c_opt,
                                        [frac_buf[i] for i in rng.integers(len(frac_buf), size=args.batch)],
                                        0.0, args.tau)

        ret = common.run_episode(env, args.seed * 1000 + ep, choose, on_step)
        curve.append((ep + 1, ret))
        log(f"episode {ep + 1}/{args.episodes} return {ret:.3f} epsilon {eps:.2f} noise {sigma:.2f}")
    env.close()
    return qnet, actor, curve


def main(argv=None):
    p = common.parser(__doc__.split("\n")[0], episodes=24)
    p.add_argument("--actor-out", default="meqc-actor.q6w", help="the DDPG actor's weights (fraction head)")
    p.add_argument("--lr", type=float, default=1e-3, help="DQN learning rate")
    p.add_argument("--lr-actor", type=float, default=1e-3)
    p.add_argument("--lr-critic", type=float, default=1e-3)
    p.add_argument("--tau", type=float, default=0.01)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--updates", type=int, default=2, help="gradient steps of each network per slot")
    p.add_argument("--drop-penalty-s", type=float, default=1.0,
                   help="latency added to a task dropped at its maximum delay (the scenario's drop penalty)")
    p.add_argument("--reward-weights", type=float, nargs=2, metavar=("WL", "WE"), default=(0.5, 0.5),
                   help="WSET weights of the per-task reward (the scenario's cost weights)")
    args = p.parse_args(argv)
    qnet, actor, curve = train(args)
    note = f"agents.meqc seed {args.seed} episodes {args.episodes}"
    export(qnet, args.out, note=note + ": DQN local/cpu/partial")
    export(actor, args.actor_out, note=note + ": DDPG fraction actor")
    common.write_curve(args.curve, curve)
    make_env = common.env_factory(args, reward="cost")
    mine = common.evaluate(make_env, TwoStage(qnet, actor), args.eval_seeds, out_dir=args.eval_out)
    rnd = common.evaluate(make_env, common.random_choices(np.random.default_rng(0)), args.eval_seeds)
    print(f"held-out seeds {args.eval_seeds}: mean return {mine:.9f} (random {rnd:.9f}); "
          f"weights in {args.out}, {args.actor_out}")


if __name__ == "__main__":
    main()
