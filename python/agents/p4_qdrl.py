"""Paper 004's multi-agent quantum DRL with an LSTM digital twin and the
Nash reward shaping of Algorithm 3 (docs/paper004.md, "qdrl"), and its
ablations; exports weights for the C plugins qdrl, sa-qdrl, qdrl-no-lstm
and qdrl-no-dt (solvers/paper004/qdrl.c).

Agents: one per vehicle, parameters shared (every vehicle runs the same
circuit on its own tasks). Per task the agent sees the p4-v1 task
features and the twin's prediction of its vehicle's next-slot state
(p4_features.twin_state), and its 6-qubit, 4-layer variational circuit
(nets.VQC) scores the four choices: local, best BS, best UAV, cloud. DQN
(agents.dqn's scheme: replay, target circuit, Huber loss, epsilon-greedy),
with the target's next-state values computed for a whole batch at once.

Digital twin (--twin): per vehicle, an LSTM (one layer) steps once per
slot over the vehicle's twin state and a linear readout predicts the next
slot's; it is trained on the run's history (the last --twin-window
episodes, MSE on the normalised state, full BPTT over the episode) after
every episode. `last` replaces the LSTM by persistence (prediction = the
current state); `none` removes the twin: no prediction in the input and no
twin-based shaping.

Reward (p4_features.shaped_reward): Algorithm 3's R_v + I - P for each
task's latency and vehicle energy, minus mu x the twin's best-response
regret (the Nash step: the twin's estimated latency of the choice made
minus that of the best choice, others' actions fixed in the predicted
state). --single-agent (sa-qdrl): one centralised agent; every task of a
slot gets the slot's mean shaped reward over all vehicles instead of its
own vehicle agent's.

    PYTHONPATH=python /usr/bin/python3 -m agents.p4_qdrl --scenario platforms/paper004/scenario.cfg \\
        --twin lstm --episodes 1000 --out qdrl.q6w
"""
import collections
import copy
import os

import numpy as np
import torch
import torch.nn.functional as Fn
from torch import nn

from . import common
from . import p4_features as P
from .export import _tensor, vqc_tensors, weights_file
from .nets import VQC, Normalizer

DROPPED = 1


class Twin(nn.Module):
    """The digital twin's predictor: twin state (n_nodes, 6) per slot ->
    normalised prediction of the next slot's. kind lstm | last."""

    def __init__(self, kind="lstm", hidden=16):
        super().__init__()
        self.kind, self.hidden = kind, hidden
        self.norm = Normalizer(P.TWIN)
        if kind == "lstm":
            self.lstm = nn.LSTM(P.TWIN, hidden, batch_first=True)
            self.readout = nn.Linear(hidden, P.TWIN)

    def initial_state(self, n, dtype=torch.float32):
        z = torch.zeros(1, n, self.hidden, dtype=dtype)
        return (z, z.clone())

    def step(self, x, state):
        """x (n, 6) raw -> (prediction (n, 6) normalised, new state)."""
        z = self.norm(torch.as_tensor(x, dtype=torch.float64))
        if self.kind == "last":
            return z, state
        z = z.to(self.readout.weight.dtype)
        n = z.shape[0]
        if state is None or state[0].shape[1] != n:
            state = self.initial_state(n, z.dtype)
        h, state = self.lstm(z.reshape(n, 1, P.TWIN), state)
        return self.readout(h[:, 0, :]), state

    def denorm(self, pred):
        return pred.to(torch.float64) / self.norm.scale + self.norm.mean

    def loss(self, seqs):
        """MSE of the one-step prediction on seqs (B, T, 6) of raw states."""
        z = self.norm(torch.as_tensor(seqs, dtype=torch.float64)).float()
        h, _ = self.lstm(z[:, :-1, :])
        return ((self.readout(h) - z[:, 1:, :]) ** 2).mean()


