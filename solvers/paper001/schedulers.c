/* The paper-001 schedulers: one decide() over a per-plugin option set.
 * Every classical task picks, among the fractions x its plugin may use
 * (0 = local, 1 = whole task to the cloud CPU, between = partial), the one
 * with the lowest score that meets its deadline (constraint 12b; when none
 * does, the fastest). The baselines score by WSET cost alone; meqc-dpp by
 * the drift-plus-penalty term V x WSET - Q_i x 1{x > 0} with Q_i the
 * task's device queue (eqs. 13 and 18, devq.h). Quantum tasks keep their
 * preset, QPU 0 (Q1: nowhere else may run them), through the node's AP. Deterministic: ties go to
 * the smaller fraction. */
#include "solvers/paper001/paper001.h"
#include "solvers/baselines/baselines.h"
#include "solvers/paper001/devq.h"
#include "solvers/paper001/wset.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef enum { OPT_LOCAL_ONLY, OPT_WHOLE, OPT_GRID } option_set;

typedef struct {
    option_set options;
    int drift_plus_penalty;
    q6_p001_params par;
    q6_p001_devq devq;        /* per-device offloading-rate queues (meqc-dpp) */
    uint32_t *node_ap, *ap_users;
    size_t cap_nodes, cap_aps;
} p001_state;

typedef struct {
    option_set options;
    int drift_plus_penalty;
} p001_kind;

static int p001_init_kind(const q6_plugin_init_args *a, void **state, char *err, size_t errlen, p001_kind k)
{
    p001_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (q6_p001_parse(a->params, &s->par, err, errlen) < 0) {
        free(s);
        return -1;
    }
    s->options = k.options;
    s->drift_plus_penalty = k.drift_plus_penalty;
    *state = s;
    return 0;
}

static int grow(p001_state *s, uint32_t n_nodes, uint32_t n_aps)
{
    if (n_nodes > s->cap_nodes) {
        uint32_t *v = realloc(s->node_ap, n_nodes * sizeof *v);
        if (!v)
            return -1;
        s->node_ap = v;
        s->cap_nodes = n_nodes;
    }
    if (n_aps > s->cap_aps) {
        uint32_t *v = realloc(s->ap_users, n_aps * sizeof *v);
        if (!v)
            return -1;
        s->ap_users = v;
        s->cap_aps = n_aps;
    }
    return 0;
}

