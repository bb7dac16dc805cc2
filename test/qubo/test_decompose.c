/* qbsolv-style decomposition: with an exhaustive sub-solver the energy
 * it reports is the model's energy of its state and never rises; one window
 * holding every variable gives the exact minimum; windows of 3 variables
 * on a model whose minimum needs several of them still improve on the
 * start; a failing sub-solver fails the call; bad parameters are refused. */
#include "solvers/qubo/decompose.h"
#include "solvers/qubo/samplers.h"
#include "test/check.h"
#include <errno.h>
#include <stdlib.h>

static void random_model(q6_bqm *m, size_t n, unsigned seed)
{
    uint64_t s = seed * 2654435761u + 7;
#define NEXT() (s = s * 6364136223846793005ULL + 1442695040888963407ULL, (double)(s >> 11) * 0x1.0p-53)
    CHECK(q6_bqm_init(m, n, Q6_VARTYPE_BINARY) == 0);
    for (size_t i = 0; i < n; i++) {
        q6_bqm_add_linear(m, i, 2.0 * NEXT() - 1.0);
        for (size_t j = i + 1; j < n; j++)
            if (NEXT() < 0.5)
                q6_bqm_add_quadratic(m, i, j, 2.0 * NEXT() - 1.0);
    }
#undef NEXT
    CHECK(q6_bqm_compile(m) == 0);
}

typedef struct {
    unsigned calls;
    int fail;
    size_t largest;
} solver_ctx;

/* Exhaustive sub-solver (windows of at most Q6_EXACT_MAX_VARS). */
static int exact_sub(void *vctx, const q6_bqm *sub, int8_t *state)
{
    solver_ctx *c = vctx;
    c->calls++;
    if (sub->num_vars > c->largest)
        c->largest = sub->num_vars;
    if (c->fail)
        return -1;
    q6_sampler_params p;
    q6_sampler_params_default(&p);
    q6_sample_set set;
    q6_sampler_stats st;
    if (q6_sample_exact(sub, &p, &set, &st) != 0)
        return -1;
    for (size_t k = 0; k < sub->num_vars; k++)
        state[k] = set.states[k];
    q6_sample_set_free(&set);
    return 0;
}

static double exact_min(const q6_bqm *m)
{
    q6_sampler_params p;
    q6_sampler_params_default(&p);
    q6_sample_set set;
    q6_sampler_stats st;
    CHECK(q6_sample_exact(m, &p, &set, &st) == 0);
    double e = set.energies[0];
    q6_sample_set_free(&set);
    return e;
}

int main(void)
{
    unsigned improved = 0;
    for (unsigned seed = 1; seed <= 40; seed++) {
        size_t n = 4 + seed % 11;
        q6_bqm m;
        random_model(&m, n, seed);
        int8_t x[16] = {0};
        double e0 = q6_bqm_energy(&m, x);
        solver_ctx c = {0, 0, 0};
        q6_decompose_stats st;
        uint64_t ops = 0;
        /* Windows of 3: each accepted window lowers E; never above the start. */
        CHECK(q6_qubo_decompose(&m, x, &(q6_decompose_params){3, 10}, exact_sub, &c, &st, &ops) == 0);
        CHECK(c.largest <= 3 && c.calls == st.jobs && ops > 0);
        CHECK_NEAR(st.end_energy, q6_bqm_energy(&m, x), 1e-9);
        CHECK(st.end_energy <= e0 + 1e-12);
        CHECK(st.start_energy == e0);
        improved += st.end_energy < e0 - 1e-9;
        /* From there, one window of every variable reaches the minimum in one job. */
        c = (solver_ctx){0, 0, 0};
        CHECK(q6_qubo_decompose(&m, x, &(q6_decompose_params){n, 10}, exact_sub, &c, &st, NULL) == 0);
        CHECK(c.calls == 1 && st.passes == 1);
        CHECK_NEAR(q6_bqm_energy(&m, x), exact_min(&m), 1e-9);
        /* A failing sub-solver fails the call and leaves the state alone. */
        int8_t y[16] = {0};
        c = (solver_ctx){0, 1, 0};
        CHECK(q6_qubo_decompose(&m, y, &(q6_decompose_params){3, 2}, exact_sub, &c, NULL, NULL) == -1);
        for (size_t k = 0; k < n; k++)
            CHECK(y[k] == 0);
        CHECK(q6_qubo_decompose(&m, y, &(q6_decompose_params){0, 2}, exact_sub, &c, NULL, NULL) == -EINVAL);
        CHECK(q6_qubo_decompose(&m, y, &(q6_decompose_params){3, 0}, exact_sub, &c, NULL, NULL) == -EINVAL);
        q6_bqm_free(&m);
    }
    CHECK(improved > 30); /* the all-zero start is rarely a local minimum of these models */
    return CHECK_DONE();
}
