/* The GBD master of paper 002 as a QUBO (its eqs. 35-41), sampled on the
 * QPU host or a CPU.
 *
 * Energy, in units of the resolution delta of eta:
 *   N(w)                                   eta = delta N, N = sum_b 2^b w_b (35)
 * + P (sum_j x_ij - 1)^2 per user          one AP per user (7) -> (37)
 * + P (y_ij - x_ij y_ij) per y var         y <= x (9) -> (38)
 * + P (sum x + slack - cap)^2              feasibility cuts -> (39)
 * + P (g'.z - N + slack + c')^2 per cut    optimality cuts (34b) -> (40)
 * where g'_v = floor(g_v / delta) and c' = floor(c / delta) (builders.c needs
 * integer coefficients; rounding down only weakens a cut, so it stays
 * valid, and the gap it leaves is at most delta per ones of z, which the
 * loop's tolerance absorbs). Reachability (6) and relay-only APs (8) hold by
 * construction (no variable exists for them). P = 1 + sum of the objective's
 * biases (q6_qubo_penalty_default) = 2^bits, so with integer constraint
 * coefficients any violation costs more than the whole objective range:
 * the ground state is the master's optimum on the delta grid.
 *
 * Samplers: SA and tabu sample the whole QUBO; "exact" enumerates the
 * assignments that meet the structural constraints (one AP per user, y <= x)
 * and sets the auxiliary bits to their conditional optimum (N the least
 * integer meeting every cut, slacks the residuals), which is the ground
 * state by the penalty argument above (checked against brute force over all
 * bits in test/benders). Every SA/tabu sample is decoded to z, repaired to
 * one AP per user (the strongest set bit, else the strongest AP), polished
 * by a 1-opt descent on the master value, and ranked by that value. */
#include "models/annealer.h"
#include "solvers/abi/common.h"
#include "solvers/benders/benders.h"
#include "solvers/qubo/builders.h"
#include "solvers/qubo/qpu_cost.h"
#include "solvers/qubo/samplers.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
    q6_bqm bqm;
    size_t n_dec;
    int has_eta;
    q6_qubo_expansion eta;
    double penalty;
    /* integer forms of the cuts, to set the auxiliary bits (exact) */
    double *cut_coef;          /* n_cuts rows of n_dec */
    double *cut_rhs;           /* optimality: floor(c / delta); feasibility: rhs */
    size_t *slack_first, *slack_n;
} master_qubo;

static void master_qubo_free(master_qubo *q)
{
    q6_bqm_free(&q->bqm);
    free(q->cut_coef);
    free(q->cut_rhs);
    free(q->slack_first);
    free(q->slack_n);
}

