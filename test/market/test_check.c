/* q6_market_check names every violated constraint of hand-made bad
 * matchings with the parties and values; welfare and blocking pairs on a
 * hand-worked instance. */
#include "solvers/market/market.h"
#include "test/check.h"
#include "test/market/instance.h"
#include <string.h>

typedef struct {
    int count;
    char constraint[16];
    char detail[512];
    uint32_t buyer;
} last_report;

static void remember(void *ctx, uint32_t buyer, const char *constraint, const char *detail)
{
    last_report *r = ctx;
    r->count++;
    r->buyer = buyer;
    snprintf(r->constraint, sizeof r->constraint, "%s", constraint);
    snprintf(r->detail, sizeof r->detail, "%s", detail);
}

/* Checks one decision; 1 when exactly one violation of `name` was reported
 * with `needle` in its detail. */
static int reports(const q6_market_problem *p, const int32_t *seller_of, const char *name, const char *needle)
{
    last_report r = {0};
    int n = q6_market_check(p, seller_of, remember, &r);
    if (n != 1 || r.count != 1 || strcmp(r.constraint, name) || !strstr(r.detail, needle)) {
        fprintf(stderr, "expected one %s with '%s', got %d: %s %s\n", name, needle, n, r.constraint, r.detail);
        return 0;
    }
    return 1;
}

int main(void)
{
    /* 3 EV buyers, 3 BS sellers; pair (i, j) at i * 3 + j. */
    instance in;
    instance_empty(&in, 3, 3);
    q6_market_problem *p = &in.p;
    for (size_t k = 0; k < 9; k++) {
        in.admissible[k] = 1;
        in.u_i[k] = 1.0 + (double)k;
        in.u_j[k] = 2.0;
    }
    for (uint32_t n = 0; n < 3; n++) {
        in.buyers[n].grid_utility = 1.0;
        in.sellers[n].grid_utility = 0.5;
        in.buyers[n].soc_j = 5e6;
        in.buyers[n].energy_j = 1e6;
        in.sellers[n].soc_j = 9e6;
        in.sellers[n].reserve_j = 2e6;
    }

    int32_t good[3] = {0, 1, -1};
    CHECK(q6_market_check(p, good, remember, &(last_report){0}) == 0);
    CHECK(q6_market_check(p, good, NULL, NULL) == 0);
    /* W = (U_i + U_j)(0,0) + (U_i + U_j)(1,1) + grid buyer 2 + grid seller 2
     *   = (1 + 2) + (5 + 2) + 1 + 0.5 = 11.5 */
    CHECK_NEAR(q6_market_welfare(p, good), 11.5, 1e-12);
    int32_t none[3] = {-1, -1, -1};
    CHECK_NEAR(q6_market_welfare(p, none), 3 * 1.0 + 3 * 0.5, 1e-12);

    CHECK(reports(p, (int32_t[]){3, -1, -1}, "M1", "seller_of = 3"));
    CHECK(reports(p, (int32_t[]){-1, -1, -7}, "M1", "buyer 2"));
    CHECK(reports(p, (int32_t[]){2, -1, 2}, "M2", "already matched with buyer 0"));

    in.u_i[1 * 3 + 2] = -0.25;
    CHECK(reports(p, (int32_t[]){-1, 2, -1}, "C1", "U_i = -0.25"));
    in.u_i[1 * 3 + 2] = 6.0;
    in.u_j[2 * 3 + 0] = -3.5;
    CHECK(reports(p, (int32_t[]){-1, -1, 0}, "C2", "U_j = -3.5"));
    in.u_j[2 * 3 + 0] = 2.0;

    /* C3: the EV buyer cannot reach the BS. */
    in.admissible[0] = 0;
    in.travel_j[0] = 6e6;
    CHECK(reports(p, (int32_t[]){0, -1, -1}, "C3-C5", "C3 travel 6e+06 J > buyer SoC 5e+06 J"));
    /* C4: demand above the seller's surplus SoC - RE. */
    in.travel_j[0] = 1e3;
    in.buyers[0].energy_j = 8e6;
    CHECK(reports(p, (int32_t[]){0, -1, -1}, "C3-C5", "C4 demand 8e+06 J > seller SoC - RE = 7e+06 J"));
    /* C5: an EV seller whose reserve does not cover the trip (BS buyer). */
    in.buyers[0].energy_j = 1e6;
    in.buyers[0].kind = Q6_PARTY_BS;
    in.sellers[0].kind = Q6_PARTY_EV;
    in.travel_j[0] = 3e6;
    CHECK(reports(p, (int32_t[]){0, -1, -1}, "C3-C5", "C5 seller RE 2e+06 J < travel 3e+06 J"));
    /* Two parties of one kind. */
    in.sellers[0].kind = Q6_PARTY_BS;
    in.travel_j[0] = 0.0;
    CHECK(reports(p, (int32_t[]){0, -1, -1}, "C3-C5", "both are BSs"));

    /* Several at once: M2 and C1 on buyer 1, C3-C5 on buyer 0. */
    in.u_i[1 * 3 + 0] = -1.0;
    CHECK(q6_market_check(p, (int32_t[]){0, 0, -1}, NULL, NULL) == 3);

    /* Stability on a clean 2x2 (rows: buyers; grid 0 for everyone):
     *   U_i = [5 3; 4 1], U_j = [1 3; 2 1].
     * {b0-s0, b1-s1} is blocked by (b1, s0): b1 gets 4 > 1, s0 gets 2 > 1.
     * {b0-s1, b1-s0} is stable: b0 wants s0 (5 > 3) but s0 keeps b1 (2 > 1). */
    instance two;
    instance_empty(&two, 2, 2);
    const double ui[4] = {5, 3, 4, 1}, uj[4] = {1, 3, 2, 1};
    for (int k = 0; k < 4; k++) {
        two.u_i[k] = ui[k];
        two.u_j[k] = uj[k];
        two.admissible[k] = 1;
    }
    uint32_t bi = 9, bj = 9;
    CHECK(q6_market_blocking_pair(&two.p, (int32_t[]){0, 1}, &bi, &bj) == 1 && bi == 1 && bj == 0);
    CHECK(q6_market_blocking_pair(&two.p, (int32_t[]){1, 0}, &bi, &bj) == 0);
    /* Leaving everyone on the grid is blocked by any acceptable pair. */
    CHECK(q6_market_blocking_pair(&two.p, (int32_t[]){-1, -1}, &bi, &bj) == 1);
    /* A pair below a party's grid utility is blocked by that party. */
    two.buyers[0].grid_utility = 3.5;
    CHECK(q6_market_blocking_pair(&two.p, (int32_t[]){1, 0}, &bi, &bj) == 1 && bi == 0 && bj == 1);
    instance_free(&two);
    instance_free(&in);
    return CHECK_DONE();
}
