/* Random market instances and exhaustive search for the market tests. */
#ifndef Q6_TEST_MARKET_INSTANCE_H
#define Q6_TEST_MARKET_INSTANCE_H
#include "solvers/plugin.h"
#include <gsl/gsl_rng.h>

typedef struct {
    q6_market_problem p;
    q6_party_view *buyers, *sellers;
    double *u_i, *u_j, *travel_j;
    uint8_t *admissible;
} instance;

/* nb x ns instance from r: random EV/BS kinds, admissible only for EV-BS
 * pairs (and then with probability 0.7), utilities in [-5, 20) (some
 * negative), grid utilities in [-3, 10); about one instance in
 * three draws integer utilities in [-2, 6] so that preferences tie. */
void instance_random(instance *in, gsl_rng *r, uint32_t nb, uint32_t ns);
/* Empty nb x ns instance: all EV buyers and BS sellers, all zero. */
void instance_empty(instance *in, uint32_t nb, uint32_t ns);
void instance_free(instance *in);

/* Maximum welfare over every feasible matching (C1-C5), by enumeration. */
double brute_force_welfare(const q6_market_problem *p);

/* Relative tolerance for welfare comparisons (exact rounds gains at 2^-40). */
int welfare_le(double a, double b);

#endif
