"""Paper-004 features ("p4-v1"), the vehicle agents' four choices, the
digital twin's per-vehicle state and the Nash reward shaping of
Algorithm 3: the numpy twin of solvers/paper004/p4_features.c (the C
header defines the same things; test/paper004/test_qdrl.py checks that the
two agree on fixed observations).

Per vehicle v, from its observation of the slot:
  bs(v)   reachable BS with an edge server and the highest SNR (-1 none)
  uav(v)  the same among the UAVs
  any(v)  reachable AP of any kind with the highest SNR (cloud goes through it)
(ties: lowest AP index).

twin_state(obs) -> (n_nodes, 6), what the digital twin predicts one slot ahead:
  0 log10(1 + rate to bs(v))  1 log10(1 + rate to uav(v))   (bit/s; 0 without)
  2 backlog_s of bs(v)        3 backlog_s of uav(v)         (0 without)
  4 the vehicle's backlog_s   5 the vehicle's tasks this slot

task_features(obs) -> (n_tasks, 10):
  0 local_s  backlog + work / CPU                            (clipped to [0, 100])
  1 bs_s     air + BS backlog + work / BS CPU, 0 without bs(v)
  2 uav_s    the same at uav(v)
  3 cloud_s  air to any(v) + work / cloud CPU, 0 without any(v)
  4 has bs   5 has uav   6 has any   7 slack_s (deadline - now)
  8 priority weight   9 tasks of the same vehicle this slot
  (air = 8 (input + output bytes) / rate, 100 s at rate 0)

Choices: 0 local, 1 edge at bs(v), 2 edge at uav(v), 3 cloud through any(v).
One AP per vehicle and slot (engine C5): the first offloaded task of a
vehicle (in task order) fixes its AP, and later tasks that chose another
AP go to that one (edge there, or cloud through it); with dual
connectivity one AP of each kind is fixed this way instead.
"""
import numpy as np

TASK = 10
TWIN = 6
CHOICES = 4
AP_BS, AP_UAV = 0, 1
RUN_LOCAL, RUN_AP, RUN_CLOUD = 0, 1, 2
QUANTUM = 1
CLIP_S = 100.0

# Algorithm 3's weights (docs/paper004.md, "qdrl"): base reward of eq. 64,
# incentives (eqs. 90-92) and penalties, thresholds of Table II.
SHAPING = {
    "w_L": 0.7, "w_E": 0.3,                              # eq. 64 = eq. 48's weights
    "omega_lat": 0.5, "omega_ene": 0.3, "omega_qos": 0.1,
    "lambda_lat": 0.5, "lambda_ene": 0.3, "lambda_qos": 0.1,
    "varrho_s": 0.010, "e_max_j": 0.5, "q_min": 60.0,
    "mu_nash": 0.5,                                      # weight of the twin's best-response regret
    "l_floor_s": 1e-3,                                   # eq. 48's 1/L floored
}


def _arr(x, dtype=float):
    return np.asarray(x, dtype=dtype)


def best_aps(obs):
    """(bs, uav, any) per node, -1 where none."""
    n, a = obs.n_nodes, obs.n_aps
    if a == 0:
        none = np.full(n, -1)
        return none, none.copy(), none.copy()
    snr = _arr(obs.snr).reshape(n, a)
    reach = snr >= obs.min_snr
    kind = _arr(obs.aps.kind, int)
    cpu = _arr(obs.aps.cpu_flops)

    def pick(ok):
        m = np.where(reach & ok[None, :], snr, -np.inf)
        best = np.argmax(m, axis=1)          # first maximum: lowest index on ties
        return np.where(np.isfinite(m[np.arange(n), best]), best, -1)
    return pick((kind == AP_BS) & (cpu > 0)), pick((kind == AP_UAV) & (cpu > 0)), pick(np.ones(a, bool))


def _rate(obs, node, ap):
    """rate_bps[node, ap], 0 where ap < 0."""
    if obs.n_aps == 0:
        return np.zeros(len(node))
    r = _arr(obs.rate_bps)[node * obs.n_aps + np.where(ap >= 0, ap, 0)]
    return np.where(ap >= 0, r, 0.0)


def _ap_backlog(obs, ap):
    b = _arr(obs.aps.backlog_s) if obs.n_aps else np.zeros(1)
    return np.where(ap >= 0, b[np.where(ap >= 0, ap, 0)], 0.0)


