/* The controller core of the paper-003 controllers (controllers.c) opened
 * to the learned `morl` (solvers/paper003/morl/morl.c): it decides each
 * server's CPU/GPU split as morl-mb does (local policies per objective on
 * the one-slot costs, mixed by zeta) and its battery by the same mixture
 * (eqs. 19-21) over costs that the learned part supplies through these
 * hooks. The hooks keep the network code (solvers/agent/nn.h) out of the
 * solver library, which the agent library links after. */
#ifndef Q6_SOLVERS_PAPER003_CONTROLLER_H
#define Q6_SOLVERS_PAPER003_CONTROLLER_H
#include "solvers/abi/scheduler.h"
#include "solvers/paper003/p3_policy.h"

typedef struct {
    void *ctx;
    /* Once per slot, before the servers' decisions: the predictor steps on
     * the slot's features and writes its outputs. */
    void (*observe_slot)(void *ctx, const double x[P3_PRED_IN], double pred[P3_PRED_OUT]);
    /* Costs of the fixed battery candidates per objective, [r * P3_N_BATT +
     * idx] (lower is better), from a server's features. */
    void (*battery_costs)(void *ctx, const double site[P3_SITE_IN], double cost[P3_N_OBJ * P3_N_BATT]);
    void (*free_ctx)(void *ctx); /* called by p3_finish */
} p3_learned;

/* params: the keys of the built-in controllers (zeta_*, rho, ...); the
 * state owns l's context from here on (freed by p3_finish, also on failure
 * of a later step). -1 with the reason in err: the caller frees ctx. */
int p3_init_learned(const char *params, const p3_learned *l, void **state, char *err, size_t errlen);
int p3_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen);
void p3_finish(void *state);

#endif
