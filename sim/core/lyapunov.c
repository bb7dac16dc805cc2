/* Virtual queues; definitions in lyapunov.h. Each queue keeps its history
 * (backlog, arrival, service per slot) for slots.csv. */
#include "sim/core/lyapunov.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS_PER_QUEUE 3

typedef struct {
    const q6_vqueue_config *cfg;
    uint32_t ap;                    /* UINT32_MAX for system-wide queues */
    double backlog, last_arrival, last_service;
    char column[COLUMNS_PER_QUEUE][80];
} vqueue;

struct q6_lyapunov {
    double v;
    size_t n;
    vqueue *q;
    uint64_t slots, next_slot;
    double *history;                /* [slot][queue][column] */
};

q6_lyapunov *q6_lyapunov_create(const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen)
{
    const q6_lyapunov_config *c = &sc->lyapunov;
    q6_lyapunov *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    l->v = c->v;
    l->n = c->n_queues;
    l->slots = sc->slots;
    l->q = calloc(l->n + 1, sizeof *l->q);
    l->history = malloc((l->slots * l->n * COLUMNS_PER_QUEUE + 1) * sizeof *l->history);
    if (!l->q || !l->history) {
        snprintf(err, errlen, "out of memory");
        q6_lyapunov_free(l);
        return NULL;
    }
    for (size_t i = 0; i < l->slots * l->n * COLUMNS_PER_QUEUE; i++)
        l->history[i] = NAN;
    for (size_t i = 0; i < l->n; i++) {
        vqueue *q = &l->q[i];
        q->cfg = &c->queues[i];
        q->ap = UINT32_MAX;
        if (q->cfg->kind != Q6_VQ_OFFLOAD_RATE) {
            for (size_t a = 0; a < pf->n_aps; a++)
                if (!strcmp(pf->hosts[pf->aps[a]].name, q->cfg->ap))
                    q->ap = (uint32_t)a;
            if (q->ap == UINT32_MAX) {
                snprintf(err, errlen, "%s:%d: lyapunov.queues.ap: queue '%s': %s has no access point '%s'", sc->path,
                         q->cfg->line, q->cfg->name, sc->platform_path, q->cfg->ap);
                q6_lyapunov_free(l);
                return NULL;
            }
        }
        snprintf(q->column[0], sizeof q->column[0], "vq_%s", q->cfg->name);
        snprintf(q->column[1], sizeof q->column[1], "vq_%s_arrival", q->cfg->name);
        snprintf(q->column[2], sizeof q->column[2], "vq_%s_service", q->cfg->name);
    }
    return l;
}

void q6_lyapunov_free(q6_lyapunov *l)
{
    if (!l)
        return;
    free(l->q);
    free(l->history);
    free(l);
}

void q6_lyapunov_update(q6_lyapunov *l, const q6_lyapunov_slot_input *in)
{
    if (in->slot != l->next_slot || in->slot >= l->slots)
        return; /* each slot once, in order: a repeated call must not count twice */
    l->next_slot++;
    for (size_t i = 0; i < l->n; i++) {
        vqueue *q = &l->q[i];
        double arrival = 0, service = q->cfg->budget;
        switch (q->cfg->kind) {
        case Q6_VQ_AP_ENERGY:
            arrival = in->ap_energy_j[q->ap];
            break;
        case Q6_VQ_SITE_EMISSIONS:
            arrival = in->ap_emissions_g[q->ap];
            break;
        default: /* Q6_VQ_OFFLOAD_RATE */
            arrival = q->cfg->budget * (double)in->tasks_generated;
            service = (double)in->tasks_offloaded;
            break;
        }
        q->backlog = fmax(q->backlog + arrival - service, 0.0);
        q->last_arrival = arrival;
        q->last_service = service;
        double *h = &l->history[(in->slot * l->n + i) * COLUMNS_PER_QUEUE];
        h[0] = q->backlog;
        h[1] = arrival;
        h[2] = service;
    }
}

size_t q6_lyapunov_count(const q6_lyapunov *l) { return l ? l->n : 0; }
double q6_lyapunov_v(const q6_lyapunov *l) { return l ? l->v : 0.0; }

void q6_lyapunov_views(const q6_lyapunov *l, q6_vqueue *out)
{
    for (size_t i = 0; l && i < l->n; i++) {
        const vqueue *q = &l->q[i];
        out[i] = (q6_vqueue){q->cfg->name, q->cfg->kind, q->ap, q->backlog, q->last_arrival, q->last_service,
                             q->cfg->budget};
    }
}

size_t q6_lyapunov_columns(const q6_lyapunov *l, uint64_t slot, const char **names, double *values)
{
    if (!l)
        return 0;
    for (size_t i = 0; i < l->n; i++)
        for (size_t c = 0; c < COLUMNS_PER_QUEUE; c++) {
            size_t k = i * COLUMNS_PER_QUEUE + c;
            if (names)
                names[k] = l->q[i].column[c];
            if (values)
                values[k] = slot < l->slots ? l->history[(slot * l->n + i) * COLUMNS_PER_QUEUE + c] : NAN;
        }
    return l->n * COLUMNS_PER_QUEUE;
}
