/* Paper 004 heuristic controllers (plugin ABI 3), the comparison points
 * q6sim can run without the paper's learned policies (docs/paper004.md):
 *   p4-latency    per vehicle, the AP (BS or UAV) or local CPU with the
 *                 lowest priority-weighted latency of its slot's subtasks
 *                 (eqs. 3 and 5, models/vec_offload.h)
 *   p4-uav-first  the best UAV in reach, else the best BS
 *   p4-bs-first   the best BS in reach, else the best UAV
 * and the learned policies under the paper's names (weights=PATH in
 * plugin_params, trained by tools/paper004/train.sh; what each is and is
 * not in docs/paper004.md):
 *   qdrl, sa-qdrl, qdrl-no-lstm, qdrl-no-dt  multi-agent quantum DRL with
 *           an LSTM digital twin and its ablations (qdrl.c)
 *   mappo   multi-agent PPO actor (mlp-policy)
 *   maddpg  DDPG hybrid actor, shared by every vehicle (mlp-policy) */
#ifndef Q6_SOLVERS_PAPER004_H
#define Q6_SOLVERS_PAPER004_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_p4_latency;
extern const q6_scheduler q6_sched_p4_uav_first;
extern const q6_scheduler q6_sched_p4_bs_first;
extern const q6_scheduler q6_sched_p4_qdrl;
extern const q6_scheduler q6_sched_p4_sa_qdrl;
extern const q6_scheduler q6_sched_p4_qdrl_no_lstm;
extern const q6_scheduler q6_sched_p4_qdrl_no_dt;
extern const q6_scheduler q6_sched_p4_mappo;
extern const q6_scheduler q6_sched_p4_maddpg;

/* For tests: qdrl's forward pass on p without deciding, then the twin's
 * prediction of node (normalised; NULL without a twin), the circuit's
 * normalised inputs (n_tasks x n_in) and the scores (n_tasks x 4). */
int q6_p4_qdrl_forward(void *state, const q6_sched_problem *p, char *err, size_t errlen);
const double *q6_p4_qdrl_prediction(const void *state, uint32_t node);
const double *q6_p4_qdrl_inputs(const void *state, uint32_t *n_in);
const double *q6_p4_qdrl_scores(const void *state);
/* After decide: the UAV and BS agents' normalised inputs (n_tasks x 9) and
 * scores (n_tasks x 2; rows of tasks not at a server are 0); NULL without
 * AP agents. */
const double *q6_p4_qdrl_ap(const void *state, const double **scores);

#endif
