/* Checks a scheduler's decision against the constraints C1-C5 documented
 * at q6_task_choice in solvers/plugin.h. */
#ifndef Q6_SIM_VALIDATE_H
#define Q6_SIM_VALIDATE_H
#include "solvers/plugin.h"

typedef void (*q6_violation_fn)(void *ctx, uint32_t task, const char *constraint,
                                const char *detail);

/* Marks bad[t] = 1 for each task whose choice breaks a constraint, calls
 * report (if not NULL) once per such task, and returns how many there are.
 * node_ap is scratch space of n_nodes entries. */
size_t q6_decision_check(const q6_slot_problem *p, const q6_slot_decision *d, unsigned char *bad,
                         uint32_t *node_ap, q6_violation_fn report, void *ctx);

#endif
