/* Pair predicates and the sort / take-while-free steps the matchers share. */
#include "solvers/market/market.h"
#include <errno.h>
#include <stdlib.h>

int q6_market_feasible(const q6_market_problem *p, uint32_t i, uint32_t j)
{
    size_t k = q6_market_pair(p, i, j);
    /* Written as >= so that a NaN utility is infeasible. */
    return p->admissible[k] && p->buyer_utility[k] >= 0.0 && p->seller_utility[k] >= 0.0;
}

int q6_market_acceptable(const q6_market_problem *p, uint32_t i, uint32_t j)
{
    size_t k = q6_market_pair(p, i, j);
    return q6_market_feasible(p, i, j) && p->buyer_utility[k] >= p->buyers[i].grid_utility &&
           p->seller_utility[k] >= p->sellers[j].grid_utility;
}

double q6_market_gain(const q6_market_problem *p, uint32_t i, uint32_t j)
{
    size_t k = q6_market_pair(p, i, j);
    return p->buyer_utility[k] + p->seller_utility[k] - p->buyers[i].grid_utility - p->sellers[j].grid_utility;
}

typedef struct {
    const double *key;
    uint64_t compares;
} sort_ctx;

static int desc_then_index(const void *a, const void *b, void *arg)
{
    sort_ctx *c = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    c->compares++;
    if (c->key[x] != c->key[y])
        return c->key[x] > c->key[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

void q6_market_sort_desc(uint32_t *idx, size_t n, const double *key, uint64_t *ops)
{
    sort_ctx c = {key, 0};
    qsort_r(idx, n, sizeof *idx, desc_then_index, &c);
    *ops += c.compares;
}

int q6_market_take_best(const q6_market_problem *p, uint32_t *pairs, size_t n, int32_t *seller_of,
                        uint32_t *skipped, uint64_t *ops)
{
    /* Gains only where listed: the sort reads key[pair] of listed pairs. */
    double *gain = calloc((size_t)p->n_buyers * p->n_sellers + 1, sizeof *gain);
    uint8_t *taken = calloc(p->n_sellers ? p->n_sellers : 1, 1);
    if (!gain || !taken) {
        free(gain);
        free(taken);
        return -ENOMEM;
    }
    for (size_t k = 0; k < n; k++)
        gain[pairs[k]] = q6_market_gain(p, pairs[k] / p->n_sellers, pairs[k] % p->n_sellers);
    q6_market_sort_desc(pairs, n, gain, ops);
    for (uint32_t i = 0; i < p->n_buyers; i++)
        if (seller_of[i] >= 0 && (uint32_t)seller_of[i] < p->n_sellers)
            taken[seller_of[i]] = 1;
    uint32_t skip = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = pairs[k] / p->n_sellers, j = pairs[k] % p->n_sellers;
        if (seller_of[i] >= 0 || taken[j]) {
            skip++;
            continue;
        }
        seller_of[i] = (int32_t)j;
        taken[j] = 1;
    }
    *ops += 2 * n; /* gain and take per pair */
    if (skipped)
        *skipped = skip;
    free(gain);
    free(taken);
    return 0;
}

void q6_market_charge(const q6_market_problem *p, uint64_t ops)
{
    if (p->services && p->services->charge_compute)
        p->services->charge_compute(p->services->engine, (double)ops);
}
