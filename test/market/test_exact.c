/* exact: equals the exhaustive optimum on small instances, satisfies C1-C5,
 * and no other matcher (gale-shapley, greedy, random, qubo) ever beats its
 * welfare, on small and 40x40 instances. */
#include "solvers/baselines/baselines.h"
#include "solvers/market/market.h"
#include "test/check.h"
#include "test/market/instance.h"
#include <stdlib.h>

static q6_market_qubo_config qubo_sa;

/* Welfare of one plugin's matching; checks it against C1-C5. */
static double plugin_welfare(const q6_matcher *pl, void *state, const q6_market_problem *p, int32_t *m)
{
    q6_market_decision d = {m};
    char err[128];
    CHECK(pl->match(state, p, &d, err, sizeof err) == 0);
    CHECK(q6_market_check(p, m, NULL, NULL) == 0);
    return q6_market_welfare(p, m);
}

static void compare(gsl_rng *r, uint32_t nb, uint32_t ns, int brute, void *greedy, void *random)
{
    instance in;
    instance_random(&in, r, nb, ns);
    int32_t *m = malloc((nb + 1) * sizeof *m);
    uint64_t ops = 0;
    CHECK(q6_market_exact(&in.p, m, &ops) == 0);
    CHECK(q6_market_check(&in.p, m, NULL, NULL) == 0);
    double best = q6_market_welfare(&in.p, m);
    if (brute) {
        double bf = brute_force_welfare(&in.p);
        CHECK(welfare_le(bf, best) && welfare_le(best, bf));
    }
    double other[4];
    CHECK(q6_market_gale_shapley(&in.p, m, &ops) == 0);
    other[0] = q6_market_welfare(&in.p, m);
    other[1] = plugin_welfare(&q6_match_greedy, greedy, &in.p, m);
    other[2] = plugin_welfare(&q6_match_random, random, &in.p, m);
    q6_market_decision d = {m};
    CHECK(q6_market_qubo_match(&qubo_sa, &in.p, &d, NULL) == 0);
    CHECK(q6_market_check(&in.p, m, NULL, NULL) == 0);
    other[3] = q6_market_welfare(&in.p, m);
    for (int k = 0; k < 4; k++) {
        CHECK(welfare_le(other[k], best));
        if (!welfare_le(other[k], best))
            fprintf(stderr, "  %ux%u: matcher %d welfare %.17g > exact %.17g\n", nb, ns, k, other[k], best);
    }
    free(m);
    instance_free(&in);
}

int main(void)
{
    char err[256];
    CHECK(q6_market_qubo_config_parse("solver=sa,reads=4,sweeps=200", 7, &qubo_sa, err, sizeof err) == 0);
    q6_plugin_init_args args = {42, ""};
    void *greedy = NULL, *random = NULL;
    CHECK(q6_match_greedy.init == NULL); /* stateless */
    CHECK(q6_match_random.init(&args, &random, err, sizeof err) == 0);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (unsigned long seed = 1; seed <= 1500; seed++) {
        gsl_rng_set(r, seed);
        compare(r, 1 + (uint32_t)gsl_rng_uniform_int(r, 8), 1 + (uint32_t)gsl_rng_uniform_int(r, 8), 1, greedy,
                random);
    }
    for (unsigned long seed = 1; seed <= 20; seed++) {
        gsl_rng_set(r, 200000 + seed);
        compare(r, 40, 40, 0, greedy, random);
    }
    /* Gains spanning twelve orders of magnitude still come out optimal. */
    for (unsigned long seed = 1; seed <= 300; seed++) {
        gsl_rng_set(r, 300000 + seed);
        instance in;
        instance_random(&in, r, 6, 6);
        for (size_t k = 0; k < 36; k++)
            in.u_i[k] = in.u_i[k] > 0 ? in.u_i[k] * pow(10.0, -6.0 + 12.0 * gsl_rng_uniform(r)) : in.u_i[k];
        int32_t m[6];
        uint64_t ops = 0;
        CHECK(q6_market_exact(&in.p, m, &ops) == 0);
        double bf = brute_force_welfare(&in.p), w = q6_market_welfare(&in.p, m);
        CHECK(welfare_le(bf, w) && welfare_le(w, bf));
        instance_free(&in);
    }
    q6_match_random.finish(random);
    gsl_rng_free(r);
    return CHECK_DONE();
}
