"""Rewards from the feedback of one slot (the outcomes of tasks that ended
since the previous observation) and the virtual queues. All are costs
turned negative, so larger is better.

latency    -(sum of latency_s + drop_penalty_s per dropped task)
cost       -(weight_latency * latency term + weight_energy * energy_j), the
           scenario's cost weights (observation.weight_latency/_energy)
emissions  -(grams CO2 of the ended tasks' energy at the APs' mean emission
           factor) / (bits of the tasks done); 0 when no bits were done
dpp        -(V * cost + sum_q Q_q (arrival_q - service_q)): Neely's
           drift-plus-penalty with the queues' last slot (V = lyapunov_v;
           V = 1 when the scenario has no lyapunov group)
vector     np.array([latency, energy, emissions]) rewards (each negative)
"""
import numpy as np

KINDS = ("latency", "cost", "emissions", "dpp", "vector")
DROPPED = 1


def terms(obs, task_bits, drop_penalty_s=1.0):
    """The cost terms of the slot's feedback: latency (s, with the drop
    penalty), energy (J), emissions (g CO2 per bit). Plain Python sums: the
    lists are short, where numpy's per-call cost dominates."""
    o = obs.outcomes
    n_dropped = sum(1 for s in o.state if s == DROPPED)
    latency = sum(o.latency_s) + drop_penalty_s * n_dropped
    energy = (sum(o.energy_local_j) + sum(o.energy_radio_j) + sum(o.energy_edge_j) + sum(o.energy_cloud_j) +
              sum(o.energy_qpu_j))
    factors = obs.aps.emission_g_per_kwh
    grams = energy / 3.6e6 * (sum(factors) / len(factors) if len(factors) else 0.0)
    bits = 0.0
    for i, s in zip(o.id, o.state):
        b = task_bits.pop(int(i), 0.0)
        if s != DROPPED:
            bits += b
    per_bit = grams / bits if bits > 0 else 0.0
    return latency, energy, per_bit


def reward(kind, obs, task_bits, drop_penalty_s=1.0):
    latency, energy, per_bit = terms(obs, task_bits, drop_penalty_s)
    if kind == "latency":
        return -latency
    cost = obs.weight_latency * latency + obs.weight_energy * energy
    if kind == "cost":
        return -cost
    if kind == "emissions":
        return -per_bit
    if kind == "dpp":
        q = obs.queues
        drift = float(np.sum(np.asarray(q.backlog) * (np.asarray(q.last_arrival) - np.asarray(q.last_service))))
        v = obs.lyapunov_v if obs.lyapunov_v > 0 else 1.0
        return -(v * cost + drift)
    if kind == "vector":
        return np.array([-latency, -energy, -per_bit])
    raise ValueError(f"reward '{kind}' is not one of {', '.join(KINDS)}")
