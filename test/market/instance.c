#include "test/market/instance.h"
#include "solvers/market/market.h"
#include <math.h>
#include <stdlib.h>

static void allocate(instance *in, uint32_t nb, uint32_t ns)
{
    size_t n = (size_t)nb * ns + 1;
    in->buyers = calloc(nb + 1, sizeof *in->buyers);
    in->sellers = calloc(ns + 1, sizeof *in->sellers);
    in->u_i = calloc(n, sizeof *in->u_i);
    in->u_j = calloc(n, sizeof *in->u_j);
    in->travel_j = calloc(n, sizeof *in->travel_j);
    in->admissible = calloc(n, 1);
    in->p = (q6_market_problem){Q6_PLUGIN_ABI_VERSION, 0, 0.0, nb, ns, in->buyers, in->sellers, in->u_i, in->u_j,
                                in->travel_j, in->admissible, 0.0, NULL};
}

void instance_empty(instance *in, uint32_t nb, uint32_t ns)
{
    allocate(in, nb, ns);
    for (uint32_t i = 0; i < nb; i++)
        in->buyers[i] = (q6_party_view){Q6_PARTY_EV, i, 0, 0, 0, 0};
    for (uint32_t j = 0; j < ns; j++)
        in->sellers[j] = (q6_party_view){Q6_PARTY_BS, j, 0, 0, 0, 0};
}

static double draw(gsl_rng *r, int integer, double lo, double hi)
{
    return integer ? floor(-2.0 + 9.0 * gsl_rng_uniform(r)) : lo + (hi - lo) * gsl_rng_uniform(r);
}

static void party(gsl_rng *r, q6_party_view *v, uint32_t index, int integer)
{
    v->kind = gsl_rng_uniform(r) < 0.5 ? Q6_PARTY_EV : Q6_PARTY_BS;
    v->index = index;
    v->energy_j = 1e6 * (1.0 + 9.0 * gsl_rng_uniform(r));
    v->soc_j = 1e7 * (1.0 + 9.0 * gsl_rng_uniform(r));
    v->reserve_j = 1e6 * (1.0 + 4.0 * gsl_rng_uniform(r));
    v->grid_utility = draw(r, integer, -3.0, 10.0);
}

void instance_random(instance *in, gsl_rng *r, uint32_t nb, uint32_t ns)
{
    int integer = gsl_rng_uniform(r) < 1.0 / 3.0;
    allocate(in, nb, ns);
    for (uint32_t i = 0; i < nb; i++)
        party(r, &in->buyers[i], i, integer);
    for (uint32_t j = 0; j < ns; j++)
        party(r, &in->sellers[j], j, integer);
    for (uint32_t i = 0; i < nb; i++)
        for (uint32_t j = 0; j < ns; j++) {
            size_t k = (size_t)i * ns + j;
            in->u_i[k] = draw(r, integer, -5.0, 20.0);
            in->u_j[k] = draw(r, integer, -5.0, 20.0);
            in->travel_j[k] = 1e5 * gsl_rng_uniform(r);
            in->admissible[k] = in->buyers[i].kind != in->sellers[j].kind && gsl_rng_uniform(r) < 0.7;
        }
}

void instance_free(instance *in)
{
    free(in->buyers);
    free(in->sellers);
    free(in->u_i);
    free(in->u_j);
    free(in->travel_j);
    free(in->admissible);
}

/* Best sum of gains for buyers i.. with sellers in `used` taken. Every
 * feasible pair is tried, whatever the sign of its gain. */
static double best_from(const q6_market_problem *p, uint32_t i, uint64_t used)
{
    if (i == p->n_buyers)
        return 0.0;
    double best = best_from(p, i + 1, used);
    for (uint32_t j = 0; j < p->n_sellers; j++)
        if (!(used >> j & 1) && q6_market_feasible(p, i, j))
            best = fmax(best, q6_market_gain(p, i, j) + best_from(p, i + 1, used | (uint64_t)1 << j));
    return best;
}

double brute_force_welfare(const q6_market_problem *p)
{
    double grid = 0.0;
    for (uint32_t i = 0; i < p->n_buyers; i++)
        grid += p->buyers[i].grid_utility;
    for (uint32_t j = 0; j < p->n_sellers; j++)
        grid += p->sellers[j].grid_utility;
    return grid + best_from(p, 0, 0);
}

int welfare_le(double a, double b)
{
    return a <= b + 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}
