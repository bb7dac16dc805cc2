/* Paper-004 features and choice mapping (definitions in p4_features.h). */
#include "solvers/paper004/p4_features.h"
#include <math.h>

#define CLIP_S 100.0

static double clip_s(double x) { return x < 0 ? 0 : x > CLIP_S ? CLIP_S : x; }
static double div_or_clip(double work, double speed) { return speed > 0 ? work / speed : CLIP_S; }

q6_p4_aps q6_p4_best_aps(const q6_sched_problem *p, uint32_t node)
{
    q6_p4_aps r = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
    const double *snr = p->snr + (size_t)node * p->n_aps;
    for (uint32_t a = 0; a < p->n_aps; a++) {
        if (!(snr[a] >= p->min_snr))
            continue;
        if (r.any == UINT32_MAX || snr[a] > snr[r.any])
            r.any = a;
        uint32_t *slot = p->aps[a].kind == Q6_AP_BS ? &r.bs : p->aps[a].kind == Q6_AP_UAV ? &r.uav : NULL;
        if (slot && p->aps[a].cpu_flops > 0 && (*slot == UINT32_MAX || snr[a] > snr[*slot]))
            *slot = a;
    }
    return r;
}

static double rate_to(const q6_sched_problem *p, uint32_t node, uint32_t ap)
{
    return ap == UINT32_MAX ? 0.0 : p->rate_bps[(size_t)node * p->n_aps + ap];
}

static double air_s(double bytes, double rate) { return rate > 0 ? 8.0 * bytes / rate : CLIP_S; }

/* Tasks are sorted by node: the length of node's run. */
static uint32_t node_tasks(const q6_sched_problem *p, uint32_t node)
{
    uint32_t n = 0;
    for (uint32_t t = 0; t < p->n_tasks; t++)
        n += p->tasks[t].node == node;
    return n;
}

void q6_p4_twin_state(const q6_sched_problem *p, uint32_t v, double x[Q6_P4_TWIN])
{
    q6_p4_aps a = q6_p4_best_aps(p, v);
    x[0] = log10(1.0 + rate_to(p, v, a.bs));
    x[1] = log10(1.0 + rate_to(p, v, a.uav));
    x[2] = a.bs != UINT32_MAX ? p->aps[a.bs].backlog_s : 0.0;
    x[3] = a.uav != UINT32_MAX ? p->aps[a.uav].backlog_s : 0.0;
    x[4] = p->nodes[v].backlog_s;
    x[5] = node_tasks(p, v);
}

void q6_p4_task_features(const q6_sched_problem *p, uint32_t t, double f[Q6_P4_TASK])
{
    const q6_sched_task *task = &p->tasks[t];
    uint32_t v = task->node;
    q6_p4_aps a = q6_p4_best_aps(p, v);
    double bytes = task->input_bytes + task->output_bytes, work = task->work_flops;
    const uint32_t at[2] = {a.bs, a.uav};
    f[0] = clip_s(p->nodes[v].backlog_s + div_or_clip(work, p->nodes[v].cpu_flops));
    for (int k = 0; k < 2; k++)
        f[1 + k] = at[k] == UINT32_MAX ? 0.0
                 : clip_s(air_s(bytes, rate_to(p, v, at[k])) + p->aps[at[k]].backlog_s +
                          div_or_clip(work, p->aps[at[k]].cpu_flops));
    f[3] = a.any == UINT32_MAX ? 0.0 : clip_s(air_s(bytes, rate_to(p, v, a.any)) + div_or_clip(work, p->cloud_flops));
    f[4] = a.bs != UINT32_MAX;
    f[5] = a.uav != UINT32_MAX;
    f[6] = a.any != UINT32_MAX;
    f[7] = task->deadline_s - p->now_s;
    f[8] = task->priority_weight;
    f[9] = node_tasks(p, v);
}

void q6_p4_valid(const q6_sched_problem *p, uint32_t t, int valid[Q6_P4_CHOICES])
{
    q6_p4_aps a = q6_p4_best_aps(p, p->tasks[t].node);
    valid[0] = 1;
    valid[1] = a.bs != UINT32_MAX;
    valid[2] = a.uav != UINT32_MAX;
    valid[3] = a.any != UINT32_MAX;
}

