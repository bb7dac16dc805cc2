"""Policy features and action mapping, the numpy twin of
solvers/agent/policy_features.c (the definitions are in its header,
policy_features.h, and in docs/learning.md). test/agent/test_policy_torch.py
checks that the two agree to 1e-9.

task_features(obs) -> (n_tasks, 11) float64 array   ("task-v1")
slot_features(obs) -> (6,) float64 array             ("slot-v1")
valid_choices(obs) -> (n_tasks, 3) bool array: local, edge at the strongest AP, cloud through it
choices_to_action(obs, choices, fractions=None) -> agent_pb2.Action
"""
import numpy as np

from . import agent_pb2 as pb

TASK_FEATURES = 11
SLOT_FEATURES = 6
CHOICES = 3
QUANTUM = 1
RUN_LOCAL, RUN_AP, RUN_CLOUD = 0, 1, 2


def policy_aps(obs):
    """Strongest reachable AP per node (highest SNR >= min_snr, lowest index
    on ties), -1 when none."""
    n, a = obs.n_nodes, obs.n_aps
    if a == 0:
        return np.full(n, -1)
    snr = np.asarray(obs.snr, dtype=float).reshape(n, a)
    masked = np.where(snr >= obs.min_snr, snr, -np.inf)
    best = np.argmax(masked, axis=1)     # first maximum: lowest index on ties
    return np.where(np.isfinite(masked[np.arange(n), best]), best, -1)


def _clip(x):
    return np.clip(x, 0.0, 100.0)


def task_features(obs, aps=None):
    t = obs.tasks
    nt = len(t.id)
    f = np.zeros((nt, TASK_FEATURES))
    if nt == 0:
        return f
    aps = policy_aps(obs) if aps is None else aps
    node = np.asarray(t.node, dtype=int)
    a = aps[node]
    reach = a >= 0
    a0 = np.where(reach, a, 0)
    ap_cpu = np.asarray(obs.aps.cpu_flops, dtype=float) if obs.n_aps else np.zeros(1)
    ap_backlog = np.asarray(obs.aps.backlog_s, dtype=float) if obs.n_aps else np.zeros(1)
    edge = reach & (ap_cpu[a0] > 0)
    rate = np.asarray(obs.rate_bps, dtype=float)[node * obs.n_aps + a0] if obs.n_aps else np.zeros(nt)
    rate = np.where(reach, rate, 0.0)
    work = np.asarray(t.work_flops, dtype=float)
    bytes_ = np.asarray(t.input_bytes, dtype=float) + np.asarray(t.output_bytes, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        air = np.where(reach & (rate > 0), 8.0 * bytes_ / np.where(rate > 0, rate, 1.0), np.where(reach, 100.0, 0.0))
        cpu = np.asarray(obs.nodes.cpu_flops, dtype=float)[node]
        local = np.where(cpu > 0, work / np.where(cpu > 0, cpu, 1.0), 100.0)
        edge_s = air + ap_backlog[a0] + work / np.where(ap_cpu[a0] > 0, ap_cpu[a0], 1.0)
        cloud = obs.cloud_flops
        cloud_s = air + (work / cloud if cloud > 0 else 100.0)
        snr = np.asarray(obs.snr, dtype=float)[node * obs.n_aps + a0] if obs.n_aps else np.ones(nt)
    f[:, 0] = _clip(np.asarray(obs.nodes.backlog_s, dtype=float)[node] + local)
    f[:, 1] = np.where(edge, _clip(edge_s), 0.0)
    f[:, 2] = np.where(reach, _clip(cloud_s), 0.0)
    f[:, 3] = _clip(air)
    f[:, 4] = np.asarray(t.deadline_s, dtype=float) - obs.now_s
    f[:, 5] = reach
    f[:, 6] = edge
    f[:, 7] = np.where(reach, np.log10(np.where(reach, snr, 1.0)), 0.0)
    f[:, 8] = np.asarray(t.priority_weight, dtype=float)
    f[:, 9] = np.bincount(node, minlength=obs.n_nodes)[node]   # tasks are sorted by node
    f[:, 10] = np.asarray(t.kind) == QUANTUM
    return f


def slot_features(obs):
    o = obs.outcomes
    n_out = len(o.id)
    nb = np.asarray(obs.nodes.backlog_s, dtype=float)
    ab = np.asarray(obs.aps.backlog_s, dtype=float)
    return np.array([
        len(obs.tasks.id),
        nb.sum() / len(nb) if len(nb) else 0.0,
        ab.sum() / len(ab) if len(ab) else 0.0,
        np.sum(np.asarray(o.latency_s, dtype=float)) / n_out if n_out else 0.0,
        np.sum(np.asarray(o.deadline_met, dtype=float)) / n_out if n_out else 1.0,
        n_out,
    ], dtype=float)


def valid_choices(obs, aps=None):
    aps = policy_aps(obs) if aps is None else aps
    node = np.asarray(obs.tasks.node, dtype=int)
    a = aps[node] if len(node) else np.zeros(0, dtype=int)
    reach = a >= 0
    ap_cpu = np.asarray(obs.aps.cpu_flops, dtype=float) if obs.n_aps else np.zeros(1)
    edge = reach & (ap_cpu[np.where(reach, a, 0)] > 0)
    return np.stack([np.ones(len(node), dtype=bool), edge, reach], axis=1)


def best_valid(scores, valid):
    """Highest score among the valid choices, lowest index on ties (as C)."""
    s = np.where(valid, scores, -np.inf)
    return np.argmax(s, axis=1)


def choices_to_action(obs, choices, fractions=None, aps=None):
    """Action from one choice per task (0 local, 1 edge, 2 cloud); quantum
    tasks and invalid choices keep the engine's preset / run locally."""
    aps = policy_aps(obs) if aps is None else aps
    valid = valid_choices(obs, aps)
    act = pb.Action(slot=obs.slot)
    for i in range(len(obs.tasks.id)):
        c = act.tasks.add(id=obs.tasks.id[i])
        if obs.tasks.kind[i] == QUANTUM:
            continue
        ch = int(choices[i])
        if ch == 0 or not valid[i, ch]:
            c.target = RUN_LOCAL
            continue
        c.target = RUN_AP if ch == 1 else RUN_CLOUD
        c.ap = int(aps[obs.tasks.node[i]])
        if fractions is not None:
            c.offload_fraction = float(fractions[i])
    return act
