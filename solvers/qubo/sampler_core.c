/* Shared sampler plumbing: binary view, fields, stopping rules, dispatch. */
#include "solvers/qubo/sampler_core.h"
#include "sim/base/rng.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Distinguishes the QUBO samplers' streams from plugin streams of the same seed. */
#define QUBO_STREAM_TAG 0x51B0C0DEULL

void q6_xo_seed(q6_xo *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = q6_stream_key(seed ^ (QUBO_STREAM_TAG << 32), stream, Q6_STREAM_QUBO);
    for (int i = 0; i < 4; i++) { /* splitmix64 expansion of the key */
        uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        r->s[i] = z ^ (z >> 31);
    }
}

void q6_sampler_params_default(q6_sampler_params *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->num_reads = 10;
    p->num_sweeps = 0; /* per-sampler default */
    p->top_k = 1;
}

int q6_core_init(q6_qubo_core *c, const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out,
                 q6_sampler_stats *stats)
{
    memset(c, 0, sizeof *c);
    if (out)
        memset(out, 0, sizeof *out);
    if (stats) {
        memset(stats, 0, sizeof *stats);
        stats->time_to_target_s = -1.0;
    }
    if (!bqm || !p || !out || !stats || !bqm->compiled || bqm->num_vars == 0 ||
        !(p->time_limit_s >= 0.0) || !isfinite(p->time_limit_s) || !(p->beta_start >= 0.0) ||
        !(p->beta_end >= 0.0) || !isfinite(p->beta_start) || !isfinite(p->beta_end) ||
        (p->has_target && isnan(p->target_energy)))
        return -EINVAL;
    c->model = bqm;
    c->n = bqm->num_vars;
    c->bin = bqm;
    if (bqm->vartype == Q6_VARTYPE_SPIN) {
        int rc = q6_bqm_change_vartype(&c->owned, bqm, Q6_VARTYPE_BINARY);
        if (rc)
            return rc;
        c->bin = &c->owned;
    }
    if (!(q6_bqm_abs_sum(c->bin) <= Q6_QUBO_MAX_ABS_SUM)) {
        q6_core_free(c);
        return -ERANGE;
    }
    c->out_state = malloc(c->n);
    int rc = c->out_state ? q6_sample_set_init(out, c->n, p->top_k ? p->top_k : 1, bqm->vartype) : -ENOMEM;
    if (rc)
        q6_core_free(c);
    return rc;
}

double q6_bqm_abs_sum(const q6_bqm *b)
{
    double s = fabs(b->offset);
    for (size_t i = 0; i < b->num_vars; i++)
        s += fabs(b->linear[i]);
    for (size_t a = 0; a < b->adj_start[b->num_vars]; a++)
        s += 0.5 * fabs(b->adj_bias[a]); /* each coupler is in both rows */
    return s;
}

void q6_core_free(q6_qubo_core *c)
{
    if (c->bin == &c->owned)
        q6_bqm_free(&c->owned);
    free(c->out_state);
    memset(c, 0, sizeof *c);
}

double q6_core_fields(const q6_qubo_core *c, const int8_t *x, double *f)
{
    const q6_bqm *b = c->bin;
    double e = b->offset;
    for (size_t i = 0; i < c->n; i++) {
        double fi = b->linear[i];
        for (size_t a = b->adj_start[i]; a < b->adj_start[i + 1]; a++)
            fi += b->adj_bias[a] * x[b->adj_var[a]];
        f[i] = fi;
        /* each coupler counted half from each end: E = c + sum x_i (h_i + f_i) / 2 */
        e += x[i] * (b->linear[i] + fi) * 0.5;
    }
    return e;
}

int q6_core_offer(q6_qubo_core *c, q6_sample_set *out, const int8_t *x)
{
    const int8_t *row = x;
    if (c->model->vartype == Q6_VARTYPE_SPIN) {
        for (size_t i = 0; i < c->n; i++)
            c->out_state[i] = (int8_t)(2 * x[i] - 1);
        row = c->out_state;
    }
    return q6_sample_set_offer(out, row, q6_bqm_energy(c->model, row));
}

double q6_core_wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int q6_core_time_up(const q6_sampler_params *p, double t0)
{
    return p->time_limit_s > 0.0 && q6_core_wall_s() - t0 >= p->time_limit_s;
}

void q6_core_note_energy(const q6_sampler_params *p, q6_sampler_stats *st, double energy, double t0)
{
    if (p->has_target && !st->reached_target && energy <= p->target_energy) {
        st->reached_target = 1;
        st->time_to_target_s = q6_core_wall_s() - t0;
    }
}

int q6_sampler_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int k = Q6_SAMPLER_EXACT; k <= Q6_SAMPLER_TABU; k++)
        if (!strcmp(name, q6_sampler_name((q6_sampler_kind)k)))
            return k;
    return -1;
}

const char *q6_sampler_name(q6_sampler_kind kind)
{
    switch (kind) {
    case Q6_SAMPLER_EXACT: return "exact";
    case Q6_SAMPLER_SA: return "sa";
    case Q6_SAMPLER_TABU: return "tabu";
    }
    return "unknown";
}

int q6_sample(q6_sampler_kind kind, const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out,
              q6_sampler_stats *stats)
{
    switch (kind) {
    case Q6_SAMPLER_EXACT: return q6_sample_exact(bqm, p, out, stats);
    case Q6_SAMPLER_SA: return q6_sample_sa(bqm, p, out, stats);
    case Q6_SAMPLER_TABU: return q6_sample_tabu(bqm, p, out, stats);
    }
    return -EINVAL;
}