static int build(const q6_bd_master *m, const q6_bd_qubo_options *o, master_qubo *q)
{
    const q6_bd_problem *p = m->p;
    const q6_bd_vars *v = m->v;
    memset(q, 0, sizeof *q);
    q->n_dec = (size_t)v->n_x + v->n_y;
    size_t nc = m->n_cuts ? m->n_cuts : 1;
    q->cut_coef = calloc(nc * (q->n_dec ? q->n_dec : 1), sizeof *q->cut_coef);
    q->cut_rhs = calloc(nc, sizeof *q->cut_rhs);
    q->slack_first = calloc(nc, sizeof *q->slack_first);
    q->slack_n = calloc(nc, sizeof *q->slack_n);
    size_t *vars = malloc((q->n_dec + 64) * sizeof *vars);
    double *coef = malloc((q->n_dec + 64) * sizeof *coef);
    int rc = -ENOMEM;
    if (!q->cut_coef || !q->cut_rhs || !q->slack_first || !q->slack_n || !vars || !coef ||
        q6_bqm_init(&q->bqm, q->n_dec, Q6_VARTYPE_BINARY) < 0)
        goto out;
    for (uint32_t c = 0; c < m->n_cuts; c++)
        q->has_eta |= m->cuts[c].kind == Q6_BD_CUT_OPTIMALITY;
    unsigned bits = o->eta_bits ? o->eta_bits : 16;
    if (q->has_eta && ((rc = q6_qubo_add_expansion(&q->bqm, bits, 0, 0, &q->eta)) < 0 ||
                       (rc = q6_qubo_add_expansion_linear(&q->bqm, &q->eta, 1.0)) < 0))
        goto out;
    q->penalty = q6_qubo_penalty_default(&q->bqm);
    double P = q->penalty;
    for (uint32_t i = 0; i < p->n_users; i++) {
        size_t n = 0;
        for (uint32_t j = 0; j < p->n_aps; j++) {
            int32_t x = v->x_of[(size_t)i * p->n_aps + j];
            if (x >= 0)
                vars[n++] = (size_t)x;
        }
        if ((rc = q6_qubo_add_one_hot(&q->bqm, vars, n, P)) < 0)
            goto out;
    }
    for (uint32_t k = 0; k < v->n_y; k++) {
        size_t y = v->n_x + k;
        size_t x = (size_t)v->x_of[(size_t)v->y_user[k] * p->n_aps + v->y_ap[k]];
        if ((rc = q6_bqm_add_linear(&q->bqm, y, P)) < 0 || (rc = q6_bqm_add_quadratic(&q->bqm, x, y, -P)) < 0)
            goto out;
    }
    for (uint32_t c = 0; c < m->n_cuts; c++) {
        const q6_bd_cut *cut = &m->cuts[c];
        double *row = q->cut_coef + (size_t)c * q->n_dec;
        size_t n = 0;
        for (size_t k = 0; k < q->n_dec; k++) {
            row[k] = cut->kind == Q6_BD_CUT_OPTIMALITY ? floor(cut->coef[k] / o->delta) : cut->coef[k];
            if (row[k] != 0.0) {
                vars[n] = k;
                coef[n++] = row[k];
            }
        }
        double rhs;
        if (cut->kind == Q6_BD_CUT_OPTIMALITY) {
            q->cut_rhs[c] = floor(cut->constant / o->delta);
            for (unsigned b = 0; b < bits; b++) {
                vars[n] = q->eta.first_var + b;
                coef[n++] = -ldexp(1.0, (int)b);
            }
            rhs = -q->cut_rhs[c];
        } else {
            q->cut_rhs[c] = cut->rhs;
            rhs = cut->rhs;
        }
        if ((rc = q6_qubo_add_le(&q->bqm, vars, coef, n, rhs, P, &q->slack_first[c], &q->slack_n[c])) < 0)
            goto out;
    }
    rc = q6_bqm_compile(&q->bqm);
out:
    free(vars);
    free(coef);
    if (rc < 0)
        master_qubo_free(q);
    return rc;
}

/* Auxiliary bits for decision bits z: N least meeting every cut, slacks the
 * residuals. Returns 0, or 1 when z breaks a cut for every N. */
static int set_aux(const q6_bd_master *m, const master_qubo *q, int8_t *state)
{
    double need = 0.0;
    for (uint32_t c = 0; c < m->n_cuts; c++) {
        if (m->cuts[c].kind != Q6_BD_CUT_OPTIMALITY)
            continue;
        const double *row = q->cut_coef + (size_t)c * q->n_dec;
        double s = q->cut_rhs[c];
        for (size_t k = 0; k < q->n_dec; k++)
            if (state[k])
                s += row[k];
        if (s > need)
            need = s;
    }
    double n_max = q->has_eta ? ldexp(1.0, (int)q6_qubo_expansion_bits(&q->eta)) - 1.0 : 0.0;
    if (need > n_max)
        return 1;
    if (q->has_eta)
        for (size_t b = 0; b < q6_qubo_expansion_bits(&q->eta); b++)
            state[q->eta.first_var + b] = (int8_t)(((uint64_t)need >> b) & 1u);
    for (uint32_t c = 0; c < m->n_cuts; c++) {
        const double *row = q->cut_coef + (size_t)c * q->n_dec;
        double lhs = 0.0, rhs;
        for (size_t k = 0; k < q->n_dec; k++)
            if (state[k])
                lhs += row[k];
        if (m->cuts[c].kind == Q6_BD_CUT_OPTIMALITY) {
            lhs -= need;
            rhs = -q->cut_rhs[c];
        } else
            rhs = q->cut_rhs[c];
        double s = rhs - lhs;
        if (s < 0.0)
            return 1;
        /* log encoding 1, 2, ..., 2^(n-2), last capped (builders.c) */
        size_t first = q->slack_first[c], n = q->slack_n[c];
        if (!n)
            continue;
        double low_max = ldexp(1.0, (int)n - 1) - 1.0;
        state[first + n - 1] = 0;
        if (s > low_max) {
            /* last weight = range - low_max; range = rhs - min lhs */
            double min_lhs = 0.0;
            for (size_t k = 0; k < q->n_dec; k++)
                min_lhs += fmin(row[k], 0.0);
            if (m->cuts[c].kind == Q6_BD_CUT_OPTIMALITY)
                min_lhs -= n_max;
            double last_w = rhs - min_lhs - low_max;
            state[first + n - 1] = 1;
            s -= last_w;
        }
        for (size_t b = 0; b + 1 < n; b++)
            state[first + b] = (int8_t)(((uint64_t)s >> b) & 1u);
    }
    return 0;
}

