/* Samplers: exact enumeration against a hand-enumerated model and a naive
 * brute force; SA and tabu against exact on random models up to n = 20;
 * determinism, work counts, stopping rules. */
#include "solvers/qubo/samplers.h"
#include "test/check.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* E(x) = 0.25 + x0 - 2 x1 + 0.5 x2 + 3 x0 x1 - x1 x2; by hand over all 8
 * states: 011 -2.25, 010 -1.75, 000 0.25, 001 0.75, 100 1.25, 101 1.75,
 * 111 1.75, 110 2.25. */
static void hand_model(q6_bqm *m)
{
    CHECK(q6_bqm_init(m, 3, Q6_VARTYPE_BINARY) == 0);
    q6_bqm_add_linear(m, 0, 1.0);
    q6_bqm_add_linear(m, 1, -2.0);
    q6_bqm_add_linear(m, 2, 0.5);
    q6_bqm_add_quadratic(m, 0, 1, 3.0);
    q6_bqm_add_quadratic(m, 1, 2, -1.0);
    q6_bqm_add_offset(m, 0.25);
    CHECK(q6_bqm_compile(m) == 0);
}

/* Random model: biases uniform in [-1, 1], couplers with probability 1/2
 * (a tiny LCG so the test does not depend on the samplers' RNG). */
