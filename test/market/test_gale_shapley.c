/* Gale-Shapley: hand-worked examples, and on random instances every
 * matching is stable (no blocking pair), passes the engine's check and
 * is reproducible. */
#include "solvers/market/market.h"
#include "test/check.h"
#include "test/market/instance.h"
#include <stdlib.h>

static void set_2x2(instance *in, const double ui[4], const double uj[4])
{
    instance_empty(in, 2, 2);
    for (int k = 0; k < 4; k++) {
        in->u_i[k] = ui[k];
        in->u_j[k] = uj[k];
        in->admissible[k] = 1;
    }
}

static void hand_examples(void)
{
    instance in;
    int32_t m[2];
    uint64_t ops = 0;
    /* Rows are buyers, columns sellers; all grid utilities 0.
     *   U_i = [5 3; 4 1]   (b0: s0 > s1, b1: s0 > s1)
     *   U_j = [1 3; 2 1]   (s0: b1 > b0, s1: b0 > b1)
     * b0 proposes to s0, held. b1 proposes to s0; s0 prefers b1 (2 > 1),
     * releases b0. b0 proposes to s1, held. Result b0-s1, b1-s0, welfare
     * (3 + 3) + (4 + 2) = 12 (the other matching has 6 + 2 = 8).
     * Work: 4 list entries per buyer scan (2 + 2), 2 sort comparisons,
     * 3 proposals, 1 seller comparison. */
    set_2x2(&in, (double[]){5, 3, 4, 1}, (double[]){1, 3, 2, 1});
    CHECK(q6_market_gale_shapley(&in.p, m, &ops) == 0);
    CHECK(m[0] == 1 && m[1] == 0);
    CHECK_NEAR(q6_market_welfare(&in.p, m), 12.0, 1e-12);
    CHECK(ops >= 4 + 3 + 1);
    instance_free(&in);

    /* Buyers' and sellers' first choices cross:
     *   U_i = [4 1; 1 4]   (b0: s0, b1: s1)
     *   U_j = [1 4; 4 1]   (s0: b1, s1: b0)
     * Each buyer's first proposal is held and never challenged, so the
     * buyer-optimal b0-s0, b1-s1 comes out, not the seller-optimal
     * b0-s1, b1-s0 (both are stable). */
    set_2x2(&in, (double[]){4, 1, 1, 4}, (double[]){1, 4, 4, 1});
    CHECK(q6_market_gale_shapley(&in.p, m, &ops) == 0);
    CHECK(m[0] == 0 && m[1] == 1);
    instance_free(&in);

    /* The grid as outside option: b1 gets 2 from the grid, more than the
     * 1 of s1, so s1 is not acceptable to it; b0 wins s0, b1 trades with
     * the grid although s1 is free and C1-C2 hold. */
    set_2x2(&in, (double[]){4, 1, 3, 1}, (double[]){2, 2, 1, 2});
    in.buyers[1].grid_utility = 2.0;
    CHECK(q6_market_gale_shapley(&in.p, m, &ops) == 0);
    CHECK(m[0] == 0 && m[1] == -1);
    instance_free(&in);

    /* Ties: equal U_i and U_j everywhere; lower indices win. */
    set_2x2(&in, (double[]){1, 1, 1, 1}, (double[]){1, 1, 1, 1});
    CHECK(q6_market_gale_shapley(&in.p, m, &ops) == 0);
    CHECK(m[0] == 0 && m[1] == 1);
    instance_free(&in);
}

static void random_instance(gsl_rng *r, uint32_t nb, uint32_t ns)
{
    instance in;
    instance_random(&in, r, nb, ns);
    int32_t *m = malloc((nb + 1) * sizeof *m), *again = malloc((nb + 1) * sizeof *again);
    uint64_t ops = 0, ops2 = 0;
    CHECK(q6_market_gale_shapley(&in.p, m, &ops) == 0);
    CHECK(q6_market_check(&in.p, m, NULL, NULL) == 0);
    uint32_t bi, bj;
    int blocked = q6_market_blocking_pair(&in.p, m, &bi, &bj);
    CHECK(blocked == 0);
    if (blocked)
        fprintf(stderr, "  %ux%u: blocking pair (%u, %u)\n", nb, ns, bi, bj);
    for (uint32_t i = 0; i < nb; i++)
        if (m[i] >= 0)
            CHECK(q6_market_acceptable(&in.p, i, (uint32_t)m[i]));
    CHECK(q6_market_gale_shapley(&in.p, again, &ops2) == 0);
    int same = ops == ops2;
    for (uint32_t i = 0; i < nb; i++)
        same = same && m[i] == again[i];
    CHECK(same);
    free(m);
    free(again);
    instance_free(&in);
}

int main(void)
{
    hand_examples();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (unsigned long seed = 1; seed <= 2000; seed++) {
        gsl_rng_set(r, seed);
        random_instance(r, 1 + (uint32_t)gsl_rng_uniform_int(r, 8), 1 + (uint32_t)gsl_rng_uniform_int(r, 8));
    }
    for (unsigned long seed = 1; seed <= 50; seed++) {
        gsl_rng_set(r, 100000 + seed);
        random_instance(r, 40, 40);
    }
    /* Degenerate sizes. */
    random_instance(r, 0, 5);
    random_instance(r, 5, 0);
    gsl_rng_free(r);
    return CHECK_DONE();
}
