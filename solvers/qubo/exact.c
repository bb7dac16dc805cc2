/* Exhaustive enumeration in Gray-code order: consecutive states differ in
 * one bit, so each of the 2^n states costs one incremental flip (the exact
 * reference for n up to Q6_EXACT_MAX_VARS). */
#include "solvers/qubo/sampler_core.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>

int q6_sample_exact(const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out, q6_sampler_stats *stats)
{
    q6_qubo_core c;
    int rc = q6_core_init(&c, bqm, p, out, stats);
    if (rc)
        return rc;
    if (c.n > Q6_EXACT_MAX_VARS) {
        q6_core_free(&c);
        q6_sample_set_free(out);
        return -EINVAL;
    }
    const q6_bqm *b = c.bin;
    size_t n = c.n;
    int8_t *x = calloc(n, 1);
    double *f = malloc(n * sizeof *f);
    if (!x || !f) {
        rc = -ENOMEM;
        goto done;
    }
    double t0 = q6_core_wall_s();
    double e = q6_core_fields(&c, x, f);
    uint64_t total = (uint64_t)1 << n;
    q6_core_note_energy(p, stats, e, t0);
    if ((rc = q6_core_offer(&c, out, x)) < 0)
        goto done;
    uint64_t k;
    for (k = 1; k < total; k++) {
        if ((k & 0xFFFF) == 0) {
            if (q6_core_time_up(p, t0)) {
                stats->stopped_by_time = 1;
                break;
            }
            e = q6_core_fields(&c, x, f); /* drop accumulated rounding */
        }
        size_t i = (size_t)__builtin_ctzll(k);
        e += x[i] ? -f[i] : f[i];
        x[i] ^= 1;
        double sign = x[i] ? 1.0 : -1.0;
        for (size_t a = b->adj_start[i]; a < b->adj_start[i + 1]; a++)
            f[b->adj_var[a]] += sign * b->adj_bias[a];
        stats->field_updates += b->adj_start[i + 1] - b->adj_start[i];
        /* 1e-9 relative slack so rounding cannot hide a tie of the threshold */
        double thr = q6_sample_set_threshold(out);
        if (e < thr + 1e-9 * fabs(thr)) {
            q6_core_note_energy(p, stats, e, t0);
            if ((rc = q6_core_offer(&c, out, x)) < 0)
                goto done;
        }
    }
    rc = 0;
    stats->spin_update_attempts = stats->accepted_flips = k - 1;
    stats->sweeps = k / n;
    stats->reads = 1;
    stats->exhaustive_complete = k == total;
    stats->wall_s = q6_core_wall_s() - t0;
done:
    free(x);
    free(f);
    q6_core_free(&c);
    if (rc < 0)
        q6_sample_set_free(out);
    return rc;
}