class QDRL(nn.Module):
    """Twin (optional) + circuit; the circuit's input is [task features,
    twin prediction of the task's vehicle] (VQC.norm normalises the task
    part; the prediction part is already normalised: identity there)."""

    def __init__(self, twin="lstm", qubits=6, layers=4, hidden=16, single_agent=False, ap_agents=True, ap_qubits=4,
                 ap_layers=2):
        super().__init__()
        self.twin_kind, self.single_agent = twin, single_agent
        self.twin = Twin(twin, hidden) if twin != "none" else None
        self.n_in = P.TASK + (P.TWIN if self.twin else 0)
        self.vqc = VQC(qubits=qubits, layers=layers, n_out=P.CHOICES, n_in=self.n_in)
        # UAV and BS agents (forwarding), one circuit shared by every AP.
        self.ap = VQC(qubits=ap_qubits, layers=ap_layers, n_out=P.AP_CHOICES, n_in=P.AP_FEATURES) \
            if ap_agents else None

    def fit_norms(self, tasks, twins, ap_x=None):
        if self.ap is not None and ap_x is not None and len(ap_x) > 1:
            self.ap.norm.fit(ap_x)
        self.vqc.norm.fit(np.concatenate([tasks, np.zeros((len(tasks), self.n_in - P.TASK))], axis=1))
        with torch.no_grad():
            self.vqc.norm.mean[P.TASK:] = 0.0
            self.vqc.norm.scale[P.TASK:] = 1.0
        if self.twin:
            self.twin.norm.fit(twins)


class Actor:
    """Runs a QDRL net on one episode's observations, keeping the twin's
    per-vehicle state: per slot, the circuit's inputs, the valid choices,
    the twin's prediction (raw units) and the scores."""

    def __init__(self, net):
        self.net, self.state = net, None

    def slot(self, o):
        aps = P.best_aps(o)
        if o.slot == 0:
            self.state = None
        tf = P.task_features(o, aps)
        valid = P.valid_choices(o, aps)
        node = np.asarray(o.tasks.node, dtype=int)
        pred_raw = None
        with torch.no_grad():
            if self.net.twin is not None:
                pred, self.state = self.net.twin.step(P.twin_state(o, aps), self.state)
                pred_raw = self.net.twin.denorm(pred).numpy()
                x = np.concatenate([tf, pred.to(torch.float64).numpy()[node]], axis=1)
            else:
                x = tf
            q = self.net.vqc(torch.as_tensor(x, dtype=self.net.vqc.enc.weight.dtype)).to(torch.float64).numpy() \
                if len(x) else np.zeros((0, P.CHOICES))
        return aps, x, valid, pred_raw, q

    def ap_slot(self, o, decisions):
        """The AP agents' rows, inputs, valid choices and scores."""
        nb = P.relay_neighbours(o)
        rows, X, valid = P.ap_features(o, decisions, nb)
        if self.net.ap is None or not rows:
            return nb, rows, X, valid, np.zeros((len(rows), P.AP_CHOICES))
        with torch.no_grad():
            q = self.net.ap(torch.as_tensor(X, dtype=self.net.ap.enc.weight.dtype)).to(torch.float64).numpy()
        return nb, rows, X, valid, q


def collect_stats(env, seed, rng):
    """Task features, twin states and AP features of one episode of random choices."""
    tasks, twins, apx = [], [], []
    obs, info = env.reset(seed=seed)
    while True:
        o = info["observation"]
        aps = P.best_aps(o)
        tasks.append(P.task_features(o, aps))
        twins.append(P.twin_state(o, aps))
        valid = P.valid_choices(o, aps)
        c = np.array([rng.choice(np.flatnonzero(v)) for v in valid], dtype=int)
        dec = P.apply(o, c, aps, P.dual_connectivity(o))
        apx.append(P.ap_features(o, dec)[1])
        _, _, term, trunc, info = env.step(P.to_action(o, c, decisions=dec))
        if term or trunc:
            break
    t = np.concatenate([x for x in tasks if len(x)] or [np.zeros((1, P.TASK))])
    return t, np.concatenate(twins), np.concatenate(apx)


def vehicle_costs(o):
    """{task id: (latency + drop penalty, vehicle energy J)} of the outcomes."""
    oc = o.outcomes
    return {int(oc.id[i]): (oc.latency_s[i] + (1.0 if oc.state[i] == DROPPED else 0.0),
                            oc.energy_local_j[i] + oc.energy_radio_j[i]) for i in range(len(oc.id))}


