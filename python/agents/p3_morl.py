"""Paper 003's MORL (Algorithm 1, section III-A) for platforms/paper003,
exported for the C scheduler `morl` (solvers/paper003/morl/morl.c).

Stage 1, the predictor P^: an LSTM (torch.nn.LSTMCell) steps once per
slot on the slot's emission features (grid factor, fraction of servers in
deficit, mean renewable / demand) and a linear readout forecasts the
emission state over the next --horizon slots: the mean grid factor ahead
minus now, and the mean fraction of servers in deficit. Trained by
backpropagation through time on the collected episodes (MSE).

Stage 2, the policy: per objective r a local Q-function (one MLP, outputs
Q_S and Q_E for the three battery candidates hold / grid charge /
discharge, from the forecast and the server's state) is fitted by fitted
Q-iteration on the per-server, per-slot costs: S = the server's emissions
(eq. 11, read from slots.csv) minus what its energy would have emitted from
the grid (an action-independent baseline that only removes variance), in
micrograms; E = the battery's charging and self-discharge losses (eq. 2),
J. Q_D is 0 (the battery does not delay packets). The C scheduler turns
the Q-values into local policies q_r ~ exp(-cost_r / rho) and mixes them by
zeta (eqs. 19-21); the CPU/GPU split uses the same mixture on its exact
one-slot costs (a split's effects end with the slot).

Algorithm 1's loop: each epoch collects --episodes episodes (each at a
mean packet rate drawn from U[--rates], per user and slot) with the
current policy (epoch 1: random battery candidates; later epsilon-greedy
on the mixture), refits P^ on all data, refits the Q-heads.

The decision logic (features, candidates, split, mixture) is defined in C
(solvers/paper003/p3_policy.c, controllers.c) and mirrored here in numpy
float64; test/paper003/test_p3_morl.py checks that the exported policy
run in C and this mirror give byte-identical runs.

    PYTHONPATH=python /usr/bin/python3 -m agents.p3_morl --seed 1 \\
        --out platforms/paper003/morl.q6w --curve platforms/paper003/morl-curve.csv
"""
import copy
import csv
import math
import os
import re
import tempfile

import numpy as np
import torch
from torch import nn

from . import common
from .export import export
from .nets import MLP, Normalizer

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PRED_IN, PRED_OUT, SITE_IN, N_BATT, N_SPLITS = 3, 2, 6, 3, 21
HOLD, CHARGE, DISCHARGE = 0, 1, 2
ETA, MU = 0.9999, 0.9          # Table I; the C controllers' P3_ETA, P3_MU


class Params:
    """The controllers' plugin_params defaults (controllers.c init_mode)."""

    def __init__(self, zeta=(1 / 3, 1 / 3, 1 / 3), rho=0.5, cpu_busy_w=65.0, cpu_idle_w=20.0, gpu_power_w=250.0,
                 charge_slots=20.0):
        self.zeta, self.rho = np.asarray(zeta, dtype=float), rho
        self.cpu_busy_w, self.cpu_idle_w, self.gpu_power_w = cpu_busy_w, cpu_idle_w, gpu_power_w
        self.charge_slots = charge_slots


def kg_per_j(g_per_kwh):
    return g_per_kwh / 1000.0 / 3.6e6


# ---- mirror of solvers/paper003/p3_policy.c ------------------------------

def split_cost(work, f_c, f_g, j_per_flop, gpu_w, g):
    cpu_w, gpu_work = (1.0 - g) * work, g * work
    if (cpu_w > 0 and not f_c > 0) or (gpu_work > 0 and not f_g > 0):
        return None
    t_c = cpu_w / f_c if cpu_w > 0 else 0.0
    t_g = gpu_work / f_g if gpu_work > 0 else 0.0
    return cpu_w * j_per_flop + gpu_w * t_g, max(t_c, t_g)


