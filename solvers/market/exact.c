/* Maximum social-welfare matching: maximum-weight bipartite matching on the
 * gains g_ij of the feasible pairs with g_ij > 0 (market.h), by igraph's
 * igraph_maximum_bipartite_matching (a Hungarian method over a complete
 * bipartite graph with zero-weight "phantom" edges, so it maximises weight,
 * not cardinality).
 *
 * igraph documents the weighted algorithm as "stable only for integer
 * weights": its labels and slacks are updated by subtraction and compared
 * with eps, so rounding in real weights can leave a tight edge untight.
 * The gains are therefore scaled so that the largest is 2^40 and rounded to
 * integers: every label and slack is then an integer below 2^53, exact in
 * a double, and eps = 0.5 separates zero from non-zero exactly. Rounding
 * moves each weight by at most 2^-41 of the largest gain, so the matching
 * found is optimal up to n_buyers * 2^-40 (about 1e-12) of the largest
 * gain; a pair whose gain rounds to 0 is left out (it cannot add more).
 * test/market checks the result against exhaustive search.
 *
 * Counted work: one operation per pair examined plus the documented
 * O(|V| |E|) bound of the weighted algorithm (igraph reports no counts). */
#include "solvers/market/market.h"
#include <errno.h>
#include <igraph.h>
#include <math.h>

#define WEIGHT_SCALE 1099511627776.0 /* 2^40 */

static int build_graph(const q6_market_problem *p, igraph_t *g, igraph_vector_t *w)
{
    uint32_t nb = p->n_buyers, ns = p->n_sellers;
    double top = 0.0;
    for (uint32_t i = 0; i < nb; i++)
        for (uint32_t j = 0; j < ns; j++)
            if (q6_market_feasible(p, i, j) && q6_market_gain(p, i, j) > top)
                top = q6_market_gain(p, i, j);
    igraph_vector_int_t edges;
    if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS)
        return -ENOMEM;
    int rc = 0;
    for (uint32_t i = 0; i < nb && rc == 0; i++)
        for (uint32_t j = 0; j < ns && rc == 0; j++) {
            double gain = q6_market_gain(p, i, j);
            if (!q6_market_feasible(p, i, j) || !(gain > 0.0))
                continue;
            double weight = round(gain / top * WEIGHT_SCALE);
            if (weight < 1.0)
                continue;
            /* vertices: buyers 0..nb-1, sellers nb..nb+ns-1 */
            if (igraph_vector_int_push_back(&edges, i) != IGRAPH_SUCCESS ||
                igraph_vector_int_push_back(&edges, (igraph_integer_t)nb + j) != IGRAPH_SUCCESS ||
                igraph_vector_push_back(w, weight) != IGRAPH_SUCCESS)
                rc = -ENOMEM;
        }
    if (rc == 0 && igraph_create(g, &edges, (igraph_integer_t)nb + ns, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
        rc = -ENOMEM;
    igraph_vector_int_destroy(&edges);
    return rc;
}

/* Matches on g; seller_of gets the sellers of the matched buyers. */
static int solve(const q6_market_problem *p, const igraph_t *g, const igraph_vector_t *w, int32_t *seller_of)
{
    uint32_t nb = p->n_buyers, ns = p->n_sellers;
    igraph_vector_bool_t types;
    igraph_vector_int_t match;
    if (igraph_vector_bool_init(&types, (igraph_integer_t)nb + ns) != IGRAPH_SUCCESS)
        return -ENOMEM;
    if (igraph_vector_int_init(&match, 0) != IGRAPH_SUCCESS) {
        igraph_vector_bool_destroy(&types);
        return -ENOMEM;
    }
    for (uint32_t j = 0; j < ns; j++)
        VECTOR(types)[nb + j] = 1;
    igraph_integer_t size;
    igraph_real_t weight;
    int rc = igraph_maximum_bipartite_matching(g, &types, &size, &weight, &match, w, 0.5) == IGRAPH_SUCCESS
                 ? 0 : -ENOMEM;
    for (uint32_t i = 0; rc == 0 && i < nb; i++)
        if (VECTOR(match)[i] >= 0)
            seller_of[i] = (int32_t)(VECTOR(match)[i] - nb);
    igraph_vector_int_destroy(&match);
    igraph_vector_bool_destroy(&types);
    return rc;
}

int q6_market_exact(const q6_market_problem *p, int32_t *seller_of, uint64_t *ops)
{
    uint32_t nb = p->n_buyers, ns = p->n_sellers;
    for (uint32_t i = 0; i < nb; i++)
        seller_of[i] = -1;
    igraph_vector_t w;
    if (igraph_vector_init(&w, 0) != IGRAPH_SUCCESS)
        return -ENOMEM;
    igraph_t g;
    int rc = build_graph(p, &g, &w);
    if (rc == 0) {
        igraph_integer_t n_edges = igraph_ecount(&g);
        *ops += 2 * (uint64_t)nb * ns + (uint64_t)(nb + ns) * (uint64_t)n_edges;
        if (n_edges > 0)
            rc = solve(p, &g, &w, seller_of);
        igraph_destroy(&g);
    }
    igraph_vector_destroy(&w);
    return rc;
}
