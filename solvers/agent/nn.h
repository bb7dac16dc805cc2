/* Inference building blocks for the C policies, in double precision with
 * plain loops: the networks are small (tens of units), where a BLAS call
 * costs more than it saves, and loops keep results independent of the
 * BLAS build and its threads. Weights come from q6_weights tensors laid out
 * as PyTorch stores them (Linear: weight [out, in]; LSTM: gates i, f, g, o). */
#ifndef Q6_SOLVERS_AGENT_NN_H
#define Q6_SOLVERS_AGENT_NN_H
#include "solvers/agent/weights.h"

typedef enum { Q6_ACT_RELU = 0, Q6_ACT_TANH = 1 } q6_activation;

/* A stack of Linear layers with the activation between them (none after the last). */
typedef struct {
    uint32_t n_layers;
    const q6_tensor *w[16], *b[16];
    q6_activation act;
    uint32_t n_in, n_out, widest;
} q6_mlp;

/* Reads PREFIX0.weight/bias, PREFIX1.weight/bias, ... ("layers" of them);
 * the first layer must take n_in inputs (0: any). */
int q6_mlp_load(const q6_weights *w, const char *prefix, uint32_t n_layers, uint32_t n_in, q6_activation act,
                q6_mlp *m, char *err, size_t errlen);
/* out[n_out] from in[n_in]; tmp holds 2 * widest doubles. */
void q6_mlp_forward(const q6_mlp *m, const double *in, double *out, double *tmp);

typedef struct {
    uint32_t n_in, hidden;
    const q6_tensor *w_ih, *w_hh, *b_ih, *b_hh;
} q6_lstm;

int q6_lstm_load(const q6_weights *w, const char *prefix, uint32_t n_in, q6_lstm *l, char *err, size_t errlen);
/* One step: updates h and c (hidden each) from x; gates holds 4 * hidden. */
void q6_lstm_step(const q6_lstm *l, const double *x, double *h, double *c, double *gates);

/* Real-amplitude variational circuit on n qubits (n <= 16): RY(angle_i) on
 * each qubit, then per layer RY(theta[l][i]) on each qubit and CNOT(i, i+1)
 * for i = 0..n-2; returns <Z_i>. Qubit i is bit i of the basis index.
 * psi holds 2^n doubles. */
void q6_vqc_expect_z(uint32_t n_qubits, uint32_t n_layers, const double *angles, const double *theta, double *psi,
                     double *z);

#endif
