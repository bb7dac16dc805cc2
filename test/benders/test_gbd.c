/* The decomposition against brute force on random instances with at most
 * 20 master binaries: every cut is valid at every feasible point and tight
 * where it was made; gbd (GLPK master) and hqcgbd (exact QUBO master,
 * single- and multi-cut) reach the brute-force optimum with bounds that are
 * monotone, bracket the optimum and meet within the tolerance; the master
 * QUBO's ground state (brute force over all its bits) is the exact master's. */
#include "check.h"
#include "instance.h"
#include "solvers/qubo/samplers.h"
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 4096

typedef struct {
    uint32_t n;
    uint32_t ap[MAX_POINTS][INST_MAX_USERS];
    uint8_t onboard[MAX_POINTS][INST_MAX_USERS];
    double value[MAX_POINTS];
} point_list;

static void collect(void *ctx, const q6_bd_binaries *b, double value)
{
    point_list *l = ctx;
    if (l->n == MAX_POINTS)
        return;
    memcpy(l->ap[l->n], b->ap, sizeof l->ap[0]);
    memcpy(l->onboard[l->n], b->onboard, sizeof l->onboard[0]);
    l->value[l->n++] = value;
}

static point_list points;

static void check_cuts(const instance *in, uint64_t *s)
{
    q6_bd_vars v;
    q6_bd_alloc a;
    CHECK(q6_bd_vars_init(&v, &in->p) == 0);
    CHECK(q6_bd_alloc_init(&a, &in->p) == 0);
    uint8_t z[64], zz[64];
    uint32_t ap[INST_MAX_USERS];
    uint8_t onboard[INST_MAX_USERS];
    q6_bd_binaries b = {ap, onboard};
    q6_bd_cut cuts[2 * INST_MAX_APS];
    for (int k = 0; k < 8; k++) {
        /* any point of the option grid, feasible or not */
        for (uint32_t i = 0; i < in->p.n_users; i++) {
            *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
            do {
                *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
                ap[i] = (uint32_t)(*s % in->p.n_aps);
            } while (!in->reach[i * in->p.n_aps + ap[i]]);
            onboard[i] = in->cpu[ap[i]] > 0.0 && (*s >> 20) % 2;
        }
        CHECK(q6_bd_subproblem(&in->p, &b, &a) == 0);
        q6_bd_vars_to_z(&v, &in->p, &b, z);
        uint32_t nc = 1;
        if (a.feasible)
            CHECK(q6_bd_optimality_cut(&in->p, &v, &a, &cuts[0]) == 0);
        else {
            CHECK(q6_bd_feasibility_cuts(&in->p, &v, &a, cuts, &nc) == 0);
            CHECK(nc >= 1);
        }
        for (uint32_t c = 0; c < nc; c++) {
            if (!a.feasible) /* the infeasible point is cut off */
                CHECK(q6_bd_cut_eval(&cuts[c], &v, z) > 0.0);
            for (uint32_t pt = 0; pt < points.n; pt++) {
                q6_bd_binaries pb = {points.ap[pt], points.onboard[pt]};
                q6_bd_vars_to_z(&v, &in->p, &pb, zz);
                double e = q6_bd_cut_eval(&cuts[c], &v, zz);
                if (a.feasible)
                    CHECK(e <= points.value[pt] + 1e-9 * fmax(1.0, points.value[pt]));
                else
                    CHECK(e <= 0.0);
            }
            q6_bd_cut_free(&cuts[c]);
        }
    }
    q6_bd_alloc_free(&a);
    q6_bd_vars_free(&v);
}

static void check_record(const q6_bd_record *r, double opt, double tol_abs)
{
    CHECK(r->iterations >= 1);
    for (uint32_t k = 0; k < r->iterations; k++) {
        const q6_bd_iter *it = &r->iter[k];
        CHECK(it->lb <= opt * (1.0 + 1e-9) + 1e-12);
        CHECK(it->ub >= opt * (1.0 - 1e-12));
        if (k > 0) {
            CHECK(it->ub <= r->iter[k - 1].ub);
            CHECK(it->lb >= r->iter[k - 1].lb);
        }
    }
    CHECK(r->converged);
    CHECK(r->gap <= tol_abs);
    CHECK_NEAR(r->gap, r->ub - r->lb, 1e-12 * fmax(1.0, r->ub));
}

static void solve_and_check(const instance *in, const q6_bd_options *o, double opt, double rel, uint32_t *iters)
{
    uint32_t ap[INST_MAX_USERS];
    uint8_t onboard[INST_MAX_USERS];
    q6_bd_binaries b = {ap, onboard};
    q6_bd_alloc a;
    q6_bd_record r;
    CHECK(q6_bd_alloc_init(&a, &in->p) == 0);
    int rc = q6_bd_solve(&in->p, o, NULL, &b, &a, &r);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(a.feasible);
        CHECK_REL(a.value, opt, rel);
        CHECK_REL(r.ub, a.value, 1e-12);
        CHECK_REL(q6_bd_evaluate(&in->p, &b, a.beta, a.f_hz), a.value, 1e-12);
        check_record(&r, opt, fmax(o->tol_rel * fmax(1.0, opt), rel * opt));
        *iters += r.iterations;
    }
    q6_bd_record_free(&r);
    q6_bd_alloc_free(&a);
}

