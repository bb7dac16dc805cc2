/* Welfare, constraint check and stability test of a matching; the engine
 * validates every plugin's matching with q6_market_check. */
#include "solvers/market/market.h"
#include <stdio.h>
#include <stdlib.h>

static int in_range(const q6_market_problem *p, int32_t s)
{
    return s >= 0 && (uint32_t)s < p->n_sellers;
}

double q6_market_welfare(const q6_market_problem *p, const int32_t *seller_of)
{
    double w = 0.0;
    for (uint32_t i = 0; i < p->n_buyers; i++) {
        int32_t s = seller_of[i];
        if (!in_range(p, s)) {
            w += p->buyers[i].grid_utility;
            continue;
        }
        size_t k = q6_market_pair(p, i, (uint32_t)s);
        w += p->buyer_utility[k] + p->seller_utility[k];
    }
    /* O(n_buyers * n_sellers) like the problem itself, and never fails. */
    for (uint32_t j = 0; j < p->n_sellers; j++) {
        int matched = 0;
        for (uint32_t i = 0; i < p->n_buyers && !matched; i++)
            matched = seller_of[i] == (int32_t)j;
        if (!matched)
            w += p->sellers[j].grid_utility;
    }
    return w;
}

static const char *kind_name(q6_party_kind k) { return k == Q6_PARTY_EV ? "EV" : "BS"; }

/* Which of C3-C5 the party data shows failing, for the report of an
 * inadmissible pair (the engine's flag stays the authority). */
static void admissibility_detail(const q6_market_problem *p, uint32_t i, uint32_t j, char *buf, size_t len)
{
    const q6_party_view *b = &p->buyers[i], *s = &p->sellers[j];
    double trv = p->travel_energy_j[q6_market_pair(p, i, j)];
    int n = snprintf(buf, len, "buyer %u (%s %u) with seller %u (%s %u) is not admissible:", i, kind_name(b->kind),
                     b->index, j, kind_name(s->kind), s->index);
    int why = 0;
    if (b->kind == s->kind && n >= 0 && (size_t)n < len) {
        n += snprintf(buf + n, len - (size_t)n, " both are %ss;", kind_name(b->kind));
        why++;
    }
    if (b->kind == Q6_PARTY_EV && trv > b->soc_j && n >= 0 && (size_t)n < len) {
        n += snprintf(buf + n, len - (size_t)n, " C3 travel %.6g J > buyer SoC %.6g J;", trv, b->soc_j);
        why++;
    }
    if (b->energy_j > s->soc_j - s->reserve_j && n >= 0 && (size_t)n < len) {
        n += snprintf(buf + n, len - (size_t)n, " C4 demand %.6g J > seller SoC - RE = %.6g J;", b->energy_j,
                      s->soc_j - s->reserve_j);
        why++;
    }
    if (s->kind == Q6_PARTY_EV && s->reserve_j < trv && n >= 0 && (size_t)n < len) {
        n += snprintf(buf + n, len - (size_t)n, " C5 seller RE %.6g J < travel %.6g J;", s->reserve_j, trv);
        why++;
    }
    if (!why && n >= 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, " flagged by the engine (travel %.6g J)", trv);
}

int q6_market_check(const q6_market_problem *p, const int32_t *seller_of,
                    void (*report)(void *ctx, uint32_t buyer, const char *constraint, const char *detail),
                    void *ctx)
{
    char detail[512];
    int violations = 0;
#define VIOLATION(name, ...)                                   \
    do {                                                       \
        violations++;                                          \
        if (report) {                                          \
            snprintf(detail, sizeof detail, __VA_ARGS__);      \
            report(ctx, i, name, detail);                      \
        }                                                      \
    } while (0)
    for (uint32_t i = 0; i < p->n_buyers; i++) {
        int32_t s = seller_of[i];
        if (s == -1)
            continue;
        if (!in_range(p, s)) {
            VIOLATION("M1", "buyer %u: seller_of = %d is neither -1 nor below n_sellers = %u", i, s, p->n_sellers);
            continue;
        }
        uint32_t j = (uint32_t)s;
        /* O(n^2) scan without allocation: the check must not fail. */
        for (uint32_t k = 0; k < i; k++)
            if (seller_of[k] == s) {
                VIOLATION("M2", "buyer %u: seller %u is already matched with buyer %u", i, j, k);
                break;
            }
        size_t pk = q6_market_pair(p, i, j);
        if (!(p->buyer_utility[pk] >= 0.0))
            VIOLATION("C1", "buyer %u with seller %u: U_i = %.6g < 0", i, j, p->buyer_utility[pk]);
        if (!(p->seller_utility[pk] >= 0.0))
            VIOLATION("C2", "buyer %u with seller %u: U_j = %.6g < 0", i, j, p->seller_utility[pk]);
        if (!p->admissible[pk]) {
            violations++;
            if (report) {
                admissibility_detail(p, i, j, detail, sizeof detail);
                report(ctx, i, "C3-C5", detail);
            }
        }
    }
#undef VIOLATION
    return violations;
}

/* Does party utility `with` beat the current one? Unmatched parties take
 * any acceptable partner. */
static int prefers(double with, int matched, double current)
{
    return !matched || with > current;
}

int q6_market_blocking_pair(const q6_market_problem *p, const int32_t *seller_of, uint32_t *bi, uint32_t *bj)
{
    int32_t *buyer_of = malloc((p->n_sellers ? p->n_sellers : 1) * sizeof *buyer_of);
    if (!buyer_of)
        return -1;
    for (uint32_t j = 0; j < p->n_sellers; j++)
        buyer_of[j] = -1;
    int found = 0;
    /* (a) a matched pair one side would leave for the grid */
    for (uint32_t i = 0; i < p->n_buyers && !found; i++)
        if (in_range(p, seller_of[i])) {
            buyer_of[seller_of[i]] = (int32_t)i;
            if (!q6_market_acceptable(p, i, (uint32_t)seller_of[i])) {
                *bi = i;
                *bj = (uint32_t)seller_of[i];
                found = 1;
            }
        }
    /* (b) an acceptable pair that both sides strictly prefer */
    for (uint32_t i = 0; i < p->n_buyers && !found; i++)
        for (uint32_t j = 0; j < p->n_sellers && !found; j++) {
            if (seller_of[i] == (int32_t)j || !q6_market_acceptable(p, i, j))
                continue;
            int32_t s = seller_of[i], b = buyer_of[j];
            double ui = p->buyer_utility[q6_market_pair(p, i, j)], uj = p->seller_utility[q6_market_pair(p, i, j)];
            int buyer_wants = prefers(ui, s >= 0, s >= 0 ? p->buyer_utility[q6_market_pair(p, i, (uint32_t)s)] : 0);
            int seller_wants = prefers(uj, b >= 0, b >= 0 ? p->seller_utility[q6_market_pair(p, (uint32_t)b, j)] : 0);
            if (buyer_wants && seller_wants) {
                *bi = i;
                *bj = j;
                found = 1;
            }
        }
    free(buyer_of);
    return found;
}
