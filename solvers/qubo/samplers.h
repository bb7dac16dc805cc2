/* Samplers of a binary quadratic model: each MINIMISES, returns the k
 * lowest-energy distinct states it met with their energies, is seeded and
 * deterministic under a sweep budget, and counts its work so the engine can
 * charge simulated time from counts (see qpu_cost.h).
 *
 * A wall-clock time_limit_s (CLI and benchmarks only) stops a sampler between
 * sweeps/iterations; a time-limited run is therefore NOT reproducible. */
#ifndef Q6_SOLVERS_QUBO_SAMPLERS_H
#define Q6_SOLVERS_QUBO_SAMPLERS_H
#include "solvers/qubo/bqm.h"
#include <float.h>

/* The k lowest distinct states seen, sorted by energy ascending (ties keep
 * insertion order). States use the model's variable type. */
typedef struct {
    size_t num_vars, capacity, count;
    q6_vartype vartype;
    int8_t *states;     /* count rows of num_vars */
    double *energies;   /* exact energies (q6_bqm_energy) */
    uint64_t *hashes;   /* per row, to find duplicates fast */
} q6_sample_set;

int q6_sample_set_init(q6_sample_set *set, size_t num_vars, size_t capacity, q6_vartype vartype);
void q6_sample_set_free(q6_sample_set *set);
/* Offer a state with its energy: kept when it is not already present and
 * the set is not full or it beats the worst entry. 1 kept, 0 not, <0 error. */
int q6_sample_set_offer(q6_sample_set *set, const int8_t *state, double energy);
/* Energy a new state must beat to enter (+inf while not full). */
double q6_sample_set_threshold(const q6_sample_set *set);

typedef struct {
    uint64_t seed;
    size_t num_reads;      /* SA: anneals; tabu: restarts; 0 = default (10) */
    size_t num_sweeps;     /* SA: sweeps per anneal (0 = 1000); tabu: iterations
                              without improvement that end a restart (0 = 20 n) */
    double beta_start;     /* SA inverse temperatures [1/energy]; 0 = default */
    double beta_end;
    size_t top_k;          /* samples kept; 0 = 1 */
    size_t tabu_tenure;    /* 0 = default min(n/100 + 10, n/4), at least 1 and
                              below n (0 for n = 1: nothing to forbid); must be < n */
    double time_limit_s;   /* wall-clock cap, 0 = none (not reproducible) */
    int has_target;        /* stop once an energy <= target_energy is found */
    double target_energy;
} q6_sampler_params;

/* Counted work (simulated cost comes from these, never from wall time). */
typedef struct {
    uint64_t spin_update_attempts; /* single-flip candidates evaluated */
    uint64_t accepted_flips;       /* flips performed */
    uint64_t field_updates;        /* neighbour local-field updates */
    uint64_t sweeps;               /* SA sweeps; tabu iterations; exact states / n */
    uint64_t reads;                /* anneals / restarts / 1 */
    int exhaustive_complete;       /* exact: every state enumerated */
    int stopped_by_time;
    int reached_target;
    double wall_s;                 /* reported only */
    double time_to_target_s;       /* wall time when the target was reached, -1 if not */
} q6_sampler_stats;

void q6_sampler_params_default(q6_sampler_params *p);

/* Default geometric schedule end points from the biases (after dwave-neal's
 * default beta range): hot beta = ln 2 / max_i (|h_i| + sum_j |J_ij|), so the
 * largest single-flip uphill move is accepted with probability 1/2; cold
 * beta = ln 100 / (smallest nonzero |bias|), so the smallest uphill move is
 * accepted with probability 1/100. Binary-model energies. */
int q6_sa_default_beta_range(const q6_bqm *bqm, double *beta_start, double *beta_end);

/* Largest n q6_sample_exact accepts. */
#define Q6_EXACT_MAX_VARS 30

/* Every energy and every single-flip delta of a model is bounded by
 * S = |offset| + sum |h_i| + sum |J_ij| (in its binary form). The samplers
 * add such values up incrementally, so a model with S above this bound
 * could overflow to +-inf mid-search (and then compare as NaN): it is
 * refused with -ERANGE. The headroom of 8 covers e + delta and drift. */
#define Q6_QUBO_MAX_ABS_SUM (DBL_MAX / 8.0)
/* S of a compiled model (binary form of the caller's choosing). */
double q6_bqm_abs_sum(const q6_bqm *bqm);

/* Each sampler: bqm compiled (either variable type), out initialised here
 * with capacity top_k, stats filled. 0, -EINVAL, -ENOMEM, or -ERANGE when
 * the model's coefficients are too large (Q6_QUBO_MAX_ABS_SUM). */
int q6_sample_exact(const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out, q6_sampler_stats *stats);
int q6_sample_sa(const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out, q6_sampler_stats *stats);
int q6_sample_tabu(const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out, q6_sampler_stats *stats);

typedef enum { Q6_SAMPLER_EXACT = 0, Q6_SAMPLER_SA, Q6_SAMPLER_TABU } q6_sampler_kind;
/* "exact", "sa", "tabu" -> kind; -1 when unknown. */
int q6_sampler_from_name(const char *name);
const char *q6_sampler_name(q6_sampler_kind kind);
int q6_sample(q6_sampler_kind kind, const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out,
              q6_sampler_stats *stats);

#endif
