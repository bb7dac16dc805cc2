/* Built-in matchers gale-shapley, exact and qubo (plugin ABI 3). They only
 * match energy trades; the task offloading of a market scenario is the
 * scheduler's (greedy unless the scenario names another). */
#include "solvers/market/market.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Runs a matcher and charges its counted operations to the aggregator. */
static int run_matcher(int (*matcher)(const q6_market_problem *, int32_t *, uint64_t *),
                       const q6_market_problem *p, q6_market_decision *d, char *err, size_t errlen)
{
    uint64_t ops = 0;
    int rc = matcher(p, d->seller_of, &ops);
    q6_market_charge(p, ops);
    if (rc != 0)
        snprintf(err, errlen, "%s", rc == -ENOMEM ? "out of memory" : "matching failed");
    return rc;
}

static int gs_match(void *state, const q6_market_problem *p, q6_market_decision *d, char *err, size_t errlen)
{
    (void)state;
    return run_matcher(q6_market_gale_shapley, p, d, err, errlen);
}

static int exact_match(void *state, const q6_market_problem *p, q6_market_decision *d, char *err,
                       size_t errlen)
{
    (void)state;
    return run_matcher(q6_market_exact, p, d, err, errlen);
}

const q6_matcher q6_match_gale_shapley = {
    .h = {sizeof(q6_matcher), Q6_ABI_VERSION, Q6_KIND_MATCHER, 0, "gale-shapley",
          "energy market: buyer-proposing deferred acceptance on U_i / U_j (paper 000 III-B)"},
    .match = gs_match};

const q6_matcher q6_match_exact = {
    .h = {sizeof(q6_matcher), Q6_ABI_VERSION, Q6_KIND_MATCHER, 0, "exact",
          "energy market: maximum social-welfare matching (igraph weighted bipartite matching)"},
    .match = exact_match};

static int qubo_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    q6_market_qubo_config *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (q6_market_qubo_config_parse(a->params, a->seed, c, err, errlen) < 0) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static void qubo_finish(void *state) { free(state); }

static int qubo_match(void *state, const q6_market_problem *p, q6_market_decision *d, char *err, size_t errlen)
{
    int rc = q6_market_qubo_match(state, p, d, NULL);
    if (rc != 0)
        snprintf(err, errlen, "no sampler could solve the %u x %u market QUBO", p->n_buyers, p->n_sellers);
    return rc;
}

const q6_matcher q6_match_qubo = {
    .h = {sizeof(q6_matcher), Q6_ABI_VERSION, Q6_KIND_MATCHER, 0, "qubo",
          "energy market: QUBO of paper 000 III-C with Table I penalties, sampled on the QPU host, "
          "repaired to a feasible matching"},
    .init = qubo_init, .match = qubo_match, .finish = qubo_finish};
