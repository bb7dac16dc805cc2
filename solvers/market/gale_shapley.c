/* Buyer-proposing deferred acceptance (Gale & Shapley 1962; paper 000
 * sec. III-B) over the acceptable pairs of market.h. Each buyer proposes
 * down its list (highest U_i first); a seller holds the best proposer so
 * far (highest U_j) and releases the one it held. Ties are broken by the
 * lower index on both sides, which makes preferences strict: the result is
 * the unique buyer-optimal stable matching of those strict preferences,
 * whatever order free buyers propose in. Counted work: list building (one
 * operation per pair examined), sort comparisons, proposals and the
 * sellers' comparisons. */
#include "solvers/market/market.h"
#include <errno.h>
#include <stdlib.h>

int q6_market_gale_shapley(const q6_market_problem *p, int32_t *seller_of, uint64_t *ops)
{
    uint32_t nb = p->n_buyers, ns = p->n_sellers;
    uint32_t *list = malloc(((size_t)nb * ns + 1) * sizeof *list);
    uint32_t *len = calloc(nb + 1, sizeof *len), *next = calloc(nb + 1, sizeof *next);
    uint32_t *free_buyers = malloc((nb + 1) * sizeof *free_buyers);
    int32_t *held = malloc((ns + 1) * sizeof *held);
    if (!list || !len || !next || !free_buyers || !held) {
        free(list), free(len), free(next), free(free_buyers), free(held);
        return -ENOMEM;
    }
    uint64_t work = 0;
    for (uint32_t i = 0; i < nb; i++) {
        uint32_t *row = list + (size_t)i * ns;
        for (uint32_t j = 0; j < ns; j++)
            if (q6_market_acceptable(p, i, j))
                row[len[i]++] = j;
        work += ns;
        q6_market_sort_desc(row, len[i], p->buyer_utility + (size_t)i * ns, &work);
    }
    for (uint32_t j = 0; j < ns; j++)
        held[j] = -1;
    /* Free buyers form a stack, pushed in reverse so buyer 0 proposes first. */
    uint32_t n_free = 0;
    for (uint32_t i = nb; i-- > 0;)
        free_buyers[n_free++] = i;
    while (n_free > 0) {
        uint32_t i = free_buyers[--n_free];
        if (next[i] == len[i])
            continue; /* list exhausted: buyer i trades with the grid */
        uint32_t j = list[(size_t)i * ns + next[i]++];
        work++; /* the proposal */
        if (held[j] < 0) {
            held[j] = (int32_t)i;
            continue;
        }
        uint32_t k = (uint32_t)held[j];
        double ui = p->seller_utility[q6_market_pair(p, i, j)], uk = p->seller_utility[q6_market_pair(p, k, j)];
        work++; /* the seller's comparison */
        if (ui > uk || (ui == uk && i < k)) {
            held[j] = (int32_t)i;
            free_buyers[n_free++] = k;
        } else {
            free_buyers[n_free++] = i;
        }
    }
    for (uint32_t i = 0; i < nb; i++)
        seller_of[i] = -1;
    for (uint32_t j = 0; j < ns; j++)
        if (held[j] >= 0)
            seller_of[held[j]] = (int32_t)j;
    *ops += work;
    free(list), free(len), free(next), free(free_buyers), free(held);
    return 0;
}