def node_task_counts(obs):
    return np.bincount(_arr(obs.tasks.node, int), minlength=obs.n_nodes).astype(float)


def twin_state(obs, aps=None):
    bs, uav, _ = best_aps(obs) if aps is None else aps
    nodes = np.arange(obs.n_nodes)
    x = np.zeros((obs.n_nodes, TWIN))
    x[:, 0] = np.log10(1.0 + _rate(obs, nodes, bs))
    x[:, 1] = np.log10(1.0 + _rate(obs, nodes, uav))
    x[:, 2] = _ap_backlog(obs, bs)
    x[:, 3] = _ap_backlog(obs, uav)
    x[:, 4] = _arr(obs.nodes.backlog_s)
    x[:, 5] = node_task_counts(obs)
    return x


def _air(bytes_, rate):
    with np.errstate(divide="ignore"):
        return np.where(rate > 0, 8.0 * bytes_ / np.where(rate > 0, rate, 1.0), CLIP_S)


def _div(work, speed):
    return np.where(speed > 0, work / np.where(speed > 0, speed, 1.0), CLIP_S)


def task_features(obs, aps=None):
    t = obs.tasks
    nt = len(t.id)
    f = np.zeros((nt, TASK))
    if nt == 0:
        return f
    bs, uav, anyap = best_aps(obs) if aps is None else aps
    node = _arr(t.node, int)
    b, u, a = bs[node], uav[node], anyap[node]
    work = _arr(t.work_flops)
    bytes_ = _arr(t.input_bytes) + _arr(t.output_bytes)
    cpu_ap = _arr(obs.aps.cpu_flops) if obs.n_aps else np.zeros(1)

    def at(ap, col):
        air = _air(bytes_, _rate(obs, node, ap))
        return np.where(ap >= 0, np.clip(air + _ap_backlog(obs, ap) + _div(work, cpu_ap[np.where(ap >= 0, ap, 0)]),
                                         0, CLIP_S), 0.0)
    f[:, 0] = np.clip(_arr(obs.nodes.backlog_s)[node] + _div(work, _arr(obs.nodes.cpu_flops)[node]), 0, CLIP_S)
    f[:, 1] = at(b, 1)
    f[:, 2] = at(u, 2)
    cloud = _div(work, np.full(nt, float(obs.cloud_flops)))
    f[:, 3] = np.where(a >= 0, np.clip(_air(bytes_, _rate(obs, node, a)) + cloud, 0, CLIP_S), 0.0)
    f[:, 4], f[:, 5], f[:, 6] = b >= 0, u >= 0, a >= 0
    f[:, 7] = _arr(t.deadline_s) - obs.now_s
    f[:, 8] = _arr(t.priority_weight)
    f[:, 9] = node_task_counts(obs)[node]
    return f


def valid_choices(obs, aps=None):
    bs, uav, anyap = best_aps(obs) if aps is None else aps
    node = _arr(obs.tasks.node, int)
    if len(node) == 0:
        return np.zeros((0, CHOICES), bool)
    return np.stack([np.ones(len(node), bool), bs[node] >= 0, uav[node] >= 0, anyap[node] >= 0], axis=1)


def best_valid(scores, valid):
    """Highest score among the valid choices, lowest index on ties (as C)."""
    return np.argmax(np.where(valid, scores, -np.inf), axis=1)


def apply(obs, choices, aps=None, dual=False):
    """[(target, ap)] per task (quantum tasks: None, the engine's preset)
    from one choice per task, with the one-AP rule of the module doc."""
    bs, uav, anyap = best_aps(obs) if aps is None else aps
    kind = _arr(obs.aps.kind, int) if obs.n_aps else np.zeros(1, int)
    cpu = _arr(obs.aps.cpu_flops) if obs.n_aps else np.zeros(1)
    valid = valid_choices(obs, (bs, uav, anyap))
    fixed = {}
    out = []
    for i in range(len(obs.tasks.id)):
        if obs.tasks.kind[i] == QUANTUM:
            out.append(None)
            continue
        ch, v = int(choices[i]), int(obs.tasks.node[i])
        if ch == 0 or not valid[i, ch]:
            out.append((RUN_LOCAL, 0))
            continue
        ap = int((bs, uav, anyap)[ch - 1][v])
        key = (v, int(dual and kind[ap] == AP_UAV))   # other kinds share the BS entry, as in C
        ap = fixed.setdefault(key, ap)
        if ch == 3:
            out.append((RUN_CLOUD, ap))
        elif cpu[ap] > 0:
            out.append((RUN_AP, ap))
        else:
            out.append((RUN_LOCAL, 0))
    return out


