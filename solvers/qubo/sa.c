/* Simulated annealing: sequential-sweep Metropolis on cached local fields
 * with a geometric inverse-temperature schedule (Kirkpatrick et al. 1983;
 * the schedule and default range follow dwave-neal). */
#include "solvers/qubo/sampler_core.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Uphill moves with beta * delta above this are never accepted:
 * exp(-40) = 4e-18 is below the 2^-53 resolution of the uniform draw. */
#define SA_CUTOFF 40.0

int q6_sa_default_beta_range(const q6_bqm *bqm, double *beta_start, double *beta_end)
{
    if (!bqm || !bqm->compiled || !beta_start || !beta_end)
        return -EINVAL;
    q6_bqm spin_free;
    const q6_bqm *b = bqm;
    if (bqm->vartype == Q6_VARTYPE_SPIN) {
        int rc = q6_bqm_change_vartype(&spin_free, bqm, Q6_VARTYPE_BINARY);
        if (rc)
            return rc;
        b = &spin_free;
    }
    double max_field = 0.0, min_bias = INFINITY;
    for (size_t i = 0; i < b->num_vars; i++) {
        double s = fabs(b->linear[i]);
        if (b->linear[i] != 0.0)
            min_bias = fmin(min_bias, fabs(b->linear[i]));
        for (size_t a = b->adj_start[i]; a < b->adj_start[i + 1]; a++) {
            s += fabs(b->adj_bias[a]);
            min_bias = fmin(min_bias, fabs(b->adj_bias[a]));
        }
        max_field = fmax(max_field, s);
    }
    if (b == &spin_free)
        q6_bqm_free(&spin_free);
    if (max_field == 0.0) { /* constant model: any schedule will do */
        *beta_start = 0.1;
        *beta_end = 1.0;
        return 0;
    }
    *beta_start = log(2.0) / max_field;
    *beta_end = log(100.0) / min_bias;
    if (*beta_end < *beta_start)
        *beta_end = *beta_start;
    return 0;
}

/* exp(-t) for t in [0, SA_CUTOFF], relative error < 2e-7: 2^y with y split
 * into a nearest integer and r in [-1/2, 1/2], 2^r by a degree-6 Taylor
 * polynomial. A Metropolis test needs far less accuracy than libm gives. */
static inline double fast_exp_neg(double t)
{
    double y = -t * 1.4426950408889634; /* log2(e) */
    double k = __builtin_round(y);
    double r = (y - k) * 0.6931471805599453; /* ln 2 */
    double p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))))));
    union { double d; uint64_t u; } scale = {.u = (uint64_t)(1023 + (int64_t)k) << 52};
    return p * scale.d;
}

/* One sweep i = 0..n-1 over the CSR rows; returns the energy change and
 * counts flips and neighbour-field updates. */
static double sa_sweep(size_t n, const size_t *restrict start, const uint32_t *restrict adj,
                       const double *restrict w, int8_t *restrict x, double *restrict f, double beta, q6_xo *rng,
                       uint64_t *flips, uint64_t *updates)
{
    const double cutoff = SA_CUTOFF / beta;
    double de = 0.0;
    uint64_t nflip = 0, nupd = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] ? -f[i] : f[i];
        if (d > 0.0) {
            if (d > cutoff || q6_xo_uniform(rng) >= fast_exp_neg(beta * d))
                continue;
        }
        x[i] ^= 1;
        double sign = x[i] ? 1.0 : -1.0;
        size_t a0 = start[i], a1 = start[i + 1];
        for (size_t a = a0; a < a1; a++)
            f[adj[a]] += sign * w[a];
        de += d;
        nflip++;
        nupd += a1 - a0;
    }
    *flips += nflip;
    *updates += nupd;
    return de;
}

int q6_sample_sa(const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out, q6_sampler_stats *stats)
{
    q6_qubo_core c;
    int rc = q6_core_init(&c, bqm, p, out, stats);
    if (rc)
        return rc;
    size_t n = c.n, reads = p->num_reads ? p->num_reads : 10, sweeps = p->num_sweeps ? p->num_sweeps : 1000;
    double b0 = p->beta_start, b1 = p->beta_end, d0, d1;
    if ((rc = q6_sa_default_beta_range(c.bin, &d0, &d1)) != 0)
        goto fail;
    b0 = b0 > 0.0 ? b0 : d0;
    b1 = b1 > 0.0 ? b1 : (d1 > b0 ? d1 : b0);
    int8_t *x = malloc(n);
    double *f = malloc(n * sizeof *f);
    double *beta = malloc(sweeps * sizeof *beta);
    if (!x || !f || !beta) {
        free(x);
        free(f);
        free(beta);
        rc = -ENOMEM;
        goto fail;
    }
    for (size_t s = 0; s < sweeps; s++) /* geometric: beta_s = b0 (b1/b0)^(s/(S-1)) */
        beta[s] = sweeps > 1 ? b0 * pow(b1 / b0, (double)s / (double)(sweeps - 1)) : b1;
    const q6_bqm *bin = c.bin;
    double t0 = q6_core_wall_s();
    for (size_t r = 0; r < reads && !stats->reached_target && !stats->stopped_by_time; r++) {
        q6_xo rng;
        q6_xo_seed(&rng, p->seed, r);
        for (size_t i = 0; i < n; i++)
            x[i] = (int8_t)(q6_xo_next(&rng) >> 63);
        double e = q6_core_fields(&c, x, f);
        for (size_t s = 0; s < sweeps; s++) {
            e += sa_sweep(n, bin->adj_start, bin->adj_var, bin->adj_bias, x, f, beta[s], &rng,
                          &stats->accepted_flips, &stats->field_updates);
            stats->sweeps++;
            stats->spin_update_attempts += n;
            q6_core_note_energy(p, stats, e, t0);
            if (stats->reached_target)
                break;
            if (q6_core_time_up(p, t0)) {
                stats->stopped_by_time = 1;
                break;
            }
        }
        stats->reads++;
        if ((rc = q6_core_offer(&c, out, x)) < 0)
            break;
        rc = 0;
    }
    stats->wall_s = q6_core_wall_s() - t0;
    free(x);
    free(f);
    free(beta);
fail:
    q6_core_free(&c);
    if (rc < 0)
        q6_sample_set_free(out);
    return rc;
}
