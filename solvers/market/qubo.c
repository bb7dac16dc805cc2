/* The matching problem (9) as a QUBO (paper 000 sec. III-C).
 *
 * Variables: x_ij for every EV-BS pair (buyer and seller of different
 * kinds), feasible or not, as the paper's bipartite graph; same-kind pairs
 * can never trade in this market and would only waste qubits. pairs=useful
 * keeps only feasible pairs with a positive gain (no other pair is in a
 * welfare-maximising matching), which saves qubits where many pairs are
 * infeasible. pairs=ranked (the plugin's default) also drops useful pairs
 * that no optimum needs:
 *   Lemma. Let k_s be the number of sellers with a useful pair. Some
 *   maximum-welfare matching gives every seller j a buyer among j's k_s
 *   best useful buyers by gain (ties: lower index).
 *   Proof. Take an optimum M in which j has buyer i outside that list. At
 *   most k_s - 1 other sellers are matched at all, so one of j's k_s best
 *   buyers, i*, has no other seller; g_i*j >= g_ij, so M - (i,j) + (i*,j)
 *   is a matching (i* was free or j's own) with no less welfare and j's
 *   buyer ranked higher. Repeat: ranks only rise, so this ends, and other
 *   sellers' partners never change.
 * The same holds with buyers and k_b. EV buyers with BS sellers and BS
 * buyers with EV sellers are two markets that share no party, so k_s and
 * k_b count the parties of one of them, and each is pruned on its smaller
 * side: at most min(k_s, k_b)^2 variables each (20 BSs: at most 2 x 400
 * whatever N_EV).
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

static int useful(const q6_market_problem *p, uint32_t i, uint32_t j)
{
    return p->buyers[i].kind != p->sellers[j].kind && q6_market_feasible(p, i, j) && q6_market_gain(p, i, j) > 0.0;
}

/* kept[pair] = 1 for the pairs of pairs=ranked (the lemma above), per
 * sub-market: EV buyers with BS sellers, and BS buyers with EV sellers,
 * share no party, so each is pruned on its own smaller side. */
static int rank_prune(const q6_market_problem *p, uint8_t *kept)
{
    uint32_t nb = p->n_buyers, ns = p->n_sellers;
    uint32_t kb[2] = {0, 0}, ks[2] = {0, 0}; /* by the party's own kind */
    uint8_t *b_has = calloc(nb + 1, 1), *s_has = calloc(ns + 1, 1);
    double *gain = malloc(((size_t)nb * ns + 1) * sizeof *gain);
    uint32_t *list = malloc(((nb > ns ? nb : ns) + 1) * sizeof *list);
    if (!b_has || !s_has || !gain || !list) {
        free(b_has), free(s_has), free(gain), free(list);
        return -ENOMEM;
    }
    for (uint32_t i = 0; i < nb; i++)
        for (uint32_t j = 0; j < ns; j++)
            if (useful(p, i, j)) {
                gain[q6_market_pair(p, i, j)] = q6_market_gain(p, i, j);
                kb[p->buyers[i].kind] += !b_has[i];
                ks[p->sellers[j].kind] += !s_has[j];
                b_has[i] = s_has[j] = 1;
            }
    uint64_t ops = 0;
    for (int kind = 0; kind < 2; kind++) { /* the sub-market of sellers of this kind */
        /* Prune the lists of its smaller side (sellers on a tie). */
        int by_seller = ks[kind] <= kb[1 - kind];
        uint32_t owners = by_seller ? ns : nb, partners = by_seller ? nb : ns;
        uint32_t k = by_seller ? ks[kind] : kb[1 - kind];
        for (uint32_t o = 0; o < owners; o++) {
            if ((by_seller ? (int)p->sellers[o].kind : 1 - (int)p->buyers[o].kind) != kind)
                continue;
            uint32_t n = 0;
            for (uint32_t x = 0; x < partners; x++) {
                uint32_t i = by_seller ? x : o, j = by_seller ? o : x;
                if (useful(p, i, j))
                    list[n++] = (uint32_t)q6_market_pair(p, i, j);
            }
            q6_market_sort_desc(list, n, gain, &ops);
            for (uint32_t r = 0; r < n && r < k; r++)
                kept[list[r]] = 1;
        }
    }
    free(b_has), free(s_has), free(gain), free(list);
    return 0;
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
        (pairs != Q6_MARKET_PAIRS_ALL && pairs != Q6_MARKET_PAIRS_USEFUL && pairs != Q6_MARKET_PAIRS_RANKED))
        return -EINVAL;
    size_t cap = (size_t)p->n_buyers * p->n_sellers + 1;
    q->buyer = malloc(cap * sizeof *q->buyer);
    q->seller = malloc(cap * sizeof *q->seller);
    uint32_t *var_of = malloc(cap * sizeof *var_of);
    uint8_t *kept = pairs == Q6_MARKET_PAIRS_RANKED ? calloc(cap, 1) : NULL;
    if (!q->buyer || !q->seller || !var_of || (pairs == Q6_MARKET_PAIRS_RANKED && (!kept || rank_prune(p, kept) < 0))) {
        free(var_of);
        free(kept);
        q6_market_qubo_free(q);
        return -ENOMEM;
    }
    double wmax = 0.0;
    for (uint32_t i = 0; i < p->n_buyers; i++)
        for (uint32_t j = 0; j < p->n_sellers; j++) {
            var_of[q6_market_pair(p, i, j)] = UINT32_MAX;
            if (p->buyers[i].kind == p->sellers[j].kind)
                continue;
            if (pairs == Q6_MARKET_PAIRS_USEFUL && !useful(p, i, j))
                continue;
            if (pairs == Q6_MARKET_PAIRS_RANKED && !kept[q6_market_pair(p, i, j)])
                continue;
            double w = objective(p, obj, i, j);
            if (!isfinite(w)) {
                free(var_of);
                free(kept);
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
    free(kept);
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
