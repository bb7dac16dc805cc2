/* qbsolv-style decomposition of a binary QUBO into sub-QUBOs small enough
 * for a QPU (Booth, Reinhardt, Roy 2017, "Partitioning optimization
 * problems for hybrid classical/quantum execution", D-Wave TR 2017-09-29).
 *
 * Starting from an incumbent state (a warm start), each pass orders the
 * variables by the energy change of flipping each one alone (lowest first:
 * the variables most likely to be wrong) and cuts that order into windows
 * of at most sub_vars variables. Each window becomes a sub-QUBO with every
 * other variable clamped at the incumbent (its couplers to the window fold
 * into the window's linear biases); the caller's solver samples it (on the
 * QPU host, say) and the incumbent takes the window's answer only when the
 * full energy drops. The incumbent's energy therefore never rises, and a
 * warm start's quality is a floor. Passes stop when one improves nothing,
 * after max_passes, or after one pass when a single window covers every
 * variable (solving the same whole problem again would add QPU jobs for a
 * different seed only). Binary models only. */
#ifndef Q6_SOLVERS_QUBO_DECOMPOSE_H
#define Q6_SOLVERS_QUBO_DECOMPOSE_H
#include "solvers/qubo/bqm.h"
#include <stdint.h>

/* Samples the compiled binary sub-model `sub`; on entry `state` holds the
 * incumbent's values of the window (usable as a warm start), on return the
 * answer. 0, or -1 when it could not solve (the decomposition fails). */
typedef int (*q6_subqubo_solve_fn)(void *ctx, const q6_bqm *sub, int8_t *state);

typedef struct {
    size_t sub_vars;       /* largest window, >= 1 */
    unsigned max_passes;   /* >= 1 */
} q6_decompose_params;

typedef struct {
    unsigned passes, jobs, accepted;
    double start_energy, end_energy;
} q6_decompose_stats;

/* bqm compiled and binary; incumbent (num_vars entries of 0/1) is improved
 * in place. *ops (may be NULL) gets the counted classical work: flip
 * deltas, sorting and sub-model building, one operation per coupler or
 * comparison touched. 0, -EINVAL, -ENOMEM, or -1 when solve failed. */
int q6_qubo_decompose(const q6_bqm *bqm, int8_t *incumbent, const q6_decompose_params *p,
                      q6_subqubo_solve_fn solve, void *ctx, q6_decompose_stats *stats, uint64_t *ops);

#endif