class Transitions:
    """Per-task transitions (x, choice, shaped reward, next x (k, n_in),
    next valid (k, 4)) as outcomes arrive; the next state is the next
    slot's tasks of the same vehicle. single: each task's reward is the
    mean shaped reward of every task decided in its slot, emitted once all
    of them have ended."""

    def __init__(self, single=False):
        self.single = single
        self.pending, self.by_slot, self.slot_open, self.ap_pending = {}, {}, {}, {}
        self.ap_done = []       # (x, choice, shaped reward without the regret) of the AP agents

    def ap_acted(self, o, rows, X, choices):
        for k, i in enumerate(rows):
            self.ap_pending[int(o.tasks.id[i])] = (X[k], int(choices[k]))

    def acted(self, o, x, valid, choices, regret):
        node = np.asarray(o.tasks.node, dtype=int)
        self.by_slot[o.slot] = {int(v): (x[node == v], valid[node == v]) for v in set(node)}
        for i in range(len(o.tasks.id)):
            self.pending[int(o.tasks.id[i])] = (x[i], int(choices[i]), int(node[i]), o.slot, float(regret[i]))
        if self.single and len(node):
            self.slot_open[o.slot] = [len(node), []]

    def feedback(self, o):
        out = []
        for tid, (lat, e) in vehicle_costs(o).items():
            if tid in self.ap_pending:
                ax, ac = self.ap_pending.pop(tid)
                self.ap_done.append((ax, ac, P.shaped_reward(lat, e)))
            if tid not in self.pending:
                continue
            x, c, v, slot, regret = self.pending.pop(tid)
            nx, nv = self.by_slot.get(slot + 1, {}).get(v, (np.zeros((0, len(x))), np.zeros((0, P.CHOICES), bool)))
            t = [x, c, P.shaped_reward(lat, e, regret), nx, nv]
            if not self.single:
                out.append(t)
                continue
            left, done = self.slot_open[slot]
            done.append(t)
            if len(done) == left:
                r = float(np.mean([d[2] for d in done]))
                for d in done:
                    d[2] = r
                out.extend(done)
                del self.slot_open[slot]
        for s in [s for s in self.by_slot if s < o.slot - 50]:
            del self.by_slot[s]
        return out


def ap_update(ap, opt, batch):
    """The AP agents' step: a contextual bandit (the task's reward ends
    with it), Huber loss of the chosen score towards the reward."""
    x = torch.as_tensor(np.stack([b[0] for b in batch]), dtype=torch.float32)
    a = torch.as_tensor([b[1] for b in batch])
    r = torch.as_tensor([b[2] for b in batch], dtype=torch.float32)
    loss = Fn.smooth_l1_loss(ap(x).gather(1, a.reshape(-1, 1)).squeeze(1), r)
    opt.zero_grad()
    loss.backward()
    opt.step()


def q_update(vqc, target, opt, batch, gamma):
    """One DQN step; the target's values of all next states in one pass."""
    x = torch.as_tensor(np.stack([b[0] for b in batch]), dtype=torch.float32)
    a = torch.as_tensor([b[1] for b in batch])
    r = torch.as_tensor([b[2] for b in batch], dtype=torch.float32)
    with torch.no_grad():
        nxt = torch.zeros(len(batch))
        sizes = [len(b[3]) for b in batch]
        if gamma and sum(sizes):
            nx = torch.as_tensor(np.concatenate([b[3] for b in batch if len(b[3])]), dtype=torch.float32)
            nv = torch.as_tensor(np.concatenate([b[4] for b in batch if len(b[3])]))
            best = target(nx).masked_fill(~nv, -1e9).max(1).values
            owner = torch.repeat_interleave(torch.arange(len(batch)), torch.as_tensor(sizes))
            nxt.index_add_(0, owner, best)
            nxt = nxt / torch.as_tensor(sizes).clamp_min(1)
        y = r + gamma * nxt
    q = vqc(x).gather(1, a.reshape(-1, 1)).squeeze(1)
    loss = Fn.smooth_l1_loss(q, y)
    opt.zero_grad()
    loss.backward()
    opt.step()


