/* Paper 001's per-device virtual queues (eq. 13): Q_i(t+1) = max(Q_i(t) +
 * rho n_i(t) - s_i(t), 0), n_i the device's tasks of slot t and s_i those
 * the decision offloads (target not local: x > 0, or a circuit to the
 * QPU). The engine's `offload-rate` queue is one system-wide queue (the sum
 * of these while none sits at zero); the paper's constraint (10) is per
 * device, so the schedulers that weigh the drift (meqc-dpp, meqc-drl) keep
 * one queue per device in their state, updated from their own decisions,
 * which is deterministic and needs no engine change. rho is the budget of
 * the scenario's offload-rate queue; without one the queues stay at 0. */
#ifndef Q6_SOLVERS_PAPER001_DEVQ_H
#define Q6_SOLVERS_PAPER001_DEVQ_H
#include "solvers/abi/scheduler.h"
#include <stddef.h>

typedef struct {
    double *q;       /* per node index */
    size_t n;
} q6_p001_devq;

/* rho of the first offload-rate queue of p; 0 when there is none. */
double q6_p001_rho(const q6_sched_problem *p);
/* Makes room for p's nodes (new ones start at 0); -1 when out of memory. */
int q6_p001_devq_fit(q6_p001_devq *dq, uint32_t n_nodes);
/* Q_i at the start of this slot (0 for a node never seen). */
double q6_p001_devq_get(const q6_p001_devq *dq, uint32_t node);
/* Advances every node with a task this slot by the decision d. */
void q6_p001_devq_update(q6_p001_devq *dq, const q6_sched_problem *p, const q6_sched_decision *d);
void q6_p001_devq_free(q6_p001_devq *dq);

#endif
