/* The qubo matcher: params, sampling through the engine's QUBO services,
 * decoding with repair. See qubo.c for the model and market.h for the API. */
#include "solvers/market/market.h"
#include "solvers/qubo/samplers.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One accepted value of one key: how it sets the config. */
typedef struct {
    const char *key, *value;
    void (*apply)(q6_market_qubo_config *c, int v);
    int v;
} choice;

static void set_host(q6_market_qubo_config *c, int v) { c->use_qpu = v; }
static void set_solver(q6_market_qubo_config *c, int v) { c->opt.solver = (q6_qubo_solver)v; }
static void set_objective(q6_market_qubo_config *c, int v) { c->objective = (q6_market_objective)v; }
static void set_pairs(q6_market_qubo_config *c, int v) { c->pairs = (q6_market_pairs)v; }

static const choice choices[] = {
    {"host", "qpu", set_host, 1},
    {"host", "cpu", set_host, 0},
    {"solver", "sa", set_solver, Q6_QUBO_SA},
    {"solver", "tabu", set_solver, Q6_QUBO_TABU},
    {"solver", "exact", set_solver, Q6_QUBO_EXACT},
    {"objective", "gain", set_objective, Q6_MARKET_OBJ_GAIN},
    {"objective", "paper", set_objective, Q6_MARKET_OBJ_PAPER},
    {"pairs", "all", set_pairs, Q6_MARKET_PAIRS_ALL},
    {"pairs", "useful", set_pairs, Q6_MARKET_PAIRS_USEFUL},
};

static int apply_pair(q6_market_qubo_config *c, const char *key, const char *value)
{
    for (size_t k = 0; k < sizeof choices / sizeof choices[0]; k++)
        if (!strcmp(key, choices[k].key) && !strcmp(value, choices[k].value)) {
            choices[k].apply(c, choices[k].v);
            return 0;
        }
    uint32_t *count = !strcmp(key, "reads") ? &c->opt.reads : !strcmp(key, "sweeps") ? &c->opt.sweeps : NULL;
    char *end = NULL;
    unsigned long n = count && *value ? strtoul(value, &end, 10) : 0;
    if (!count || *end || n < 1 || n > 1000000)
        return -1;
    *count = (uint32_t)n;
    return 0;
}

int q6_market_qubo_config_parse(const char *params, uint64_t seed, q6_market_qubo_config *c, char *err,
                                size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->use_qpu = 1;
    c->objective = Q6_MARKET_OBJ_GAIN;
    c->opt = (q6_qubo_options){Q6_QUBO_SA, 100, 1000, seed};
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", params ? params : "");
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (eq)
            *eq = 0;
        if (!eq || apply_pair(c, kv, eq + 1) < 0) {
            snprintf(err, errlen, "plugin_params: '%s' is not one of host=qpu|cpu, solver=sa|tabu|exact, "
                                  "objective=gain|paper, pairs=all|useful, reads=N, sweeps=N (N in [1, 1000000])", kv);
            return -1;
        }
    }
    return 0;
}

/* The compiled model as the services' view (couplers copied out of the
 * BQM's merged terms). */
static int make_view(const q6_bqm *m, q6_qubo_view *v, uint32_t **u, uint32_t **w, double **c)
{
    size_t n = m->num_terms;
    *u = malloc((n + 1) * sizeof **u);
    *w = malloc((n + 1) * sizeof **w);
    *c = malloc((n + 1) * sizeof **c);
    if (!*u || !*w || !*c)
        return -1;
    for (size_t k = 0; k < n; k++) {
        (*u)[k] = m->terms[k].i;
        (*w)[k] = m->terms[k].j;
        (*c)[k] = m->terms[k].bias;
    }
    *v = (q6_qubo_view){(uint32_t)m->num_vars, m->linear, (uint32_t)n, *u, *w, *c, m->offset};
    return 0;
}

/* Outside the engine (no services): the solvers/qubo samplers, uncharged. */
static int sample_here(const q6_bqm *m, const q6_qubo_options *o, uint8_t *x)
{
    q6_sampler_params sp;
    q6_sampler_params_default(&sp);
    sp.seed = o->seed;
    sp.num_reads = o->reads;
    sp.num_sweeps = o->sweeps;
    q6_sampler_kind kind = o->solver == Q6_QUBO_EXACT ? Q6_SAMPLER_EXACT
                         : o->solver == Q6_QUBO_TABU  ? Q6_SAMPLER_TABU : Q6_SAMPLER_SA;
    q6_sample_set set;
    q6_sampler_stats stats;
    int rc = q6_sample(kind, m, &sp, &set, &stats) == 0 && set.count > 0 ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < m->num_vars; k++)
        x[k] = set.states[k] != 0;
    q6_sample_set_free(&set);
    return rc;
}

static int sample(const q6_market_qubo_config *c, const q6_market_problem *p, const q6_bqm *m,
                  const q6_qubo_options *o, uint8_t *x)
{
    const q6_services *s = p->services;
    if (!s)
        return sample_here(m, o, x);
    q6_qubo_view v;
    uint32_t *u = NULL, *w = NULL;
    double *coef = NULL;
    q6_qubo_outcome out = {x, 0, 0, 0, 0, 0};
    int rc = -1;
    if (make_view(m, &v, &u, &w, &coef) == 0) {
        rc = c->use_qpu && s->solve_qubo_qpu ? s->solve_qubo_qpu(s->engine, &v, o, &out) : -1;
        if (rc != 0 && s->solve_qubo_cpu) /* no QPU host, or host=cpu */
            rc = s->solve_qubo_cpu(s->engine, &v, o, &out);
    }
    free(u), free(w), free(coef);
    return rc;
}

int q6_market_qubo_match(q6_market_qubo_config *c, const q6_market_problem *p, q6_market_decision *d,
                         uint32_t *repairs)
{
    for (uint32_t i = 0; i < p->n_buyers; i++)
        d->seller_of[i] = -1;
    if (repairs)
        *repairs = 0;
    q6_market_qubo q;
    if (q6_market_qubo_build(p, c->objective, c->pairs, p->qubo_penalty, &q) < 0)
        return -1;
    /* Building: each variable scans its buyer's row and seller's column. */
    uint64_t ops = (uint64_t)p->n_buyers * p->n_sellers + (uint64_t)q.n_vars * (p->n_buyers + p->n_sellers);
    int rc = 0;
    if (q.n_vars > 0) {
        uint8_t *x = calloc(q.n_vars, 1);
        int8_t *state = calloc(q.n_vars, 1);
        q6_qubo_options o = c->opt;
        o.seed = c->opt.seed + c->solves++;
        /* solvers/qubo's tabu needs a tenure below n, so n >= 2; a single
         * variable is enumerated instead (two states). */
        if (q.n_vars < 2)
            o.solver = Q6_QUBO_EXACT;
        rc = x && state ? sample(c, p, &q.bqm, &o, x) : -1;
        for (uint32_t k = 0; rc == 0 && k < q.n_vars; k++)
            state[k] = (int8_t)(x[k] != 0);
        if (rc == 0 && q6_market_qubo_decode(p, &q, state, d->seller_of, repairs, &ops) < 0)
            rc = -1;
        free(x), free(state);
    }
    q6_market_charge(p, ops);
    q6_market_qubo_free(&q);
    return rc == 0 ? 0 : -1;
}
