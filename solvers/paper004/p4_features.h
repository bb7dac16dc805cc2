/* Paper-004 learned controllers' view of a slot ("p4-v1") and how their
 * four choices become decisions; python/agents/p4_features.py is the same
 * definition in numpy (test/paper004/test_qdrl.py checks that they agree).
 *
 * Per vehicle v: bs(v) the reachable BS with an edge server and the highest
 * SNR, uav(v) the same among UAVs, any(v) the reachable AP of any kind with
 * the highest SNR (ties: lowest index; UINT32_MAX for none).
 * Twin state (Q6_P4_TWIN values, what the digital twin predicts one slot
 * ahead): 0 log10(1 + rate to bs(v)), 1 log10(1 + rate to uav(v)) (bit/s,
 * 0 without), 2 backlog_s of bs(v), 3 backlog_s of uav(v) (0 without),
 * 4 the vehicle's backlog_s, 5 its tasks this slot.
 * Task features (Q6_P4_TASK values): 0 local_s, 1 bs_s, 2 uav_s, 3 cloud_s
 * (eq. 5's estimate: air + queue + work / CPU, clipped to [0, 100] s, 0 for
 * an option that does not exist), 4-6 has bs / uav / any, 7 slack_s,
 * 8 priority weight, 9 tasks of the vehicle this slot.
 * Choices: 0 local, 1 edge at bs(v), 2 edge at uav(v), 3 cloud through
 * any(v). One AP per vehicle and slot (engine C5): the first offloaded task
 * of a vehicle fixes its AP and later ones that chose another AP use that
 * one; with dual connectivity, one AP of each kind is fixed so. */
#ifndef Q6_SOLVERS_PAPER004_P4_FEATURES_H
#define Q6_SOLVERS_PAPER004_P4_FEATURES_H
#include "solvers/abi/scheduler.h"

#define Q6_P4_TASK 10
#define Q6_P4_TWIN 6
#define Q6_P4_CHOICES 4

typedef struct {
    uint32_t bs, uav, any;
} q6_p4_aps;

q6_p4_aps q6_p4_best_aps(const q6_sched_problem *p, uint32_t node);
void q6_p4_twin_state(const q6_sched_problem *p, uint32_t node, double out[Q6_P4_TWIN]);
void q6_p4_task_features(const q6_sched_problem *p, uint32_t t, double out[Q6_P4_TASK]);
void q6_p4_valid(const q6_sched_problem *p, uint32_t t, int valid[Q6_P4_CHOICES]);

/* Writes every task's decision from its scores (n_tasks x 4, row by task):
 * the best valid choice, then the one-AP rule (dual: one AP per kind).
 * fixed holds 2 * n_nodes entries of scratch. */
void q6_p4_apply(const q6_sched_problem *p, const double *scores, int dual, uint32_t *fixed, q6_sched_decision *d);

/* UAV and BS agents (forwarding, eqs. 5c-5e): for each task placed at
 * AP a's server, 0 compute there or 1 forward to fwd(a), the AP with a
 * server one relay hop away (UAV-UAV, UAV-BS, BS-UAV, 3-D distance <=
 * Q6_P4_RELAY_MARGIN x relay_range_m, clear of the engine's own range
 * test) with the least backlog_s (ties: lowest index). AP features:
 * 0 backlog_s of a, 1 work / CPU of a, 2 backlog_s of fwd(a), 3 work / CPU
 * of fwd(a) (0 without), 4 has fwd(a), 5 Mbit of the task, 6 distance to
 * fwd(a) / relay_range_m (0 without), 7 a is a UAV, 8 work placed at a in
 * this slot by the decisions / CPU of a (s). */
#define Q6_P4_AP 9
#define Q6_P4_AP_CHOICES 2
#define Q6_P4_RELAY_MARGIN 0.95

/* fwd[a] (UINT32_MAX none) and dist_m[a] for every AP. */
void q6_p4_relay_neighbours(const q6_sched_problem *p, uint32_t *fwd, double *dist_m);
/* placed_flops[a]: work of the tasks d places at a's server. */
void q6_p4_placed(const q6_sched_problem *p, const q6_sched_decision *d, double *placed_flops);
/* Features of task t, placed at the server of AP a by d. */
void q6_p4_ap_features(const q6_sched_problem *p, uint32_t t, uint32_t a, const uint32_t *fwd, const double *dist_m,
                       const double *placed_flops, double out[Q6_P4_AP]);

#endif
