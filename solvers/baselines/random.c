/* random: each node picks one reachable AP uniformly per slot; each task
 * then runs locally, at that AP's edge server (when it has one) or in the
 * cloud, uniformly. Uses its own decision stream, never an exogenous one.
 * Energy market: buyers in uniformly random order, each taking a uniformly
 * random free seller among its acceptable ones (market.h: feasible and no
 * worse than the grid for both sides), or the grid when none is left.
 * Reads the channel from the reach lists (Q6_PLUGIN_REACH_LISTS) or, when
 * the engine hands those, the dense arrays: the same draws either way. */
#include "solvers/baselines/baselines.h"
#include "solvers/market/market.h"
#include "sim/base/rng.h"
#include <errno.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    gsl_rng *rng;
    gsl_rng *market_rng; /* a second stream: matching never shifts the offloading draws */
    uint32_t *reach;
} random_state;

static int random_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    random_state *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->rng = q6_rng_stream(a->seed, 0, Q6_STREAM_PLUGIN);
    s->market_rng = q6_rng_stream(a->seed, 1, Q6_STREAM_PLUGIN);
    *state = s;
    return 0;
}

static int random_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    random_state *s = state;
    s->reach = realloc(s->reach, (p->n_aps ? p->n_aps : 1) * sizeof *s->reach);
    uint32_t node = UINT32_MAX, ap = UINT32_MAX;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        if (p->tasks[t].node != node) {
            node = p->tasks[t].node;
            /* The reachable APs in ascending order, from the reach lists
             * or the dense row: the same list, so the same draw. */
            uint32_t k = 0;
            if (p->reach_off) {
                for (uint64_t e = p->reach_off[node]; e < p->reach_off[node + 1]; e++)
                    if (p->reach_snr[e] >= p->min_snr)
                        s->reach[k++] = p->reach_ap[e];
            } else {
                for (uint32_t a = 0; a < p->n_aps; a++)
                    if (p->snr[(size_t)node * p->n_aps + a] >= p->min_snr)
                        s->reach[k++] = a;
            }
            ap = k ? s->reach[gsl_rng_uniform_int(s->rng, k)] : UINT32_MAX;
        }
        if (p->tasks[t].kind == Q6_TASK_QUANTUM)
            continue; /* its preset: QPU 0 through the AP the node hears best */
        d->tasks[t].target = Q6_RUN_LOCAL;
        d->tasks[t].ap = 0;
        if (ap == UINT32_MAX)
            continue;
        uint32_t options = p->aps[ap].cpu_flops > 0 ? 3 : 2;
        uint32_t pick = (uint32_t)gsl_rng_uniform_int(s->rng, options);
        if (pick == 1) {
            d->tasks[t].target = options == 3 ? Q6_RUN_AP : Q6_RUN_CLOUD;
            d->tasks[t].ap = ap;
        } else if (pick == 2) {
            d->tasks[t].target = Q6_RUN_CLOUD;
            d->tasks[t].ap = ap;
        }
    }
    q6_sched_route_quantum(p, d);
    return 0;
}

static void random_finish(void *state)
{
    random_state *s = state;
    if (!s)
        return;
    gsl_rng_free(s->rng);
    gsl_rng_free(s->market_rng);
    free(s->reach);
    free(s);
}

static int random_match(void *state, const q6_market_problem *p, q6_market_decision *d, char *err, size_t errlen)
{
    random_state *s = state;
    uint32_t nb = p->n_buyers, ns = p->n_sellers;
    uint32_t *order = malloc((nb + 1) * sizeof *order), *options = malloc((ns + 1) * sizeof *options);
    uint8_t *taken = calloc(ns + 1, 1);
    if (!order || !options || !taken) {
        free(order), free(options), free(taken);
        snprintf(err, errlen, "out of memory for %u buyers and %u sellers", nb, ns);
        return -ENOMEM;
    }
    /* Fisher-Yates shuffle of the buyers. */
    for (uint32_t i = 0; i < nb; i++)
        order[i] = i;
    for (uint32_t i = nb; i > 1; i--) {
        uint32_t k = (uint32_t)gsl_rng_uniform_int(s->market_rng, i), t = order[i - 1];
        order[i - 1] = order[k];
        order[k] = t;
    }
    for (uint32_t n = 0; n < nb; n++) {
        uint32_t i = order[n], k = 0;
        for (uint32_t j = 0; j < ns; j++)
            if (!taken[j] && q6_market_acceptable(p, i, j))
                options[k++] = j;
        d->seller_of[i] = k ? (int32_t)options[gsl_rng_uniform_int(s->market_rng, k)] : -1;
        if (k)
            taken[d->seller_of[i]] = 1;
    }
    q6_market_charge(p, (uint64_t)nb * (ns + 1));
    free(order), free(options), free(taken);
    return 0;
}

/* The scheduler and the matcher each start their own state (two
 * instances); each uses only its own stream, so the draws are those of the
 * one shared state of ABI 2. */
const q6_scheduler q6_sched_random = {
    .h = {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, Q6_PLUGIN_REACH_LISTS, "random",
          "uniform random AP per node and uniform random local/edge/cloud per task"},
    .init = random_init, .decide = random_decide, .finish = random_finish};

const q6_matcher q6_match_random = {
    .h = {sizeof(q6_matcher), Q6_ABI_VERSION, Q6_KIND_MATCHER, 0, "random",
          "energy market: buyers in random order, each takes a random acceptable free seller"},
    .init = random_init, .match = random_match, .finish = random_finish};