/* A GLPK master stopped after one node (best open bound as LB) and the SA
 * master (samples polished): UB is a feasible value and falls, LB <= UB;
 * for GLPK the LB stays a valid, rising bound. */
static void bounds_only(const instance *in, double opt)
{
    uint32_t ap[INST_MAX_USERS];
    uint8_t onboard[INST_MAX_USERS];
    q6_bd_binaries b = {ap, onboard};
    q6_bd_alloc a;
    CHECK(q6_bd_alloc_init(&a, &in->p) == 0);
    for (int sa = 0; sa < 2; sa++) {
        q6_bd_options o;
        q6_bd_options_default(&o);
        o.milp_node_limit = 1;
        if (sa) {
            o.master = Q6_BD_MASTER_QUBO;
            o.qubo.sampler = Q6_BD_SAMPLER_SA;
            o.qubo.reads = 5;
            o.qubo.sweeps = 100;
            o.cuts_per_iter = 2;
        }
        q6_bd_record r;
        CHECK(q6_bd_solve(&in->p, &o, NULL, &b, &a, &r) == 0);
        CHECK(a.feasible && a.value >= opt * (1.0 - 1e-12));
        for (uint32_t k = 0; k < r.iterations; k++) {
            if (!sa)
                CHECK(r.iter[k].lb <= opt * (1.0 + 1e-9));
            CHECK(r.iter[k].lb <= r.iter[k].ub);
            if (k) {
                CHECK(r.iter[k].ub <= r.iter[k - 1].ub);
                if (!sa) /* an SA master's LB is clipped to UB, so it may fall */
                    CHECK(r.iter[k].lb >= r.iter[k - 1].lb);
            }
        }
        q6_bd_record_free(&r);
    }
    q6_bd_alloc_free(&a);
}

/* Ground state of the master's QUBO by exhaustive search over all its bits
 * equals the exact master's lower bound (delta N). */
static void check_qubo_ground_state(void)
{
    uint64_t s = 99;
    int checked = 0;
    for (int inst = 0; inst < 30 && checked < 3; inst++) {
        instance in;
        instance_random(&in, 2, 2, &s);
        in.bmin[0] = in.bmin[1] = 0.3;
        q6_bd_vars v;
        q6_bd_alloc a;
        CHECK(q6_bd_vars_init(&v, &in.p) == 0);
        CHECK(q6_bd_alloc_init(&a, &in.p) == 0);
        uint32_t ap[2] = {1, 1};
        uint8_t onboard[2] = {0, 0};
        q6_bd_binaries b = {ap, onboard};
        CHECK(q6_bd_subproblem(&in.p, &b, &a) == 0 && a.feasible);
        q6_bd_cut cut;
        CHECK(q6_bd_optimality_cut(&in.p, &v, &a, &cut) == 0);
        q6_bd_master m = {&in.p, &v, &cut, 1, NULL, 0};
        q6_bd_qubo_options o = {.sampler = Q6_BD_SAMPLER_EXACT, .eta_bits = 4};
        o.delta = a.value * (1.0 + 1e-9) / 15.0;
        q6_bqm bqm;
        CHECK(q6_bd_master_qubo_model(&m, &o, &bqm) == 0);
        if (bqm.num_vars <= 22) {
            q6_sampler_params sp;
            q6_sampler_params_default(&sp);
            q6_sample_set set = {0};
            q6_sampler_stats st;
            CHECK(q6_sample_exact(&bqm, &sp, &set, &st) == 0);
            uint8_t z[16];
            double lb = NAN;
            uint32_t count = 0;
            CHECK(q6_bd_master_qubo(&m, &o, 1, z, &lb, &count, NULL) == 0);
            CHECK(count == 1);
            CHECK_NEAR(set.energies[0] * o.delta, lb, 1e-9 * a.value);
            q6_sample_set_free(&set);
            checked++;
        }
        q6_bqm_free(&bqm);
        q6_bd_cut_free(&cut);
        q6_bd_alloc_free(&a);
        q6_bd_vars_free(&v);
    }
    CHECK(checked == 3);
}

int main(void)
{
    uint64_t s = 2024;
    int solved = 0;
    uint32_t it_gbd = 0, it_q1 = 0, it_q3 = 0;
    for (int inst = 0; inst < 60 && solved < 25; inst++) {
        instance in;
        instance_random(&in, 3 + inst % 2, 3, &s);
        if (instance_binaries(&in) > 20)
            continue;
        points.n = 0;
        double opt = instance_brute_force(&in, NULL, collect, &points);
        if (!isfinite(opt))
            continue;
        solved++;
        check_cuts(&in, &s);
        q6_bd_options o;
        q6_bd_options_default(&o);
        solve_and_check(&in, &o, opt, 1e-7, &it_gbd);
        o.master = Q6_BD_MASTER_QUBO;
        o.qubo.sampler = Q6_BD_SAMPLER_EXACT;
        o.qubo.eta_bits = 24;
        solve_and_check(&in, &o, opt, 2e-6, &it_q1);
        o.cuts_per_iter = 3;
        solve_and_check(&in, &o, opt, 2e-6, &it_q3);
        bounds_only(&in, opt);
    }
    CHECK(solved == 25);
    fprintf(stderr, "iterations over %d instances: gbd %u, hqcgbd exact 1-cut %u, 3-cut %u\n", solved, it_gbd,
            it_q1, it_q3);
    check_qubo_ground_state();
    return CHECK_DONE();
}
