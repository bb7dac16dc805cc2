/* Registry entries of the quantum models (gate-based QPU, annealer). */
#include "models/annealer.h"
#include "models/model_tables.h"
#include "models/quantum_gate.h"
#include <string.h>

static const q6_model_param qpu_p[] = {
    Q6_I("logical_qubits", "1", 10, 1, 1e9, "Q: qubits of the circuit"),
    Q6_P("depth_steps", "1", 100, 0, 1e15, "D: time steps"),
    Q6_P("gates_1q_per_step", "1", 1, 0, 1e6, "N_1qb per qubit and step"),
    Q6_P("gates_2q_per_step", "1", 1, 0, 1e6, "N_2qb per qubit and step"),
    Q6_P("meas_per_step", "1", 0.1, 0, 1e6, "N_meas per qubit and step"),
    Q6_P("gate_1q_time_s", "s", 25e-9, 0, 1, "tau_1qb"),
    Q6_P("gate_2q_time_s", "s", 100e-9, 0, 1, "tau_2qb"),
    Q6_P("meas_time_s", "s", 1e-6, 0, 1, "tau_meas"),
    Q6_P("gate_1q_energy_j", "J", 1e-20, 0, 1, "E_1qb at the cold stage"),
    Q6_P("gate_2q_energy_j", "J", 2e-20, 0, 1, "E_2qb at the cold stage"),
    Q6_P("meas_energy_j", "J", 1e-19, 0, 1, "E_meas at the cold stage"),
    Q6_P("qubit_energy_per_step_j", "J", 1e-21, 0, 1, "E_qubit per qubit and step"),
    Q6_I("qec_level", "1", 1, 0, 10, "k: concatenation level"),
    Q6_I("code_block_size", "1", 7, 1, 1e4, "physical qubits per level (Steane: 7)"),
    Q6_P("cold_temperature_k", "K", 0.01, 1e-6, 300, "qubit temperature"),
    Q6_P("hot_temperature_k", "K", 300, 1e-6, 1e3, "room temperature"),
    Q6_P("fridge_efficiency", "1", 1e-3, 1e-12, 1, "fraction of Carnot efficiency"),
    Q6_P("physical_error", "1", 1e-3, 0, 1, "p: error per physical gate"),
    Q6_P("threshold_error", "1", 1e-2, 1e-12, 1, "p_th: QEC threshold"),
    Q6_P("error_locations", "1", 1000, 0, 1e18, "A: locations of logical errors"),
    Q6_P("capacity_qubits", "1", 1000, 0, 1e12, "physical qubits leased"),
    Q6_P("min_success", "1", 2.0 / 3.0, 0, 1, "required success probability"),
};
static const q6_model_output qpu_o[] = {
    {"physical_qubits", "1", "Q b^k"},
    {"time_s", "s", "D (N1 t1 + N2 t2 + Nm tm) (eq. 5)"},
    {"heat_j", "J", "energy dissipated at the cold stage"},
    {"energy_j", "J", "heat + cooling work (eq. 6)"},
    {"success_probability", "1", "1 - A p_th (p/p_th)^(2^k) (eq. 7)"},
    {"usable", "1", "1 if qubits fit and success >= min_success"},
};
static int qpu_eval(const double *in, double *out, char *err, size_t errlen)
{
    q6_qpu_params p = {.logical_qubits = in[0], .depth_steps = in[1],
                       .gates_1q_per_step = in[2], .gates_2q_per_step = in[3],
                       .meas_per_step = in[4], .gate_1q_time_s = in[5], .gate_2q_time_s = in[6],
                       .meas_time_s = in[7], .gate_1q_energy_j = in[8],
                       .gate_2q_energy_j = in[9], .meas_energy_j = in[10],
                       .qubit_energy_per_step_j = in[11], .qec_level = in[12],
                       .code_block_size = in[13], .cold_temperature_k = in[14],
                       .hot_temperature_k = in[15], .fridge_efficiency = in[16],
                       .physical_error = in[17], .threshold_error = in[18],
                       .error_locations = in[19]};
    q6_qpu_result r;
    const char *field = NULL;
    if (q6_qpu_evaluate(&p, &r, &field) != 0)
        return q6_model_fail(err, errlen, field,
                             field && !strcmp(field, "hot_temperature_k")
                                 ? "below cold_temperature_k"
                                 : "invalid");
    out[0] = r.physical_qubits;
    out[1] = r.time_s;
    out[2] = r.heat_j;
    out[3] = r.energy_j;
    out[4] = r.success_probability;
    out[5] = q6_qpu_usable(&r, in[20], in[21]);
    return 0;
}

static const q6_model_param ann_p[] = {
    Q6_P("programming_time_s", "s", 15e-3, 0, 10, "QPU programming (Advantage: ~15 ms)"),
    Q6_P("anneal_time_s", "s", 20e-6, 1e-9, 10, "per read (default annealing_time 20 us)"),
    Q6_P("readout_time_s", "s", 150e-6, 0, 10, "per read (~100-200 us)"),
    Q6_P("delay_time_s", "s", 20e-6, 0, 10, "per read: thermalization and reset"),
    Q6_I("reads", "1", 100, 1, 1e7, "number of reads R"),
    Q6_P("system_power_w", "W", 25e3, 0, 1e7, "wall-plug power (~25 kW, D-Wave)"),
};
static const q6_model_output ann_o[] = {
    {"sampling_time_s", "s", "R (t_anneal + t_readout + t_delay)"},
    {"access_time_s", "s", "programming + sampling"},
    {"energy_j", "J", "power x access time"},
};
static int ann_eval(const double *in, double *out, char *err, size_t errlen)
{
    q6_annealer_params p = q6_annealer_defaults();
    p.programming_time_s = in[0];
    p.anneal_time_s = in[1];
    p.readout_time_s = in[2];
    p.delay_time_s = in[3];
    p.reads = in[4];
    p.system_power_w = in[5];
    q6_annealer_result r;
    const char *field = NULL;
    if (q6_annealer_evaluate(&p, &r, &field) != 0)
        return q6_model_fail(err, errlen, field, "invalid");
    out[0] = r.sampling_time_s;
    out[1] = r.access_time_s;
    out[2] = r.energy_j;
    return 0;
}

const q6_model_desc q6_models_quantum[] = {
    Q6_MODEL("qpu_gate", "gate-based QPU: time, cooling-dominated energy, success, capacity",
             "paper 001 eqs. 5-7 (reconstructed, see models/quantum_gate.h)", qpu_p, qpu_o,
             qpu_eval),
    Q6_MODEL("annealer", "quantum annealer job: access time and energy",
             "D-Wave QPU timing structure; public D-Wave figures", ann_p, ann_o, ann_eval),
};
const size_t q6_models_quantum_count = Q6_COUNT(q6_models_quantum);
