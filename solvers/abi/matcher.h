/* q6sim plugin ABI 3: the energy-market matcher (paper 000).
 *
 * Every slot each EV and BS is a buyer (demand e_i) or a seller (surplus
 * e_j = SoC_j - RE_j). Pairs are one EV with one BS; the EV travels to the
 * BS, they trade e_i at the seller's price p_j and the EV computes one edge
 * chunk for the BS. Unmatched parties trade with the grid at p_G.
 * The problem and decision layouts are those of ABI 2 (fields are only ever
 * appended), so the engine hands ABI-2 plugins the same structs. */
#ifndef Q6_SOLVERS_ABI_MATCHER_H
#define Q6_SOLVERS_ABI_MATCHER_H
#include "solvers/abi/common.h"

typedef enum { Q6_PARTY_EV = 0, Q6_PARTY_BS = 1 } q6_party_kind;

typedef struct {
    q6_party_kind kind;
    uint32_t index;          /* vehicle index (EV) or AP index (BS) */
    double energy_j;         /* buyer: demand e_i; seller: surplus e_j = SoC_j - RE_j */
    double soc_j;            /* stored energy at the start of the slot */
    double reserve_j;        /* RE_j: one hour of the party's own consumption */
    /* Its outside option: the utility of trading with the grid (eqs. 7-8,
     * grid case) when that is positive, else 0 (it does not trade). */
    double grid_utility;
} q6_party_view;

typedef struct {
    uint32_t abi_version;
    uint64_t slot;
    double now_s;
    uint32_t n_buyers, n_sellers;
    const q6_party_view *buyers, *sellers;
    /* Per pair, index i * n_sellers + j: */
    const double *buyer_utility;   /* U_i when buyer i is matched with seller j (eq. 7) */
    const double *seller_utility;  /* U_j when seller j is matched with buyer i (eq. 8) */
    const double *travel_energy_j; /* e_EV^trv of the pair's EV to the pair's BS (eq. 5) */
    /* 1 where the pair may trade: one EV and one BS, and C3-C5 of eq. (9)
     * hold. C1-C2 (U_i >= 0, U_j >= 0) are left to the plugin. */
    const uint8_t *admissible;
    double qubo_penalty;           /* scenario's penalty weight P; 0: the plugin's own rule */
    const q6_services *services;
} q6_market_problem;

/* Constraints the engine checks on a matching (report names them):
 *   M1 seller_of[i] is -1 or < n_sellers;  M2 each seller has one buyer at most;
 *   C1 U_i >= 0 and C2 U_j >= 0 for every matched pair;
 *   C3-C5 the pair is admissible. */
typedef struct {
    int32_t *seller_of;      /* n_buyers entries, preset to -1 (trade with the grid) */
} q6_market_decision;

typedef struct q6_matcher {
    q6_plugin_header h;      /* kind = Q6_KIND_MATCHER, table_size = sizeof(q6_matcher) */
    /* Returns 0, or non-zero with a message in err. May be NULL (no state). */
    int (*init)(const q6_plugin_init_args *args, void **state, char *err, size_t errlen);
    /* Returns 0, or non-zero when it cannot decide, saying why in err
     * (a run failure naming the plugin and the message). */
    int (*match)(void *state, const q6_market_problem *problem, q6_market_decision *decision, char *err,
                 size_t errlen);
    void (*finish)(void *state); /* may be NULL */
} q6_matcher;

#endif
