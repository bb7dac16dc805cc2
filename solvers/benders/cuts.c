/* Benders cuts of paper 002's slot problem (its eq. 34b), in Geoffrion's
 * generalized form.
 *
 * The subproblem's coupling constraints are sum_i beta_ij <= 1 and
 * sum_i f_ij <= F_j; every other constraint is a per-user box that the
 * binaries switch on or off. Dualising only the coupling constraints with
 * multipliers (lambda, mu) >= 0 gives, for EVERY binary point z and every
 * feasible allocation, objective >= Lagrangian >= its minimum over the boxes:
 *   L*(z) = sum_j (-lambda_j - mu_j F_j) + sum_ij x_ij (phi_ij(lambda_j) + w_ij)
 *           + sum_ij y_ij (psi_ij(mu_j) - w_ij),
 * which is linear in z because a binary either switches a box on or leaves
 * the user's terms at zero (Geoffrion's property P). So eta >= L*(z) never
 * cuts off a feasible point, and with the subproblem's optimal multipliers
 * it is tight at the z it came from (strong duality of the convex
 * subproblem). An infeasible subproblem means too many users on one AP's
 * band or CPU; the dual ray (1 on that coupling constraint) gives the
 * feasibility cut beta_min sum_i x_ij <= 1 (resp. f_min sum_i y_ij <= F_j),
 * written with integer coefficients as sum_i x_ij <= floor(1 / beta_min). */
#include "solvers/benders/benders.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int q6_bd_vars_init(q6_bd_vars *v, const q6_bd_problem *p)
{
    memset(v, 0, sizeof *v);
    size_t pairs = (size_t)p->n_users * p->n_aps;
    v->x_of = malloc((pairs ? pairs : 1) * sizeof *v->x_of);
    v->y_of = malloc((pairs ? pairs : 1) * sizeof *v->y_of);
    v->x_user = malloc((pairs ? pairs : 1) * sizeof *v->x_user);
    v->x_ap = malloc((pairs ? pairs : 1) * sizeof *v->x_ap);
    v->y_user = malloc((pairs ? pairs : 1) * sizeof *v->y_user);
    v->y_ap = malloc((pairs ? pairs : 1) * sizeof *v->y_ap);
    if (!v->x_of || !v->y_of || !v->x_user || !v->x_ap || !v->y_user || !v->y_ap) {
        q6_bd_vars_free(v);
        return -1;
    }
    for (uint32_t i = 0; i < p->n_users; i++)
        for (uint32_t j = 0; j < p->n_aps; j++) {
            size_t k = (size_t)i * p->n_aps + j;
            v->x_of[k] = v->y_of[k] = -1;
            if (!p->reach[k])
                continue;
            v->x_user[v->n_x] = i;
            v->x_ap[v->n_x] = j;
            v->x_of[k] = (int32_t)v->n_x++;
        }
    for (uint32_t i = 0; i < p->n_users; i++)
        for (uint32_t j = 0; j < p->n_aps; j++) {
            size_t k = (size_t)i * p->n_aps + j;
            if (!p->reach[k] || !(p->cpu_hz[j] > 0.0))
                continue;
            v->y_user[v->n_y] = i;
            v->y_ap[v->n_y] = j;
            v->y_of[k] = (int32_t)(v->n_x + v->n_y++);
        }
    return 0;
}

void q6_bd_vars_free(q6_bd_vars *v)
{
    free(v->x_of);
    free(v->y_of);
    free(v->x_user);
    free(v->x_ap);
    free(v->y_user);
    free(v->y_ap);
    memset(v, 0, sizeof *v);
}

void q6_bd_vars_to_z(const q6_bd_vars *v, const q6_bd_problem *p, const q6_bd_binaries *b, uint8_t *z)
{
    memset(z, 0, (size_t)v->n_x + v->n_y);
    for (uint32_t i = 0; i < p->n_users; i++) {
        if (b->ap[i] >= p->n_aps)
            continue;
        size_t k = (size_t)i * p->n_aps + b->ap[i];
        if (v->x_of[k] >= 0)
            z[v->x_of[k]] = 1;
        if (b->onboard[i] && v->y_of[k] >= 0)
            z[v->y_of[k]] = 1;
    }
}

