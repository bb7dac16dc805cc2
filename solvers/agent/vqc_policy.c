/* vqc-policy: a variational quantum circuit scores each task, simulated
 * exactly as a statevector (nn.h, q6_vqc_expect_z): the task features are
 * encoded as RY angles (enc = Linear(11 -> n)), L layers of trained RY
 * rotations and a CNOT chain follow, and <Z_i> are read out by
 * Linear(n -> 3 or 4). The simulation costs 2^n per gate; n <= 12.
 * Weight file: model vqc, qubits n, layers L, tensors enc.weight [n, 11],
 * enc.bias [n], theta [L, n], readout.weight [3|4, n], readout.bias. */
#include "solvers/agent/agent.h"
#include "solvers/agent/policy.h"
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    uint32_t n, layers;
    const q6_tensor *enc_w, *enc_b, *theta, *ro_w, *ro_b;
    double *psi, angles[12], z[12];
} vqc_model;

static int vqc_outputs(q6_policy *pol, const q6_sched_problem *p, double *out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    vqc_model *m = pol->model;
    double x[Q6_TASK_FEATURES];
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        q6_policy_task_input(pol, p, t, x);
        for (uint32_t q = 0; q < m->n; q++) {
            double s = m->enc_b->v[q];
            for (int k = 0; k < Q6_TASK_FEATURES; k++)
                s += m->enc_w->v[q * Q6_TASK_FEATURES + k] * x[k];
            m->angles[q] = s;
        }
        q6_vqc_expect_z(m->n, m->layers, m->angles, m->theta->v, m->psi, m->z);
        double *o = out + (size_t)t * pol->n_out;
        for (uint32_t r = 0; r < pol->n_out; r++) {
            double s = m->ro_b->v[r];
            for (uint32_t q = 0; q < m->n; q++)
                s += m->ro_w->v[r * m->n + q] * m->z[q];
            o[r] = s;
        }
    }
    return 0;
}

static void vqc_free(q6_policy *pol)
{
    vqc_model *m = pol->model;
    if (m)
        free(m->psi);
    free(m);
}

int q6_vqc_policy_load(q6_policy *pol, char *err, size_t errlen)
{
    long n, layers;
    if (q6_weights_int(&pol->w, "qubits", 1, 12, &n, err, errlen) < 0 ||
        q6_weights_int(&pol->w, "layers", 0, 64, &layers, err, errlen) < 0)
        return -1;
    vqc_model *m = calloc(1, sizeof *m);
    pol->model = m;
    pol->free_model = vqc_free;
    pol->outputs = vqc_outputs;
    if (!m)
        return -1;
    m->n = (uint32_t)n;
    m->layers = (uint32_t)layers;
    uint32_t ew[2] = {m->n, Q6_TASK_FEATURES}, eb[1] = {m->n}, th[2] = {m->layers, m->n},
             rw[2] = {pol->n_out, m->n}, rb[1] = {pol->n_out};
    static const double no_theta = 0.0;
    static const q6_tensor empty = {.name = "theta", .ndim = 2, .v = (double *)&no_theta};
    if (!(m->enc_w = q6_weights_tensor(&pol->w, "enc.weight", 2, ew, err, errlen)) ||
        !(m->enc_b = q6_weights_tensor(&pol->w, "enc.bias", 1, eb, err, errlen)) ||
        !(m->theta = layers ? q6_weights_tensor(&pol->w, "theta", 2, th, err, errlen) : &empty) ||
        !(m->ro_w = q6_weights_tensor(&pol->w, "readout.weight", 2, rw, err, errlen)) ||
        !(m->ro_b = q6_weights_tensor(&pol->w, "readout.bias", 1, rb, err, errlen)))
        return -1;
    m->psi = malloc(((size_t)1 << m->n) * sizeof *m->psi);
    if (!m->psi) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int vqc_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    return q6_policy_init(a, "vqc", q6_vqc_policy_load, state, err, errlen);
}

const q6_scheduler q6_sched_vqc_policy = {
    .h = {.table_size = sizeof(q6_scheduler), .abi_version = Q6_ABI_VERSION, .kind = Q6_KIND_SCHEDULER,
          .name = "vqc-policy",
          .description = "trained variational-quantum-circuit policy, statevector-simulated in C (plugin_params weights=PATH)"},
    .init = vqc_init, .decide = q6_policy_decide, .finish = q6_policy_finish};
