/* Energy-market matching of paper 000 (sec. II-D, III): buyers (EVs or BSs
 * short of energy) matched one-to-one with sellers (BSs or EVs with a
 * surplus) through q6_market_problem (solvers/abi/matcher.h).
 *
 * Definitions used by every matcher, checker and test here:
 *
 * Social welfare (paper eq. below (8), W = sum U_i + sum U_j). Every party
 * trades: a matched buyer i and seller j get U_i and U_j of the pair; an
 * unmatched buyer or seller trades with the grid and gets its grid_utility
 * (the "grid" case of eqs. 7-8), whatever its sign:
 *     W = sum_{(i,j) matched} (U_i + U_j) + sum_{unmatched k} grid_utility_k.
 * Matching (i,j) therefore changes W by the pair's gain
 *     g_ij = U_i + U_j - grid_utility_i - grid_utility_j,
 * and the maximum of W over feasible matchings is the maximum-weight
 * matching on the gains of the feasible pairs with g_ij > 0.
 *
 * Feasible pair (problem (9)): admissible (one EV and one BS, C3-C5, set by
 * the engine), U_i >= 0 (C1) and U_j >= 0 (C2). The aggregator's matchers
 * (exact, greedy, qubo) choose among feasible pairs to raise W.
 *
 * Acceptable pair (the market view of sec. III-B, GS and random): feasible,
 * and each side gets at least its outside option, the grid:
 * U_i >= grid_utility_i and U_j >= grid_utility_j. A party indifferent
 * between the pair and the grid (equality) counts the pair as acceptable,
 * i.e. it ranks trading with a peer above the grid on a tie. A buyer ranks
 * acceptable sellers by U_i, a seller ranks acceptable buyers by U_j,
 * higher first; equal utilities are broken by the lower index.
 *
 * Stability: a matching is blocked by (a) a matched pair that is not
 * acceptable (one side would rather trade with the grid) or (b) an
 * acceptable pair (i,j), not matched together, where i is unmatched or
 * strictly prefers j (higher U_i) to its seller, and j is unmatched or
 * strictly prefers i (higher U_j) to its buyer. Buyer-proposing deferred
 * acceptance never leaves either.
 *
 * Units: utilities in the paper's monetary unit, energies in J. */
#ifndef Q6_SOLVERS_MARKET_H
#define Q6_SOLVERS_MARKET_H
#include "solvers/abi/matcher.h"
#include "solvers/qubo/bqm.h"
#include <stddef.h>
#include <stdint.h>

/* ---- pairs (pairs.c) ---- */
static inline size_t q6_market_pair(const q6_market_problem *p, uint32_t i, uint32_t j)
{
    return (size_t)i * p->n_sellers + j;
}
/* C1-C5 hold for buyer i with seller j. */
int q6_market_feasible(const q6_market_problem *p, uint32_t i, uint32_t j);
/* Feasible and no worse than the grid for either side. */
int q6_market_acceptable(const q6_market_problem *p, uint32_t i, uint32_t j);
/* g_ij = U_i + U_j - grid_utility_i - grid_utility_j. */
double q6_market_gain(const q6_market_problem *p, uint32_t i, uint32_t j);
/* Sorts idx[0..n) by key[idx[k]] descending, equal keys by idx ascending
 * (a total order, so the result is deterministic); adds the comparisons
 * made to *ops. */
void q6_market_sort_desc(uint32_t *idx, size_t n, const double *key, uint64_t *ops);
/* Greedy by gain: sorts the listed pair indices (i * n_sellers + j) by
 * g_ij descending (ties: lower index first) and matches each pair whose
 * buyer and seller are both still free in seller_of (-1 = free buyer).
 * *skipped (may be NULL) gets the pairs passed over because a side was
 * taken. Reorders pairs. 0 or -ENOMEM. */
int q6_market_take_best(const q6_market_problem *p, uint32_t *pairs, size_t n, int32_t *seller_of,
                        uint32_t *skipped, uint64_t *ops);
/* Charges `ops` to the aggregator through services->charge_compute when
 * the problem carries services (not in unit tests). */
void q6_market_charge(const q6_market_problem *p, uint64_t ops);

/* ---- checks (check.c) ---- */
/* W of a decision as defined above. Entries outside [-1, n_sellers) count
 * as the grid; a seller listed twice (M2) counts once per pair. */
double q6_market_welfare(const q6_market_problem *p, const int32_t *seller_of);
/* Checks M1, M2, C1, C2 and C3-C5 of solvers/plugin.h; calls report (may
 * be NULL) once per violation with the constraint's name ("M1", "M2",
 * "C1", "C2", "C3-C5") and a line naming the parties and the values.
 * Returns the number of violations. */
int q6_market_check(const q6_market_problem *p, const int32_t *seller_of,
                    void (*report)(void *ctx, uint32_t buyer, const char *constraint, const char *detail),
                    void *ctx);
/* 1 when the matching is not stable (see above), with the blocking buyer
 * and seller in *i, *j; 0 when stable; -1 when out of memory. The matching
 * must pass M1 and M2. */
int q6_market_blocking_pair(const q6_market_problem *p, const int32_t *seller_of, uint32_t *i, uint32_t *j);

/* ---- matchers: fill seller_of (n_buyers entries, any content on entry),
 * add their counted operations to *ops; 0 or -ENOMEM ---- */
