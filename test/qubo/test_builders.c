/* Penalty builders: every feasible assignment cheaper than every infeasible
 * one (checked exhaustively), slack encodings and the eq. 35 expansion. */
#include "solvers/qubo/builders.h"
#include "test/check.h"
#include <errno.h>

static void state_of(unsigned bits, size_t n, int8_t *x)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (int8_t)((bits >> i) & 1);
}

/* Objective over nvars with fixed pseudo-random integer biases. */
static void objective(q6_bqm *m, size_t nvars)
{
    CHECK(q6_bqm_init(m, nvars, Q6_VARTYPE_BINARY) == 0);
    for (size_t i = 0; i < nvars; i++) {
        CHECK(q6_bqm_add_linear(m, i, (double)((int)(i * 7 % 11) - 5)) == 0);
        for (size_t j = i + 1; j < nvars; j++)
            CHECK(q6_bqm_add_quadratic(m, i, j, (double)((int)((i * 13 + j * 5) % 9) - 4)) == 0);
    }
}

/* Max over feasible x of min over slack of E  <  min over infeasible x of
 * min over slack of E. The first nx variables are x, the rest slack. */
static void check_separation(q6_bqm *m, size_t nx, int (*feasible)(const int8_t *))
{
    CHECK(q6_bqm_compile(m) == 0);
    size_t n = m->num_vars;
    double worst_feasible = -INFINITY, best_infeasible = INFINITY;
    int8_t x[16];
    CHECK(n <= 16);
    for (unsigned xs = 0; xs < (1u << nx); xs++) {
        double best = INFINITY;
        for (unsigned ss = 0; ss < (1u << (n - nx)); ss++) {
            state_of(xs | (ss << nx), n, x);
            double e = q6_bqm_energy(m, x);
            best = e < best ? e : best;
        }
        state_of(xs, nx, x);
        if (feasible(x))
            worst_feasible = best > worst_feasible ? best : worst_feasible;
        else
            best_infeasible = best < best_infeasible ? best : best_infeasible;
    }
    CHECK(worst_feasible < best_infeasible);
    CHECK(isfinite(worst_feasible) && isfinite(best_infeasible));
}

static int one_hot_ok(const int8_t *x) { return x[0] + x[1] + x[2] == 1; }
static int eq_ok(const int8_t *x) { return 2 * x[0] + 3 * x[1] + x[2] == 3; }
static int le_ok(const int8_t *x) { return 3 * x[0] + 2 * x[1] + 4 * x[2] - x[3] <= 5; }
static int ge_ok(const int8_t *x) { return 2 * x[0] + x[1] + x[2] + x[3] >= 3; }