static double *new_coef(const q6_bd_vars *v)
{
    size_t n = (size_t)v->n_x + v->n_y;
    return calloc(n ? n : 1, sizeof(double));
}

int q6_bd_optimality_cut(const q6_bd_problem *p, const q6_bd_vars *v, const q6_bd_alloc *a, q6_bd_cut *out)
{
    out->kind = Q6_BD_CUT_OPTIMALITY;
    out->rhs = 0.0;
    if (!(out->coef = new_coef(v)))
        return -1;
    double c = 0.0;
    for (uint32_t j = 0; j < p->n_aps; j++)
        c -= a->lambda[j] + a->mu[j] * p->cpu_hz[j];
    out->constant = c;
    for (uint32_t k = 0; k < v->n_x; k++) {
        uint32_t i = v->x_user[k], j = v->x_ap[k];
        out->coef[k] = q6_bd_phi(p, i, j, a->lambda[j], NULL) + q6_bd_relay_cost(p, i, j);
    }
    for (uint32_t k = 0; k < v->n_y; k++) {
        uint32_t i = v->y_user[k], j = v->y_ap[k];
        out->coef[v->n_x + k] = q6_bd_psi(p, i, j, a->mu[j], NULL) - q6_bd_relay_cost(p, i, j);
    }
    return 0;
}

int q6_bd_feasibility_cuts(const q6_bd_problem *p, const q6_bd_vars *v, const q6_bd_alloc *a, q6_bd_cut *out,
                           uint32_t *n_out)
{
    uint32_t n = 0;
    for (uint32_t j = 0; j < p->n_aps; j++)
        for (int cpu = 0; cpu < 2; cpu++) {
            if (!(cpu ? a->infeasible_cpu[j] : a->infeasible_bw[j]))
                continue;
            q6_bd_cut *c = &out[n];
            c->kind = Q6_BD_CUT_FEASIBILITY;
            c->constant = 0.0;
            c->rhs = cpu ? floor(p->cpu_hz[j] / p->f_min[j] * (1.0 + 1e-12))
                         : floor(1.0 / p->beta_min[j] * (1.0 + 1e-12));
            if (!(c->coef = new_coef(v))) {
                for (uint32_t k = 0; k < n; k++)
                    q6_bd_cut_free(&out[k]);
                return -1;
            }
            if (cpu) {
                for (uint32_t k = 0; k < v->n_y; k++)
                    c->coef[v->n_x + k] = v->y_ap[k] == j;
            } else {
                for (uint32_t k = 0; k < v->n_x; k++)
                    c->coef[k] = v->x_ap[k] == j;
            }
            n++;
        }
    *n_out = n;
    return 0;
}

void q6_bd_cut_free(q6_bd_cut *c)
{
    free(c->coef);
    c->coef = NULL;
}

double q6_bd_cut_eval(const q6_bd_cut *c, const q6_bd_vars *v, const uint8_t *z)
{
    double s = 0.0;
    for (uint32_t k = 0; k < v->n_x + v->n_y; k++)
        if (z[k])
            s += c->coef[k];
    return c->kind == Q6_BD_CUT_OPTIMALITY ? c->constant + s : s - c->rhs;
}

double q6_bd_master_value(const q6_bd_master *m, const uint8_t *z)
{
    const q6_bd_vars *v = m->v;
    const q6_bd_problem *p = m->p;
    /* master constraints: one AP per user, y <= x */
    for (uint32_t i = 0; i < p->n_users; i++) {
        int ones = 0;
        for (uint32_t j = 0; j < p->n_aps; j++) {
            size_t k = (size_t)i * p->n_aps + j;
            int x = v->x_of[k] >= 0 && z[v->x_of[k]];
            ones += x;
            if (v->y_of[k] >= 0 && z[v->y_of[k]] && !x)
                return INFINITY;
        }
        if (ones != 1)
            return INFINITY;
    }
    double eta = 0.0;
    for (uint32_t c = 0; c < m->n_cuts; c++) {
        double e = q6_bd_cut_eval(&m->cuts[c], v, z);
        if (m->cuts[c].kind == Q6_BD_CUT_FEASIBILITY) {
            if (e > 1e-9)
                return INFINITY;
        } else if (e > eta)
            eta = e;
    }
    return eta;
}