def train(args, log=print):
    common.seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    env = common.env_factory(args)()
    net = QDRL(args.twin, args.qubits, args.layers, args.hidden, args.single_agent, not args.no_ap_agents,
               args.ap_qubits, args.ap_layers)
    net.fit_norms(*collect_stats(env, args.seed * 7919 + 1, rng))
    aopt = torch.optim.Adam(net.ap.parameters(), lr=args.lr) if net.ap is not None else None
    ap_buf = collections.deque(maxlen=20000)
    target = copy.deepcopy(net.vqc)
    opt = torch.optim.Adam(net.vqc.parameters(), lr=args.lr)
    topt = torch.optim.Adam(net.twin.parameters(), lr=args.twin_lr) if args.twin == "lstm" else None
    history = collections.deque(maxlen=args.twin_window)
    buf, steps, curve = collections.deque(maxlen=20000), 0, []
    for ep in range(args.episodes):
        eps = max(0.05, 1.0 - ep / max(1, 0.6 * args.episodes))
        actor, trans, seq = Actor(net), Transitions(args.single_agent), []
        obs, info = env.reset(seed=args.seed * 1000 + ep)
        ret = 0.0
        while True:
            o = info["observation"]
            aps, x, valid, pred_raw, q = actor.slot(o)
            seq.append(P.twin_state(o, aps))
            c = P.best_valid(q, valid) if len(q) else np.zeros(0, dtype=int)
            explore = rng.random(len(c)) < eps
            rand = np.array([rng.choice(np.flatnonzero(v)) for v in valid], dtype=int)
            c = np.where(explore, rand, c)
            regret = P.nash_regret(P.twin_latencies(o, pred_raw, aps), valid, c) if pred_raw is not None \
                else np.zeros(len(c))
            trans.acted(o, x, valid, c, regret)
            dec = P.apply(o, c, aps, P.dual_connectivity(o))
            nb, rows, ax, avalid, aq = actor.ap_slot(o, dec)
            ac = P.best_valid(aq, avalid) if rows else np.zeros(0, dtype=int)
            aexp = rng.random(len(ac)) < eps
            arand = np.array([rng.choice(np.flatnonzero(v)) for v in avalid], dtype=int)
            ac = np.where(aexp, arand, ac)
            if net.ap is not None:
                trans.ap_acted(o, rows, ax, ac)
            # This slot's outcomes after its tasks are recorded: a task
            # that ended within a slot finds its vehicle's next tasks.
            buf.extend(trans.feedback(o))
            ap_buf.extend(trans.ap_done)
            trans.ap_done.clear()
            cap = P.compute_aps(o, dec, rows, ac, nb) if net.ap is not None else None
            _, r, term, trunc, info = env.step(P.to_action(o, c, decisions=dec, compute_ap=cap))
            if term or trunc:
                break
            ret += float(r)
            steps += 1
            if len(buf) >= args.batch:
                for _ in range(args.updates):
                    idx = rng.integers(len(buf), size=args.batch)
                    q_update(net.vqc, target, opt, [buf[i] for i in idx], args.gamma)
            if aopt is not None and len(ap_buf) >= args.batch:
                idx = rng.integers(len(ap_buf), size=args.batch)
                ap_update(net.ap, aopt, [ap_buf[i] for i in idx])
            if steps % 50 == 0:
                target.load_state_dict(net.vqc.state_dict())
        if topt is not None:
            history.append(np.stack(seq, axis=1))          # (n_nodes, T, 6)
            seqs = np.concatenate(list(history), axis=0)
            for _ in range(args.twin_steps):
                loss = net.twin.loss(seqs)
                topt.zero_grad()
                loss.backward()
                topt.step()
        curve.append((ep + 1, ret))
        log(f"episode {ep + 1}/{args.episodes} return {ret:.3f} epsilon {eps:.2f}"
            + (f" twin mse {float(loss):.4f}" if topt is not None else ""))
    env.close()
    return net, curve


