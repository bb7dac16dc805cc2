/* Quantum annealer job model (paper 002 solves its QUBO master problems on
 * a D-Wave QPU; paper 000 on a QPU host). QPU access time follows D-Wave's
 * published timing structure ("QPU timing", D-Wave system documentation):
 *   T = t_program + R (t_anneal + t_readout + t_delay)
 * and the job energy is the system wall-plug power times T. */
#ifndef Q6_MODELS_ANNEALER_H
#define Q6_MODELS_ANNEALER_H

typedef struct {
    double programming_time_s;  /* ~15 ms on Advantage systems */
    double anneal_time_s;       /* default annealing_time 20 us */
    double readout_time_s;      /* ~100-200 us per read */
    double delay_time_s;        /* readout thermalization + reset, ~20 us */
    double reads;               /* R >= 1, integer */
    double system_power_w;      /* ~25 kW quoted for D-Wave 2000Q/Advantage */
    double qubits;              /* working qubits (Advantage: 5000+) */
} q6_annealer_params;

typedef struct {
    double sampling_time_s;     /* R (t_anneal + t_readout + t_delay) */
    double access_time_s;       /* t_program + sampling */
    double energy_j;            /* power * access time */
} q6_annealer_result;

q6_annealer_params q6_annealer_defaults(void);

/* Returns 0, or -1 with *field set to the first invalid field. */
int q6_annealer_evaluate(const q6_annealer_params *p, q6_annealer_result *out,
                         const char **field);

#endif
