/* The matching problem (9) as a QUBO (paper 000 sec. III-C).
 *
 * Variables: x_ij for every EV-BS pair (buyer and seller of different
 * kinds), feasible or not, as the paper's bipartite graph; same-kind pairs
 * can never trade in this market and would only waste qubits. pairs=useful
 * keeps only feasible pairs with a positive gain (no other pair is in a
 * welfare-maximising matching), which saves qubits where many pairs are
 * infeasible.
 *
 * Energy  H = H_A + sum_p H_p:
 *   H_A = sum w_ij x_ij with w_ij = -g_ij (default) or -U_i - U_j (the
 *         paper's form, objective=paper). The paper's w ignores that an
 *         unmatched party still gets its grid utility, so its minimum
 *         maximises sum (U_i + U_j) over the pairs, not W; with the gain
 *         the minimum of H is exactly the maximum welfare (minus the
 *         constant all-grid welfare).
 *   Table I penalties on C1-C5: with the data of a slot fixed, each
 *         constraint of a pair is true or false, so the slack expression
 *         of its Table I row is a constant and the penalty it adds when
 *         the pair is chosen is P x_ij (z = 1 for a violated constraint,
 *         0 otherwise): P per violated row among C1 (U_i < 0), C2
 *         (U_j < 0) and C3-C5 (the engine's admissible flag, one row).
 *   One-to-one (the matching itself, implicit in the paper): for two pairs
 *         sharing a buyer or a seller, P x_ij x_ik. Pairwise products need
 *         no slack bits, unlike solvers/qubo/builders' sum x <= 1 encoding.
 *
 * Penalty rule (P <= 0 given): P = 1 + 2 max |w_ij| over all variables.
 * Take any state with a violation, i.e. a chosen infeasible pair or two
 * chosen pairs sharing a party, and clear one violating x_v: the energy
 * changes by -w_v - (P per violated row of v) - (P per chosen pair sharing
 * a party with v) <= |w_v| - P <= -1 - max |w| < 0. So every minimum of H
 * is a feasible matching, on which H = H_A; the margin 1 + max |w| keeps
 * this true under rounding. The same holds for any P > max |w|. */
#include "solvers/market/market.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void q6_market_qubo_free(q6_market_qubo *q)
{
    q6_bqm_free(&q->bqm);
    free(q->buyer);
    free(q->seller);
    memset(q, 0, sizeof *q);
}

static double objective(const q6_market_problem *p, q6_market_objective obj, uint32_t i, uint32_t j)
{
    size_t k = q6_market_pair(p, i, j);
    return obj == Q6_MARKET_OBJ_PAPER ? -p->buyer_utility[k] - p->seller_utility[k] : -q6_market_gain(p, i, j);
}

/* var_of[pair]: the variable of an EV-BS pair, UINT32_MAX for none. Each
 * variable is coupled with the later variables of its buyer (row) and of
 * its seller (column): O(n_vars (n_buyers + n_sellers)) work. */
static int add_terms(const q6_market_problem *p, q6_market_objective obj, const uint32_t *var_of,
                     q6_market_qubo *q)
{
    int rc = 0;
    for (uint32_t v = 0; v < q->n_vars && rc == 0; v++) {
        uint32_t i = q->buyer[v], j = q->seller[v];
        size_t k = q6_market_pair(p, i, j);
        int rows = !(p->buyer_utility[k] >= 0.0) + !(p->seller_utility[k] >= 0.0) + !p->admissible[k];
        rc = q6_bqm_add_linear(&q->bqm, v, objective(p, obj, i, j) + q->penalty * rows);
        for (uint32_t j2 = j + 1; j2 < p->n_sellers && rc == 0; j2++)
            if (var_of[q6_market_pair(p, i, j2)] != UINT32_MAX)
                rc = q6_bqm_add_quadratic(&q->bqm, v, var_of[q6_market_pair(p, i, j2)], q->penalty);
        for (uint32_t i2 = i + 1; i2 < p->n_buyers && rc == 0; i2++)
            if (var_of[q6_market_pair(p, i2, j)] != UINT32_MAX)
                rc = q6_bqm_add_quadratic(&q->bqm, v, var_of[q6_market_pair(p, i2, j)], q->penalty);
    }
    return rc < 0 ? rc : q6_bqm_compile(&q->bqm);
}

int q6_market_qubo_build(const q6_market_problem *p, q6_market_objective obj, q6_market_pairs pairs,
                         double penalty, q6_market_qubo *q)
{
    memset(q, 0, sizeof *q);
    if ((obj != Q6_MARKET_OBJ_GAIN && obj != Q6_MARKET_OBJ_PAPER) ||
        (pairs != Q6_MARKET_PAIRS_ALL && pairs != Q6_MARKET_PAIRS_USEFUL))
        return -EINVAL;
    size_t cap = (size_t)p->n_buyers * p->n_sellers + 1;
    q->buyer = malloc(cap * sizeof *q->buyer);
    q->seller = malloc(cap * sizeof *q->seller);
    uint32_t *var_of = malloc(cap * sizeof *var_of);
    if (!q->buyer || !q->seller || !var_of) {
        free(var_of);
        q6_market_qubo_free(q);
        return -ENOMEM;
    }
    double wmax = 0.0;
    for (uint32_t i = 0; i < p->n_buyers; i++)
        for (uint32_t j = 0; j < p->n_sellers; j++) {
            var_of[q6_market_pair(p, i, j)] = UINT32_MAX;
            if (p->buyers[i].kind == p->sellers[j].kind)
                continue;
            if (pairs == Q6_MARKET_PAIRS_USEFUL && !(q6_market_feasible(p, i, j) && q6_market_gain(p, i, j) > 0.0))
                continue;
            double w = objective(p, obj, i, j);
            if (!isfinite(w)) {
                free(var_of);
                q6_market_qubo_free(q);
                return -EINVAL;
            }
            wmax = fmax(wmax, fabs(w));
            var_of[q6_market_pair(p, i, j)] = q->n_vars;
            q->buyer[q->n_vars] = i;
            q->seller[q->n_vars++] = j;
        }
    q->penalty = penalty > 0.0 ? penalty : 1.0 + 2.0 * wmax;
    int rc = q6_bqm_init(&q->bqm, q->n_vars, Q6_VARTYPE_BINARY);
    if (rc == 0)
        rc = add_terms(p, obj, var_of, q);
    free(var_of);
    if (rc < 0)
        q6_market_qubo_free(q);
    return rc;
}

int q6_market_qubo_decode(const q6_market_problem *p, const q6_market_qubo *q, const int8_t *state,
                          int32_t *seller_of, uint32_t *repairs, uint64_t *ops)
{
    uint32_t *chosen = malloc((q->n_vars + 1) * sizeof *chosen);
    if (!chosen)
        return -ENOMEM;
    uint32_t n = 0, dropped = 0, conflicts = 0;
    for (uint32_t v = 0; v < q->n_vars; v++) {
        if (!state[v])
            continue;
        if (q6_market_feasible(p, q->buyer[v], q->seller[v]))
            chosen[n++] = (uint32_t)q6_market_pair(p, q->buyer[v], q->seller[v]);
        else
            dropped++;
    }
    *ops += q->n_vars;
    for (uint32_t i = 0; i < p->n_buyers; i++)
        seller_of[i] = -1;
    /* A feasible sample has no conflicts and passes through unchanged. */
    int rc = q6_market_take_best(p, chosen, n, seller_of, &conflicts, ops);
    free(chosen);
    if (repairs)
        *repairs = dropped + conflicts;
    return rc;
}
