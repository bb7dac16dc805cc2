/* The generalized Benders decomposition loop of paper 002 (its Algorithms 1
 * and 2), with either master:
 *   repeat: solve the subproblem at every candidate binary point (upper
 *   bound, optimality or feasibility cut); stop when UB - LB is within the
 *   tolerance; solve the master over all cuts (lower bound, next candidates).
 * MILP master: one candidate per iteration (classical GBD). QUBO master:
 * the K best distinct samples are the next candidates (K = 1 single-cut,
 * K > 1 multi-cut). The loop also stops when the master proposes only points
 * already visited (their cuts are tight there, so with an exact master the
 * bounds have met up to the master's resolution), or at max_iter.
 * LB starts at 0: every term of the slot objective is non-negative. */
#include "solvers/benders/benders.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void q6_bd_options_default(q6_bd_options *o)
{
    memset(o, 0, sizeof *o);
    o->master = Q6_BD_MASTER_MILP;
    o->qubo.sampler = Q6_BD_SAMPLER_SA;
    o->qubo.host = Q6_BD_HOST_QPU;
    o->qubo.eta_bits = 16;
    o->cuts_per_iter = 1;
    o->max_iter = 100;
    o->tol_rel = 1e-6;
}

void q6_bd_record_free(q6_bd_record *r)
{
    free(r->iter);
    memset(r, 0, sizeof *r);
}

static int record_iter(q6_bd_record *r, double ub, double lb, const q6_bd_master_cost *c, uint32_t cuts)
{
    if (r->iterations == r->iter_cap) {
        uint32_t cap = r->iter_cap ? 2 * r->iter_cap : 16;
        q6_bd_iter *n = realloc(r->iter, cap * sizeof *n);
        if (!n)
            return -1;
        r->iter = n;
        r->iter_cap = cap;
    }
    q6_bd_iter *it = &r->iter[r->iterations++];
    it->ub = ub;
    it->lb = lb;
    it->master_sim_s = c ? c->sim_s : 0.0;
    it->master_wall_s = c ? c->wall_s : 0.0;
    it->cuts = cuts;
    if (c) {
        r->master_sim_s += c->sim_s;
        r->master_wall_s += c->wall_s;
        r->master_energy_j += c->energy_j;
    }
    return 0;
}

typedef struct {
    q6_bd_cut *cuts;
    uint32_t n, cap;
    uint8_t *visited;          /* rows of nz */
    uint32_t n_visited, cap_visited;
    size_t nz;
} loop_state;

static int push_cut(loop_state *s, q6_bd_cut c)
{
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? 2 * s->cap : 16;
        q6_bd_cut *n = realloc(s->cuts, cap * sizeof *n);
        if (!n)
            return -1;
        s->cuts = n;
        s->cap = cap;
    }
    s->cuts[s->n++] = c;
    return 0;
}

static int was_visited(const loop_state *s, const uint8_t *z)
{
    for (uint32_t r = 0; r < s->n_visited; r++)
        if (!memcmp(s->visited + (size_t)r * s->nz, z, s->nz))
            return 1;
    return 0;
}

static int mark_visited(loop_state *s, const uint8_t *z)
{
    if (s->n_visited == s->cap_visited) {
        uint32_t cap = s->cap_visited ? 2 * s->cap_visited : 16;
        uint8_t *n = realloc(s->visited, (size_t)cap * (s->nz ? s->nz : 1));
        if (!n)
            return -1;
        s->visited = n;
        s->cap_visited = cap;
    }
    memcpy(s->visited + (size_t)s->n_visited++ * s->nz, z, s->nz);
    return 0;
}

static void z_to_binaries(const q6_bd_vars *v, const q6_bd_problem *p, const uint8_t *z, q6_bd_binaries *b)
{
    for (uint32_t i = 0; i < p->n_users; i++) {
        b->ap[i] = UINT32_MAX;
        b->onboard[i] = 0;
    }
    for (uint32_t k = 0; k < v->n_x; k++)
        if (z[k])
            b->ap[v->x_user[k]] = v->x_ap[k];
    for (uint32_t k = 0; k < v->n_y; k++)
        if (z[v->n_x + k] && b->ap[v->y_user[k]] == v->y_ap[k])
            b->onboard[v->y_user[k]] = 1;
}