def pick_mixture(cost, zeta, rho):
    """cost (3, n): rescale each objective to [0, 1], q_r ~ exp(-c / rho),
    pi = sum zeta_r q_r, first argmax. Same operation order as C."""
    n = cost.shape[1]
    pi = [0.0] * n
    for r in range(3):
        lo, hi = math.inf, -math.inf
        for a in range(n):
            lo, hi = min(lo, cost[r, a]), max(hi, cost[r, a])
        span = hi - lo
        c = [(cost[r, a] - lo) / span if span > 0 else 0.0 for a in range(n)]
        z = 0.0
        for a in range(n):
            z += math.exp(-c[a] / rho)
        for a in range(n):
            pi[a] += zeta[r] * math.exp(-c[a] / rho) / z
    best = 0
    for a in range(n):
        if pi[a] > pi[best]:
            best = a
    return best


def choose_split(p, cpu, gpu, backlog_s, work, w_g_g_per_kwh, slot_s):
    j_per_flop = (p.cpu_busy_w - p.cpu_idle_w) / cpu
    w_g = kg_per_j(w_g_g_per_kwh)
    best_delay = math.floor(gpu / (cpu + gpu) * (N_SPLITS - 1) + 0.5)
    fr, rows = [], []
    for i in range(N_SPLITS):
        g = i / (N_SPLITS - 1)
        ed = split_cost(work, cpu, gpu, j_per_flop, p.gpu_power_w, g)
        if ed is None:
            continue
        e, d = ed
        if backlog_s + d > slot_s and i != best_delay:
            continue
        fr.append(g)
        rows.append((e * w_g, e, d))
    if not fr:
        return 0.0
    return fr[pick_mixture(np.asarray(rows).T, p.zeta, p.rho)]


def battery_action_at(demand, renewable, level, capacity, max_grid, idx):
    """(d, u_b, g_b, level_next) of candidate idx, or None (make_action)."""
    need = max(0.0, demand - renewable)
    d_max, g_max = min(level, need), max(0.0, max_grid)
    if (idx == CHARGE and not g_max > 0) or (idx == DISCHARGE and not d_max > 0):
        return None
    d = d_max if idx == DISCHARGE else 0.0
    g_b = g_max if idx == CHARGE else 0.0
    rest = max(0.0, demand - d)
    used = min(renewable, rest)
    surplus = renewable - used
    room_in = (capacity - ETA * (level - d)) / MU
    if room_in < 0:
        room_in = 0.0
    g_b = min(g_b, room_in)
    u_b = min(surplus, room_in - g_b)
    nxt = ETA * (level - d) + MU * (u_b + g_b)
    if not nxt <= capacity * (1 + 1e-12):
        return None
    return d, u_b, g_b, nxt


def ratio_clipped(num, den):
    return min(num / den, 10.0) if den > 0 else 10.0


def slot_features(w_g, demand, renewable):
    n = len(demand)
    deficit = ratio = 0.0
    for k in range(n):
        deficit += float(demand[k] > renewable[k])
        ratio += ratio_clipped(renewable[k], demand[k])
    return np.array([w_g, deficit / n if n else 0.0, ratio / n if n else 0.0])


def site_features(pred, w_g, level, capacity, demand, renewable):
    return np.array([pred[0], pred[1], w_g, level / capacity if capacity > 0 else 0.0,
                     ratio_clipped(renewable, demand), float(demand > renewable)])


# ---- the network (torch for training, numpy float64 for acting) ----------

class MorlNet(nn.Module):
    def __init__(self, hidden=16, q_hidden=(32, 32)):
        super().__init__()
        self.hidden = hidden
        self.pred_norm = Normalizer(PRED_IN)
        self.lstm = nn.LSTMCell(PRED_IN, hidden)
        self.readout = nn.Linear(hidden, PRED_OUT)
        self.site_norm = Normalizer(SITE_IN)
        self.q = MLP(SITE_IN, q_hidden, 2 * N_BATT, activation="tanh")   # its own norm stays the identity

    def predict_seq(self, x):
        """x (T, B, PRED_IN) raw -> predictions (T, B, PRED_OUT)."""
        z = self.pred_norm(x.double()).float()
        h = torch.zeros(x.shape[1], self.hidden)
        c = torch.zeros_like(h)
        out = []
        for t in range(x.shape[0]):
            h, c = self.lstm(z[t], (h, c))
            out.append(self.readout(h))
        return torch.stack(out)

    def qvalues(self, site):
        return self.q(self.site_norm(site.double()).float())


