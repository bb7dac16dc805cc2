/* meqc-drl (paper 001, sec. V): Lyapunov drift-plus-penalty outer loop
 * around a learned per-task policy. The inner stage is a hybrid mlp-policy
 * network (agents.ddpg with --reward-weights: three mode scores, the DQN
 * part, and an offload-fraction logit, the DDPG part) run by the shared C
 * inference (solvers/agent/policy.h), so there is one weight format and one
 * forward pass. The network proposes, per classical task, local or the
 * cloud with fraction x = sigmoid(logit). It was trained on the WSET alone
 * and never sees the virtual queue, so the outer loop adds the drift term:
 * a task the network keeps local is offloaded at its fraction x when
 * V x WSET(x) - Q < V x WSET(local) (eq. 18 with the paper-001 WSET model,
 * solvers/paper001/wset.h), Q the offload-rate backlog. With Q = 0 the
 * decisions are the network's. Quantum tasks keep their QPU preset (Q1).
 * plugin_params: weights=PATH plus the keys of the WSET model
 * (kappa, cloud_j_per_flop, wired_s, fraction_step), in any order. */
#include "solvers/meqc/meqc.h"
#include "solvers/agent/policy.h"
#include "solvers/baselines/baselines.h"
#include "solvers/paper001/wset.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    void *policy;
    q6_p001_params par;
} meqc_state;

/* Splits params into "weights=PATH" (to the policy) and the rest (WSET). */
static int meqc_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    const char *params = a->params ? a->params : "";
    size_t n = strlen(params);
    char *weights = calloc(n + 1, 1), *rest = calloc(n + 1, 1), *buf = strdup(params);
    meqc_state *s = calloc(1, sizeof *s);
    int rc = -1;
    if (!weights || !rest || !buf || !s) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *dst = strncmp(kv, "weights=", 8) ? rest : weights;
        if (dst == weights && weights[0]) {
            snprintf(err, errlen, "plugin_params: weights= given twice");
            goto out;
        }
        if (dst[0])
            strcat(dst, ",");
        strcat(dst, kv);
    }
    if (!weights[0]) {
        snprintf(err, errlen, "plugin_params: meqc-drl needs weights=PATH (e.g. platforms/paper001/meqc-drl.q6w)");
        goto out;
    }
    if (q6_p001_parse(rest, &s->par, err, errlen) < 0)
        goto out;
    q6_plugin_init_args pa = {a->seed, weights};
    if (q6_policy_init(&pa, "mlp", q6_mlp_policy_load, &s->policy, err, errlen) != 0)
        goto out;
    *state = s;
    s = NULL;
    rc = 0;
out:
    free(weights);
    free(rest);
    free(buf);
    free(s);
    return rc;
}

static int meqc_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    meqc_state *s = state;
    uint32_t n_out = 0;
    const double *out = q6_policy_outputs(s->policy, p, &n_out, err, errlen);
    if (!out && p->n_tasks)
        return -1;
    /* Band sharers and cloud shares as the other paper-001 schedulers count them. */
    uint32_t n_classical = 0, users = 0, last = UINT32_MAX; /* tasks are sorted by node */
    for (uint32_t t = 0; t < p->n_tasks; t++)
        if (p->tasks[t].kind != Q6_TASK_QUANTUM) {
            n_classical++;
            if (p->tasks[t].node != last)
                users++, last = p->tasks[t].node;
        }
    double share = n_classical ? p->cloud_flops / n_classical : p->cloud_flops;
    double v = p->lyapunov_v > 0 ? p->lyapunov_v : 1.0, q = q6_p001_offload_backlog(p);
    uint32_t node = UINT32_MAX; /* this slot's earlier tasks of the node, as in solvers/paper001 */
    double slot_bytes = 0.0, slot_local_s = 0.0;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *task = &p->tasks[t];
        if (task->kind == Q6_TASK_QUANTUM)
            continue;
        uint32_t n = task->node, a = q6_strongest_ap(p, n);
        if (n != node)
            node = n, slot_bytes = 0.0, slot_local_s = 0.0;
        d->tasks[t].target = Q6_RUN_LOCAL;
        d->tasks[t].ap = 0;
        if (a == UINT32_MAX || !(p->cloud_flops > 0)) {
            slot_local_s += task->work_flops / p->nodes[n].cpu_flops;
            continue;
        }
        const double *o = out + (size_t)t * n_out;
        double x = n_out == 4 ? 1.0 / (1.0 + exp(-o[3])) : 1.0;
        int offload = o[2] > o[0]; /* the paper has no edge server: local vs cloud */
        if (!offload && q > 0) {
            q6_p001_link link = {q6_equal_share_rate_bps(p, n, a, users), p->nodes[n].tx_power_max_w, share,
                                 slot_bytes, slot_local_s};
            double local = q6_p001_classical(p, &s->par, task, &link, 0.0).cost;
            double remote = q6_p001_classical(p, &s->par, task, &link, x).cost;
            offload = v * remote - q < v * local;
        }
        if (!(offload && x > 0))
            x = 0.0;
        slot_bytes += x * task->input_bytes;
        slot_local_s += (1 - x) * task->work_flops / p->nodes[n].cpu_flops;
        if (x > 0) {
            d->tasks[t].target = Q6_RUN_CLOUD;
            d->tasks[t].ap = a;
            d->tasks[t].offload_fraction = x;
            d->tasks[t].cpu_share_flops = share;
        }
    }
    q6_sched_route_quantum(p, d);
    return 0;
}

static void meqc_finish(void *state)
{
    meqc_state *s = state;
    if (!s)
        return;
    q6_policy_finish(s->policy);
    free(s);
}

const q6_scheduler q6_sched_meqc_drl = {
    {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "meqc-drl",
     "paper 001 proposed: drift-plus-penalty outer loop around a trained DQN/DDPG hybrid policy (weights=PATH)"},
    meqc_init, meqc_decide, meqc_finish};
