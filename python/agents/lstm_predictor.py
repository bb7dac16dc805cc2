"""LSTM predictor for digital-twin style state prediction (paper 003) and
the lstm-policy built on it.

1. Predictor: an LSTM reads the slot features (q6env.features, "slot-v1":
   tasks, mean backlogs, feedback latency and deadline rate, outcomes) one
   slot at a time and predicts the next slot's; trained on episodes of a
   behaviour policy (random) by truncated backpropagation through time,
   and compared on held-out seeds with the persistence forecast
   (next = current).
2. Policy: its state h summarises the recent past; a head scores each
   task's choices from [task features, h] by regression on the observed
   per-task latency (fitted Q with no bootstrap, gamma = 0) on the same
   logged data, the LSTM frozen. Exports as lstm-policy.

    PYTHONPATH=python /usr/bin/python3 -m agents.lstm_predictor --episodes 20 --out lstm.q6w
"""
import numpy as np
import torch
from torch import nn

from . import common
from .export import export
from .nets import LSTMPolicy


def collect(make_env, seeds, rng):
    """Per episode: slot features (T, 6) and per-task samples (slot, x, valid, choice, cost)."""
    env = make_env()
    episodes = []
    for seed in seeds:
        slots, tasks = [], []
        trans = common.TaskTransitions()
        choose_random = common.random_choices(rng)

        def choose(obs, info):
            slots.append(obs["slot"])
            trans.observe(obs, info)
            c = choose_random(obs, info)
            trans.acted(obs, info, c, extra=[(len(slots) - 1, v) for v in obs["valid"]])
            return c

        def on_step(obs, info, c, nobs, ninfo, done):
            for x, ch, r, _, _, _, extra in trans.feedback(ninfo, done):
                tasks.append((extra[0], x, extra[1], ch, -r))

        common.run_episode(env, seed, choose, on_step)
        episodes.append((np.asarray(slots), tasks))
    env.close()
    return episodes


def hidden_states(net, slots):
    """h after each slot (T, H), the LSTM run from zeros."""
    state = net.initial_state()
    out = []
    with torch.no_grad():
        for s in slots:
            state = net.step(torch.as_tensor(s, dtype=torch.float32), state)
            out.append(state[0][0].clone())
    return torch.stack(out)


def train(args, log=print):
    common.seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    make_env = common.env_factory(args)
    train_eps = collect(make_env, [args.seed * 1000 + e for e in range(args.episodes)], rng)
    test_eps = collect(make_env, args.eval_seeds, rng)
    net = LSTMPolicy(hidden=args.hidden, head=(32,), n_out=3)
    net.slot_norm.fit(np.concatenate([s for s, _ in train_eps]))
    net.norm.fit(np.concatenate([np.stack([t[1] for t in tasks]) for _, tasks in train_eps if tasks]))
    readout = nn.Linear(args.hidden, 6)
    opt = torch.optim.Adam(list(net.lstm.parameters()) + list(readout.parameters()), lr=args.lr)
    curve = []

    def prediction_mse(episodes):
        err = persist = n = 0.0
        with torch.no_grad():
            for slots, _ in episodes:
                z = net.slot_norm(torch.as_tensor(slots, dtype=torch.float64)).float()
                state = net.initial_state()
                for t in range(len(z) - 1):
                    state = net.lstm(z[t].reshape(1, -1), state)
                    err += float(((readout(state[0])[0] - z[t + 1]) ** 2).sum())
                    persist += float(((z[t] - z[t + 1]) ** 2).sum())
                    n += 1
        return err / n, persist / n

    for epoch in range(args.epochs):
        for slots, _ in train_eps:
            z = net.slot_norm(torch.as_tensor(slots, dtype=torch.float64)).float()
            state = net.initial_state()
            for start in range(0, len(z) - 1, args.bptt):
                state = (state[0].detach(), state[1].detach())
                loss = 0.0
                end = min(start + args.bptt, len(z) - 1)
                for t in range(start, end):
                    state = net.lstm(z[t].reshape(1, -1), state)
                    loss = loss + ((readout(state[0])[0] - z[t + 1]) ** 2).mean()
                opt.zero_grad()
                (loss / (end - start)).backward()
                opt.step()
        mse, persist = prediction_mse(test_eps)
        curve.append((epoch + 1, -mse))
        log(f"predictor epoch {epoch + 1}/{args.epochs}: held-out MSE {mse:.4f} (persistence {persist:.4f})")
    # Policy head on [task features, h], the LSTM frozen.
    rows = []
    for slots, tasks in train_eps:
        h = hidden_states(net, slots)
        rows += [(x, h[s], ch, cost) for s, x, _, ch, cost in tasks]
    x = torch.as_tensor(np.stack([r[0] for r in rows]), dtype=torch.float32)
    hs = torch.stack([r[1] for r in rows])
    ch = torch.as_tensor([r[2] for r in rows])
    cost = torch.as_tensor([r[3] for r in rows], dtype=torch.float32)
    hopt = torch.optim.Adam(net.head.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.head_epochs):
        perm = torch.randperm(len(rows), generator=gen)
        for s in range(0, len(rows), 64):
            i = perm[s:s + 64]
            q = net(x[i], (hs[i], None)).gather(1, ch[i].reshape(-1, 1)).squeeze(1)
            loss = ((q + cost[i]) ** 2).mean()      # q estimates -cost
            hopt.zero_grad()
            loss.backward()
            hopt.step()
    return net, curve, prediction_mse(test_eps)


class Runner:
    """Acts with an LSTMPolicy in an environment, stepping its state each slot."""

    def __init__(self, net):
        self.net, self.state, self.slot = net, None, None

    def __call__(self, obs, info):
        o = info["observation"]
        if self.state is None or o.slot == 0:
            self.state = self.net.initial_state()
        with torch.no_grad():
            self.state = self.net.step(torch.as_tensor(obs["slot"], dtype=torch.float32), self.state)
            if len(obs["tasks"]) == 0:
                return np.zeros(0, dtype=int)
            q = self.net(torch.as_tensor(obs["tasks"], dtype=torch.float32), self.state).numpy()
        return common.masked_argmax(q, obs["valid"])


def main(argv=None):
    p = common.parser(__doc__.split("\n")[0], episodes=20)
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--head-epochs", type=int, default=20)
    p.add_argument("--bptt", type=int, default=20)
    p.add_argument("--lr", type=float, default=3e-3)
    args = p.parse_args(argv)
    net, curve, (mse, persist) = train(args)
    export(net, args.out, note=f"trained by agents.lstm_predictor seed {args.seed}")
    common.write_curve(args.curve, curve)
    make_env = common.env_factory(args)
    mine = common.evaluate(make_env, Runner(net), args.eval_seeds, out_dir=args.eval_out)
    rnd = common.evaluate(make_env, common.random_choices(np.random.default_rng(0)), args.eval_seeds)
    print(f"prediction MSE on held-out seeds {mse:.4f} (persistence {persist:.4f}); "
          f"lstm-policy mean return {mine:.9f} (random {rnd:.9f}); weights in {args.out}")


if __name__ == "__main__":
    main()