int q6_bd_solve(const q6_bd_problem *p, const q6_bd_options *o, const q6_bd_binaries *start,
                q6_bd_binaries *b_out, q6_bd_alloc *a_out, q6_bd_record *rec)
{
    if (q6_bd_check(p, NULL, 0) < 0)
        return -1;
    memset(rec, 0, sizeof *rec);
    q6_bd_vars v;
    if (q6_bd_vars_init(&v, p) < 0)
        return -1;
    loop_state s = {.nz = (size_t)v.n_x + v.n_y};
    uint32_t k_cuts = o->master == Q6_BD_MASTER_QUBO && o->cuts_per_iter ? o->cuts_per_iter : 1;
    size_t nz1 = s.nz ? s.nz : 1;
    uint8_t *cand = calloc((size_t)k_cuts * nz1, 1);
    double *cand_lb = calloc(k_cuts, sizeof *cand_lb);
    q6_bd_cut *feas = calloc(2 * (size_t)p->n_aps + 1, sizeof *feas);
    uint8_t *best_z = calloc(nz1, 1);
    q6_bd_binaries b;
    q6_bd_alloc a;
    int have_b = q6_bd_binaries_init(&b, p->n_users) == 0, have_a = have_b && q6_bd_alloc_init(&a, p) == 0;
    int rc = -1;
    if (!cand || !cand_lb || !feas || !best_z || !have_b || !have_a)
        goto out;
    if (start) {
        memcpy(b.ap, start->ap, p->n_users * sizeof *b.ap);
        memcpy(b.onboard, start->onboard, p->n_users);
    } else if (q6_bd_heuristic_binaries(p, NULL, -1.0, &b) < 0)
        goto out;
    q6_bd_vars_to_z(&v, p, &b, cand);
    uint32_t n_cand = 1;
    double ub = INFINITY, lb = 0.0;
    int have_best = 0;
    q6_bd_qubo_options qo = o->qubo;
    qo.delta = 1.0;
    int delta_set = 0;
    uint32_t max_iter = o->max_iter ? o->max_iter : 100;
    double ones_max = 2.0 * p->n_users + 1.0;
    for (uint32_t iter = 1;; iter++) {
        uint32_t added = 0;
        for (uint32_t c = 0; c < n_cand; c++) {
            const uint8_t *z = cand + (size_t)c * nz1;
            if (was_visited(&s, z))
                continue;
            if (mark_visited(&s, z) < 0)
                goto out;
            z_to_binaries(&v, p, z, &b);
            if (q6_bd_subproblem(p, &b, &a) < 0)
                goto out;
            rec->subproblems++;
            if (a.feasible) {
                q6_bd_cut cut;
                if (q6_bd_optimality_cut(p, &v, &a, &cut) < 0 || push_cut(&s, cut) < 0)
                    goto out;
                added++;
                if (a.value < ub) {
                    ub = a.value;
                    memcpy(b_out->ap, b.ap, p->n_users * sizeof *b.ap);
                    memcpy(b_out->onboard, b.onboard, p->n_users);
                    memcpy(best_z, z, s.nz);
                    have_best = 1;
                }
            } else {
                uint32_t nf = 0;
                if (q6_bd_feasibility_cuts(p, &v, &a, feas, &nf) < 0)
                    goto out;
                for (uint32_t f = 0; f < nf; f++)
                    if (push_cut(&s, feas[f]) < 0)
                        goto out;
                added += nf;
            }
        }
        if (isfinite(ub) && !delta_set) {
            /* eta's grid: N up to 2^bits - 1 covers [0, first UB], which
             * every later master optimum stays below */
            unsigned bits = qo.eta_bits ? qo.eta_bits : 16;
            qo.delta = ub > 0.0 ? ub * (1.0 + 1e-9) / (ldexp(1.0, (int)bits) - 1.0) : 1.0;
            delta_set = 1;
        }
        /* a heuristic master's value is no certified bound: keep LB <= UB */
        lb = fmin(lb, ub);
        double tol = o->tol_rel * fmax(1.0, fabs(ub));
        if (o->master == Q6_BD_MASTER_QUBO && delta_set)
            tol = fmax(tol, qo.delta * ones_max);
        if ((isfinite(ub) && ub - lb <= tol) || iter >= max_iter) {
            if (record_iter(rec, ub, lb, NULL, added) < 0)
                goto out;
            rec->converged = isfinite(ub) && ub - lb <= tol;
            break;
        }
        q6_bd_master m = {p, &v, s.cuts, s.n, have_best ? best_z : NULL, o->milp_node_limit};
        q6_bd_master_cost cost = {0};
        int fresh = 0;
        if (o->master == Q6_BD_MASTER_MILP) {
            double eta = 0.0; /* the master's lower bound */
            int r = q6_bd_master_milp(&m, cand, &eta, &cost);
            if (r < 0)
                goto out;
            if (r == 1) { /* master infeasible: the cuts exclude every point */
                record_iter(rec, ub, ub, &cost, added);
                rec->converged = isfinite(ub);
                break;
            }
            n_cand = 1;
            if (eta > lb)
                lb = fmin(eta, ub);
            fresh = !was_visited(&s, cand);
        } else {
            qo.seed = o->qubo.seed + iter;
            if (q6_bd_master_qubo(&m, &qo, k_cuts, cand, cand_lb, &n_cand, &cost) < 0)
                goto out;
            if (n_cand && isfinite(cand_lb[0])) {
                double best = cand_lb[0];
                for (uint32_t c = 1; c < n_cand; c++)
                    best = fmin(best, cand_lb[c]);
                if (best > lb)
                    lb = fmin(best, ub);
            }
            for (uint32_t c = 0; c < n_cand; c++)
                fresh |= !was_visited(&s, cand + (size_t)c * nz1);
        }
        if (record_iter(rec, ub, lb, &cost, added) < 0)
            goto out;
        if (!fresh) {
            rec->converged = isfinite(ub) && ub - lb <= tol;
            break;
        }
    }
    if (!have_best) {
        rc = 1;
        goto out;
    }
    rec->ub = ub;
    rec->lb = lb;
    rec->gap = fmax(0.0, ub - lb);
    if (q6_bd_subproblem(p, b_out, a_out) < 0)
        goto out;
    rc = 0;
out:
    for (uint32_t c = 0; c < s.n; c++)
        q6_bd_cut_free(&s.cuts[c]);
    free(s.cuts);
    free(s.visited);
    free(cand);
    free(cand_lb);
    free(feas);
    free(best_z);
    if (have_a)
        q6_bd_alloc_free(&a);
    if (have_b)
        q6_bd_binaries_free(&b);
    q6_bd_vars_free(&v);
    return rc;
}
