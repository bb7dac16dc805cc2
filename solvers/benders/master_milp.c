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

int q6_bd_master_milp(const q6_bd_master *m, uint8_t *z_out, double *eta_out, q6_bd_master_cost *cost)
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
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.mip_gap = 0.0;
    int rc = glp_intopt(lp, &parm);
    int status = glp_mip_status(lp);
    int result;
    if (rc == 0 && status == GLP_OPT) {
        for (uint32_t k = 0; k < nz; k++)
            z_out[k] = glp_mip_col_val(lp, (int)k + 1) > 0.5;
        *eta_out = glp_mip_col_val(lp, (int)eta_col);
        result = 0;
    } else if (rc == GLP_ENOPFS || status == GLP_NOFEAS) {
        result = 1;
    } else {
        result = -1;
    }
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