/* Buyer-proposing deferred acceptance over acceptable pairs (gale_shapley.c). */
int q6_market_gale_shapley(const q6_market_problem *p, int32_t *seller_of, uint64_t *ops);
/* Maximum welfare over feasible matchings (exact.c). */
int q6_market_exact(const q6_market_problem *p, int32_t *seller_of, uint64_t *ops);

/* ---- QUBO of sec. III-C (qubo.c) ---- */
typedef enum {
    Q6_MARKET_OBJ_GAIN = 0,  /* w_ij = -g_ij: minimum energy = maximum welfare */
    Q6_MARKET_OBJ_PAPER = 1  /* w_ij = -U_i - U_j as printed in the paper */
} q6_market_objective;

typedef enum {
    Q6_MARKET_PAIRS_ALL = 0,    /* every EV-BS pair, feasible or not (the paper's graph, Table I penalties) */
    Q6_MARKET_PAIRS_USEFUL = 1, /* only feasible pairs with g_ij > 0: the same optimum, far fewer qubits */
    /* Useful pairs that can be in a maximum-welfare matching: in each of
     * the two sub-markets (EV buyers with BS sellers, BS buyers with EV
     * sellers), with k_s sellers and k_b buyers that have a useful pair,
     * each party of the smaller side keeps its k (= that side's count)
     * best partners by gain (ties: lower index). Some optimum uses only
     * kept pairs (qubo.c), so the minimum is the same with at most k^2
     * variables per sub-market. */
    Q6_MARKET_PAIRS_RANKED = 2
} q6_market_pairs;

typedef struct {
    q6_bqm bqm;              /* binary, compiled */
    uint32_t n_vars;
    uint32_t *buyer, *seller; /* the pair of each variable */
    double penalty;          /* P used */
} q6_market_qubo;

/* One variable per EV-BS pair (buyer and seller of different kinds: only
 * those can ever trade), feasible or not; with Q6_MARKET_PAIRS_USEFUL only
 * the feasible pairs with a positive gain (the others are never in a
 * welfare-maximising matching, so the minimum is the same). penalty <= 0
 * picks the default rule (qubo.c); problem->qubo_penalty is NOT read here
 * so tests can vary it. 0, -EINVAL or -ENOMEM; out is freed by
 * q6_market_qubo_free. */
int q6_market_qubo_build(const q6_market_problem *p, q6_market_objective obj, q6_market_pairs pairs,
                         double penalty, q6_market_qubo *out);
void q6_market_qubo_free(q6_market_qubo *q);
/* Decodes a binary state into seller_of and repairs it into a feasible
 * matching: chosen pairs that are not feasible are dropped, conflicting
 * pairs on one buyer or seller are resolved keeping the larger gain. Each
 * dropped pair counts one repair in *repairs (may be NULL). 0 or -ENOMEM. */
int q6_market_qubo_decode(const q6_market_problem *p, const q6_market_qubo *q, const int8_t *state,
                          int32_t *seller_of, uint32_t *repairs, uint64_t *ops);

/* ---- the qubo matcher as the plugin runs it (qubo_match.c) ---- */
typedef struct {
    int use_qpu;                   /* host=qpu (default) | cpu */
    q6_market_objective objective; /* objective=gain (default) | paper */
    q6_market_pairs pairs;         /* pairs=ranked (default) | useful | all */
    int warm_greedy;               /* warm=greedy (default): start from the greedy-by-gain matching | none */
    uint32_t sub_vars;             /* sub_vars=N: largest sub-QUBO sent to the QPU (default 256) */
    uint32_t passes;               /* passes=N: most decomposition passes (default 4) */
    q6_qubo_options opt;           /* solver=sa|tabu|exact, reads=N, sweeps=N */
    uint64_t solves;               /* solves so far: seed of the next one is opt.seed + solves */
} q6_market_qubo_config;

/* What the last q6_market_qubo_match did (for benchmarks and tests). */
typedef struct {
    uint32_t n_vars, n_couplers;   /* of the full market QUBO */
    uint32_t jobs, passes, accepted; /* sub-QUBOs sampled, passes, windows taken */
    uint32_t repairs;              /* pairs the decoder dropped */
    double warm_gain, gain;        /* welfare gain over the grid of the warm start and of the result */
} q6_market_qubo_report;

/* Parses the plugin's "key=value,..." params; 0, or -1 with a message. */
int q6_market_qubo_config_parse(const char *params, uint64_t seed, q6_market_qubo_config *c, char *err,
                                size_t errlen);
/* Builds the QUBO (penalty: problem->qubo_penalty when > 0, else the
 * default rule), starts from the warm start (greedy by gain, or nothing
 * chosen), improves it by qbsolv-style decomposition (solvers/qubo/
 * decompose.h) whose sub-QUBOs of at most sub_vars variables are sampled
 * on the QPU host through the services, one QPU job each (CPU service
 * when no QPU host answers; locally with solvers/qubo when the problem
 * has no services), then decodes and repairs the incumbent. The classical
 * build, warm start, decomposition and repair work is charged with
 * charge_compute; each sampling by the service that ran it. *report (may
 * be NULL) says what happened. 0, or -1 when no sampler could solve it. */
int q6_market_qubo_match(q6_market_qubo_config *c, const q6_market_problem *p, q6_market_decision *d,
                         q6_market_qubo_report *report);

/* ---- built-in matching plugins (plugins.c) ---- */
extern const q6_matcher q6_match_gale_shapley;
extern const q6_matcher q6_match_exact;
extern const q6_matcher q6_match_qubo;

#endif
