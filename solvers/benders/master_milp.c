/* The classical GBD master (paper 002 eq. 34) as a MILP solved by GLPK's
 * branch and cut:
 *   min eta  s.t.  eta >= constant_k + coef_k . z   (optimality cuts)
 *                  coef_k . z <= rhs_k             (feasibility cuts)
 *                  sum_j x_ij = 1 for every user (7), y_ij <= x_ij (9),
 *                  eta >= 0, z binary.
 * x exists only where the user reaches the AP (6) and y only at APs with a
 * CPU (8), so those constraints hold by construction. eta >= 0 is valid
 * because every term of the slot objective is non-negative.
 *
 * Simulated time comes from counted work, never from the wall clock: GLPK's
 * simplex iteration count (over the whole branch and bound) times the
 * entries a pivot touches (nonzeros + rows + columns), one operation per
 * cycle at q6_bd_milp_clock_hz. */
#include "solvers/benders/benders.h"
#include "solvers/qubo/qpu_cost.h"
#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

double q6_bd_milp_clock_hz(void)
{
    q6_cpu_host h;
    q6_cpu_host_default(&h);
    return h.clock_hz;
}

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Branch-and-bound callback: offers the hint once as a heuristic solution
 * (an incumbent prunes from the first node on) and stops the search at the
 * node limit, keeping the best open bound. */
typedef struct {
    const q6_bd_master *m;
    uint32_t nz;
    double *hint_x;            /* 1-based columns, NULL: none */
    int hint_given;
    double stop_bound;
} callback_ctx;

static void callback(glp_tree *tree, void *info)
{
    callback_ctx *c = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && c->hint_x && !c->hint_given) {
        c->hint_given = 1;
        glp_ios_heur_sol(tree, c->hint_x);
    }
    int active = 0, current = 0, total = 0;
    glp_ios_tree_size(tree, &active, &current, &total);
    if (c->m->node_limit && (uint32_t)total > c->m->node_limit) {
        int best = glp_ios_best_node(tree);
        c->stop_bound = best ? glp_ios_node_bound(tree, best) : NAN;
        glp_ios_terminate(tree);
    }
}

/* The hint as a column vector with eta at the least value its cuts allow;
 * *out stays NULL when there is no usable hint. 0, or -1 out of memory. */
static int hint_point(const q6_bd_master *m, uint32_t nz, double **out)
{
    *out = NULL;
    double eta = m->hint ? q6_bd_master_value(m, m->hint) : INFINITY;
    if (!isfinite(eta))
        return 0;
    double *x = calloc((size_t)nz + 2, sizeof *x);
    if (!x)
        return -1;
    for (uint32_t k = 0; k < nz; k++)
        x[k + 1] = m->hint[k];
    x[nz + 1] = eta;
    *out = x;
    return 0;
}

