/* Test plugin (ABI 3) "p4-probe" for the paper 004 loop tests. It logs,
 * per slot, the problem's paper 004 fields and every AP's kind, speed and
 * position ("slot K dual D relay R jitter V" then "ap A kind cpu x y z"),
 * and offloads every classical task whole (plugin_params, comma separated):
 *   log=PATH  where the lines go;
 *   mode=bs   to the BS the node hears best;
 *   mode=dual even subtasks to the best BS, odd ones to the best UAV;
 *   mode=two-bs  even subtasks to the best BS, odd ones to the second best
 *             BS (C5 must refuse those);
 *   mode=fwd  to the best BS, computed at the nearest UAV with a server
 *             within relay_range_m of it (one relay hop), else at the BS;
 *   fwd=N     (with mode=bs) computed at AP N whatever the graph (F1). */
#include "solvers/abi/scheduler.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    FILE *log;
    char mode[16];
    long fwd;
} probe;

static int init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    probe *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->fwd = -1;
    snprintf(s->mode, sizeof s->mode, "bs");
    const char *p = a->params ? a->params : "";
    while (*p) {
        size_t len = strcspn(p, ",");
        char item[1100];
        snprintf(item, sizeof item, "%.*s", (int)len, p);
        if (!strncmp(item, "log=", 4) && !(s->log = fopen(item + 4, "w"))) {
            snprintf(err, errlen, "cannot write %s", item + 4);
            free(s);
            return -1;
        }
        if (!strncmp(item, "mode=", 5))
            snprintf(s->mode, sizeof s->mode, "%.15s", item + 5);
        if (!strncmp(item, "fwd=", 4))
            s->fwd = strtol(item + 4, NULL, 10);
        p += len + (p[len] == ',');
    }
    *state = s;
    return 0;
}

/* The AP of `kind` node hears best, skipping `skip`; UINT32_MAX none. */
static uint32_t best(const q6_sched_problem *p, uint32_t node, uint32_t kind, uint32_t skip)
{
    uint32_t b = UINT32_MAX;
    for (uint32_t a = 0; a < p->n_aps; a++) {
        double s = p->snr[(size_t)node * p->n_aps + a];
        if (a != skip && p->aps[a].kind == kind && s >= p->min_snr &&
            (b == UINT32_MAX || s > p->snr[(size_t)node * p->n_aps + b]))
            b = a;
    }
    return b;
}

static uint32_t nearest_uav(const q6_sched_problem *p, uint32_t from)
{
    uint32_t b = Q6_SAME_AP;
    double bd = INFINITY;
    for (uint32_t a = 0; a < p->n_aps; a++) {
        const q6_sched_ap *x = &p->aps[a], *f = &p->aps[from];
        double d = sqrt((x->x_m - f->x_m) * (x->x_m - f->x_m) + (x->y_m - f->y_m) * (x->y_m - f->y_m) +
                        (x->z_m - f->z_m) * (x->z_m - f->z_m));
        if (x->kind == Q6_AP_UAV && x->cpu_flops > 0 && d <= p->relay_range_m && d < bd) {
            bd = d;
            b = a;
        }
    }
    return b;
}

static int decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    probe *s = state;
    if (s->log) {
        fprintf(s->log, "slot %llu dual %u relay %.17g jitter %.17g\n", (unsigned long long)p->slot,
                p->dual_connectivity, p->relay_range_m, p->cpu_jitter_variance);
        for (uint32_t a = 0; a < p->n_aps; a++)
            fprintf(s->log, "ap %u %u %.17g %.17g %.17g %.17g\n", a, p->aps[a].kind, p->aps[a].cpu_flops,
                    p->aps[a].x_m, p->aps[a].y_m, p->aps[a].z_m);
        for (uint32_t o = 0; o < p->n_outcomes; o++)
            fprintf(s->log, "outcome %llu %u %u\n", (unsigned long long)p->outcomes[o].id, p->outcomes[o].state,
                    p->outcomes[o].compute_ap);
    }
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *k = &p->tasks[t];
        if (k->kind != Q6_TASK_CLASSICAL)
            continue;
        uint32_t bs = best(p, k->node, Q6_AP_BS, UINT32_MAX), ap = bs;
        if (!strcmp(s->mode, "dual") && (k->subtask_index % 2))
            ap = best(p, k->node, Q6_AP_UAV, UINT32_MAX);
        if (!strcmp(s->mode, "two-bs") && (k->subtask_index % 2))
            ap = best(p, k->node, Q6_AP_BS, bs);
        if (ap == UINT32_MAX)
            continue; /* stays local */
        d->tasks[t].target = Q6_RUN_AP;
        d->tasks[t].ap = ap;
        if (!strcmp(s->mode, "fwd"))
            d->tasks[t].compute_ap = nearest_uav(p, ap);
        if (s->fwd >= 0)
            d->tasks[t].compute_ap = (uint32_t)s->fwd;
    }
    return 0;
}

static void finish(void *state)
{
    probe *s = state;
    if (s && s->log)
        fclose(s->log);
    free(s);
}

static const q6_scheduler table = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "p4-probe",
                                    "test: logs the paper 004 observation, offloads by a fixed rule"},
                                   init, decide, finish};
static const q6_plugin_header *const tables[] = {&table.h, NULL};

const q6_plugin_header *const *q6_plugin_entry3(void);
const q6_plugin_header *const *q6_plugin_entry3(void) { return tables; }
