/* One-flip tabu search with aspiration and perturbed restarts (Glover 1989;
 * for QUBO: Glover, Kochenberger, Alidaee 1998; Palubeckis 2004 "multistart
 * tabu search"). Each iteration evaluates all n flips from the cached local
 * fields, takes the best one that is not tabu (or that beats the best energy
 * found, aspiration), and makes the flipped variable tabu for `tenure`
 * iterations. A restart ends after num_sweeps (default 20 n) iterations without improving
 * its own best; the next one starts from the best state found with n/8
 * random flips (every fourth restart from a fresh random state). */
#include "solvers/qubo/sampler_core.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a < b by more than rounding: incremental energies of a cycle of moves
 * drift by ulps, which must not count as progress. */
static inline int below(double a, double b) { return isinf(b) ? a < b : a < b - 1e-10 * (1.0 + fabs(b)); }

typedef struct {
    size_t n;
    const size_t *start;
    const uint32_t *adj;
    const double *w;
    int8_t *x;
    double *f;
    double e;
} tabu_state;

static void flip(tabu_state *t, size_t i, q6_sampler_stats *st)
{
    t->e += t->x[i] ? -t->f[i] : t->f[i];
    t->x[i] ^= 1;
    double sign = t->x[i] ? 1.0 : -1.0;
    for (size_t a = t->start[i]; a < t->start[i + 1]; a++)
        t->f[t->adj[a]] += sign * t->w[a];
    st->accepted_flips++;
    st->field_updates += t->start[i + 1] - t->start[i];
}

/* Best admissible move: lowest delta among non-tabu variables or ones whose
 * flip beats `aspire`; ties broken uniformly (reservoir). */
static size_t pick_move(const tabu_state *t, const uint64_t *tabu_until, uint64_t it, double aspire,
                        q6_xo *rng, double *best_delta)
{
    size_t best = SIZE_MAX, ties = 0;
    double bd = INFINITY;
    const int8_t *x = t->x;
    const double *f = t->f;
    for (size_t i = 0; i < t->n; i++) {
        double d = x[i] ? -f[i] : f[i];
        if (d > bd)
            continue;
        if (tabu_until[i] > it && !below(t->e + d, aspire))
            continue;
        if (d < bd) {
            bd = d;
            best = i;
            ties = 1;
        } else if (q6_xo_below(rng, ++ties) == 0) {
            best = i;
        }
    }
    *best_delta = bd;
    return best;
}

int q6_sample_tabu(const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out, q6_sampler_stats *stats)
{
    q6_qubo_core c;
    int rc = q6_core_init(&c, bqm, p, out, stats);
    if (rc)
        return rc;
    size_t n = c.n;
    size_t restarts = p->num_reads ? p->num_reads : 10;
    size_t stall_limit = p->num_sweeps ? p->num_sweeps : 20 * n;
    size_t tenure = p->tabu_tenure;
    if (!tenure) { /* n/100 + 10, but never more than a quarter of the variables */
        tenure = n / 100 + 10;
        if (tenure > n / 4)
            tenure = n / 4;
        if (!tenure)
            tenure = 1;
        if (tenure >= n) /* n = 1: a lone variable has no alternative move to force */
            tenure = n - 1;
    }
    if (tenure >= n) {
        rc = -EINVAL;
        goto fail;
    }
    tabu_state t = {n, c.bin->adj_start, c.bin->adj_var, c.bin->adj_bias, malloc(n), malloc(n * sizeof(double)), 0};
    int8_t *best_x = malloc(n), *run_x = malloc(n);
    uint64_t *tabu_until = malloc(n * sizeof *tabu_until);
    if (!t.x || !t.f || !best_x || !run_x || !tabu_until) {
        rc = -ENOMEM;
        goto out;
    }
    q6_xo rng;
    q6_xo_seed(&rng, p->seed, 0);
    double t0 = q6_core_wall_s(), best_e = INFINITY;
    uint64_t it = 0;
    for (size_t r = 0; r < restarts && !stats->reached_target && !stats->stopped_by_time; r++) {
        if (r % 4 == 0) {
            for (size_t i = 0; i < n; i++)
                t.x[i] = (int8_t)(q6_xo_next(&rng) >> 63);
        } else {
            memcpy(t.x, best_x, n);
            for (size_t k = 0; k < n / 8 + 1; k++)
                t.x[q6_xo_below(&rng, n)] ^= 1;
        }
        t.e = q6_core_fields(&c, t.x, t.f);
        if (t.e < best_e) {
            best_e = t.e;
            memcpy(best_x, t.x, n);
            q6_core_note_energy(p, stats, best_e, t0);
        }
        memset(tabu_until, 0, n * sizeof *tabu_until);
        double run_e = t.e;
        memcpy(run_x, t.x, n);
        for (size_t stall = 0; stall < stall_limit && !stats->reached_target; stall++, it++) {
            double d;
            size_t i = pick_move(&t, tabu_until, it, best_e, &rng, &d);
            stats->spin_update_attempts += n;
            stats->sweeps++;
            if (i == SIZE_MAX)
                break;
            if (d >= 0.0 && t.e < q6_sample_set_threshold(out)) { /* local minimum worth keeping */
                if ((rc = q6_core_offer(&c, out, t.x)) < 0)
                    goto out;
            }
            flip(&t, i, stats);
            tabu_until[i] = it + tenure + 1;
            if (below(t.e, run_e)) {
                run_e = t.e;
                memcpy(run_x, t.x, n);
                stall = 0;
                if (below(t.e, best_e)) {
                    best_e = t.e;
                    memcpy(best_x, t.x, n);
                    q6_core_note_energy(p, stats, best_e, t0);
                    if (stats->reached_target)
                        break;
                }
            }
            if ((it & 0xFF) == 0 && q6_core_time_up(p, t0)) {
                stats->stopped_by_time = 1;
                break;
            }
        }
        stats->reads++;
        if ((rc = q6_core_offer(&c, out, run_x)) < 0)
            goto out;
    }
    rc = 0;
    stats->wall_s = q6_core_wall_s() - t0;
out:
    free(t.x);
    free(t.f);
    free(best_x);
    free(run_x);
    free(tabu_until);
fail:
    q6_core_free(&c);
    if (rc < 0)
        q6_sample_set_free(out);
    return rc;
}
