"""Preference-conditioned multi-objective agent (in the spirit of Abels et
al. 2019 and paper 003's latency-energy trade-off): one Q-network takes
the task features and a preference w = (w_latency, w_energy) on the
simplex and scores the choices for the scalarised reward
-(w_latency * latency_s + w_energy * energy_j / energy_scale_j). Each
episode trains under a preference drawn from a Dirichlet(1, 1), so one
network covers the whole trade-off. Export fixes a preference (--prefer)
by folding it into the first layer's bias: the result is an exact
11-input mlp-policy.

    PYTHONPATH=python /usr/bin/python3 -m agents.morl --episodes 30 --prefer 0.8 0.2 --out morl.q6w
"""
import copy

import numpy as np
import torch
import torch.nn.functional as Fn
from torch import nn

from . import common
from .export import export
from .nets import MLP, Normalizer


class PreferenceQ(nn.Module):
    def __init__(self, hidden=(64, 64)):
        super().__init__()
        self.norm = Normalizer(11)
        sizes = [13, *hidden, 3]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))

    def forward(self, x, w):
        """x (B, 11); w (1, 2) for all rows or (B, 2) per row."""
        h = torch.cat([self.norm(x), w.expand(x.shape[0], 2)], dim=1)
        for i, layer in enumerate(self.layers):
            h = layer(h)
            if i + 1 < len(self.layers):
                h = torch.relu(h)
        return h

    def fixed(self, w):
        """The 11-input MLP equal to forward(x, w) for this w."""
        m = MLP(hidden=[l.out_features for l in self.layers[:-1]], n_out=3, activation="relu")
        with torch.no_grad():
            m.norm.load_state_dict(self.norm.state_dict())
            for dst, src in zip(m.layers, self.layers):
                dst.weight.copy_(src.weight[:, :dst.in_features])
                dst.bias.copy_(src.bias)
            first = self.layers[0]
            m.layers[0].bias.add_(first.weight[:, 11:] @ torch.as_tensor(w, dtype=torch.float32))
        return m


def train(args, log=print):
    common.seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    env = common.env_factory(args)()
    net = PreferenceQ()
    sample = []
    common.run_episode(env, args.seed * 7919 + 1, common.random_choices(rng),
                       on_step=lambda o, i, c, no, ni, d: sample.append(o["tasks"]))
    net.norm.fit(np.concatenate([s for s in sample if len(s)]))
    target = copy.deepcopy(net)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    buf, curve, steps = [], [], 0
    for ep in range(args.episodes):
        w = rng.dirichlet([1.0, 1.0])
        wt = torch.as_tensor(w, dtype=torch.float32).reshape(1, 2)
        trans = common.TaskTransitions(reward_fn=lambda lat, e: (-lat, -e / args.energy_scale_j))
        eps = max(0.05, 1.0 - ep / max(1, 0.6 * args.episodes))

        def choose(obs, info):
            trans.observe(obs, info)
            if len(obs["tasks"]) == 0:
                return np.zeros(0, dtype=int)
            with torch.no_grad():
                q = net(torch.as_tensor(obs["tasks"], dtype=torch.float32), wt).numpy()
            c = common.masked_argmax(q, obs["valid"])
            rand = common.random_choices(rng)(obs, info)
            c = np.where(rng.random(len(c)) < eps, rand, c)
            trans.acted(obs, info, c)
            return c

        def on_step(obs, info, c, nobs, ninfo, done):
            nonlocal steps
            buf.extend(trans.feedback(ninfo, done))
            del buf[:-20000]
            steps += 1
            if len(buf) >= args.batch:
                batch = [buf[i] for i in rng.integers(len(buf), size=args.batch)]
                # Hindsight over preferences: each sample is replayed under a fresh w.
                wb = torch.as_tensor(rng.dirichlet([1.0, 1.0], size=len(batch)), dtype=torch.float32)
                x = torch.as_tensor(np.stack([b[0] for b in batch]), dtype=torch.float32)
                a = torch.as_tensor([b[1] for b in batch])
                rv = torch.as_tensor([b[2] for b in batch], dtype=torch.float32)
                r = (wb * rv).sum(1)
                with torch.no_grad():
                    nxt = torch.zeros(len(batch))
                    for k, b in enumerate(batch):
                        if len(b[3]):
                            q = target(torch.as_tensor(b[3], dtype=torch.float32), wb[k:k + 1])
                            nxt[k] = q.masked_fill(~torch.as_tensor(b[4]), -1e9).max(1).values.mean()
                    y = r + args.gamma * nxt
                q = net(x, wb).gather(1, a.reshape(-1, 1)).squeeze(1)
                loss = Fn.smooth_l1_loss(q, y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            if steps % 50 == 0:
                target.load_state_dict(net.state_dict())

        ret = common.run_episode(env, args.seed * 1000 + ep, choose, on_step)
        curve.append((ep + 1, ret))
        log(f"episode {ep + 1}/{args.episodes} preference {w.round(2).tolist()} return {ret:.3f}")
    env.close()
    return net, curve


def main(argv=None):
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--gamma", type=float, default=0.5)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--energy-scale-j", type=float, default=1.0, help="energy (J) worth one second of latency")
    p.add_argument("--prefer", type=float, nargs=2, default=[1.0, 0.0], metavar=("W_LATENCY", "W_ENERGY"),
                   help="preference fixed in the exported policy")
    args = p.parse_args(argv)
    net, curve = train(args)
    w = np.asarray(args.prefer, dtype=float) / sum(args.prefer)
    fixed = net.fixed(w)
    export(fixed, args.out, note=f"trained by agents.morl seed {args.seed}; preference {w.tolist()}")
    common.write_curve(args.curve, curve)
    make_env = common.env_factory(args)
    mine = common.evaluate(make_env, common.net_choices(fixed), args.eval_seeds, out_dir=args.eval_out)
    rnd = common.evaluate(make_env, common.random_choices(np.random.default_rng(0)), args.eval_seeds)
    print(f"held-out seeds {args.eval_seeds}, preference {w.tolist()}: mean latency return {mine:.9f} "
          f"(random {rnd:.9f}); weights in {args.out}")


if __name__ == "__main__":
    main()
