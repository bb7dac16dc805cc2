/* The learned paper-003 controller `morl` (morl.c) and its network, open
 * for tests: load a p3-morl weight file, step the predictor, get the
 * battery candidates' costs per objective. */
#ifndef Q6_SOLVERS_PAPER003_MORL_H
#define Q6_SOLVERS_PAPER003_MORL_H
#include "solvers/abi/scheduler.h"
#include "solvers/paper003/p3_policy.h"

extern const q6_scheduler q6_sched_p3_morl;

typedef struct p3_morl_net p3_morl_net;
/* NULL with "PATH:LINE: reason" or the missing piece in err. */
p3_morl_net *p3_morl_net_load(const char *path, char *err, size_t errlen);
void p3_morl_net_free(p3_morl_net *n);
/* One slot: the LSTM steps on the normalised x; pred = the readout of h. */
void p3_morl_net_step(p3_morl_net *n, const double x[P3_PRED_IN], double pred[P3_PRED_OUT]);
/* cost[r * P3_N_BATT + idx]: the Q-heads' outputs (S, E), 0 for D. */
void p3_morl_net_costs(p3_morl_net *n, const double site[P3_SITE_IN], double cost[P3_N_OBJ * P3_N_BATT]);

#endif
