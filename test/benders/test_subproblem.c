/* The GBD subproblem (solvers/benders/subproblem.c): hand-solved cases,
 * and on random instances the KKT allocation is feasible, scores what
 * q6_bd_evaluate scores, is never beaten by a feasible allocation on the
 * segment to a random feasible point (convexity makes that a global test),
 * and its Lagrangian cut equals the value at its own point (strong duality). */
#include "check.h"
#include "instance.h"
#include <stdlib.h>
#include <string.h>

static double uni(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return (double)(x >> 11) * 0x1p-53;
}

/* One AP, two users, bounds slack: b_i = sqrt(a_i) / sum sqrt(a), value
 * (sum sqrt a)^2; both onboard with Q = 0: f_i = F sqrt(c_i) / sum sqrt(c),
 * value V (sum sqrt c)^2 / F. Relay costs do not enter (both onboard). */
static void hand_case(void)
{
    instance in;
    uint64_t seed = 7;
    instance_random(&in, 2, 2, &seed);
    in.bmin[0] = 0.01, in.bmax[0] = 1.0;
    in.cpu[0] = 1e10, in.fmin[0] = 1e6, in.fmax[0] = 1e10, in.queue[0] = 0.0;
    in.reach[0] = in.reach[2] = 1;
    in.input_bits[0] = 1e6, in.input_bits[1] = 4e6;
    in.rate[0] = 1e7, in.rate[2] = 1e7;
    in.work[0] = 1e9, in.work[1] = 9e9;
    in.p.v = 2.0;
    uint32_t ap[2] = {0, 0};
    uint8_t onboard[2] = {1, 1};
    q6_bd_binaries b = {ap, onboard};
    q6_bd_alloc a;
    CHECK(q6_bd_alloc_init(&a, &in.p) == 0);
    CHECK(q6_bd_subproblem(&in.p, &b, &a) == 0);
    CHECK(a.feasible);
    /* a_i = V L_i / r: 0.2 and 0.8 -> sqrt ratio 1 : 2 */
    CHECK_REL(a.beta[0], 1.0 / 3.0, 1e-9);
    CHECK_REL(a.beta[1], 2.0 / 3.0, 1e-9);
    CHECK_REL(a.f_hz[0], 1e10 * 1.0 / 4.0, 1e-9); /* sqrt(1e9) : sqrt(9e9) = 1 : 3 */
    CHECK_REL(a.f_hz[1], 1e10 * 3.0 / 4.0, 1e-9);
    double sa = sqrt(0.2) + sqrt(0.8), sc = sqrt(1e9) + sqrt(9e9);
    double e1 = in.kappa[0] * 1e9 * a.f_hz[0] * a.f_hz[0] + in.kappa[0] * 9e9 * a.f_hz[1] * a.f_hz[1];
    CHECK_REL(a.value, sa * sa + 2.0 * sc * sc / 1e10 + 0.0 * e1, 1e-9);
    CHECK_REL(a.energy_j[0], e1, 1e-12);
    /* three users with beta_min 0.4 cannot share one band */
    in.bmin[0] = 0.6;
    CHECK(q6_bd_subproblem(&in.p, &b, &a) == 0);
    CHECK(!a.feasible && a.infeasible_bw[0] && !a.infeasible_bw[1]);
    q6_bd_alloc_free(&a);
}

static int random_alloc(const instance *in, const q6_bd_binaries *b, double *beta, double *f, uint64_t *s)
{
    for (int tries = 0; tries < 1000; tries++) {
        double bw[INST_MAX_APS] = {0}, cpu[INST_MAX_APS] = {0};
        for (uint32_t i = 0; i < in->p.n_users; i++) {
            uint32_t j = b->ap[i];
            beta[i] = in->bmin[j] + (in->bmax[j] - in->bmin[j]) * uni(s);
            bw[j] += beta[i];
            f[i] = 0.0;
            if (b->onboard[i]) {
                f[i] = in->fmin[j] + (in->fmax[j] - in->fmin[j]) * uni(s);
                cpu[j] += f[i];
            }
        }
        int ok = 1;
        for (uint32_t j = 0; j < in->p.n_aps; j++)
            ok &= bw[j] <= 1.0 && cpu[j] <= in->cpu[j];
        if (ok)
            return 1;
    }
    return 0;
}

