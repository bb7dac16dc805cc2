#include "sim/core/validate.h"
#include <stdio.h>
#include <string.h>

static size_t flag(unsigned char *bad, uint32_t t, q6_violation_fn report, void *ctx,
                   const char *constraint, const char *detail)
{
    bad[t] = 1;
    if (report)
        report(ctx, t, constraint, detail);
    return 1;
}

size_t q6_decision_check(const q6_slot_problem *p, const q6_slot_decision *d, unsigned char *bad,
                         uint32_t *node_ap, q6_violation_fn report, void *ctx)
{
    size_t n_bad = 0;
    char detail[200];
    if (p->n_tasks) /* bad may be NULL when no task exists */
        memset(bad, 0, p->n_tasks);
    for (uint32_t n = 0; n < p->n_nodes; n++)
        node_ap[n] = UINT32_MAX;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_task_choice *c = &d->choices[t];
        uint32_t node = p->tasks[t].node;
        if (c->where > Q6_RUN_CLOUD) {
            snprintf(detail, sizeof detail, "where = %u is not local (0), AP (1) or cloud (2)", c->where);
            n_bad += flag(bad, t, report, ctx, "C1 valid placement", detail);
            continue;
        }
        if (c->where == Q6_RUN_LOCAL)
            continue;
        if (c->ap >= p->n_aps) {
            snprintf(detail, sizeof detail, "ap = %u but there are %u access points", c->ap, p->n_aps);
            n_bad += flag(bad, t, report, ctx, "C2 AP index in range", detail);
            continue;
        }
        double snr = p->snr[(size_t)node * p->n_aps + c->ap];
        if (!(snr >= p->min_snr)) {
            snprintf(detail, sizeof detail, "node %u cannot reach AP '%s' (SNR %.3g < %.3g)", node,
                     p->aps[c->ap].name, snr, p->min_snr);
            n_bad += flag(bad, t, report, ctx, "C3 AP reachable", detail);
            continue;
        }
        if (c->where == Q6_RUN_AP && !(p->aps[c->ap].cpu_flops > 0)) {
            snprintf(detail, sizeof detail, "AP '%s' has no edge server", p->aps[c->ap].name);
            n_bad += flag(bad, t, report, ctx, "C4 AP computes", detail);
            continue;
        }
        if (node_ap[node] == UINT32_MAX) {
            node_ap[node] = c->ap;
        } else if (node_ap[node] != c->ap) {
            snprintf(detail, sizeof detail, "node %u already uses AP '%s' this slot, not '%s'", node,
                     p->aps[node_ap[node]].name, p->aps[c->ap].name);
            n_bad += flag(bad, t, report, ctx, "C5 one AP per node", detail);
        }
    }
    return n_bad;
}
