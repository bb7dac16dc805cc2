/* Paper 002's heuristic baseline (sec. VI-A, Baseline 1): each user joins
 * the AP with the strongest signal, each AP picks at random which of its
 * tasks to compute onboard, and splits band and CPU equally.
 *
 * Two additions keep the result inside the constraints the paper's text
 * leaves implicit: an AP takes at most floor(1 / beta_min) users (else the
 * minimum fractions cannot fit its band; the user falls to its next best AP)
 * and at most floor(F / f_min) onboard tasks (the rest are relayed).
 * The same association with nothing onboard is the GBD loop's start point. */
#include "solvers/benders/benders.h"
#include <math.h>
#include <stdlib.h>

int q6_bd_heuristic_binaries(const q6_bd_problem *p, const double *u01, double onboard_prob, q6_bd_binaries *b)
{
    uint32_t na = p->n_aps;
    uint32_t *users = calloc(na ? na : 1, sizeof *users), *onboard = calloc(na ? na : 1, sizeof *onboard);
    if (!users || !onboard) {
        free(users);
        free(onboard);
        return -1;
    }
    for (uint32_t i = 0; i < p->n_users; i++) {
        uint32_t best = UINT32_MAX, fallback = UINT32_MAX;
        for (uint32_t j = 0; j < na; j++) {
            size_t k = (size_t)i * na + j;
            if (!p->reach[k])
                continue;
            if (fallback == UINT32_MAX || p->rate_bps[k] > p->rate_bps[(size_t)i * na + fallback])
                fallback = j;
            if (users[j] + 1.0 > floor(1.0 / p->beta_min[j] * (1.0 + 1e-12)))
                continue;
            if (best == UINT32_MAX || p->rate_bps[k] > p->rate_bps[(size_t)i * na + best])
                best = j;
        }
        /* every reachable AP full: keep the strongest (the subproblem then
         * reports it infeasible, which the GBD loop turns into a cut) */
        uint32_t j = best != UINT32_MAX ? best : fallback;
        b->ap[i] = j;
        b->onboard[i] = 0;
        if (j == UINT32_MAX)
            continue;
        users[j]++;
        if (onboard_prob >= 0.0 && p->cpu_hz[j] > 0.0 && u01 && u01[i] < onboard_prob &&
            onboard[j] + 1.0 <= floor(p->cpu_hz[j] / p->f_min[j] * (1.0 + 1e-12))) {
            b->onboard[i] = 1;
            onboard[j]++;
        }
    }
    free(users);
    free(onboard);
    return 0;
}

int q6_bd_equal_alloc(const q6_bd_problem *p, const q6_bd_binaries *b, q6_bd_alloc *out)
{
    uint32_t na = p->n_aps;
    uint32_t *users = calloc(na ? na : 1, sizeof *users), *onboard = calloc(na ? na : 1, sizeof *onboard);
    if (!users || !onboard) {
        free(users);
        free(onboard);
        return -1;
    }
    for (uint32_t i = 0; i < p->n_users; i++)
        if (b->ap[i] < na) {
            users[b->ap[i]]++;
            onboard[b->ap[i]] += b->onboard[i];
        }
    for (uint32_t i = 0; i < p->n_users; i++) {
        uint32_t j = b->ap[i];
        out->beta[i] = out->f_hz[i] = 0.0;
        if (j >= na)
            continue;
        double beta = 1.0 / users[j];
        out->beta[i] = beta < p->beta_min[j] ? p->beta_min[j] : beta > p->beta_max[j] ? p->beta_max[j] : beta;
        if (b->onboard[i]) {
            double f = p->cpu_hz[j] / onboard[j];
            out->f_hz[i] = f < p->f_min[j] ? p->f_min[j] : f > p->f_max[j] ? p->f_max[j] : f;
        }
    }
    free(users);
    free(onboard);
    out->value = q6_bd_evaluate(p, b, out->beta, out->f_hz);
    out->feasible = !isnan(out->value);
    if (out->feasible) /* the same delays and energies a solved point reports */
        q6_bd_outcome(p, b, out->beta, out->f_hz, out->delay_s, out->energy_j);
    return 0;
}