/* Repair a decoded z to one AP per user and y <= x. */
static void repair(const q6_bd_master *m, uint8_t *z)
{
    const q6_bd_problem *p = m->p;
    const q6_bd_vars *v = m->v;
    for (uint32_t i = 0; i < p->n_users; i++) {
        int32_t best = -1, best_set = -1;
        double r_best = -1.0, r_set = -1.0;
        for (uint32_t j = 0; j < p->n_aps; j++) {
            size_t k = (size_t)i * p->n_aps + j;
            if (v->x_of[k] < 0)
                continue;
            double r = p->rate_bps[k];
            if (r > r_best)
                r_best = r, best = (int32_t)j;
            if (z[v->x_of[k]] && r > r_set)
                r_set = r, best_set = (int32_t)j;
        }
        int32_t keep = best_set >= 0 ? best_set : best;
        for (uint32_t j = 0; j < p->n_aps; j++) {
            size_t k = (size_t)i * p->n_aps + j;
            if (v->x_of[k] >= 0)
                z[v->x_of[k]] = (int32_t)j == keep;
            if (v->y_of[k] >= 0 && (int32_t)j != keep)
                z[v->y_of[k]] = 0;
        }
    }
}

/* Classical polish of a decoded sample (the paper samples on D-Wave's
 * hybrid solver service, which follows quantum samples with classical local
 * search): first-improvement descent of the master value max_k cut_k(z)
 * over single-user moves (another AP, onboard or relayed) that keep the
 * feasibility cuts; ends in a 1-opt local minimum. Deterministic. */
static void polish(const q6_bd_master *m, uint8_t *z)
{
    const q6_bd_problem *p = m->p;
    const q6_bd_vars *v = m->v;
    uint32_t nc = m->n_cuts;
    double *sum = calloc(nc ? nc : 1, sizeof *sum), *trial = calloc(nc ? nc : 1, sizeof *trial);
    if (!sum || !trial || !isfinite(q6_bd_master_value(m, z)))
        goto out;
    for (uint32_t c = 0; c < nc; c++)
        sum[c] = q6_bd_cut_eval(&m->cuts[c], v, z);
    for (int improved = 1, pass = 0; improved && pass < 100; pass++) {
        improved = 0;
        for (uint32_t i = 0; i < p->n_users; i++) {
            int32_t cur_x = -1, cur_y = -1;
            for (uint32_t j = 0; j < p->n_aps; j++) {
                size_t k = (size_t)i * p->n_aps + j;
                if (v->x_of[k] >= 0 && z[v->x_of[k]]) {
                    cur_x = v->x_of[k];
                    cur_y = v->y_of[k] >= 0 && z[v->y_of[k]] ? v->y_of[k] : -1;
                }
            }
            double best = 0.0;
            for (uint32_t c = 0; c < nc; c++)
                if (m->cuts[c].kind == Q6_BD_CUT_OPTIMALITY && sum[c] > best)
                    best = sum[c];
            int32_t best_x = -1, best_y = -1;
            for (uint32_t j = 0; j < p->n_aps; j++) {
                size_t k = (size_t)i * p->n_aps + j;
                if (v->x_of[k] < 0)
                    continue;
                for (int on = 0; on <= (v->y_of[k] >= 0); on++) {
                    int32_t nx = v->x_of[k], ny = on ? v->y_of[k] : -1;
                    if (nx == cur_x && ny == cur_y)
                        continue;
                    double val = 0.0;
                    int ok = 1;
                    for (uint32_t c = 0; c < nc && ok; c++) {
                        const double *g = m->cuts[c].coef;
                        double t = sum[c] - g[cur_x] + g[nx] - (cur_y >= 0 ? g[cur_y] : 0.0) + (ny >= 0 ? g[ny] : 0.0);
                        trial[c] = t;
                        if (m->cuts[c].kind == Q6_BD_CUT_FEASIBILITY)
                            ok = t <= 1e-9;
                        else if (t > val)
                            val = t;
                    }
                    if (ok && val < best * (1.0 - 1e-12) - 1e-12) {
                        best = val;
                        best_x = nx;
                        best_y = ny;
                    }
                }
            }
            if (best_x < 0)
                continue;
            z[cur_x] = 0;
            if (cur_y >= 0)
                z[cur_y] = 0;
            z[best_x] = 1;
            if (best_y >= 0)
                z[best_y] = 1;
            for (uint32_t c = 0; c < nc; c++)
                sum[c] = q6_bd_cut_eval(&m->cuts[c], v, z);
            improved = 1;
        }
    }
out:
    free(sum);
    free(trial);
}

