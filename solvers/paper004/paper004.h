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
 *   qdrl    variational-circuit Q-policy (vqc-policy), parameters shared by
 *           every vehicle agent
 *   mappo   multi-agent PPO actor (mlp-policy)
 *   maddpg  DDPG hybrid actor, shared by every vehicle (mlp-policy) */
#ifndef Q6_SOLVERS_PAPER004_H
#define Q6_SOLVERS_PAPER004_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_p4_latency;
extern const q6_scheduler q6_sched_p4_uav_first;
extern const q6_scheduler q6_sched_p4_bs_first;
extern const q6_scheduler q6_sched_p4_qdrl;
extern const q6_scheduler q6_sched_p4_mappo;
extern const q6_scheduler q6_sched_p4_maddpg;

#endif
