"""PPO (Schulman et al. 2017) on per-task decisions: a masked categorical
policy over the valid choices and a value function; one-step advantages
A = r + gamma V(next tasks of the node) - V(x); clipped surrogate, several
epochs per episode.

--multi-agent: one agent per node through q6env's PettingZoo-style
ParallelEnv (paper 004), with parameter sharing and a centralised critic
that also sees the slot features (MAPPO, Yu et al. 2022): decentralised
actors, each acting on its own node's tasks. The actor exports as
mlp-policy.

    PYTHONPATH=python /usr/bin/python3 -m agents.ppo --episodes 30 --out ppo.q6w
    PYTHONPATH=python /usr/bin/python3 -m agents.ppo --multi-agent --out mappo.q6w
"""
import numpy as np
import torch

import q6env
from . import common
from .export import export
from .nets import MLP


def masked_logits(actor, x, valid):
    return actor(x).masked_fill(~valid, -1e9)


def train(args, log=print):
    common.seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    make_env = common.env_factory(args)
    actor = MLP(hidden=(64, 64), n_out=3, activation="tanh")
    n_critic_in = 11 + (6 if args.multi_agent else 0)
    critic = MLP(n_in=n_critic_in, hidden=(64, 64), n_out=1, activation="tanh")
    env = make_env()
    sample, slots = [], []
    common.run_episode(env, args.seed * 7919 + 1, common.random_choices(rng),
                       on_step=lambda o, i, c, no, ni, d: (sample.append(o["tasks"]),
                                                          slots.append(np.tile(o["slot"], (len(o["tasks"]), 1)))))
    feats = np.concatenate([s for s in sample if len(s)])
    actor.norm.fit(feats)
    critic.norm.fit(np.concatenate([feats, np.concatenate([s for s in slots if len(s)])], axis=1)
                    if args.multi_agent else feats)
    if args.multi_agent:
        env.close()
        penv = q6env.parallel_env(args.scenario, q6sim=args.q6sim, slots=args.slots,
                                  overrides=dict(kv.split("=", 1) for kv in args.set))
    opt = torch.optim.Adam(list(actor.parameters()) + list(critic.parameters()), lr=args.lr)
    curve = []

    def critic_in(x, s):
        return np.concatenate([x, np.tile(s, (len(x), 1))], axis=1) if args.multi_agent else x

    for ep in range(args.episodes):
        trans = common.TaskTransitions()
        slot_of = {}
        gen = torch.Generator().manual_seed(args.seed * 100003 + ep)

        def act_on(x, valid):
            if len(x) == 0:
                return np.zeros(0, dtype=int), np.zeros(0)
            with torch.no_grad():
                logits = masked_logits(actor, torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(valid))
                probs = torch.softmax(logits, dim=1)
                c = torch.multinomial(probs, 1, generator=gen).squeeze(1)
                logp = torch.log(probs.gather(1, c.reshape(-1, 1)).squeeze(1))
            return c.numpy(), logp.numpy()

        if not args.multi_agent:
            def choose(obs, info):
                trans.observe(obs, info)
                c, logp = act_on(obs["tasks"], obs["valid"])
                trans.acted(obs, info, c, extra=list(zip(logp, [obs["valid"][i] for i in range(len(c))],
                                                         [obs["slot"]] * len(c))))
                return c
            batch = []
            ret = common.run_episode(env, args.seed * 1000 + ep, choose,
                                     lambda o, i, c, no, ni, d: batch.extend(trans.feedback(ni, d)))
        else:
            batch, ret = [], 0.0
            pobs, _ = penv.reset(seed=args.seed * 1000 + ep)
            while penv.agents:
                o = penv.env.obs
                full = penv.env.arrays(o)
                nodes = np.asarray(o.tasks.node, dtype=int)
                choices, logps, acts = np.zeros(len(nodes), dtype=int), np.zeros(len(nodes)), {}
                for a in penv.agents:   # decentralised actors, shared parameters: each its own tasks
                    c, lp = act_on(pobs[a]["tasks"], pobs[a]["valid"])
                    acts[a] = c
                    mine = np.flatnonzero(nodes == int(a.split("_")[1]))
                    choices[mine], logps[mine] = c, lp
                info = {"observation": o}
                trans.observe(full, info)
                trans.acted(full, info, choices,
                            extra=list(zip(logps, list(full["valid"]), [full["slot"]] * len(choices))))
                pobs, prew, _, _, _ = penv.step(acts)
                if penv.agents:
                    ret += sum(prew.values())
                    batch.extend(trans.feedback({"observation": penv.env.obs}))
        curve.append((ep + 1, ret))
        log(f"episode {ep + 1}/{args.episodes} return {ret:.3f} transitions {len(batch)}")
        if not batch:
            continue
        x = torch.as_tensor(np.stack([b[0] for b in batch]), dtype=torch.float32)
        a = torch.as_tensor([b[1] for b in batch])
        r = torch.as_tensor([b[2] for b in batch], dtype=torch.float32)
        old_logp = torch.as_tensor([b[6][0] for b in batch], dtype=torch.float32)
        valid = torch.as_tensor(np.stack([b[6][1] for b in batch]))
        cx = torch.as_tensor(np.stack([critic_in(b[0][None], b[6][2])[0] for b in batch]), dtype=torch.float32)
        with torch.no_grad():
            nxt = torch.zeros(len(batch))
            for k, b in enumerate(batch):
                if len(b[3]):
                    nxt[k] = critic(torch.as_tensor(critic_in(b[3], b[6][2]), dtype=torch.float32)).mean()
            target = r + args.gamma * nxt
            adv = target - critic(cx).squeeze(1)
            adv = (adv - adv.mean()) / (adv.std() + 1e-8) if len(adv) > 1 else adv
        for _ in range(args.epochs):
            perm = torch.randperm(len(batch), generator=gen)
            for s in range(0, len(batch), args.minibatch):
                i = perm[s:s + args.minibatch]
                logp = torch.log_softmax(masked_logits(actor, x[i], valid[i]), 1).gather(1, a[i].reshape(-1, 1)).squeeze(1)
                ratio = torch.exp(logp - old_logp[i])
                pl = -torch.min(ratio * adv[i], torch.clamp(ratio, 1 - args.clip, 1 + args.clip) * adv[i]).mean()
                vl = ((critic(cx[i]).squeeze(1) - target[i]) ** 2).mean()
                probs = torch.softmax(masked_logits(actor, x[i], valid[i]), 1)
                ent = -(probs * torch.log(probs.clamp_min(1e-12))).sum(1).mean()
                loss = pl + 0.5 * vl - args.entropy * ent
                opt.zero_grad()
                loss.backward()
                opt.step()
    (penv if args.multi_agent else env).close()
    return actor, curve


def main(argv=None):
    p = common.parser(__doc__.split("\n")[0])
    p.add_argument("--multi-agent", action="store_true", help="one agent per node (MAPPO)")
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--gamma", type=float, default=0.5)
    p.add_argument("--clip", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--minibatch", type=int, default=64)
    p.add_argument("--entropy", type=float, default=0.01)
    args = p.parse_args(argv)
    actor, curve = train(args)
    name = "mappo" if args.multi_agent else "ppo"
    export(actor, args.out, note=f"trained by agents.ppo ({name}) seed {args.seed} episodes {args.episodes}")
    common.write_curve(args.curve, curve)
    make_env = common.env_factory(args)
    mine = common.evaluate(make_env, common.net_choices(actor), args.eval_seeds, out_dir=args.eval_out)
    rnd = common.evaluate(make_env, common.random_choices(np.random.default_rng(0)), args.eval_seeds)
    print(f"held-out seeds {args.eval_seeds}: mean return {mine:.9f} (random {rnd:.9f}); weights in {args.out}")


if __name__ == "__main__":
    main()
