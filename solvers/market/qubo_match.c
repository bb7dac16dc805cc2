/* The qubo matcher: params, warm start, decomposition into sub-QUBOs
 * sampled through the engine's QUBO services, decoding with repair. See
 * qubo.c for the model, solvers/qubo/decompose.h for the decomposition and
 * market.h for the API. */
#include "solvers/market/market.h"
#include "solvers/qubo/decompose.h"
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
static void set_warm(q6_market_qubo_config *c, int v) { c->warm_greedy = v; }

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
    {"pairs", "ranked", set_pairs, Q6_MARKET_PAIRS_RANKED},
    {"warm", "greedy", set_warm, 1},
    {"warm", "none", set_warm, 0},
};

static int apply_pair(q6_market_qubo_config *c, const char *key, const char *value)
{
    for (size_t k = 0; k < sizeof choices / sizeof choices[0]; k++)
        if (!strcmp(key, choices[k].key) && !strcmp(value, choices[k].value)) {
            choices[k].apply(c, choices[k].v);
            return 0;
        }
    uint32_t *count = !strcmp(key, "reads")    ? &c->opt.reads
                    : !strcmp(key, "sweeps")   ? &c->opt.sweeps
                    : !strcmp(key, "sub_vars") ? &c->sub_vars
                    : !strcmp(key, "passes")   ? &c->passes : NULL;
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
    c->pairs = Q6_MARKET_PAIRS_RANKED;
    c->warm_greedy = 1;
    c->sub_vars = 256;
    c->passes = 4;
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
                                  "objective=gain|paper, pairs=ranked|useful|all, warm=greedy|none, "
                                  "reads=N, sweeps=N, sub_vars=N, passes=N (N in [1, 1000000])", kv);
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

/* Warm start: the greedy-by-gain matching over the model's feasible
 * variables with a positive gain, as a state of the model. */
static int warm_start(const q6_market_problem *p, const q6_market_qubo *q, int8_t *x, int32_t *seller_of,
                      uint64_t *ops)
{
    uint32_t *pairs = malloc((q->n_vars + 1) * sizeof *pairs);
    if (!pairs)
        return -1;
    uint32_t n = 0;
    for (uint32_t v = 0; v < q->n_vars; v++)
        if (q6_market_feasible(p, q->buyer[v], q->seller[v]) && q6_market_gain(p, q->buyer[v], q->seller[v]) > 0.0)
            pairs[n++] = (uint32_t)q6_market_pair(p, q->buyer[v], q->seller[v]);
    for (uint32_t i = 0; i < p->n_buyers; i++)
        seller_of[i] = -1;
    int rc = q6_market_take_best(p, pairs, n, seller_of, NULL, ops) == 0 ? 0 : -1;
    for (uint32_t v = 0; rc == 0 && v < q->n_vars; v++)
        x[v] = (int8_t)(seller_of[q->buyer[v]] == (int32_t)q->seller[v]);
    *ops += q->n_vars;
    free(pairs);
    return rc;
}

typedef struct {
    q6_market_qubo_config *c;
    const q6_market_problem *p;
} sub_ctx;

/* One sub-QUBO: one job on the QPU host (or the fallbacks of sample()). */
static int solve_sub(void *vctx, const q6_bqm *sub, int8_t *state)
{
    sub_ctx *s = vctx;
    uint8_t *x = calloc(sub->num_vars + 1, 1);
    if (!x)
        return -1;
    q6_qubo_options o = s->c->opt;
    o.seed = s->c->opt.seed + s->c->solves++;
    /* solvers/qubo's tabu needs a tenure below n, so n >= 2; a single
     * variable is enumerated instead (two states). */
    if (sub->num_vars < 2)
        o.solver = Q6_QUBO_EXACT;
    int rc = sample(s->c, s->p, sub, &o, x);
    for (size_t k = 0; rc == 0 && k < sub->num_vars; k++)
        state[k] = (int8_t)(x[k] != 0);
    free(x);
    return rc;
}

static double gain_of(const q6_market_problem *p, const int32_t *seller_of, double grid_only)
{
    return q6_market_welfare(p, seller_of) - grid_only;
}

int q6_market_qubo_match(q6_market_qubo_config *c, const q6_market_problem *p, q6_market_decision *d,
                         q6_market_qubo_report *report)
{
    q6_market_qubo_report r = {0};
    for (uint32_t i = 0; i < p->n_buyers; i++)
        d->seller_of[i] = -1;
    double grid_only = q6_market_welfare(p, d->seller_of);
    q6_market_qubo q;
    if (q6_market_qubo_build(p, c->objective, c->pairs, p->qubo_penalty, &q) < 0)
        return -1;
    r.n_vars = q.n_vars;
    r.n_couplers = (uint32_t)q6_bqm_num_couplers(&q.bqm);
    /* Building: each variable scans its buyer's row and seller's column. */
    uint64_t ops = (uint64_t)p->n_buyers * p->n_sellers + (uint64_t)q.n_vars * (p->n_buyers + p->n_sellers);
    int rc = 0;
    if (q.n_vars > 0) {
        int8_t *x = calloc(q.n_vars, 1);
        rc = x ? 0 : -1;
        if (rc == 0 && c->warm_greedy)
            rc = warm_start(p, &q, x, d->seller_of, &ops);
        r.warm_gain = rc == 0 && c->warm_greedy ? gain_of(p, d->seller_of, grid_only) : 0.0;
        q6_decompose_params dp = {c->sub_vars, c->passes};
        q6_decompose_stats ds = {0};
        sub_ctx sc = {c, p};
        if (rc == 0 && q6_qubo_decompose(&q.bqm, x, &dp, solve_sub, &sc, &ds, &ops) != 0)
            rc = -1;
        r.jobs = ds.jobs, r.passes = ds.passes, r.accepted = ds.accepted;
        if (rc == 0 && q6_market_qubo_decode(p, &q, x, d->seller_of, &r.repairs, &ops) < 0)
            rc = -1;
        free(x);
    }
    r.gain = rc == 0 ? gain_of(p, d->seller_of, grid_only) : 0.0;
    q6_market_charge(p, ops);
    q6_market_qubo_free(&q);
    if (report)
        *report = r;
    return rc == 0 ? 0 : -1;
}
