/* Gate-based QPU: execution time, energy and success probability of a
 * circuit with quantum error correction (paper 001 eqs. 5-7, after
 * Fellous-Asiani et al., PRX Quantum 2021, and Ngoenriang et al.). The
 * paper's text lost its formulas; the forms below are our reconstruction
 * from its variable list and the cited concatenated-code model:
 *
 *  physical qubits  n = Q * b^k            (b = code block size, k = level)
 *  time (eq. 5)     T = D (N1 t1 + N2 t2 + Nm tm)
 *                   N* = average gates of each kind per qubit and time step
 *                   (parallel across qubits, sequential on one qubit),
 *                   D = number of time steps (physical circuit depth)
 *  heat (eq. 6)     H = D n (N1 E1 + N2 E2 + Nm Em + E_q)
 *  energy (eq. 6)   E = H (1 + (T_hot - T_cold) / (T_cold eta_fridge))
 *                   i.e. the heat plus the wall-plug work of a fridge at
 *                   the fraction eta_fridge of Carnot efficiency, which is
 *                   what makes cooling dominate
 *  success (eq. 7)  P = 1 - A p_th (p / p_th)^(2^k), clamped to [0, 1]
 *                   (A error locations, p physical error, p_th threshold)
 *  capacity         usable iff n <= capacity and P >= p_min.
 */
#ifndef Q6_MODELS_QUANTUM_GATE_H
#define Q6_MODELS_QUANTUM_GATE_H

typedef struct {
    double logical_qubits;      /* Q >= 1 */
    double depth_steps;         /* D >= 0 */
    double gates_1q_per_step;   /* N1 >= 0 */
    double gates_2q_per_step;   /* N2 >= 0 */
    double meas_per_step;       /* Nm >= 0 */
    double gate_1q_time_s, gate_2q_time_s, meas_time_s;       /* t1, t2, tm */
    double gate_1q_energy_j, gate_2q_energy_j, meas_energy_j; /* E1, E2, Em */
    double qubit_energy_per_step_j;                           /* E_q */
    double qec_level;           /* k: integer >= 0 */
    double code_block_size;     /* b >= 1 (7 for the Steane code) */
    double cold_temperature_k;  /* T_cold > 0 */
    double hot_temperature_k;   /* T_hot >= T_cold */
    double fridge_efficiency;   /* fraction of Carnot in (0, 1] */
    double physical_error;      /* p in [0, 1] */
    double threshold_error;     /* p_th in (0, 1] */
    double error_locations;     /* A >= 0 */
} q6_qpu_params;

typedef struct {
    double physical_qubits;
    double time_s;
    double heat_j;
    double energy_j;            /* heat + cooling work */
    double success_probability;
} q6_qpu_result;

/* Plausible superconducting-qubit values (documented in quantum_gate.c). */
q6_qpu_params q6_qpu_defaults(void);

/* Returns 0, or -1 (out untouched) if a field is invalid; when field is not
 * NULL it receives the name of the first invalid field. */
int q6_qpu_evaluate(const q6_qpu_params *p, q6_qpu_result *out, const char **field);

/* 1 when the job fits: physical qubits <= capacity and success >= p_min. */
int q6_qpu_usable(const q6_qpu_result *r, double capacity_qubits, double min_success);

#endif