def to_action(obs, choices, aps=None, dual=False, decisions=None, compute_ap=None):
    """The Action of the choices (or of apply()'s decisions), with the AP
    agents' compute_ap (-1: computed at the task's AP)."""
    from q6env import agent_pb2 as pb
    act = pb.Action(slot=obs.slot)
    for i, d in enumerate(apply(obs, choices, aps, dual) if decisions is None else decisions):
        c = act.tasks.add(id=obs.tasks.id[i])
        if d is not None:
            c.target, c.ap = d
            if compute_ap is not None and compute_ap[i] >= 0:
                c.compute_ap = int(compute_ap[i])
    return act


def dual_connectivity(obs):
    """The observation's dual-connectivity flag (scheduler.h)."""
    return bool(obs.dual_connectivity)


# ---- Nash reward shaping (Algorithm 3) ----------------------------------

def twin_latencies(obs, pred_raw, aps=None):
    """(n_tasks, 4) latency of each choice as the twin sees it: the task
    features' formulas on the twin's predicted rates and backlogs
    (pred_raw: (n_nodes, 6) in twin_state's units)."""
    t = obs.tasks
    nt = len(t.id)
    out = np.zeros((nt, CHOICES))
    if nt == 0:
        return out
    bs, uav, anyap = best_aps(obs) if aps is None else aps
    node = _arr(t.node, int)
    p = pred_raw[node]
    work = _arr(t.work_flops)
    bytes_ = _arr(t.input_bytes) + _arr(t.output_bytes)
    cpu_ap = _arr(obs.aps.cpu_flops) if obs.n_aps else np.zeros(1)
    rate_b = 10.0 ** p[:, 0] - 1.0
    rate_u = 10.0 ** p[:, 1] - 1.0
    out[:, 0] = np.clip(np.maximum(p[:, 4], 0) + _div(work, _arr(obs.nodes.cpu_flops)[node]), 0, CLIP_S)
    for col, ap, rate, back in ((1, bs[node], rate_b, p[:, 2]), (2, uav[node], rate_u, p[:, 3])):
        out[:, col] = np.clip(_air(bytes_, rate) + np.maximum(back, 0) + _div(work, cpu_ap[np.where(ap >= 0, ap, 0)]),
                              0, CLIP_S)
    out[:, 3] = np.clip(_air(bytes_, np.maximum(rate_b, rate_u)) + _div(work, np.full(nt, float(obs.cloud_flops))),
                        0, CLIP_S)
    return out


def nash_regret(lat_hat, valid, choices):
    """The twin's best-response regret of each task's choice: its estimated
    latency minus the lowest among the valid choices (>= 0)."""
    if len(choices) == 0:
        return np.zeros(0)
    best = np.where(valid, lat_hat, np.inf).min(axis=1)
    return lat_hat[np.arange(len(choices)), choices] - best


def shaped_reward(latency_s, energy_j, regret_s=0.0, w=SHAPING):
    """Algorithm 3, line 21: R_adj = R_v + I - P - mu x regret, with
    R_v = -(w_L L + w_E E) (eq. 64), Q = w_L / L - w_E E (eq. 48, L floored),
    I = omega_lat max(0, varrho - L) + omega_ene (1 - E / E_max) + omega_qos max(0, Q - Q_min),
    P = lambda_lat max(0, L - varrho) + lambda_ene max(0, E - E_max) + lambda_qos max(0, Q_min - Q)."""
    L, E = latency_s, energy_j
    q = w["w_L"] / max(L, w["l_floor_s"]) - w["w_E"] * E
    base = -(w["w_L"] * L + w["w_E"] * E)
    inc = (w["omega_lat"] * max(0.0, w["varrho_s"] - L) + w["omega_ene"] * (1.0 - E / w["e_max_j"])
           + w["omega_qos"] * max(0.0, q - w["q_min"]))
    pen = (w["lambda_lat"] * max(0.0, L - w["varrho_s"]) + w["lambda_ene"] * max(0.0, E - w["e_max_j"])
           + w["lambda_qos"] * max(0.0, w["q_min"] - q))
    return base + inc - pen - w["mu_nash"] * regret_s