class NumpyNet:
    """The exported network in float64 with the C code's operation order
    (solvers/agent/nn.c): what the C scheduler computes."""

    def __init__(self, net):
        g = lambda t: t.detach().double().numpy().copy()
        self.pm, self.ps = g(net.pred_norm.mean), g(net.pred_norm.scale)
        self.sm, self.ss = g(net.site_norm.mean), g(net.site_norm.scale)
        self.w_ih, self.w_hh = g(net.lstm.weight_ih), g(net.lstm.weight_hh)
        self.b_ih, self.b_hh = g(net.lstm.bias_ih), g(net.lstm.bias_hh)
        self.ro = (g(net.readout.weight), g(net.readout.bias))
        self.qlayers = [(g(l.weight), g(l.bias)) for l in net.q.layers]
        self.H = net.hidden
        self.reset()

    def reset(self):
        self.h, self.c = [0.0] * self.H, [0.0] * self.H

    @staticmethod
    def _linear(w, b, x):
        out = []
        for r in range(w.shape[0]):
            s = float(b[r])
            for k in range(w.shape[1]):
                s += float(w[r, k]) * x[k]
            out.append(s)
        return out

    def step(self, x):
        z = [(float(x[i]) - float(self.pm[i])) * float(self.ps[i]) for i in range(PRED_IN)]
        H = self.H
        g = []
        for r in range(4 * H):
            s = float(self.b_ih[r]) + float(self.b_hh[r])
            for k in range(PRED_IN):
                s += float(self.w_ih[r, k]) * z[k]
            for k in range(H):
                s += float(self.w_hh[r, k]) * self.h[k]
            g.append(s)
        sig = lambda v: 1.0 / (1.0 + math.exp(-v))
        for k in range(H):
            i, f, gg, o = sig(g[k]), sig(g[H + k]), math.tanh(g[2 * H + k]), sig(g[3 * H + k])
            self.c[k] = f * self.c[k] + i * gg
            self.h[k] = o * math.tanh(self.c[k])
        return self._linear(*self.ro, self.h)

    def costs(self, site):
        x = [(float(site[i]) - float(self.sm[i])) * float(self.ss[i]) for i in range(SITE_IN)]
        for j, (w, b) in enumerate(self.qlayers):
            x = self._linear(w, b, x)
            if j + 1 < len(self.qlayers):
                x = [math.tanh(v) for v in x]
        cost = np.zeros((3, N_BATT))
        cost[0], cost[1] = x[:N_BATT], x[N_BATT:]
        return cost


# ---- acting: one slot's Action (mirror of controllers.c decide) -----------

class Agent:
    """Decides a slot like the C `morl` (net given) or explores (net None:
    random battery candidates; epsilon: random with that probability)."""

    def __init__(self, params, net=None, rng=None, epsilon=0.0):
        self.p, self.net, self.rng, self.eps = params, net, rng, epsilon
        self.log = []       # per slot: (x, [(site features, valid mask, chosen idx, loss_j, demand, w_g)])

    def __call__(self, o):
        from q6env import agent_pb2 as pb
        p, aps = self.p, o.aps
        if o.slot == 0 and self.net is not None:
            self.net.reset()
        servers = [a for a in range(o.n_aps) if aps.cpu_flops[a] > 0]
        act = pb.Action(slot=o.slot)
        work = [0.0] * o.n_aps
        for t in range(len(o.tasks.id)):
            node = o.tasks.node[t]
            a = servers[node % len(servers)]
            if o.snr[node * o.n_aps + a] < o.min_snr:
                cand = [b for b in range(o.n_aps) if o.snr[node * o.n_aps + b] >= o.min_snr]
                a = max(cand, key=lambda b: (o.snr[node * o.n_aps + b], -b)) if cand else None
            if a is None or not aps.cpu_flops[a] > 0:
                act.tasks.add()
                continue
            act.tasks.add(target=1, ap=a, offload_fraction=1.0)
            work[a] += o.tasks.work_flops[t]
        choices = [act.aps.add() for _ in range(o.n_aps)]
        w_g = aps.emission_g_per_kwh[servers[0]]
        x = slot_features(w_g, [aps.energy_last_slot_j[a] for a in servers],
                          [aps.renewable_available_j[a] for a in servers])
        pred = self.net.step(x) if self.net is not None else [0.0, 0.0]
        sites = []
        for a in servers:
            if aps.gpu_flops[a] > 0 and work[a] > 0:
                choices[a].gpu_fraction = choose_split(p, aps.cpu_flops[a], aps.gpu_flops[a], aps.backlog_s[a],
                                                       work[a], aps.emission_g_per_kwh[a], o.slot_s)
            cap = aps.battery_capacity_j[a]
            if not cap > 0:
                continue
            dem, ren, lev = aps.energy_last_slot_j[a], aps.renewable_available_j[a], aps.battery_j[a]
            s = site_features(pred, aps.emission_g_per_kwh[a], lev, cap, dem, ren)
            cands = [battery_action_at(dem, ren, lev, cap, cap / p.charge_slots, i) for i in range(N_BATT)]
            valid = [i for i in range(N_BATT) if cands[i] is not None]
            if not valid:
                continue
            if self.net is None or (self.eps > 0 and self.rng.random() < self.eps):
                idx = valid[int(self.rng.integers(len(valid)))]
            else:
                q = self.net.costs(s)
                cost = np.stack([q[r, valid] for r in range(3)])
                idx = valid[pick_mixture(cost, p.zeta, p.rho)]
            d, u_b, g_b, _ = cands[idx]
            choices[a].discharge_j, choices[a].charge_renewable_j, choices[a].charge_grid_j = d, u_b, g_b
            loss = (1 - MU) * (u_b + g_b) + (1 - ETA) * (lev - d)
            sites.append((a, s, [c is not None for c in cands], idx, loss, dem, aps.emission_g_per_kwh[a]))
        self.log.append((x, sites))
        return act


