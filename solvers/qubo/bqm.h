/* Binary quadratic model (BQM): E(v) = offset + sum_i h_i v_i + sum_{i<j} J_ij v_i v_j
 * over binary v in {0,1} (QUBO) or spin v in {-1,+1} (Ising). Terms are
 * collected as added; q6_bqm_compile merges them into a symmetric CSR
 * adjacency that the samplers walk. Everything here MINIMISES.
 * Source: the QUBO form of paper 002 eq. (4) and its Ising mapping
 * x = (1 + s) / 2 (paper 002, sec. II-B). */
#ifndef Q6_SOLVERS_QUBO_BQM_H
#define Q6_SOLVERS_QUBO_BQM_H
#include <stddef.h>
#include <stdint.h>

typedef enum { Q6_VARTYPE_BINARY = 0, Q6_VARTYPE_SPIN = 1 } q6_vartype;

/* One quadratic term J_ij v_i v_j with i < j. */
typedef struct {
    uint32_t i, j;
    double bias;
} q6_bqm_term;

typedef struct {
    q6_vartype vartype;
    size_t num_vars;
    double *linear;        /* h_i, num_vars entries */
    double offset;
    q6_bqm_term *terms;    /* quadratic terms (merged and sorted once compiled) */
    size_t num_terms, cap_terms, cap_vars;
    /* CSR adjacency, both directions, valid while `compiled` is set. */
    size_t *adj_start;     /* num_vars + 1 */
    uint32_t *adj_var;     /* neighbour index */
    double *adj_bias;      /* J_ij of that neighbour */
    int compiled;
} q6_bqm;

/* Largest model the 32-bit neighbour indices can address. */
#define Q6_BQM_MAX_VARS ((size_t)UINT32_MAX)

/* All functions return 0 on success, -EINVAL on bad arguments (NaN/inf
 * biases, index out of range), -ENOMEM when allocation fails. */
int q6_bqm_init(q6_bqm *bqm, size_t num_vars, q6_vartype vartype);
void q6_bqm_free(q6_bqm *bqm);
int q6_bqm_copy(q6_bqm *dst, const q6_bqm *src);

/* Append `count` fresh variables (slack bits, expansion bits); *first gets
 * the index of the first one. */
int q6_bqm_add_variables(q6_bqm *bqm, size_t count, size_t *first);
int q6_bqm_add_linear(q6_bqm *bqm, size_t i, double bias);
/* i == j folds into the linear term (x^2 = x) or the offset (s^2 = 1). */
int q6_bqm_add_quadratic(q6_bqm *bqm, size_t i, size_t j, double bias);
int q6_bqm_add_offset(q6_bqm *bqm, double value);

/* Merge duplicate terms, drop zero ones, build the CSR adjacency. */
int q6_bqm_compile(q6_bqm *bqm);

/* Multiply every bias and the offset by factor (factor -1 turns a
 * maximisation into the minimisation the samplers perform). */
int q6_bqm_scale(q6_bqm *bqm, double factor);

/* Same energy landscape in the other variable type: with x = (1 + s) / 2,
 * binary (a, b, c) -> spin h_i = a_i/2 + sum_j b_ij/4, J_ij = b_ij/4,
 * offset c + sum a_i/2 + sum b_ij/4, and the inverse. dst is initialised
 * here and comes back compiled. */
int q6_bqm_change_vartype(q6_bqm *dst, const q6_bqm *src, q6_vartype vartype);

/* Energy of one state (entries 0/1 for binary, -1/+1 for spin); NaN when a
 * state entry is not a value of the model's variable type. */
double q6_bqm_energy(const q6_bqm *bqm, const int8_t *state);

/* E(state with variable i flipped) - E(state) from the CSR adjacency
 * (bqm compiled): binary (1 - 2 x_i)(h_i + sum_j J_ij x_j), spin
 * -2 s_i (h_i + sum_j J_ij s_j). */
double q6_bqm_flip_delta(const q6_bqm *bqm, const int8_t *state, size_t i);

/* Number of distinct couplers (compiled model). */
size_t q6_bqm_num_couplers(const q6_bqm *bqm);

#endif