# ---- UAV and BS agents: forwarding (eqs. 5c-5e) --------------------------
# Each AP with an edge server is an agent; for every task the vehicle
# agents placed at its server in this slot it chooses 0 compute here or
# 1 forward to fwd(a): among the APs with a server one relay hop away
# (UAV-UAV, UAV-BS or BS-UAV, 3-D distance <= RELAY_MARGIN x relay_range_m,
# the margin keeping clear of the engine's own range test), the one with the
# least backlog_s (ties: lowest index). AP features (AP_FEATURES values):
#   0 backlog_s of a          1 work / CPU of a
#   2 backlog_s of fwd(a)     3 work / CPU of fwd(a)     (0 without fwd(a))
#   4 has fwd(a)              5 Mbit of the task (8e-6 (input + output bytes))
#   6 distance(a, fwd(a)) / relay_range_m (0 without)    7 a is a UAV
#   8 work the vehicles placed at a in this slot / CPU of a (s)
AP_FEATURES = 9
AP_CHOICES = 2
RELAY_MARGIN = 0.95


def relay_neighbours(obs):
    """fwd(a) per AP (-1 where none) and the distance to it (m)."""
    na = obs.n_aps
    fwd, dist = np.full(na, -1), np.zeros(na)
    rng = obs.relay_range_m * RELAY_MARGIN
    if na == 0 or not rng > 0:
        return fwd, dist
    kind = _arr(obs.aps.kind, int)
    cpu, back = _arr(obs.aps.cpu_flops), _arr(obs.aps.backlog_s)
    x, y, z = _arr(obs.aps.x_m), _arr(obs.aps.y_m), _arr(obs.aps.z_m)
    for i in range(na):
        for j in range(na):
            pair = (kind[i] == AP_UAV and kind[j] in (AP_UAV, AP_BS)) or (kind[i] == AP_BS and kind[j] == AP_UAV)
            if j == i or not cpu[j] > 0 or not pair:
                continue
            d = float(np.sqrt((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]) + (z[i] - z[j]) * (z[i] - z[j])))
            if d <= rng and (fwd[i] < 0 or back[j] < back[fwd[i]]):
                fwd[i], dist[i] = j, d
    return fwd, dist


def ap_features(obs, decisions, nb=None):
    """(rows, X (k, 9), valid (k, 2)) for the tasks placed at an AP's
    server (rows: their task indices), from apply()'s decisions."""
    fwd, dist = relay_neighbours(obs) if nb is None else nb
    na = obs.n_aps
    cpu, back = (_arr(obs.aps.cpu_flops), _arr(obs.aps.backlog_s)) if na else (np.zeros(1), np.zeros(1))
    kind = _arr(obs.aps.kind, int) if na else np.zeros(1, int)
    t = obs.tasks
    placed = np.zeros(max(na, 1))
    rows = [i for i, d in enumerate(decisions) if d is not None and d[0] == RUN_AP]
    for i in rows:
        placed[decisions[i][1]] += t.work_flops[i]
    X = np.zeros((len(rows), AP_FEATURES))
    for k, i in enumerate(rows):
        a = decisions[i][1]
        f = fwd[a]
        work = t.work_flops[i]
        X[k] = [back[a], work / cpu[a], back[f] if f >= 0 else 0.0, work / cpu[f] if f >= 0 else 0.0, f >= 0,
                8e-6 * (t.input_bytes[i] + t.output_bytes[i]), dist[a] / obs.relay_range_m if f >= 0 else 0.0,
                kind[a] == AP_UAV, placed[a] / cpu[a]]
    valid = np.stack([np.ones(len(rows), bool), X[:, 4] > 0], axis=1) if rows else np.zeros((0, 2), bool)
    return rows, X, valid


def compute_aps(obs, decisions, rows, choices, nb=None):
    """compute_ap per task (-1: the task's own AP) from the AP agents' choices."""
    fwd, _ = relay_neighbours(obs) if nb is None else nb
    out = np.full(len(decisions), -1)
    for k, i in enumerate(rows):
        if choices[k] == 1:
            out[i] = fwd[decisions[i][1]]
    return out
