/* Built-in matching plugins gale-shapley, exact and qubo. They are
 * energy-market matchers; the task offloading the engine also asks of every plugin
 * (decide, called only in slots with vehicle tasks) is delegated to the
 * greedy baseline, so a run comparing matchers offloads identically. The
 * plugin state is greedy's (inside the qubo plugin's own). */
#include "solvers/baselines/baselines.h"
#include "solvers/market/market.h"
#include <stdlib.h>

static int offload_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    return q6_plugin_greedy.init(a, state, err, errlen);
}

static int offload_decide(void *state, const q6_slot_problem *p, q6_slot_decision *d)
{
    return q6_plugin_greedy.decide(state, p, d);
}

static void offload_finish(void *state) { q6_plugin_greedy.finish(state); }

/* Runs a matcher and charges its counted operations to the aggregator. */
static int run_matcher(int (*matcher)(const q6_market_problem *, int32_t *, uint64_t *),
                       const q6_market_problem *p, q6_market_decision *d)
{
    uint64_t ops = 0;
    int rc = matcher(p, d->seller_of, &ops);
    q6_market_charge(p, ops);
    return rc;
}

static int gs_match(void *state, const q6_market_problem *p, q6_market_decision *d)
{
    (void)state;
    return run_matcher(q6_market_gale_shapley, p, d);
}

static int exact_match(void *state, const q6_market_problem *p, q6_market_decision *d)
{
    (void)state;
    return run_matcher(q6_market_exact, p, d);
}

const q6_plugin q6_plugin_gale_shapley = {
    .abi_version = Q6_PLUGIN_ABI_VERSION, .name = "gale-shapley",
    .description = "energy market: buyer-proposing deferred acceptance on U_i / U_j (paper 000 III-B); "
                   "offloading as greedy",
    .init = offload_init, .decide = offload_decide, .finish = offload_finish, .match = gs_match};

const q6_plugin q6_plugin_exact_match = {
    .abi_version = Q6_PLUGIN_ABI_VERSION, .name = "exact",
    .description = "energy market: maximum social-welfare matching (igraph weighted bipartite matching); "
                   "offloading as greedy",
    .init = offload_init, .decide = offload_decide, .finish = offload_finish, .match = exact_match};

typedef struct {
    q6_market_qubo_config config;
    void *offload; /* greedy's state */
} qubo_state;

static int qubo_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    qubo_state *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    if (q6_market_qubo_config_parse(a->params, a->seed, &s->config, err, errlen) < 0 ||
        offload_init(a, &s->offload, err, errlen) != 0) {
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int qubo_decide(void *state, const q6_slot_problem *p, q6_slot_decision *d)
{
    return offload_decide(((qubo_state *)state)->offload, p, d);
}

static void qubo_finish(void *state)
{
    qubo_state *s = state;
    if (!s)
        return;
    offload_finish(s->offload);
    free(s);
}

static int qubo_match(void *state, const q6_market_problem *p, q6_market_decision *d)
{
    return q6_market_qubo_match(&((qubo_state *)state)->config, p, d, NULL);
}

const q6_plugin q6_plugin_qubo_match = {
    .abi_version = Q6_PLUGIN_ABI_VERSION, .name = "qubo",
    .description = "energy market: QUBO of paper 000 III-C with Table I penalties, sampled on the QPU host, "
                   "repaired to a feasible matching; offloading as greedy",
    .init = qubo_init, .decide = qubo_decide, .finish = qubo_finish, .match = qubo_match};