int main(void)
{
    q6_bqm m;
    /* default penalty: 1 + |1| + |-2| + |3| = 7 */
    CHECK(q6_bqm_init(&m, 2, Q6_VARTYPE_BINARY) == 0);
    CHECK(q6_bqm_add_linear(&m, 0, 1.0) == 0 && q6_bqm_add_linear(&m, 1, -2.0) == 0);
    CHECK(q6_bqm_add_quadratic(&m, 0, 1, 3.0) == 0);
    CHECK_NEAR(q6_qubo_penalty_default(&m), 7.0, 1e-12);
    q6_bqm_free(&m);

    /* one-hot on 3 of 5 variables, hand value: P (1 + 1 - 1)^2 = P at (1,1,0) */
    const size_t v3[] = {0, 1, 2};
    CHECK(q6_bqm_init(&m, 3, Q6_VARTYPE_BINARY) == 0);
    CHECK(q6_qubo_add_one_hot(&m, v3, 3, 2.5) == 0);
    int8_t x110[3] = {1, 1, 0}, x010[3] = {0, 1, 0}, x000[3] = {0, 0, 0};
    CHECK_NEAR(q6_bqm_energy(&m, x110), 2.5, 1e-12);
    CHECK_NEAR(q6_bqm_energy(&m, x010), 0.0, 1e-12);
    CHECK_NEAR(q6_bqm_energy(&m, x000), 2.5, 1e-12);
    q6_bqm_free(&m);

    objective(&m, 5);
    CHECK(q6_qubo_add_one_hot(&m, v3, 3, q6_qubo_penalty_default(&m)) == 0);
    check_separation(&m, 5, one_hot_ok);
    q6_bqm_free(&m);

    /* equality 2 x0 + 3 x1 + x2 = 3 (feasible: 010 and 101) */
    const double c_eq[] = {2, 3, 1};
    objective(&m, 4);
    CHECK(q6_qubo_add_equality(&m, v3, c_eq, 3, 3.0, q6_qubo_penalty_default(&m)) == 0);
    check_separation(&m, 4, eq_ok);
    q6_bqm_free(&m);

    /* 3 x0 + 2 x1 + 4 x2 - x3 <= 5: slack range 5 - (-1) = 6 -> weights 1, 2, 3 */
    const size_t v4[] = {0, 1, 2, 3};
    const double c_le[] = {3, 2, 4, -1};
    size_t first = 0, nslack = 0;
    objective(&m, 4);
    CHECK(q6_qubo_add_le(&m, v4, c_le, 4, 5.0, q6_qubo_penalty_default(&m), &first, &nslack) == 0);
    CHECK(first == 4 && nslack == 3 && m.num_vars == 7);
    check_separation(&m, 4, le_ok);
    q6_bqm_free(&m);

    /* 2 x0 + x1 + x2 + x3 >= 3: -sum <= -3, slack range -3 - (-5) = 2 -> 1, 1 */
    const double c_ge[] = {2, 1, 1, 1};
    objective(&m, 4);
    CHECK(q6_qubo_add_ge(&m, v4, c_ge, 4, 3.0, q6_qubo_penalty_default(&m), &first, &nslack) == 0);
    CHECK(nslack == 2);
    check_separation(&m, 4, ge_ok);

    /* bad input */
    const double frac[] = {1.5, 1, 1, 1};
    const size_t dup[] = {0, 0};
    CHECK(q6_qubo_add_le(&m, v4, frac, 4, 3.0, 1.0, NULL, NULL) == -EINVAL);   /* non-integer */
    CHECK(q6_qubo_add_le(&m, v4, c_ge, 4, -1.0, 1.0, NULL, NULL) == -EINVAL);  /* infeasible */
    CHECK(q6_qubo_add_equality(&m, v4, c_eq, 3, 1.0, 0.0) == -EINVAL);        /* penalty 0 */
    CHECK(q6_qubo_add_equality(&m, v4, c_eq, 3, NAN, 1.0) == -EINVAL);
    CHECK(q6_qubo_add_one_hot(&m, dup, 2, 1.0) == -EINVAL);                     /* repeated var */
    q6_bqm_free(&m);

    /* eq. 35 expansion, 2 integer + 2 fraction + 1 negative bit:
     * weights 1, 2, 1/2, 1/4, -1; all ones: 1 + 2 + 0.5 + 0.25 - 1 = 2.75 */
    q6_qubo_expansion e;
    CHECK(q6_bqm_init(&m, 1, Q6_VARTYPE_BINARY) == 0);
    CHECK(q6_qubo_add_expansion(&m, 2, 2, 1, &e) == 0);
    CHECK(e.first_var == 1 && q6_qubo_expansion_bits(&e) == 5 && m.num_vars == 6);
    const double w[] = {1, 2, 0.5, 0.25, -1};
    for (size_t b = 0; b < 5; b++)
        CHECK(q6_qubo_expansion_weight(&e, b) == w[b]);
    CHECK(isnan(q6_qubo_expansion_weight(&e, 5)));
    int8_t all[6] = {0, 1, 1, 1, 1, 1};
    CHECK_NEAR(q6_qubo_expansion_value(&e, all), 2.75, 1e-15);
    /* range [-1, 3.75] in steps of 1/4: check extremes over every state */
    double lo = INFINITY, hi = -INFINITY;
    for (unsigned s = 0; s < 32; s++) {
        int8_t st[6] = {0};
        state_of(s, 5, st + 1);
        double v = q6_qubo_expansion_value(&e, st);
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        CHECK(v * 4 == floor(v * 4));
    }
    CHECK(lo == -1.0 && hi == 3.75);
    /* as an objective term: minimising 2 eta gives 2 * (-1) = -2 */
    CHECK(q6_qubo_add_expansion_linear(&m, &e, 2.0) == 0);
    CHECK(q6_bqm_compile(&m) == 0);
    int8_t neg_only[6] = {0, 0, 0, 0, 0, 1};
    CHECK_NEAR(q6_bqm_energy(&m, neg_only), -2.0, 1e-15);
    CHECK(q6_qubo_add_expansion(&m, 40, 20, 3, &e) == -EINVAL); /* 63 bits */
    q6_bqm_free(&m);
    return CHECK_DONE();
}
