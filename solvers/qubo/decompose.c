/* qbsolv-style decomposition; the method and its guarantees in decompose.h. */
#include "solvers/qubo/decompose.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const double *key;
    uint64_t compares;
} order_ctx;

static int by_key_then_index(const void *a, const void *b, void *arg)
{
    order_ctx *c = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    c->compares++;
    if (c->key[x] != c->key[y])
        return c->key[x] < c->key[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The window's sub-model: window[k] becomes variable k; in_window[v] is
 * k + 1 for members, 0 otherwise. Couplers to clamped variables fold into
 * the linear biases. */
static int build_sub(const q6_bqm *bqm, const int8_t *x, const uint32_t *window, size_t n,
                     const uint32_t *in_window, q6_bqm *sub, uint64_t *ops)
{
    int rc = q6_bqm_init(sub, n, Q6_VARTYPE_BINARY);
    for (size_t k = 0; k < n && rc == 0; k++) {
        uint32_t v = window[k];
        double h = bqm->linear[v];
        for (size_t a = bqm->adj_start[v]; a < bqm->adj_start[v + 1] && rc == 0; a++) {
            uint32_t u = bqm->adj_var[a];
            if (!in_window[u])
                h += bqm->adj_bias[a] * x[u];
            else if (in_window[u] - 1 > k) /* each member coupler once */
                rc = q6_bqm_add_quadratic(sub, k, in_window[u] - 1, bqm->adj_bias[a]);
        }
        *ops += bqm->adj_start[v + 1] - bqm->adj_start[v];
        if (rc == 0)
            rc = q6_bqm_add_linear(sub, k, h);
    }
    if (rc == 0)
        rc = q6_bqm_compile(sub);
    if (rc < 0)
        q6_bqm_free(sub);
    return rc;
}

int q6_qubo_decompose(const q6_bqm *bqm, int8_t *x, const q6_decompose_params *p, q6_subqubo_solve_fn solve,
                      void *ctx, q6_decompose_stats *st, uint64_t *ops)
{
    uint64_t scratch = 0;
    if (!ops)
        ops = &scratch;
    if (!bqm || !x || !p || !solve || !bqm->compiled || bqm->vartype != Q6_VARTYPE_BINARY || p->sub_vars < 1 ||
        p->max_passes < 1)
        return -EINVAL;
    size_t n = bqm->num_vars;
    q6_decompose_stats local = {0};
    local.start_energy = local.end_energy = q6_bqm_energy(bqm, x);
    if (!isfinite(local.start_energy))
        return -EINVAL;
    double *delta = malloc((n + 1) * sizeof *delta);
    uint32_t *order = malloc((n + 1) * sizeof *order), *in_window = calloc(n + 1, sizeof *in_window);
    int8_t *y = malloc(p->sub_vars < n ? p->sub_vars + 1 : n + 1);
    int rc = delta && order && in_window && y ? 0 : -ENOMEM;
    /* Improvements below this are rounding, not progress. */
    double tol = 1e-12 * fmax(1.0, fabs(local.start_energy));
    for (unsigned pass = 0; rc == 0 && n > 0 && pass < p->max_passes; pass++) {
        local.passes++;
        for (size_t v = 0; v < n; v++) {
            delta[v] = q6_bqm_flip_delta(bqm, x, v);
            order[v] = (uint32_t)v;
            *ops += 1 + bqm->adj_start[v + 1] - bqm->adj_start[v];
        }
        order_ctx oc = {delta, 0};
        qsort_r(order, n, sizeof *order, by_key_then_index, &oc);
        *ops += oc.compares;
        int improved = 0;
        for (size_t start = 0; start < n && rc == 0; start += p->sub_vars) {
            size_t m = n - start < p->sub_vars ? n - start : p->sub_vars;
            const uint32_t *window = order + start;
            for (size_t k = 0; k < m; k++) {
                in_window[window[k]] = (uint32_t)k + 1;
                y[k] = x[window[k]];
            }
            q6_bqm sub;
            double d = 0.0;
            rc = build_sub(bqm, x, window, m, in_window, &sub, ops);
            if (rc == 0) {
                local.jobs++;
                /* The sub-model holds every term that involves the window
                 * (clamped couplers as linear biases); the rest of E is the
                 * same before and after, so E_sub(y) - E_sub(x_W) is the
                 * full energy change. */
                double before = q6_bqm_energy(&sub, y);
                rc = solve(ctx, &sub, y) == 0 ? 0 : -1;
                d = rc == 0 ? q6_bqm_energy(&sub, y) - before : 0.0;
                *ops += 2 * (m + sub.num_terms);
                if (rc == 0 && !isfinite(d))
                    rc = -1; /* the solver returned a state that is not binary */
                q6_bqm_free(&sub);
            }
            if (rc == 0 && d < -tol) {
                for (size_t k = 0; k < m; k++)
                    x[window[k]] = y[k];
                local.end_energy += d;
                local.accepted++;
                improved = 1;
            }
            for (size_t k = 0; k < m; k++)
                in_window[window[k]] = 0;
        }
        if (!improved || n <= p->sub_vars)
            break;
    }
    if (rc == 0)
        local.end_energy = q6_bqm_energy(bqm, x);
    if (st)
        *st = local;
    free(delta), free(order), free(in_window), free(y);
    return rc;
}
