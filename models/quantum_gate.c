/* Gate-based QPU model; equations in quantum_gate.h. */
#include "models/quantum_gate.h"
#include <math.h>
#include <stddef.h>

q6_qpu_params q6_qpu_defaults(void)
{
    /* Gate times/energies: superconducting transmons (Fellous-Asiani et al.
     * 2021 use ~25 ns 1qb, ~100 ns 2qb, ~1 us readout at 10 mK); a pulse
     * energy of ~1e-20 J reaches the qubit. A dilution fridge reaches about
     * 1e-3 of Carnot at 10 mK; threshold 1e-2 (surface/concatenated codes). */
    return (q6_qpu_params){.logical_qubits = 10, .depth_steps = 100,
                           .gates_1q_per_step = 1, .gates_2q_per_step = 1,
                           .meas_per_step = 0.1, .gate_1q_time_s = 25e-9,
                           .gate_2q_time_s = 100e-9, .meas_time_s = 1e-6,
                           .gate_1q_energy_j = 1e-20, .gate_2q_energy_j = 2e-20,
                           .meas_energy_j = 1e-19, .qubit_energy_per_step_j = 1e-21,
                           .qec_level = 1, .code_block_size = 7,
                           .cold_temperature_k = 0.01, .hot_temperature_k = 300,
                           .fridge_efficiency = 1e-3, .physical_error = 1e-3,
                           .threshold_error = 1e-2, .error_locations = 1000};
}

typedef struct {
    const char *name;
    size_t offset;
    double min, max;
} field_rule;

#define RULE(f, lo, hi) {#f, offsetof(q6_qpu_params, f), lo, hi}
static const field_rule rules[] = {
    RULE(logical_qubits, 1, INFINITY),   RULE(depth_steps, 0, INFINITY),
    RULE(gates_1q_per_step, 0, INFINITY), RULE(gates_2q_per_step, 0, INFINITY),
    RULE(meas_per_step, 0, INFINITY),     RULE(gate_1q_time_s, 0, INFINITY),
    RULE(gate_2q_time_s, 0, INFINITY),    RULE(meas_time_s, 0, INFINITY),
    RULE(gate_1q_energy_j, 0, INFINITY),  RULE(gate_2q_energy_j, 0, INFINITY),
    RULE(meas_energy_j, 0, INFINITY),     RULE(qubit_energy_per_step_j, 0, INFINITY),
    RULE(qec_level, 0, 10),               RULE(code_block_size, 1, INFINITY),
    RULE(cold_temperature_k, 1e-9, INFINITY), RULE(hot_temperature_k, 1e-9, INFINITY),
    RULE(fridge_efficiency, 1e-12, 1),    RULE(physical_error, 0, 1),
    RULE(threshold_error, 1e-12, 1),      RULE(error_locations, 0, INFINITY),
};

int q6_qpu_evaluate(const q6_qpu_params *p, q6_qpu_result *out, const char **field)
{
    const char *bad = NULL;
    if (!p || !out)
        bad = "params";
    for (size_t i = 0; !bad && i < sizeof rules / sizeof rules[0]; i++) {
        double v = *(const double *)((const char *)p + rules[i].offset);
        if (!(v >= rules[i].min) || !(v <= rules[i].max) || !isfinite(v))
            bad = rules[i].name;
    }
    if (!bad && p->qec_level != floor(p->qec_level))
        bad = "qec_level";
    if (!bad && p->hot_temperature_k < p->cold_temperature_k)
        bad = "hot_temperature_k";
    if (bad) {
        if (field)
            *field = bad;
        return -1;
    }
    q6_qpu_result r;
    r.physical_qubits = p->logical_qubits * pow(p->code_block_size, p->qec_level);
    r.time_s = p->depth_steps * (p->gates_1q_per_step * p->gate_1q_time_s +
                                 p->gates_2q_per_step * p->gate_2q_time_s +
                                 p->meas_per_step * p->meas_time_s);
    r.heat_j = p->depth_steps * r.physical_qubits *
               (p->gates_1q_per_step * p->gate_1q_energy_j +
                p->gates_2q_per_step * p->gate_2q_energy_j +
                p->meas_per_step * p->meas_energy_j + p->qubit_energy_per_step_j);
    double cooling = (p->hot_temperature_k - p->cold_temperature_k) /
                     (p->cold_temperature_k * p->fridge_efficiency);
    r.energy_j = r.heat_j * (1.0 + cooling);
    double logical_error = p->threshold_error *
                           pow(p->physical_error / p->threshold_error, pow(2.0, p->qec_level));
    r.success_probability = fmin(fmax(1.0 - p->error_locations * logical_error, 0.0), 1.0);
    *out = r;
    return 0;
}

int q6_qpu_usable(const q6_qpu_result *r, double capacity_qubits, double min_success)
{
    return r && r->physical_qubits <= capacity_qubits && r->success_probability >= min_success;
}