typedef struct {
    uint32_t k, count;
    size_t n_dec;
    uint8_t *z;
    double *energy, *value;
} topk;

static int topk_offer(topk *t, const uint8_t *z, double energy, double value)
{
    for (uint32_t r = 0; r < t->count; r++)
        if (!memcmp(t->z + (size_t)r * t->n_dec, z, t->n_dec))
            return 0;
    if (t->count == t->k && !(energy < t->energy[t->count - 1]))
        return 0;
    uint32_t pos = t->count < t->k ? t->count++ : t->k - 1;
    while (pos > 0 && t->energy[pos - 1] > energy) {
        memcpy(t->z + (size_t)pos * t->n_dec, t->z + (size_t)(pos - 1) * t->n_dec, t->n_dec);
        t->energy[pos] = t->energy[pos - 1];
        t->value[pos] = t->value[pos - 1];
        pos--;
    }
    memcpy(t->z + (size_t)pos * t->n_dec, z, t->n_dec);
    t->energy[pos] = energy;
    t->value[pos] = value;
    return 1;
}

/* Exhaustive over the structurally valid z (per user: an AP, onboard or not). */
static int exact_master(const q6_bd_master *m, const master_qubo *q, double delta, topk *t, double *ops)
{
    const q6_bd_problem *p = m->p;
    const q6_bd_vars *v = m->v;
    uint32_t nu = p->n_users;
    uint32_t *opt_n = calloc(nu ? nu : 1, sizeof *opt_n), *opt = calloc(nu ? nu : 1, sizeof *opt);
    int8_t *state = calloc(q->bqm.num_vars ? q->bqm.num_vars : 1, 1);
    uint8_t *z = calloc(q->n_dec ? q->n_dec : 1, 1);
    int rc = -1;
    if (!opt_n || !opt || !state || !z)
        goto out;
    double combos = 1.0;
    for (uint32_t i = 0; i < nu; i++) {
        for (uint32_t j = 0; j < p->n_aps; j++) {
            size_t k = (size_t)i * p->n_aps + j;
            opt_n[i] += (v->x_of[k] >= 0) + (v->y_of[k] >= 0);
        }
        combos *= opt_n[i];
    }
    if (combos > 16777216.0)
        goto out; /* too large to enumerate: use sa or tabu */
    for (;;) {
        /* option index -> z */
        memset(state, 0, q->bqm.num_vars);
        for (uint32_t i = 0; i < nu; i++) {
            uint32_t left = opt[i];
            for (uint32_t j = 0; j < p->n_aps; j++) {
                size_t k = (size_t)i * p->n_aps + j;
                if (v->x_of[k] < 0)
                    continue;
                if (left == 0) {
                    state[v->x_of[k]] = 1;
                    break;
                }
                left--;
                if (v->y_of[k] >= 0) {
                    if (left == 0) {
                        state[v->x_of[k]] = 1;
                        state[v->y_of[k]] = 1;
                        break;
                    }
                    left--;
                }
            }
        }
        *ops += (double)(m->n_cuts + 1) * (double)q->n_dec;
        if (set_aux(m, q, state) == 0) {
            /* every penalty is zero here, so the energy is N; summing the
             * BQM's large penalty terms instead would lose it to cancellation */
            double n = 0.0;
            for (size_t b = 0; q->has_eta && b < q6_qubo_expansion_bits(&q->eta); b++)
                n += ldexp((double)state[q->eta.first_var + b], (int)b);
            for (size_t k = 0; k < q->n_dec; k++)
                z[k] = (uint8_t)state[k];
            topk_offer(t, z, n, n * delta);
        }
        uint32_t i = 0;
        while (i < nu && ++opt[i] == opt_n[i])
            opt[i++] = 0;
        if (i == nu)
            break;
    }
    rc = 0;
out:
    free(opt_n);
    free(opt);
    free(state);
    free(z);
    return rc;
}