int q6_bd_master_milp(const q6_bd_master *m, uint8_t *z_out, double *lb_out, q6_bd_master_cost *cost)
{
    const q6_bd_problem *p = m->p;
    const q6_bd_vars *v = m->v;
    uint32_t nz = v->n_x + v->n_y, eta_col = nz + 1;
    size_t rows = (size_t)p->n_users + v->n_y + m->n_cuts;
    size_t cap = (size_t)v->n_x + 2 * (size_t)v->n_y + (size_t)m->n_cuts * (nz + 1) + 1;
    int *ia = malloc(cap * sizeof *ia), *ja = malloc(cap * sizeof *ja);
    double *ar = malloc(cap * sizeof *ar);
    double t0 = wall_now();
    if (!ia || !ja || !ar) {
        free(ia);
        free(ja);
        free(ar);
        return -1;
    }
    glp_term_out(GLP_OFF); /* GLPK prints presolver notes even with msg_lev off */
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, (int)nz + 1);
    for (uint32_t k = 1; k <= nz; k++)
        glp_set_col_kind(lp, (int)k, GLP_BV);
    glp_set_col_bnds(lp, (int)eta_col, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp, (int)eta_col, 1.0);
    glp_add_rows(lp, (int)rows);
    size_t n = 0;
    int row = 1;
    for (uint32_t i = 0; i < p->n_users; i++, row++) {
        glp_set_row_bnds(lp, row, GLP_FX, 1.0, 1.0);
        for (uint32_t j = 0; j < p->n_aps; j++) {
            int32_t x = v->x_of[(size_t)i * p->n_aps + j];
            if (x < 0)
                continue;
            n++;
            ia[n] = row, ja[n] = x + 1, ar[n] = 1.0;
        }
    }
    for (uint32_t k = 0; k < v->n_y; k++, row++) {
        glp_set_row_bnds(lp, row, GLP_UP, 0.0, 0.0);
        int32_t x = v->x_of[(size_t)v->y_user[k] * p->n_aps + v->y_ap[k]];
        n++;
        ia[n] = row, ja[n] = (int)(v->n_x + k) + 1, ar[n] = 1.0;
        n++;
        ia[n] = row, ja[n] = x + 1, ar[n] = -1.0;
    }
    for (uint32_t c = 0; c < m->n_cuts; c++, row++) {
        const q6_bd_cut *cut = &m->cuts[c];
        for (uint32_t k = 0; k < nz; k++) {
            if (cut->coef[k] == 0.0)
                continue;
            n++;
            ia[n] = row, ja[n] = (int)k + 1, ar[n] = cut->coef[k];
        }
        if (cut->kind == Q6_BD_CUT_OPTIMALITY) {
            n++;
            ia[n] = row, ja[n] = (int)eta_col, ar[n] = -1.0;
            glp_set_row_bnds(lp, row, GLP_UP, 0.0, -cut->constant);
        } else
            glp_set_row_bnds(lp, row, GLP_UP, 0.0, cut->rhs);
    }
    glp_load_matrix(lp, (int)n, ia, ja, ar);
    /* no MIP presolver: the callback's hint must be in the original columns */
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    int rc = glp_simplex(lp, &sm);
    int result = -1;
    callback_ctx cb = {m, nz, NULL, 0, NAN};
    if (rc == 0 && glp_get_status(lp) == GLP_NOFEAS) {
        result = 1;
        goto done;
    }
    if (rc != 0 || glp_get_status(lp) != GLP_OPT)
        goto done;
    if (hint_point(m, nz, &cb.hint_x) < 0)
        goto done;
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.mip_gap = 0.0;
    parm.cb_func = callback;
    parm.cb_info = &cb;
    rc = glp_intopt(lp, &parm);
    int status = glp_mip_status(lp);
    if ((rc == 0 && status == GLP_OPT) || (rc == GLP_ESTOP && status == GLP_FEAS)) {
        for (uint32_t k = 0; k < nz; k++)
            z_out[k] = glp_mip_col_val(lp, (int)k + 1) > 0.5;
        double inc = glp_mip_col_val(lp, (int)eta_col);
        *lb_out = rc == GLP_ESTOP && isfinite(cb.stop_bound) ? fmin(cb.stop_bound, inc) : inc;
        result = 0;
    } else if (rc == GLP_ENOPFS || status == GLP_NOFEAS || rc == GLP_ESTOP) {
        result = 1;
    }
done:
    free(cb.hint_x);
    double ops = (double)glp_get_it_cnt(lp) * (double)(n + rows + nz + 1);
    glp_delete_prob(lp);
    free(ia);
    free(ja);
    free(ar);
    if (cost) {
        cost->ops = ops;
        cost->sim_s = ops / q6_bd_milp_clock_hz();
        q6_cpu_host h;
        q6_cpu_host_default(&h);
        cost->energy_j = cost->sim_s * h.power_w;
        cost->wall_s = wall_now() - t0;
        cost->qubo_vars = cost->qubo_couplers = 0;
    }
    return result;
}
