/* Binary quadratic model: energies by hand, flip deltas and the Ising
 * mapping as invariants over every state. */
#include "solvers/qubo/bqm.h"
#include "test/check.h"
#include <errno.h>

/* E(x) = 0.25 + x0 - 2 x1 + 0.5 x2 + 3 x0 x1 - x1 x2, with the 3 x0 x1
 * coupler added in two pieces (1 + 2, once with reversed indices). */
static void build(q6_bqm *m)
{
    CHECK(q6_bqm_init(m, 3, Q6_VARTYPE_BINARY) == 0);
    CHECK(q6_bqm_add_linear(m, 0, 1.0) == 0);
    CHECK(q6_bqm_add_linear(m, 1, -2.0) == 0);
    CHECK(q6_bqm_add_quadratic(m, 2, 2, 0.5) == 0); /* x^2 = x: linear */
    CHECK(q6_bqm_add_quadratic(m, 0, 1, 1.0) == 0);
    CHECK(q6_bqm_add_quadratic(m, 1, 0, 2.0) == 0);
    CHECK(q6_bqm_add_quadratic(m, 1, 2, -1.0) == 0);
    CHECK(q6_bqm_add_offset(m, 0.25) == 0);
    CHECK(q6_bqm_compile(m) == 0);
}

static void state_of(unsigned bits, size_t n, int8_t *x, int spin)
{
    for (size_t i = 0; i < n; i++) {
        int b = (bits >> i) & 1;
        x[i] = (int8_t)(spin ? 2 * b - 1 : b);
    }
}

int main(void)
{
    q6_bqm m;
    build(&m);
    CHECK(m.num_vars == 3);
    CHECK(q6_bqm_num_couplers(&m) == 2); /* (0,1) merged, (1,2) */
    int8_t x[3] = {1, 1, 0};
    CHECK_NEAR(q6_bqm_energy(&m, x), 2.25, 1e-12);  /* 0.25 + 1 - 2 + 3 */
    int8_t y[3] = {0, 1, 1};
    CHECK_NEAR(q6_bqm_energy(&m, y), -2.25, 1e-12); /* 0.25 - 2 + 0.5 - 1 */
    int8_t z[3] = {1, 1, 1};
    CHECK_NEAR(q6_bqm_energy(&m, z), 1.75, 1e-12);  /* 0.25 + 1 - 2 + 0.5 + 3 - 1 */
    int8_t bad[3] = {1, 2, 0};
    CHECK(isnan(q6_bqm_energy(&m, bad)));

    /* flip delta from the CSR rows equals the difference of two energies */
    for (unsigned s = 0; s < 8; s++) {
        int8_t a[3], b[3];
        state_of(s, 3, a, 0);
        for (size_t i = 0; i < 3; i++) {
            state_of(s ^ (1u << i), 3, b, 0);
            CHECK_NEAR(q6_bqm_flip_delta(&m, a, i), q6_bqm_energy(&m, b) - q6_bqm_energy(&m, a), 1e-12);
        }
    }

    /* Ising form: h0 = 1/2 + 3/4 = 1.25, h1 = -1 + 3/4 - 1/4 = -0.5, h2 = 1/4 - 1/4 = 0,
     * J01 = 0.75, J12 = -0.25, offset 0.25 + (1 - 2 + 0.5)/2 + (3 - 1)/4 = 0.5 */
    q6_bqm s, back;
    CHECK(q6_bqm_change_vartype(&s, &m, Q6_VARTYPE_SPIN) == 0);
    CHECK_NEAR(s.linear[0], 1.25, 1e-12);
    CHECK_NEAR(s.linear[1], -0.5, 1e-12);
    CHECK_NEAR(s.linear[2], 0.0, 1e-12);
    CHECK_NEAR(s.offset, 0.5, 1e-12);
    for (unsigned st = 0; st < 8; st++) {
        int8_t a[3], b[3];
        state_of(st, 3, a, 0);
        state_of(st, 3, b, 1);
        CHECK_NEAR(q6_bqm_energy(&s, b), q6_bqm_energy(&m, a), 1e-12);
        for (size_t i = 0; i < 3; i++)
            CHECK_NEAR(q6_bqm_flip_delta(&s, b, i), q6_bqm_flip_delta(&m, a, i), 1e-12);
    }
    CHECK(q6_bqm_change_vartype(&back, &s, Q6_VARTYPE_BINARY) == 0);
    CHECK_NEAR(back.linear[0], 1.0, 1e-12);
    CHECK_NEAR(back.linear[1], -2.0, 1e-12);
    CHECK_NEAR(back.linear[2], 0.5, 1e-12);
    CHECK_NEAR(back.offset, 0.25, 1e-12);
    CHECK(back.num_terms == 2 && back.terms[0].bias == 3.0 && back.terms[1].bias == -1.0);

    /* scaling by -1 (maximise -> minimise) negates every energy */
    CHECK(q6_bqm_scale(&back, -1.0) == 0);
    CHECK_NEAR(q6_bqm_energy(&back, x), -2.25, 1e-12);
    CHECK_NEAR(q6_bqm_flip_delta(&back, x, 0), -q6_bqm_flip_delta(&m, x, 0), 1e-12);

    /* added variables start unbiased and invalidate the adjacency */
    size_t first = 0;
    CHECK(q6_bqm_add_variables(&back, 2, &first) == 0 && first == 3 && back.num_vars == 5);
    CHECK(back.linear[3] == 0.0 && back.linear[4] == 0.0 && !back.compiled);

    /* bad arguments */
    CHECK(q6_bqm_add_linear(&m, 3, 1.0) == -EINVAL);
    CHECK(q6_bqm_add_linear(&m, 0, NAN) == -EINVAL);
    CHECK(q6_bqm_add_quadratic(&m, 0, 7, 1.0) == -EINVAL);
    CHECK(q6_bqm_add_quadratic(&m, 0, 1, INFINITY) == -EINVAL);
    CHECK(q6_bqm_scale(&m, NAN) == -EINVAL);
    q6_bqm_free(&s);
    CHECK(q6_bqm_init(&s, 1, (q6_vartype)7) == -EINVAL);
    q6_bqm_free(&m);
    q6_bqm_free(&back);
    return CHECK_DONE();
}