def run_episode(env, seed, agent, out_dir):
    """One episode; returns (slot inputs (T, 3), per-site samples) with the
    S cost from the run's slots.csv."""
    env.out_dir = out_dir
    obs, info = env.reset(seed=seed)
    names = list(info["observation"].aps.name)
    agent.log = []
    while True:
        obs, _, term, trunc, info = env.step(agent(info["observation"]))
        if term or trunc:
            break
    rows = list(csv.DictReader(open(os.path.join(out_dir, "slots.csv"))))
    return agent.log, rows, names


# ---- training ------------------------------------------------------------

def episode_data(log, rows, ap_names, horizon):
    """Predictor sequence and targets, and transitions per site."""
    x = np.stack([l[0] for l in log])
    T = len(x)
    y = np.full((T, PRED_OUT), np.nan)
    for t in range(T - 1):
        fut = x[t + 1:t + 1 + horizon]
        y[t] = [fut[:, 0].mean() - x[t, 0], fut[:, 1].mean()]
    trans = []
    by_site = {}
    for t, (_, sites) in enumerate(log):
        for a, s, valid, idx, loss, dem, w_g in sites:
            r = rows[t]
            name = ap_names[a]
            kg = float(r[f"emissions_ap_{name}_kg"]) - kg_per_j(w_g) * float(r[f"energy_ap_{name}_j"])
            by_site.setdefault(a, []).append((t, s, valid, idx, 1e9 * kg, loss))
    for a, seq in by_site.items():
        for i, (t, s, valid, idx, c_s, c_e) in enumerate(seq):
            nxt = seq[i + 1] if i + 1 < len(seq) and seq[i + 1][0] == t + 1 else None
            trans.append((t, s, valid, idx, c_s, c_e, nxt[1] if nxt else None, nxt[2] if nxt else None))
    return x, y, trans


def fit_predictor(net, episodes, args, log):
    xs = torch.as_tensor(np.stack([e[0] for e in episodes], axis=1))          # (T, B, 3)
    ys = torch.as_tensor(np.stack([e[1] for e in episodes], axis=1)).float()
    mask = ~torch.isnan(ys)
    opt = torch.optim.Adam(list(net.lstm.parameters()) + list(net.readout.parameters()), lr=args.lr)
    ystd = torch.as_tensor(np.nanstd(ys.numpy().reshape(-1, PRED_OUT), axis=0)).clamp_min(1e-6)
    for it in range(args.pred_iters):
        out = net.predict_seq(xs)
        loss = (((out - torch.nan_to_num(ys)) / ystd) ** 2)[mask].mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        out = net.predict_seq(xs)
        mse = float((((out - torch.nan_to_num(ys)) / ystd) ** 2)[mask].mean())
        # Persistence: the grid factor stays, the deficit fraction stays.
        keep = torch.stack([torch.zeros_like(xs[..., 0]), xs[..., 1]], dim=-1).float()
        zero = float((((keep - torch.nan_to_num(ys)) / ystd) ** 2)[mask].mean())
    log(f"  predictor: normalised MSE {mse:.4f} (persistence forecast {zero:.4f})")
    return out.numpy(), mse, zero


