/* random: each node picks one reachable AP uniformly per slot; each task
 * then runs locally, at that AP's edge server (when it has one) or in the
 * cloud, uniformly. Uses its own decision stream, never an exogenous one. */
#include "solvers/baselines/baselines.h"
#include "sim/rng.h"
#include <gsl/gsl_rng.h>
#include <stdlib.h>

typedef struct {
    gsl_rng *rng;
    uint32_t *reach;
} random_state;

static int random_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    random_state *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->rng = q6_rng_stream(a->seed, 0, Q6_STREAM_PLUGIN);
    *state = s;
    return 0;
}

static int random_decide(void *state, const q6_slot_problem *p, q6_slot_decision *d)
{
    random_state *s = state;
    s->reach = realloc(s->reach, (p->n_aps ? p->n_aps : 1) * sizeof *s->reach);
    uint32_t node = UINT32_MAX, ap = UINT32_MAX;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        if (p->tasks[t].node != node) {
            node = p->tasks[t].node;
            uint32_t k = 0;
            for (uint32_t a = 0; a < p->n_aps; a++)
                if (p->snr[(size_t)node * p->n_aps + a] >= p->min_snr)
                    s->reach[k++] = a;
            ap = k ? s->reach[gsl_rng_uniform_int(s->rng, k)] : UINT32_MAX;
        }
        d->choices[t].where = Q6_RUN_LOCAL;
        d->choices[t].ap = 0;
        if (ap == UINT32_MAX)
            continue;
        uint32_t options = p->aps[ap].cpu_flops > 0 ? 3 : 2;
        uint32_t pick = (uint32_t)gsl_rng_uniform_int(s->rng, options);
        if (pick == 1) {
            d->choices[t].where = options == 3 ? Q6_RUN_AP : Q6_RUN_CLOUD;
            d->choices[t].ap = ap;
        } else if (pick == 2) {
            d->choices[t].where = Q6_RUN_CLOUD;
            d->choices[t].ap = ap;
        }
    }
    return 0;
}

static void random_finish(void *state)
{
    random_state *s = state;
    if (!s)
        return;
    gsl_rng_free(s->rng);
    free(s->reach);
    free(s);
}

const q6_plugin q6_plugin_random = {
    .abi_version = Q6_PLUGIN_ABI_VERSION, .name = "random",
    .description = "uniform random AP per node and uniform random local/edge/cloud per task",
    .init = random_init, .decide = random_decide, .finish = random_finish};
