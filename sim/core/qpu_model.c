/* The platform's QPU: circuit costs, Q2 and success draws (qpu_model.h). */
#include "sim/core/qpu_model.h"
#include "sim/base/rng.h"
#include <stdio.h>

uint32_t q6_qpu_count(const q6_world *w) { return w->pf && w->pf->qpu >= 0 ? 1u : 0u; }

int q6_qpu_circuit_result(const q6_world *w, uint32_t qpu, const q6_circuit *c, q6_qpu_result *out)
{
    if (qpu >= q6_qpu_count(w))
        return -1;
    q6_qpu_params p = w->pf->hosts[w->pf->qpu].qpu;
    p.logical_qubits = c->logical_qubits;
    p.depth_steps = c->depth_steps;
    p.gates_1q_per_step = c->gates_1q_per_step;
    p.gates_2q_per_step = c->gates_2q_per_step;
    p.meas_per_step = c->meas_per_step;
    p.error_locations = c->logical_qubits * c->depth_steps *
                        (c->gates_1q_per_step + c->gates_2q_per_step + c->meas_per_step);
    return q6_qpu_evaluate(&p, out, NULL);
}

int q6_qpu_fits(q6_world *w, uint32_t qpu, const q6_circuit *c, char *why, size_t n)
{
    q6_qpu_result r;
    if (qpu >= q6_qpu_count(w)) {
        snprintf(why, n, "QPU %u does not exist (the platform has %u)", qpu, q6_qpu_count(w));
        return 0;
    }
    const q6_infra_host *h = &w->pf->hosts[w->pf->qpu];
    if (q6_qpu_circuit_result(w, qpu, c, &r) < 0) {
        snprintf(why, n, "the circuit is invalid (logical_qubits >= 1, depth and gate counts >= 0)");
        return 0;
    }
    if (!(r.physical_qubits <= h->qpu_qubits)) {
        snprintf(why, n, "the circuit needs %g physical qubits (%g logical x %g^%g), QPU '%s' has %g",
                 r.physical_qubits, c->logical_qubits, h->qpu.code_block_size, h->qpu.qec_level, h->name,
                 h->qpu_qubits);
        return 0;
    }
    if (!(r.success_probability >= c->min_success)) {
        snprintf(why, n, "a run on QPU '%s' succeeds with probability %.6g, below the required %.6g", h->name,
                 r.success_probability, c->min_success);
        return 0;
    }
    return 1;
}

double q6_qpu_run_uniform(uint64_t key, uint32_t run)
{
    return (double)(q6_stream_key(key, run, Q6_STREAM_QPU_SUCCESS) >> 11) * 0x1.0p-53;
}
