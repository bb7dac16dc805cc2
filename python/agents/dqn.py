"""DQN (Mnih et al. 2015) on per-task decisions: a Q-network scores the
three choices of each task from its features; epsilon-greedy among the
valid choices, replay buffer, target network, Huber loss, Adam.
--net vqc trains the variational-quantum-circuit Q-function instead
(agents/vqc.py). The Q-network exports as mlp-policy (vqc-policy).

    PYTHONPATH=python /usr/bin/python3 -m agents.dqn --episodes 30 --out dqn.q6w
"""
import numpy as np
import torch
import torch.nn.functional as Fn

from . import common
from .export import export
from .nets import MLP, VQC


def q_update(net, target, opt, batch, gamma):
    """One DQN step on batch (TaskTransitions tuples): Huber loss towards
    r + gamma x mean over the next slot's tasks of the target's best valid
    value (with gamma 0, the reward alone: a contextual bandit)."""
    x = torch.as_tensor(np.stack([b[0] for b in batch]), dtype=torch.float32)
    a = torch.as_tensor([b[1] for b in batch])
    r = torch.as_tensor([b[2] for b in batch], dtype=torch.float32)
    with torch.no_grad():
        nxt = torch.zeros(len(batch))
        for k, b in enumerate(batch if gamma else ()):
            if len(b[3]):
                q = target(torch.as_tensor(b[3], dtype=torch.float32))
                q = q.masked_fill(~torch.as_tensor(b[4]), -1e9)
                nxt[k] = q.max(1).values.mean()
        y = r + gamma * nxt
    q = net(x).gather(1, a.reshape(-1, 1)).squeeze(1)
    loss = Fn.smooth_l1_loss(q, y)
    opt.zero_grad()
    loss.backward()
    opt.step()


def train(args, net=None, log=print):
    common.seed_everything(args.seed)
    make_env = common.env_factory(args)
    env = make_env()
    net = net or MLP(hidden=(64, 64), n_out=3)
    rng = np.random.default_rng(args.seed)
    # Normalise features by statistics of a short random episode.
    sample = []
    common.run_episode(env, args.seed * 7919 + 1, common.random_choices(rng),
                       on_step=lambda o, i, c, no, ni, d: sample.append(o["tasks"]))
    feats = np.concatenate([s for s in sample if len(s)] or [np.zeros((1, 11))])
    net.norm.fit(feats)
    target = __import__("copy").deepcopy(net)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    buf, cap = [], 20000
    trans = common.TaskTransitions()
    gamma, steps, curve = args.gamma, 0, []
    for ep in range(args.episodes):
        eps = max(0.05, 1.0 - ep / max(1, 0.6 * args.episodes))
        greedy = common.net_choices(net)
        rand = common.random_choices(rng)

        def choose(obs, info):
            trans.observe(obs, info)
            c = greedy(obs, info)
            r = rand(obs, info)
            explore = rng.random(len(c)) < eps
            c = np.where(explore, r, c)
            trans.acted(obs, info, c)
            return c

        def on_step(obs, info, c, nobs, ninfo, done):
            nonlocal steps
            for t in trans.feedback(ninfo, done):
                buf.append(t)
                if len(buf) > cap:
                    buf.pop(0)
            steps += 1
            if len(buf) >= args.batch:
                for _ in range(args.updates):
                    idx = rng.integers(len(buf), size=args.batch)
                    update([buf[i] for i in idx])
            if steps % 50 == 0:
                target.load_state_dict(net.state_dict())

        def update(batch):
            q_update(net, target, opt, batch, gamma)

        ret = common.run_episode(env, args.seed * 1000 + ep, choose, on_step)
        curve.append((ep + 1, ret))
        log(f"episode {ep + 1}/{args.episodes} return {ret:.3f} epsilon {eps:.2f}")
    env.close()
    return net, curve


def add_options(p):
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--gamma", type=float, default=0.5, help="discount per slot")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--updates", type=int, default=1, help="gradient steps per environment step")
    p.add_argument("--net", choices=["mlp", "vqc"], default="mlp")
    p.add_argument("--qubits", type=int, default=4)
    p.add_argument("--layers", type=int, default=2)
    return p


def finish(args, net, curve):
    export(net, args.out, note=f"trained by agents.{args.agent} seed {args.seed} episodes {args.episodes}")
    common.write_curve(args.curve, curve)
    make_env = common.env_factory(args)
    mine = common.evaluate(make_env, common.net_choices(net), args.eval_seeds, out_dir=args.eval_out)
    rnd = common.evaluate(make_env, common.random_choices(np.random.default_rng(0)), args.eval_seeds)
    print(f"held-out seeds {args.eval_seeds}: mean return {mine:.9f} (random {rnd:.9f}); weights in {args.out}")
    return mine, rnd


def main(argv=None):
    args = add_options(common.parser(__doc__.split("\n")[0])).parse_args(argv)
    args.agent = "dqn"
    net = VQC(qubits=args.qubits, layers=args.layers) if args.net == "vqc" else None
    net, curve = train(args, net)
    finish(args, net, curve)


if __name__ == "__main__":
    main()
