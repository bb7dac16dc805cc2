/* Policy features and output mapping (definitions in policy_features.h). */
#include "solvers/agent/policy_features.h"
#include <math.h>

static double clip_s(double x) { return x < 0 ? 0 : x > 100 ? 100 : x; }

uint32_t q6_policy_ap(const q6_sched_problem *p, uint32_t node)
{
    uint32_t best = UINT32_MAX;
    for (uint32_t a = 0; a < p->n_aps; a++) {
        double s = p->snr[(size_t)node * p->n_aps + a];
        if (s >= p->min_snr && (best == UINT32_MAX || s > p->snr[(size_t)node * p->n_aps + best]))
            best = a;
    }
    return best;
}

void q6_task_features(const q6_sched_problem *p, uint32_t t, double f[Q6_TASK_FEATURES])
{
    const q6_sched_task *task = &p->tasks[t];
    const q6_sched_node *n = &p->nodes[task->node];
    uint32_t a = q6_policy_ap(p, task->node);
    int reach = a != UINT32_MAX;
    int edge = reach && p->aps[a].cpu_flops > 0;
    double rate = reach ? p->rate_bps[(size_t)task->node * p->n_aps + a] : 0.0;
    double air = reach && rate > 0 ? 8.0 * (task->input_bytes + task->output_bytes) / rate : (reach ? 100.0 : 0.0);
    f[0] = clip_s(n->backlog_s + (n->cpu_flops > 0 ? task->work_flops / n->cpu_flops : 100.0));
    f[1] = edge ? clip_s(air + p->aps[a].backlog_s + task->work_flops / p->aps[a].cpu_flops) : 0.0;
    f[2] = reach ? clip_s(air + (p->cloud_flops > 0 ? task->work_flops / p->cloud_flops : 100.0)) : 0.0;
    f[3] = clip_s(air);
    f[4] = task->deadline_s - p->now_s;
    f[5] = reach;
    f[6] = edge;
    f[7] = reach ? log10(p->snr[(size_t)task->node * p->n_aps + a]) : 0.0;
    f[8] = task->priority_weight;
    /* Tasks are sorted by node: count this node's run. */
    uint32_t lo = t, hi = t;
    while (lo > 0 && p->tasks[lo - 1].node == task->node)
        lo--;
    while (hi + 1 < p->n_tasks && p->tasks[hi + 1].node == task->node)
        hi++;
    f[9] = (double)(hi - lo + 1);
    f[10] = task->kind == Q6_TASK_QUANTUM;
}

void q6_slot_features(const q6_sched_problem *p, double f[Q6_SLOT_FEATURES])
{
    double nb = 0, ab = 0, lat = 0, met = 0;
    for (uint32_t i = 0; i < p->n_nodes; i++)
        nb += p->nodes[i].backlog_s;
    for (uint32_t i = 0; i < p->n_aps; i++)
        ab += p->aps[i].backlog_s;
    for (uint32_t i = 0; i < p->n_outcomes; i++) {
        lat += p->outcomes[i].latency_s;
        met += p->outcomes[i].deadline_met != 0;
    }
    f[0] = p->n_tasks;
    f[1] = p->n_nodes ? nb / p->n_nodes : 0.0;
    f[2] = p->n_aps ? ab / p->n_aps : 0.0;
    f[3] = p->n_outcomes ? lat / p->n_outcomes : 0.0;
    f[4] = p->n_outcomes ? met / p->n_outcomes : 1.0;
    f[5] = p->n_outcomes;
}

void q6_policy_apply(const q6_sched_problem *p, uint32_t t, const double *out, uint32_t n_out,
                     q6_sched_decision *d)
{
    const q6_sched_task *task = &p->tasks[t];
    if (task->kind == Q6_TASK_QUANTUM)
        return;
    uint32_t a = q6_policy_ap(p, task->node);
    int valid[Q6_POLICY_CHOICES] = {1, a != UINT32_MAX && p->aps[a].cpu_flops > 0, a != UINT32_MAX};
    int best = 0;
    for (int c = 1; c < Q6_POLICY_CHOICES; c++)
        if (valid[c] && out[c] > out[best])
            best = c;
    q6_sched_task_choice *ch = &d->tasks[t];
    if (best == 0) {
        ch->target = Q6_RUN_LOCAL;
        return;
    }
    ch->target = best == 1 ? Q6_RUN_AP : Q6_RUN_CLOUD;
    ch->ap = a;
    if (n_out > 3)
        ch->offload_fraction = 1.0 / (1.0 + exp(-out[3]));
}