static int p001_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    p001_state *s = state;
    if (grow(s, p->n_nodes, p->n_aps) < 0 || q6_p001_devq_fit(&s->devq, p->n_nodes) < 0) {
        snprintf(err, errlen, "out of memory for %u nodes", p->n_nodes);
        return -1;
    }
    for (uint32_t a = 0; a < p->n_aps; a++)
        s->ap_users[a] = 0;
    uint32_t n_classical = 0;
    for (uint32_t n = 0; n < p->n_nodes; n++)
        s->node_ap[n] = q6_strongest_ap(p, n);
    /* Band sharers: nodes with a classical task this slot (the most that can
     * offload); CPU shares: the cloud split over this slot's classical tasks. */
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *task = &p->tasks[t];
        if (task->kind == Q6_TASK_QUANTUM)
            continue;
        n_classical++;
        uint32_t n = task->node;
        int first = 1;
        for (uint32_t u = 0; u < t; u++)
            if (p->tasks[u].node == n && p->tasks[u].kind != Q6_TASK_QUANTUM)
                first = 0;
        if (first && s->node_ap[n] != UINT32_MAX)
            s->ap_users[s->node_ap[n]]++;
    }
    double share = n_classical ? p->cloud_flops / n_classical : p->cloud_flops;
    double v = s->drift_plus_penalty ? (p->lyapunov_v > 0 ? p->lyapunov_v : 1.0) : 1.0;
    double step = s->par.fraction_step;
    /* A node's tasks come together (sorted by node): each one's upload and
     * local part queue behind those chosen for its earlier tasks. */
    uint32_t node = UINT32_MAX;
    double slot_bytes = 0.0, slot_local_s = 0.0;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *task = &p->tasks[t];
        if (task->kind == Q6_TASK_QUANTUM)
            continue;
        uint32_t n = task->node, a = s->node_ap[n];
        if (n != node)
            node = n, slot_bytes = 0.0, slot_local_s = 0.0;
        q6_p001_link link = {0.0, p->nodes[n].tx_power_max_w, share, slot_bytes, slot_local_s};
        if (a != UINT32_MAX)
            link.rate_bps = q6_equal_share_rate_bps(p, n, a, s->ap_users[a]);
        double q = s->drift_plus_penalty ? q6_p001_devq_get(&s->devq, n) : 0.0;
        double remaining_s = task->deadline_s - p->now_s;
        int steps = 0;
        if (a != UINT32_MAX && p->cloud_flops > 0)
            steps = s->options == OPT_WHOLE ? 1 : s->options == OPT_GRID ? (int)ceil(1.0 / step - 1e-9) : 0;
        double best_x = 0.0, best_score = INFINITY, fast_x = 0.0, fast_s = INFINITY;
        for (int i = 0; i <= steps; i++) {
            double x = s->options == OPT_WHOLE ? (double)i : fmin(1.0, i * step);
            q6_wset w = q6_p001_classical(p, &s->par, task, &link, x);
            double score = v * w.cost - (x > 0 ? q : 0.0);
            if (w.delay_s < fast_s)
                fast_s = w.delay_s, fast_x = x;
            if (w.delay_s <= remaining_s && score < best_score)
                best_score = score, best_x = x;
        }
        double x = isfinite(best_score) ? best_x : fast_x;
        slot_bytes += x * task->input_bytes;
        slot_local_s += (1 - x) * task->work_flops / p->nodes[n].cpu_flops;
        if (x > 0) {
            d->tasks[t].target = Q6_RUN_CLOUD;
            d->tasks[t].ap = a;
            d->tasks[t].offload_fraction = x;
            d->tasks[t].cpu_share_flops = share;
        } else {
            d->tasks[t].target = Q6_RUN_LOCAL;
            d->tasks[t].ap = 0;
        }
    }
    q6_sched_route_quantum(p, d);
    if (s->drift_plus_penalty)
        q6_p001_devq_update(&s->devq, p, d);
    return 0;
}

static void p001_finish(void *state)
{
    p001_state *s = state;
    if (!s)
        return;
    free(s->node_ap);
    free(s->ap_users);
    q6_p001_devq_free(&s->devq);
    free(s);
}

#define P001_INIT(fn, opts, dpp)                                                                   \
    static int fn(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)            \
    {                                                                                              \
        return p001_init_kind(a, state, err, errlen, (p001_kind){opts, dpp});                      \
    }
P001_INIT(init_cpu_discrete, OPT_WHOLE, 0)
P001_INIT(init_cpu_continuous, OPT_GRID, 0)
P001_INIT(init_qpu, OPT_LOCAL_ONLY, 0)
P001_INIT(init_meqc_dpp, OPT_GRID, 1)

#define P001_TABLE(var, name, desc, init)                                                          \
    const q6_scheduler var = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, name, desc}, \
                              init, p001_decide, p001_finish};
P001_TABLE(q6_sched_cpu_discrete, "cpu-discrete",
           "paper 001 baseline: each classical task local or whole to the cloud CPU, lowest WSET", init_cpu_discrete)
P001_TABLE(q6_sched_cpu_continuous, "cpu-continuous",
           "paper 001 baseline: fraction x of each classical task to the cloud CPU, lowest WSET", init_cpu_continuous)
P001_TABLE(q6_sched_qpu_discrete, "qpu-discrete",
           "paper 001 baseline: QPU only (quantum tasks whole to the QPU, classical ones local)", init_qpu)
P001_TABLE(q6_sched_qpu_continuous, "qpu-continuous",
           "paper 001 baseline: QPU only; q6sim runs circuits whole, so it equals qpu-discrete", init_qpu)
P001_TABLE(q6_sched_meqc_dpp, "meqc-dpp",
           "paper 001 proposed core: drift-plus-penalty, exhaustive mode/fraction grid per task", init_meqc_dpp)