void q6_p4_apply(const q6_sched_problem *p, const double *scores, int dual, uint32_t *fixed, q6_sched_decision *d)
{
    for (uint32_t i = 0; i < 2 * p->n_nodes; i++)
        fixed[i] = UINT32_MAX;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *task = &p->tasks[t];
        if (task->kind == Q6_TASK_QUANTUM)
            continue;
        int valid[Q6_P4_CHOICES];
        q6_p4_valid(p, t, valid);
        const double *s = scores + (size_t)t * Q6_P4_CHOICES;
        int best = 0;
        for (int c = 1; c < Q6_P4_CHOICES; c++)
            if (valid[c] && s[c] > s[best])
                best = c;
        q6_sched_task_choice *ch = &d->tasks[t];
        if (best == 0) {
            ch->target = Q6_RUN_LOCAL;
            continue;
        }
        q6_p4_aps a = q6_p4_best_aps(p, task->node);
        uint32_t ap = best == 1 ? a.bs : best == 2 ? a.uav : a.any;
        /* The fixed AP of the node (of this kind, with dual connectivity;
         * kinds other than BS and UAV share the BS entry). */
        uint32_t *f = &fixed[2 * (size_t)task->node + (dual && p->aps[ap].kind == Q6_AP_UAV)];
        if (*f == UINT32_MAX)
            *f = ap;
        ap = *f;
        if (best == 3) {
            ch->target = Q6_RUN_CLOUD;
            ch->ap = ap;
        } else if (p->aps[ap].cpu_flops > 0) {
            ch->target = Q6_RUN_AP;
            ch->ap = ap;
        } else {
            ch->target = Q6_RUN_LOCAL;
        }
    }
}

void q6_p4_relay_neighbours(const q6_sched_problem *p, uint32_t *fwd, double *dist_m)
{
    double range = p->relay_range_m * Q6_P4_RELAY_MARGIN;
    for (uint32_t i = 0; i < p->n_aps; i++) {
        fwd[i] = UINT32_MAX;
        dist_m[i] = 0.0;
        if (!(range > 0))
            continue;
        const q6_sched_ap *a = &p->aps[i];
        for (uint32_t j = 0; j < p->n_aps; j++) {
            const q6_sched_ap *b = &p->aps[j];
            int pair = (a->kind == Q6_AP_UAV && (b->kind == Q6_AP_UAV || b->kind == Q6_AP_BS)) ||
                       (a->kind == Q6_AP_BS && b->kind == Q6_AP_UAV);
            if (j == i || !(b->cpu_flops > 0) || !pair)
                continue;
            double dx = a->x_m - b->x_m, dy = a->y_m - b->y_m, dz = a->z_m - b->z_m;
            double d = sqrt(dx * dx + dy * dy + dz * dz);
            if (d <= range && (fwd[i] == UINT32_MAX || b->backlog_s < p->aps[fwd[i]].backlog_s)) {
                fwd[i] = j;
                dist_m[i] = d;
            }
        }
    }
}

void q6_p4_placed(const q6_sched_problem *p, const q6_sched_decision *d, double *placed)
{
    for (uint32_t a = 0; a < p->n_aps; a++)
        placed[a] = 0.0;
    for (uint32_t t = 0; t < p->n_tasks; t++)
        if (p->tasks[t].kind != Q6_TASK_QUANTUM && d->tasks[t].target == Q6_RUN_AP)
            placed[d->tasks[t].ap] += p->tasks[t].work_flops;
}

void q6_p4_ap_features(const q6_sched_problem *p, uint32_t t, uint32_t a, const uint32_t *fwd, const double *dist_m,
                       const double *placed, double f[Q6_P4_AP])
{
    const q6_sched_task *task = &p->tasks[t];
    uint32_t b = fwd[a];
    int has = b != UINT32_MAX;
    double work = task->work_flops;
    f[0] = p->aps[a].backlog_s;
    f[1] = work / p->aps[a].cpu_flops;
    f[2] = has ? p->aps[b].backlog_s : 0.0;
    f[3] = has ? work / p->aps[b].cpu_flops : 0.0;
    f[4] = has;
    f[5] = 8e-6 * (task->input_bytes + task->output_bytes);
    f[6] = has ? dist_m[a] / p->relay_range_m : 0.0;
    f[7] = p->aps[a].kind == Q6_AP_UAV;
    f[8] = placed[a] / p->aps[a].cpu_flops;
}
