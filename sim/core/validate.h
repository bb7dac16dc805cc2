/* The one checker of a scheduler's decision (plugin ABI 3): every
 * constraint documented in solvers/abi/scheduler.h, C1-C7, Q1, Q2, B1, P1, K1
 * and E1. A task whose choice breaks a constraint is flagged (the engine
 * drops it); a node or AP field that breaks one is reverted to its default
 * in the decision (equal bandwidth share, maximum power, no GPU, the
 * default battery dispatch). */
#ifndef Q6_SIM_VALIDATE_H
#define Q6_SIM_VALIDATE_H
#include "models/battery.h"
#include "solvers/abi/scheduler.h"

typedef enum { Q6_SUBJECT_TASK = 0, Q6_SUBJECT_NODE = 1, Q6_SUBJECT_AP = 2 } q6_subject_kind;

/* index: task, node or AP index of the problem. */
typedef void (*q6_violation_fn)(void *ctx, q6_subject_kind kind, uint32_t index, const char *constraint,
                                const char *detail);

typedef struct {
    q6_violation_fn report;       /* may be NULL */
    void *ctx;
    const q6_battery_params *battery; /* physics of the site batteries (E1); NULL: no site has one */
    double gpu_fraction_default;  /* what a reverted gpu_fraction becomes */
    /* Q2: 1 when circuit c fits QPU qpu (its qubits after error correction
     * and its success probability >= min_success), else 0 with why filled.
     * NULL: Q2 is not checked. */
    int (*qpu_fits)(void *ctx, uint32_t qpu, const q6_circuit *c, char *why, size_t n);
    void *qpu_ctx;
    /* F1: number of relay hops of the shortest path from AP `from` to AP
     * `to` this slot (0 when unreachable). NULL: no AP reaches another. */
    int (*relay_hops)(void *ctx, uint32_t from, uint32_t to);
    void *relay_ctx;
} q6_check_options;

/* Flags bad[t] = 1 for each task whose choice breaks a constraint, reverts
 * violating node and AP fields in d, reports each violation once, and
 * returns how many there are. node_ap (n_nodes entries; 2 n_nodes when
 * p->dual_connectivity) gets the AP each node uses this slot (UINT32_MAX
 * none), and with dual connectivity node_ap[n_nodes + i] its second AP, of
 * another kind; server_sum is scratch space of n_aps + 1 entries. */
size_t q6_decision_check(const q6_sched_problem *p, q6_sched_decision *d, unsigned char *bad, uint32_t *node_ap,
                         double *server_sum, const q6_check_options *o);

#endif