def greedy(net):
    """choose(obs, info) acting greedily with net (twin state kept)."""
    actor = Actor(net)

    def choose(obs, info):
        o = info["observation"]
        aps, _, valid, _, q = actor.slot(o)
        c = P.best_valid(q, valid) if len(q) else np.zeros(0, dtype=int)
        dec = P.apply(o, c, aps, P.dual_connectivity(o))
        nb, rows, _, avalid, aq = actor.ap_slot(o, dec)
        cap = P.compute_aps(o, dec, rows, P.best_valid(aq, avalid), nb) if rows and net.ap is not None else None
        return P.to_action(o, c, decisions=dec, compute_ap=cap)
    return choose


def export(net, path, note=None):
    """model p4-qdrl (docs/weight-format.md), atomically."""
    with weights_file(path, note) as f:
        f.write(f"model p4-qdrl\nfeatures p4-v1\nhead p4-choices\ntwin {net.twin_kind}\n"
                f"agents {'single' if net.single_agent else 'multi'}\nqubits {net.vqc.n}\nlayers {net.vqc.L}\n")
        if net.ap is not None:
            f.write(f"ap_agents 1\nap_qubits {net.ap.n}\nap_layers {net.ap.L}\n")
        if net.twin is not None:
            _tensor(f, "twin_norm.mean", net.twin.norm.mean)
            _tensor(f, "twin_norm.scale", net.twin.norm.scale)
        if net.twin_kind == "lstm":
            for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                _tensor(f, f"lstm.{k}", getattr(net.twin.lstm, k + "_l0"))
            _tensor(f, "twin_readout.weight", net.twin.readout.weight)
            _tensor(f, "twin_readout.bias", net.twin.readout.bias)
        vqc_tensors(f, "", net.vqc)
        if net.ap is not None:
            vqc_tensors(f, "ap_", net.ap)


def evaluate(args, choose_factory):
    env = common.env_factory(args)()
    try:
        rets = []
        for s in args.eval_seeds:
            env.out_dir = os.path.join(args.eval_out, f"seed-{s}") if args.eval_out else None
            choose = choose_factory()
            rets.append(common.run_episode(env, s, choose))
        return float(np.mean(rets))
    finally:
        env.close()


def options(p):
    p.add_argument("--twin", choices=["lstm", "last", "none"], default="lstm")
    p.add_argument("--single-agent", action="store_true", help="one centralised agent (sa-qdrl)")
    p.add_argument("--no-ap-agents", action="store_true", help="no UAV/BS forwarding agents")
    p.add_argument("--ap-qubits", type=int, default=4)
    p.add_argument("--ap-layers", type=int, default=2)
    p.add_argument("--qubits", type=int, default=6)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--hidden", type=int, default=16, help="LSTM units of the twin")
    p.add_argument("--lr", type=float, default=5e-3)
    p.add_argument("--twin-lr", type=float, default=3e-3)
    p.add_argument("--twin-window", type=int, default=8, help="episodes of history the twin trains on")
    p.add_argument("--twin-steps", type=int, default=2, help="twin gradient steps per episode")
    p.add_argument("--gamma", type=float, default=0.5, help="discount per slot")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--updates", type=int, default=1)
    return p


def main(argv=None):
    args = options(common.parser(__doc__.split("\n")[0])).parse_args(argv)
    net, curve = train(args)
    name = {"lstm": "qdrl", "last": "qdrl-no-lstm", "none": "qdrl-no-dt"}[args.twin]
    name = "sa-qdrl" if args.single_agent else name
    export(net, args.out, note=f"trained by agents.p4_qdrl ({name}) seed {args.seed} episodes {args.episodes}")
    common.write_curve(args.curve, curve)
    mine = evaluate(args, lambda: greedy(net))
    rng = np.random.default_rng(0)

    def rand():
        def choose(obs, info):
            o = info["observation"]
            valid = P.valid_choices(o)
            return P.to_action(o, np.array([rng.choice(np.flatnonzero(v)) for v in valid], dtype=int),
                               dual=P.dual_connectivity(o))
        return choose
    rnd = evaluate(args, rand)
    print(f"held-out seeds {args.eval_seeds}: mean return {mine:.9f} (random {rnd:.9f}); weights in {args.out}")


if __name__ == "__main__":
    main()