static void view_of(const q6_bqm *b, q6_qubo_view *view, uint32_t *u, uint32_t *w, double *c)
{
    view->n_vars = (uint32_t)b->num_vars;
    view->linear = b->linear;
    view->offset = b->offset;
    view->n_couplers = (uint32_t)b->num_terms;
    for (size_t k = 0; k < b->num_terms; k++) {
        u[k] = b->terms[k].i;
        w[k] = b->terms[k].j;
        c[k] = b->terms[k].bias;
    }
    view->u = u;
    view->v = w;
    view->coupler = c;
}

static int local_cost(const q6_bd_qubo_options *o, const master_qubo *q, const q6_sampler_stats *st,
                      q6_bd_master_cost *cost)
{
    q6_cpu_host host;
    q6_cpu_host_default(&host);
    if (o->host == Q6_BD_HOST_QPU) {
        q6_annealer_params a = q6_annealer_defaults();
        q6_qpu_job_model job = {a.programming_time_s, a.anneal_time_s, a.readout_time_s, a.delay_time_s,
                                a.system_power_w};
        q6_qpu_topology topo;
        q6_qubo_embedding emb;
        q6_qpu_cost c;
        size_t reads = o->reads ? o->reads : 100;
        if (q6_qpu_topology_pegasus(16, &topo) < 0 ||
            q6_qubo_embedding_estimate(q->bqm.num_vars, q6_bqm_num_couplers(&q->bqm), &topo, &emb) < 0)
            return -1;
        emb.fits = 1; /* charge the access time even when the estimate overflows */
        if (q6_qubo_qpu_cost(&job, reads, &emb, &topo, 1, &host, 0.0, &c) < 0)
            return -1;
        cost->sim_s = c.total.time_s;
        cost->energy_j = c.total.energy_j;
    } else {
        q6_solve_cost c;
        if (q6_qubo_classical_cost(st, &host, 0.0, &c) < 0)
            return -1;
        cost->sim_s = c.time_s;
        cost->energy_j = c.energy_j;
    }
    return 0;
}

