"""DDPG (Lillicrap et al. 2016) with a hybrid action per task, as paper
001 pairs DQN with DDPG: the actor outputs three choice scores and an
offload-fraction logit (continuous, bounded by tanh); the task goes to the
highest-scoring valid choice with sigmoid(logit) of its work offloaded.
Critic Q(x, a), target networks with soft updates, Gaussian exploration.
The actor exports as mlp-policy with a hybrid head.

    PYTHONPATH=python /usr/bin/python3 -m agents.ddpg --episodes 30 --out ddpg.q6w
"""
import copy

import numpy as np
import torch
from torch import nn

from . import common
from .export import export
from .nets import MLP

BOUND = 3.0


class Actor(MLP):
    """Scores of local, edge, cloud and the offload-fraction logit."""

    def __init__(self):
        super().__init__(hidden=(64, 64), n_out=4, activation="relu")


def bounded(actor, x):
    return BOUND * torch.tanh(actor(x))


def critic_value(critic, actor, x, a):
    """Q(x, a): the critic on the actor's normalised features and the action scaled to [-1, 1]."""
    return critic(torch.cat([actor.norm(x), a / BOUND], dim=1)).squeeze(1)


def actor_critic_update(actor, critic, a_targ, c_targ, a_opt, c_opt, batch, gamma, tau):
    """One DDPG step on batch (TaskTransitions tuples whose extra is the
    bounded action taken): critic towards r + gamma Q'(x', mu'(x')), actor up
    the critic's gradient, soft target updates with rate tau."""
    x = torch.as_tensor(np.stack([b[0] for b in batch]), dtype=torch.float32)
    a = torch.as_tensor(np.stack([b[6] for b in batch]), dtype=torch.float32)
    r = torch.as_tensor([b[2] for b in batch], dtype=torch.float32)
    with torch.no_grad():
        nxt = torch.zeros(len(batch))
        for k, b in enumerate(batch if gamma else ()):
            if len(b[3]):
                nx = torch.as_tensor(b[3], dtype=torch.float32)
                nxt[k] = critic_value(c_targ, actor, nx, bounded(a_targ, nx)).mean()
        y = r + gamma * nxt
    c_loss = ((critic_value(critic, actor, x, a) - y) ** 2).mean()
    c_opt.zero_grad()
    c_loss.backward()
    c_opt.step()
    a_loss = -critic_value(critic, actor, x, bounded(actor, x)).mean()
    a_opt.zero_grad()
    a_loss.backward()
    a_opt.step()
    with torch.no_grad():
        for t, s in ((a_targ, actor), (c_targ, critic)):
            for pt, ps in zip(t.parameters(), s.parameters()):
                pt.mul_(1 - tau).add_(tau * ps)


def train(args, log=print):
    common.seed_everything(args.seed)
    weights = getattr(args, "reward_weights", None)
    make_env = common.env_factory(args, reward="cost" if weights else "latency")
    env = make_env()
    rng = np.random.default_rng(args.seed)
    actor = Actor()
    sample = []
    common.run_episode(env, args.seed * 7919 + 1, common.random_choices(rng),
                       on_step=lambda o, i, c, no, ni, d: sample.append(o["tasks"]))
    actor.norm.fit(np.concatenate([s for s in sample if len(s)]))
    critic = nn.Sequential(nn.Linear(11 + 4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    a_targ, c_targ = copy.deepcopy(actor), copy.deepcopy(critic)
    a_opt = torch.optim.Adam(actor.parameters(), lr=args.lr_actor)
    c_opt = torch.optim.Adam(critic.parameters(), lr=args.lr_critic)
    # Per-task reward: minus its latency, or with --reward-weights WL WE
    # minus its WSET, WL x latency + WE x energy (paper 001).
    reward_fn = (lambda lat, e: -(weights[0] * lat + weights[1] * e)) if weights else (lambda lat, e: -lat)
    buf, trans, curve = [], common.TaskTransitions(reward_fn=reward_fn), []

    def update(batch):
        actor_critic_update(actor, critic, a_targ, c_targ, a_opt, c_opt, batch, args.gamma, args.tau)

    for ep in range(args.episodes):
        sigma = max(0.1, 1.0 - ep / max(1, 0.6 * args.episodes))

        def choose(obs, info):
            trans.observe(obs, info)
            if len(obs["tasks"]) == 0:
                return np.zeros(0, dtype=int)
            with torch.no_grad():
                a = bounded(actor, torch.as_tensor(obs["tasks"], dtype=torch.float32)).numpy()
            a = np.clip(a + sigma * rng.normal(size=a.shape), -BOUND, BOUND)
            c = common.masked_argmax(a[:, :3], obs["valid"])
            trans.acted(obs, info, c, extra=a)
            # The exported actor's fraction is sigmoid(raw output 3) (mlp-policy's
            # hybrid head); a[:, 3] is BOUND tanh of it, so undo the tanh.
            z = np.arctanh(np.clip(a[:, 3] / BOUND, -1 + 1e-9, 1 - 1e-9))
            return {"choices": c, "fractions": 1.0 / (1.0 + np.exp(-z))}

        def on_step(obs, info, c, nobs, ninfo, done):
            buf.extend(trans.feedback(ninfo, done))
            del buf[:-20000]
            if len(buf) >= args.batch:
                idx = rng.integers(len(buf), size=args.batch)
                update([buf[i] for i in idx])

        ret = common.run_episode(env, args.seed * 1000 + ep, choose, on_step)
        curve.append((ep + 1, ret))
        log(f"episode {ep + 1}/{args.episodes} return {ret:.3f} noise {sigma:.2f}")
    env.close()
    return actor, curve


def main(argv=None):
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument("--lr-actor", type=float, default=1e-3)
    p.add_argument("--lr-critic", type=float, default=1e-3)
    p.add_argument("--gamma", type=float, default=0.5)
    p.add_argument("--tau", type=float, default=0.01)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--reward-weights", type=float, nargs=2, metavar=("WL", "WE"), default=None,
                   help="per-task reward -(WL latency + WE energy) and the env's cost reward (paper 001 WSET)")
    args = p.parse_args(argv)
    actor, curve = train(args)
    export(actor, args.out, note=f"trained by agents.ddpg seed {args.seed} episodes {args.episodes}")
    common.write_curve(args.curve, curve)
    make_env = common.env_factory(args, reward="cost" if args.reward_weights else "latency")
    mine = common.evaluate(make_env, common.net_choices(actor), args.eval_seeds, out_dir=args.eval_out)
    rnd = common.evaluate(make_env, common.random_choices(np.random.default_rng(0)), args.eval_seeds)
    print(f"held-out seeds {args.eval_seeds}: mean return {mine:.9f} (random {rnd:.9f}); weights in {args.out}")


if __name__ == "__main__":
    main()
