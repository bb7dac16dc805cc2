/* What the trained policies see and how their outputs become decisions
 * (docs/learning.md, "Features and actions"). python/q6env/features.py is
 * the same definition in numpy; test/agent/test_policy_torch.py checks
 * that the two agree.
 *
 * Per task (Q6_TASK_FEATURES values, "task-v1"): with a the node's
 * strongest reachable AP (highest SNR >= min_snr, lowest index on ties),
 *   0 local_s  node backlog + work / node CPU            (s, clipped to [0, 100])
 *   1 edge_s   air + AP backlog + work / AP CPU, 0 without an edge server
 *   2 cloud_s  air + work / cloud CPU, 0 when no AP is reachable
 *   3 air_s    8 (input + output bytes) / rate_bps[node, a]
 *   4 slack_s  deadline - now
 *   5 reachable (0/1)   6 has_edge (0/1)   7 log10(snr[node, a]) (0 if unreachable)
 *   8 priority_weight   9 tasks of the same node this slot   10 quantum (0/1)
 * Per slot (Q6_SLOT_FEATURES values, "slot-v1", the LSTM's input):
 *   0 tasks this slot  1 mean node backlog_s  2 mean AP backlog_s
 *   3 mean latency_s of the outcomes  4 fraction of outcomes that met their
 *   deadline (1 with none)  5 outcomes
 * Outputs: 3 scores (local, edge at a, cloud through a), or 4 with an
 * offload-fraction logit ("hybrid" head). The decision is the highest
 * score among the valid choices (edge needs a reachable AP with a server,
 * cloud a reachable AP; lowest index on ties); hybrid: offload_fraction =
 * sigmoid(output 3) when offloading. Quantum tasks keep the engine preset. */
#ifndef Q6_SOLVERS_AGENT_POLICY_FEATURES_H
#define Q6_SOLVERS_AGENT_POLICY_FEATURES_H
#include "solvers/abi/scheduler.h"

#define Q6_TASK_FEATURES 11
#define Q6_SLOT_FEATURES 6
#define Q6_POLICY_CHOICES 3

/* Strongest reachable AP of node, or UINT32_MAX. */
uint32_t q6_policy_ap(const q6_sched_problem *p, uint32_t node);
void q6_task_features(const q6_sched_problem *p, uint32_t t, double out[Q6_TASK_FEATURES]);
void q6_slot_features(const q6_sched_problem *p, double out[Q6_SLOT_FEATURES]);
/* Writes task t's choice from the policy's outputs (n_out 3 or 4). */
void q6_policy_apply(const q6_sched_problem *p, uint32_t t, const double *outputs, uint32_t n_out,
                     q6_sched_decision *d);

#endif