int q6_bd_master_qubo(const q6_bd_master *m, const q6_bd_qubo_options *o, uint32_t k, uint8_t *z_out,
                      double *value_out, uint32_t *count_out, q6_bd_master_cost *cost)
{
    double t0 = wall_now();
    master_qubo q;
    if (k == 0 || !(o->delta > 0.0) || build(m, o, &q) < 0)
        return -1;
    topk t = {.k = k, .n_dec = q.n_dec};
    t.z = calloc((size_t)k * (q.n_dec ? q.n_dec : 1), 1);
    t.energy = calloc(k, sizeof *t.energy);
    t.value = calloc(k, sizeof *t.value);
    uint8_t *z = calloc(q.n_dec ? q.n_dec : 1, 1);
    int rc = -1;
    q6_sampler_stats st = {0};
    q6_bd_master_cost c = {0};
    c.qubo_vars = (uint32_t)q.bqm.num_vars;
    c.qubo_couplers = (uint32_t)q6_bqm_num_couplers(&q.bqm);
    if (!t.z || !t.energy || !t.value || !z)
        goto out;
    if (o->sampler == Q6_BD_SAMPLER_EXACT) {
        double ops = 0.0;
        if (exact_master(m, &q, o->delta, &t, &ops) < 0)
            goto out;
        c.ops = ops;
        st.spin_update_attempts = (uint64_t)ops;
    } else {
        q6_sampler_params sp;
        q6_sampler_params_default(&sp);
        sp.seed = o->seed;
        sp.num_reads = o->reads;
        sp.num_sweeps = o->sweeps;
        sp.top_k = 4 * (size_t)k + 4;
        q6_sample_set set = {0};
        q6_sampler_kind kind = o->sampler == Q6_BD_SAMPLER_TABU ? Q6_SAMPLER_TABU : Q6_SAMPLER_SA;
        /* With engine services the solve is charged there (QPU access time or
         * the aggregator's CPU) and its best sample leads; the ABI returns one
         * assignment, so the K-1 others come from replaying the same seeded
         * sampler locally. */
        if (o->services) {
            const q6_services *sv = o->services;
            int (*solve)(void *, const q6_qubo_view *, const q6_qubo_options *, q6_qubo_outcome *) =
                o->host == Q6_BD_HOST_QPU ? sv->solve_qubo_qpu : sv->solve_qubo_cpu;
            size_t nt = q.bqm.num_terms ? q.bqm.num_terms : 1;
            uint32_t *u = malloc(nt * sizeof *u), *w = malloc(nt * sizeof *w);
            double *cc = malloc(nt * sizeof *cc);
            uint8_t *assign = malloc(q.bqm.num_vars);
            q6_qubo_view view;
            q6_qubo_options qo = {kind == Q6_SAMPLER_TABU ? Q6_QUBO_TABU : Q6_QUBO_SA, o->reads, o->sweeps, o->seed};
            q6_qubo_outcome oc = {.assignment = assign};
            int ok = u && w && cc && assign && solve;
            if (ok) {
                view_of(&q.bqm, &view, u, w, cc);
                ok = solve(sv->engine, &view, &qo, &oc) == 0;
            }
            if (ok) {
                c.sim_s = oc.solve_time_s;
                c.energy_j = oc.solve_energy_j;
                for (size_t v = 0; v < q.n_dec; v++)
                    z[v] = assign[v] != 0;
                repair(m, z);
                polish(m, z);
                topk_offer(&t, z, q6_bd_master_value(m, z), q6_bd_master_value(m, z));
            }
            free(u);
            free(w);
            free(cc);
            free(assign);
            if (!ok)
                goto out;
        }
        if (!o->services || k > 1) {
            if (q6_sample(kind, &q.bqm, &sp, &set, &st) < 0) {
                q6_sample_set_free(&set);
                goto out;
            }
            for (size_t r = 0; r < set.count; r++) {
                for (size_t v = 0; v < q.n_dec; v++)
                    z[v] = (uint8_t)set.states[r * set.num_vars + v];
                repair(m, z);
                polish(m, z);
                topk_offer(&t, z, q6_bd_master_value(m, z), q6_bd_master_value(m, z));
            }
            q6_sample_set_free(&set);
        }
        /* the incumbent, polished, competes too: a hybrid solver keeps the
         * best known point, and it bounds what the master returns */
        if (m->hint) {
            memcpy(z, m->hint, q.n_dec);
            polish(m, z);
            topk_offer(&t, z, q6_bd_master_value(m, z), q6_bd_master_value(m, z));
        }
    }
    if ((!o->services || o->sampler == Q6_BD_SAMPLER_EXACT) && local_cost(o, &q, &st, &c) < 0)
        goto out;
    memcpy(z_out, t.z, (size_t)t.count * q.n_dec);
    memcpy(value_out, t.value, t.count * sizeof *value_out);
    *count_out = t.count;
    rc = 0;
out:
    c.wall_s = wall_now() - t0;
    if (cost)
        *cost = c;
    free(t.z);
    free(t.energy);
    free(t.value);
    free(z);
    master_qubo_free(&q);
    return rc;
}

int q6_bd_master_qubo_model(const q6_bd_master *m, const q6_bd_qubo_options *o, q6_bqm *out)
{
    master_qubo q;
    if (!(o->delta > 0.0) || build(m, o, &q) < 0)
        return -1;
    int rc = q6_bqm_copy(out, &q.bqm);
    master_qubo_free(&q);
    return rc < 0 ? -1 : q6_bqm_compile(out) < 0 ? (q6_bqm_free(out), -1) : 0;
}
