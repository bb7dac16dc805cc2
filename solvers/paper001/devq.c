/* Per-device offloading-rate queues of paper 001 (see devq.h). */
#include "solvers/paper001/devq.h"
#include <math.h>
#include <stdlib.h>

double q6_p001_rho(const q6_sched_problem *p)
{
    for (uint32_t i = 0; i < p->n_queues; i++)
        if (p->queues[i].kind == Q6_VQ_OFFLOAD_RATE)
            return p->queues[i].budget;
    return 0.0;
}

int q6_p001_devq_fit(q6_p001_devq *dq, uint32_t n_nodes)
{
    if (n_nodes <= dq->n)
        return 0;
    double *q = realloc(dq->q, n_nodes * sizeof *q);
    if (!q)
        return -1;
    for (size_t i = dq->n; i < n_nodes; i++)
        q[i] = 0.0;
    dq->q = q;
    dq->n = n_nodes;
    return 0;
}

double q6_p001_devq_get(const q6_p001_devq *dq, uint32_t node) { return node < dq->n ? dq->q[node] : 0.0; }

void q6_p001_devq_update(q6_p001_devq *dq, const q6_sched_problem *p, const q6_sched_decision *d)
{
    double rho = q6_p001_rho(p);
    /* Tasks come sorted by node: one run of tasks per node. */
    for (uint32_t t = 0; t < p->n_tasks;) {
        uint32_t n = p->tasks[t].node;
        uint32_t arrived = 0, served = 0;
        for (; t < p->n_tasks && p->tasks[t].node == n; t++) {
            arrived++;
            served += d->tasks[t].target != Q6_RUN_LOCAL;
        }
        if (n < dq->n)
            dq->q[n] = fmax(dq->q[n] + rho * (double)arrived - (double)served, 0.0);
    }
}

void q6_p001_devq_free(q6_p001_devq *dq)
{
    free(dq->q);
    dq->q = NULL;
    dq->n = 0;
}