static void random_cases(void)
{
    uint64_t s = 12345;
    int feasible_seen = 0, infeasible_seen = 0, compared = 0;
    for (int inst = 0; inst < 40; inst++) {
        instance in;
        instance_random(&in, 2 + inst % 4, 2 + inst % 3, &s);
        q6_bd_vars v;
        CHECK(q6_bd_vars_init(&v, &in.p) == 0);
        q6_bd_alloc a;
        CHECK(q6_bd_alloc_init(&a, &in.p) == 0);
        uint32_t ap[INST_MAX_USERS];
        uint8_t onboard[INST_MAX_USERS], z[64];
        q6_bd_binaries b = {ap, onboard};
        for (int point = 0; point < 20; point++) {
            for (uint32_t i = 0; i < in.p.n_users; i++) {
                do
                    ap[i] = (uint32_t)(uni(&s) * in.p.n_aps);
                while (!in.reach[i * in.p.n_aps + ap[i]]);
                onboard[i] = in.cpu[ap[i]] > 0.0 && uni(&s) < 0.5;
            }
            CHECK(q6_bd_subproblem(&in.p, &b, &a) == 0);
            if (!a.feasible) {
                infeasible_seen++;
                continue;
            }
            feasible_seen++;
            double value = q6_bd_evaluate(&in.p, &b, a.beta, a.f_hz);
            CHECK(!isnan(value));
            CHECK_REL(value, a.value, 1e-12);
            /* strong duality: the cut from this point is tight here */
            q6_bd_cut cut;
            CHECK(q6_bd_optimality_cut(&in.p, &v, &a, &cut) == 0);
            q6_bd_vars_to_z(&v, &in.p, &b, z);
            CHECK_REL(q6_bd_cut_eval(&cut, &v, z), a.value, 1e-8);
            q6_bd_cut_free(&cut);
            /* no feasible allocation on a segment towards a random one does better */
            double rb[INST_MAX_USERS], rf[INST_MAX_USERS], tb[INST_MAX_USERS], tf[INST_MAX_USERS];
            for (int r = 0; r < 20; r++) {
                if (!random_alloc(&in, &b, rb, rf, &s))
                    break;
                double t = r < 10 ? pow(10.0, -1.0 - r % 5) : uni(&s);
                for (uint32_t i = 0; i < in.p.n_users; i++) {
                    tb[i] = (1 - t) * a.beta[i] + t * rb[i];
                    tf[i] = (1 - t) * a.f_hz[i] + t * rf[i];
                }
                double other = q6_bd_evaluate(&in.p, &b, tb, tf);
                CHECK(!isnan(other));
                CHECK(other >= a.value * (1.0 - 1e-10));
                compared++;
            }
        }
        q6_bd_alloc_free(&a);
        q6_bd_vars_free(&v);
    }
    CHECK(feasible_seen > 100);
    CHECK(infeasible_seen > 10);
    CHECK(compared > 1000);
}

static void check_rejects(void)
{
    instance in;
    uint64_t s = 3;
    instance_random(&in, 2, 2, &s);
    char err[200] = "";
    CHECK(q6_bd_check(&in.p, err, sizeof err) == 0);
    in.bmin[1] = NAN;
    CHECK(q6_bd_check(&in.p, err, sizeof err) < 0);
    CHECK(strstr(err, "beta_min[1]") != NULL);
    in.bmin[1] = 0.3;
    in.reach[0] = in.reach[1] = 0;
    CHECK(q6_bd_check(&in.p, err, sizeof err) < 0);
    CHECK(strstr(err, "user 0 reaches no AP") != NULL);
}

int main(void)
{
    hand_case();
    random_cases();
    check_rejects();
    return CHECK_DONE();
}