def fit_q(net, samples, args, gen, log):
    """Fitted Q-iteration per objective: y_r = c_r + gamma min_{a' valid} Q_r(s', a')."""
    s = torch.as_tensor(np.stack([t[0] for t in samples]))
    a = torch.as_tensor([t[1] for t in samples])
    c = torch.as_tensor(np.array([[t[2], t[3]] for t in samples]), dtype=torch.float32)
    has_next = torch.as_tensor([t[4] is not None for t in samples])
    s2 = torch.as_tensor(np.stack([t[4] if t[4] is not None else t[0] for t in samples]))
    v2 = torch.as_tensor(np.array([t[5] if t[5] is not None else [True] * N_BATT for t in samples]))
    scale = c.std(0).clamp_min(1e-9)
    c = c / scale
    opt = torch.optim.Adam(net.q.parameters(), lr=args.lr)
    n = len(samples)
    for rnd in range(args.fqi_rounds):
        target = copy.deepcopy(net)
        with torch.no_grad():
            q2 = target.qvalues(s2).reshape(n, 2, N_BATT).masked_fill(~v2.unsqueeze(1), math.inf)
            y = c + args.gamma * has_next.unsqueeze(1) * q2.min(2).values
        for _ in range(args.fqi_steps):
            i = torch.randint(n, (args.batch,), generator=gen)
            q = net.qvalues(s[i]).reshape(-1, 2, N_BATT)
            q = q.gather(2, a[i].reshape(-1, 1, 1).expand(-1, 2, 1)).squeeze(2)
            loss = ((q - y[i]) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    log(f"  Q-heads: {n} samples, last TD loss {float(loss):.4f}")
    return float(loss)


def train(args, log=print):
    common.seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    params = Params()
    make_env = common.env_factory(args)
    env = make_env()
    slot_s = float(re.search(r"^\s*slot_s\s*=\s*([-0-9.e+]+)", open(args.scenario).read(), re.M).group(1))
    net = MorlNet(hidden=args.hidden)
    data, curve = [], []
    tmp = tempfile.mkdtemp(prefix="p3-morl-")
    try:
        for epoch in range(args.epochs):
            np_net = NumpyNet(net) if epoch else None
            agent = Agent(params, np_net, rng, epsilon=args.epsilon if epoch else 0.0)
            total_kg = 0.0
            for e in range(args.episodes):
                seed = args.seed * 1000 + epoch * args.episodes + e
                # The paper draws the mean packet rate from U[1, 30] per slot; q6sim has one
                # rate per run, so each episode draws its own (packets per user and slot).
                env.overrides["task.arrival_rate_hz"] = repr(float(rng.uniform(*args.rates)) / slot_s)
                lg, rows, names = run_episode(env, seed, agent, os.path.join(tmp, f"e{seed}"))
                data.append(episode_data(lg, rows, names, args.horizon))
                total_kg += sum(float(r["emissions_kg"]) for r in rows)
            curve.append((epoch + 1, -total_kg / args.episodes))
            log(f"epoch {epoch + 1}/{args.epochs}: collected {args.episodes} episodes, "
                f"mean emissions {total_kg / args.episodes:.6e} kg")
            if epoch == 0:
                net.pred_norm.fit(np.concatenate([d[0] for d in data]))
            preds, mse, zero = fit_predictor(net, data, args, log)
            samples = []
            for b, (x, y, trans) in enumerate(data):
                for t, s, valid, idx, c_s, c_e, s2, v2 in trans:
                    fix = lambda v, tt: None if v is None else np.concatenate([preds[tt, b], v[2:]])
                    samples.append((fix(s, t), idx, c_s, c_e, fix(s2, t + 1), v2))
            if epoch == 0:
                net.site_norm.fit(np.stack([t[0] for t in samples]))
            fit_q(net, samples, args, gen, log)
    finally:
        env.close()
    return net, curve, (mse, zero)


def export_morl(net, path, note):
    """Writes the p3-morl weight file (docs/weight-format.md)."""
    from .export import _tensor, _mlp_tensors, weights_file
    with weights_file(path, note) as f:
        f.write("model p3-morl\nfeatures p3-v1\nactivation tanh\n")
        f.write(f"layers {len(net.q.layers)}\n")
        _tensor(f, "pred_norm.mean", net.pred_norm.mean)
        _tensor(f, "pred_norm.scale", net.pred_norm.scale)
        for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            _tensor(f, f"lstm.{k}", getattr(net.lstm, k))
        _tensor(f, "readout0.weight", net.readout.weight)
        _tensor(f, "readout0.bias", net.readout.bias)
        _tensor(f, "site_norm.mean", net.site_norm.mean)
        _tensor(f, "site_norm.scale", net.site_norm.scale)
        _mlp_tensors(f, "q", net.q)


def load_morl(path, hidden=16, q_hidden=(32, 32)):
    """Reads a p3-morl weight file back into a MorlNet (for the C = Python test)."""
    tensors, cur = {}, None
    for line in open(path).read().splitlines():
        w = line.split()
        if w and w[0] == "tensor":
            cur = (w[1], [int(v) for v in w[3:]])
            tensors[cur[0]] = (cur[1], [])
        elif cur and w and w[0] not in ("end",) and not w[0].isalpha():
            tensors[cur[0]][1].extend(float(v) for v in w)
    H = tensors["lstm.weight_hh"][0][1]
    qh = [tensors[f"q{i}.weight"][0][0] for i in range(len([k for k in tensors if k.startswith("q") and
                                                             k.endswith(".weight")]) - 1)]
    net = MorlNet(hidden=H, q_hidden=qh)
    with torch.no_grad():
        for name, (dims, vals) in tensors.items():
            t = torch.as_tensor(vals, dtype=torch.float64).reshape(dims)
            mod = {"pred_norm.mean": net.pred_norm.mean, "pred_norm.scale": net.pred_norm.scale,
                   "site_norm.mean": net.site_norm.mean, "site_norm.scale": net.site_norm.scale,
                   "readout0.weight": net.readout.weight, "readout0.bias": net.readout.bias}.get(name)
            if mod is None and name.startswith("lstm."):
                mod = getattr(net.lstm, name[5:])
            if mod is None and name.startswith("q"):
                i, k = name[1:].split(".")
                mod = getattr(net.q.layers[int(i)], k)
            mod.copy_(t.to(mod.dtype))
    return net


def main(argv=None):
    p = common.parser(__doc__.split("\n")[0], episodes=6)
    p.set_defaults(scenario=os.path.join(ROOT, "platforms", "paper003", "scenario.cfg"))
    p.add_argument("--epochs", type=int, default=3, help="Algorithm 1 epochs (collect, fit P^, fit Q)")
    p.add_argument("--epsilon", type=float, default=0.3, help="exploration after the first epoch")
    p.add_argument("--horizon", type=int, default=20, help="slots the predictor looks ahead")
    p.add_argument("--rates", type=float, nargs=2, default=[1.0, 20.0], metavar=("LO", "HI"),
                   help="each episode's mean packets per user and slot, uniform in [LO, HI]")
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--pred-iters", type=int, default=150)
    p.add_argument("--fqi-rounds", type=int, default=30)
    p.add_argument("--fqi-steps", type=int, default=60)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--gamma", type=float, default=0.95)
    p.add_argument("--lr", type=float, default=1e-2)
    args = p.parse_args(argv)
    net, curve, (mse, zero) = train(args)
    export_morl(net, args.out, f"agents.p3_morl seed {args.seed} epochs {args.epochs} episodes {args.episodes}")
    common.write_curve(args.curve, curve)
    print(f"predictor normalised MSE {mse:.4f} (persistence {zero:.4f}); weights in {args.out}")


if __name__ == "__main__":
    main()