static void random_model(q6_bqm *m, size_t n, unsigned seed, q6_vartype vt)
{
    uint64_t s = seed * 2654435761u + 1;
#define NEXT() (s = s * 6364136223846793005ULL + 1442695040888963407ULL, (double)(s >> 11) * 0x1.0p-53)
    CHECK(q6_bqm_init(m, n, vt) == 0);
    for (size_t i = 0; i < n; i++) {
        q6_bqm_add_linear(m, i, 2 * NEXT() - 1);
        for (size_t j = i + 1; j < n; j++)
            if (NEXT() < 0.5)
                q6_bqm_add_quadratic(m, i, j, 2 * NEXT() - 1);
    }
#undef NEXT
    CHECK(q6_bqm_compile(m) == 0);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The k lowest energies by plain enumeration with q6_bqm_energy. */
static void brute_force(const q6_bqm *m, size_t k, double *lowest)
{
    size_t n = m->num_vars, total = (size_t)1 << n;
    double *all = malloc(total * sizeof *all);
    int8_t x[16];
    for (size_t s = 0; s < total; s++) {
        for (size_t i = 0; i < n; i++)
            x[i] = (int8_t)((s >> i) & 1);
        all[s] = q6_bqm_energy(m, x);
    }
    qsort(all, total, sizeof *all, cmp_double);
    memcpy(lowest, all, k * sizeof *all);
    free(all);
}

static void check_set_valid(const q6_bqm *m, const q6_sample_set *set)
{
    for (size_t k = 0; k < set->count; k++) {
        const int8_t *row = set->states + k * set->num_vars;
        CHECK_NEAR(set->energies[k], q6_bqm_energy(m, row), 1e-9);
        if (k)
            CHECK(set->energies[k - 1] <= set->energies[k]);
        for (size_t l = 0; l < k; l++)
            CHECK(memcmp(row, set->states + l * set->num_vars, set->num_vars) != 0);
    }
}

static int same_sets(const q6_sample_set *a, const q6_sample_set *b)
{
    return a->count == b->count && !memcmp(a->states, b->states, a->count * a->num_vars) &&
           !memcmp(a->energies, b->energies, a->count * sizeof(double));
}

int main(void)
{
    q6_bqm m;
    q6_sample_set set, set2;
    q6_sampler_stats st, st2;
    q6_sampler_params p;
    q6_sampler_params_default(&p);

    /* exact on the hand model, k = 3 */
    hand_model(&m);
    p.top_k = 3;
    CHECK(q6_sample_exact(&m, &p, &set, &st) == 0);
    CHECK(set.count == 3 && st.exhaustive_complete);
    CHECK_NEAR(set.energies[0], -2.25, 1e-12);
    CHECK_NEAR(set.energies[1], -1.75, 1e-12);
    CHECK_NEAR(set.energies[2], 0.25, 1e-12);
    const int8_t want0[3] = {0, 1, 1}, want1[3] = {0, 1, 0};
    CHECK(!memcmp(set.states, want0, 3) && !memcmp(set.states + 3, want1, 3));
    CHECK(st.spin_update_attempts == 7); /* 2^3 - 1 Gray-code flips */
    q6_sample_set_free(&set);

    /* default beta range: max_i (|h_i| + sum |J_ij|) = |-2| + 3 + 1 = 6,
     * smallest bias 0.5 -> beta in [ln 2 / 6, ln 100 / 0.5] */
    double b0, b1;
    CHECK(q6_sa_default_beta_range(&m, &b0, &b1) == 0);
    CHECK_NEAR(b0, log(2.0) / 6.0, 1e-15);
    CHECK_NEAR(b1, log(100.0) / 0.5, 1e-12);

    /* SA counts: reads x sweeps x n attempts exactly */
    p.num_reads = 3;
    p.num_sweeps = 7;
    CHECK(q6_sample_sa(&m, &p, &set, &st) == 0);
    CHECK(st.reads == 3 && st.sweeps == 21 && st.spin_update_attempts == 63);
    CHECK(st.accepted_flips <= 63 && st.field_updates <= 2 * st.accepted_flips);
    q6_sample_set_free(&set);
    q6_bqm_free(&m);

    /* exact vs naive brute force; SA and tabu reach the exact minimum */
    const size_t sizes[] = {5, 9, 12, 16, 20};
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        for (unsigned seed = 1; seed <= 2; seed++) {
            size_t n = sizes[t];
            random_model(&m, n, seed + 10 * (unsigned)n, Q6_VARTYPE_BINARY);
            q6_sampler_params_default(&p);
            p.seed = seed;
            p.top_k = 5;
            CHECK(q6_sample_exact(&m, &p, &set, &st) == 0);
            CHECK(set.count == 5);
            check_set_valid(&m, &set);
            if (n <= 12) {
                double ref[5];
                brute_force(&m, 5, ref);
                for (size_t k = 0; k < 5; k++)
                    CHECK_NEAR(set.energies[k], ref[k], 1e-9);
            }
            double ground = set.energies[0];
            p.num_reads = 20;
            p.num_sweeps = 300;
            CHECK(q6_sample_sa(&m, &p, &set2, &st2) == 0);
            CHECK_NEAR(set2.energies[0], ground, 1e-9);
            check_set_valid(&m, &set2);
            q6_sample_set_free(&set2);
            p.num_reads = 10;
            p.num_sweeps = 200;
            CHECK(q6_sample_tabu(&m, &p, &set2, &st2) == 0);
            CHECK_NEAR(set2.energies[0], ground, 1e-9);
            check_set_valid(&m, &set2);
            q6_sample_set_free(&set2);
            q6_sample_set_free(&set);
            q6_bqm_free(&m);
        }
    }

    /* spin model: states come back as +-1 and SA finds the exact ground state */
    random_model(&m, 14, 77, Q6_VARTYPE_SPIN);
    q6_sampler_params_default(&p);
    p.top_k = 2;
    CHECK(q6_sample_exact(&m, &p, &set, &st) == 0);
    CHECK(q6_sample_sa(&m, &p, &set2, &st2) == 0);
    CHECK_NEAR(set2.energies[0], set.energies[0], 1e-9);
    for (size_t i = 0; i < 14; i++)
        CHECK(set2.states[i] == 1 || set2.states[i] == -1);
    check_set_valid(&m, &set2);
    q6_sample_set_free(&set);
    q6_sample_set_free(&set2);
    q6_bqm_free(&m);

    /* determinism under a sweep budget; a target stops early */
    random_model(&m, 60, 5, Q6_VARTYPE_BINARY);
    q6_sampler_params_default(&p);
    p.seed = 42;
    p.top_k = 4;
    p.num_reads = 5;
    p.num_sweeps = 100;
    for (int kind = Q6_SAMPLER_SA; kind <= Q6_SAMPLER_TABU; kind++) {
        CHECK(q6_sample((q6_sampler_kind)kind, &m, &p, &set, &st) == 0);
        CHECK(q6_sample((q6_sampler_kind)kind, &m, &p, &set2, &st2) == 0);
        CHECK(same_sets(&set, &set2));
        CHECK(st.spin_update_attempts == st2.spin_update_attempts && st.accepted_flips == st2.accepted_flips);
        CHECK(set.count >= 1 && set.count <= 4); /* SA keeps distinct read ends only */
        check_set_valid(&m, &set);
        q6_sample_set_free(&set2);
        q6_sampler_params t = p;
        t.num_reads = 1000000;
        t.has_target = 1;
        t.target_energy = set.energies[set.count - 1]; /* reachable: it was found */
        CHECK(q6_sample((q6_sampler_kind)kind, &m, &t, &set2, &st2) == 0);
        CHECK(st2.reached_target && st2.reads < 1000000 && st2.time_to_target_s >= 0.0);
        CHECK(set2.energies[0] <= t.target_energy);
        q6_sample_set_free(&set);
        q6_sample_set_free(&set2);
    }

    /* Every sampler on every 1- and 2-variable model of a small grid of
     * coefficients, against brute force (tabu once failed on n = 1: its
     * default tenure equalled n). */
    const double coef[] = {-2.5, 0.0, 3.0};
    for (size_t n = 1; n <= 2; n++)
        for (size_t a = 0; a < 3; a++)
            for (size_t b = 0; b < 3; b++)
                for (size_t c = 0; c < 3; c++) {
                    q6_bqm small;
                    CHECK(q6_bqm_init(&small, n, Q6_VARTYPE_BINARY) == 0);
                    q6_bqm_add_linear(&small, 0, coef[a]);
                    q6_bqm_add_offset(&small, coef[b] / 2);
                    if (n == 2) {
                        q6_bqm_add_linear(&small, 1, coef[b]);
                        q6_bqm_add_quadratic(&small, 0, 1, coef[c]);
                    }
                    CHECK(q6_bqm_compile(&small) == 0);
                    double ref[4];
                    brute_force(&small, 1, ref);
                    for (int kind = Q6_SAMPLER_EXACT; kind <= Q6_SAMPLER_TABU; kind++) {
                        q6_sampler_params_default(&p);
                        CHECK(q6_sample((q6_sampler_kind)kind, &small, &p, &set, &st) == 0);
                        CHECK(set.count >= 1 && set.energies[0] == ref[0]);
                        check_set_valid(&small, &set);
                        q6_sample_set_free(&set);
                    }
                    q6_bqm_free(&small);
                }

    /* Coefficients near DBL_MAX: while every energy is representable (the
     * sum of |coefficients| stays under Q6_QUBO_MAX_ABS_SUM) each sampler
     * finds the brute-force minimum; by hand, states 00 0, 10 -1e307,
     * 01 1e307, 11 -1e306, so the minimum is -1e307 at 10. */
    q6_bqm big;
    CHECK(q6_bqm_init(&big, 2, Q6_VARTYPE_BINARY) == 0);
    q6_bqm_add_linear(&big, 0, -1e307);
    q6_bqm_add_linear(&big, 1, 1e307);
    q6_bqm_add_quadratic(&big, 0, 1, -1e306);
    CHECK(q6_bqm_compile(&big) == 0);
    double big_ref[1];
    brute_force(&big, 1, big_ref);
    CHECK(big_ref[0] == -1e307);
    for (int kind = Q6_SAMPLER_EXACT; kind <= Q6_SAMPLER_TABU; kind++) {
        q6_sampler_params_default(&p);
        CHECK(q6_sample((q6_sampler_kind)kind, &big, &p, &set, &st) == 0);
        CHECK(set.energies[0] == big_ref[0] && set.states[0] == 1 && set.states[1] == 0);
        q6_sample_set_free(&set);
    }
    q6_bqm_free(&big);
    /* ... and one whose energies overflow (-1e308 twice is -inf) is refused. */
    CHECK(q6_bqm_init(&big, 2, Q6_VARTYPE_BINARY) == 0);
    q6_bqm_add_linear(&big, 0, -1e308);
    q6_bqm_add_linear(&big, 1, -1e308);
    CHECK(q6_bqm_compile(&big) == 0);
    for (int kind = Q6_SAMPLER_EXACT; kind <= Q6_SAMPLER_TABU; kind++) {
        q6_sampler_params_default(&p);
        CHECK(q6_sample((q6_sampler_kind)kind, &big, &p, &set, &st) == -ERANGE);
    }
    q6_bqm_free(&big);
    q6_sampler_params_default(&p);

    /* bad input */
    p.time_limit_s = NAN;
    CHECK(q6_sample_sa(&m, &p, &set, &st) == -EINVAL);
    p.time_limit_s = 0.0;
    p.beta_start = -1.0;
    CHECK(q6_sample_sa(&m, &p, &set, &st) == -EINVAL);
    p.beta_start = 0.0;
    CHECK(q6_sample_exact(&m, &p, &set, &st) == -EINVAL); /* n = 60 > 30 */
    CHECK(q6_sampler_from_name("sa") == Q6_SAMPLER_SA && q6_sampler_from_name("qpu") == -1);
    q6_bqm_free(&m);
    return CHECK_DONE();
}
