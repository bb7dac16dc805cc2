/* Turning constrained binary problems into QUBOs (binary models only).
 *
 * Constraint-penalty pairs (Glover, Kochenberger, Du, "Quantum Bridge
 * Analytics I: a tutorial on formulating and using QUBO models", 4OR 2019,
 * sec. 3; used by paper 002 eqs. (36)-(41)):
 *   sum_i a_i x_i = b   ->  P (sum_i a_i x_i - b)^2
 *   sum_i a_i x_i <= b  ->  P (sum_i a_i x_i + sum_k c_k s_k - b)^2 with
 *                           binary slack bits s_k (log encoding, the last
 *                           weight capped so the slack spans exactly
 *                           [0, b - min_x sum a_i x_i]).
 *
 * Penalty rule (q6_qubo_penalty_default): P = 1 + sum_i |h_i| + sum |J_ij|
 * of the objective. That sum bounds max E - min E of the objective, and with
 * integer constraint coefficients every violation costs P * (violation)^2
 * >= P, so any infeasible assignment costs more than every feasible one.
 * Callers may pass any other P > 0 (smaller penalties often anneal better). */
#ifndef Q6_SOLVERS_QUBO_BUILDERS_H
#define Q6_SOLVERS_QUBO_BUILDERS_H
#include "solvers/qubo/bqm.h"

/* 1 + sum of |biases| of the objective (offset excluded); see above. */
double q6_qubo_penalty_default(const q6_bqm *objective);

/* Add P (sum_k coef[k] x_vars[k] - rhs)^2. Variables must be distinct. */
int q6_qubo_add_equality(q6_bqm *bqm, const size_t *vars, const double *coef, size_t count,
                         double rhs, double penalty);

/* Exactly one of vars is 1: P (sum x - 1)^2. */
int q6_qubo_add_one_hot(q6_bqm *bqm, const size_t *vars, size_t count, double penalty);

/* sum_k coef[k] x_vars[k] <= rhs with integer coef and rhs: adds the slack
 * bits (their count in *num_slack, first index in *first_slack, both may be
 * NULL). -EINVAL when a coefficient is not an integer or the constraint
 * cannot be met by any assignment. */
int q6_qubo_add_le(q6_bqm *bqm, const size_t *vars, const double *coef, size_t count, double rhs,
                   double penalty, size_t *first_slack, size_t *num_slack);

/* sum coef x >= rhs, as -sum coef x <= -rhs. */
int q6_qubo_add_ge(q6_bqm *bqm, const size_t *vars, const double *coef, size_t count, double rhs,
                   double penalty, size_t *first_slack, size_t *num_slack);

/* Binary expansion of a bounded continuous variable (paper 002 eq. 35):
 *   eta = sum_{i<n_int} 2^i w_i + sum_{j=1..n_frac} 2^-j w_{n_int+j-1}
 *         - sum_{k<n_neg} 2^k w_{n_int+n_frac+k}
 * i.e. positive integer bits, fraction bits and negative (sign) integer
 * bits; eta spans [-(2^n_neg - 1), 2^n_int - 2^-n_frac] in steps of
 * 2^-n_frac (when n_neg > 0 the same value may have several encodings). */
typedef struct {
    size_t first_var;       /* index of w_0 in the model */
    unsigned n_int, n_frac, n_neg;
} q6_qubo_expansion;

size_t q6_qubo_expansion_bits(const q6_qubo_expansion *e);
/* Weight of bit b (0 <= b < bits) in eta; NAN when out of range. */
double q6_qubo_expansion_weight(const q6_qubo_expansion *e, size_t bit);
/* eta of an assignment of the whole model (state indexed by model var). */
double q6_qubo_expansion_value(const q6_qubo_expansion *e, const int8_t *state);
/* Add the expansion's bits to bqm (n_int + n_frac + n_neg <= 62). */
int q6_qubo_add_expansion(q6_bqm *bqm, unsigned n_int, unsigned n_frac, unsigned n_neg,
                          q6_qubo_expansion *out);
/* Add scale * eta to the objective (e.g. the master-problem objective). */
int q6_qubo_add_expansion_linear(q6_bqm *bqm, const q6_qubo_expansion *e, double scale);

#endif
