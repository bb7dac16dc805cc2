/* Computation delay and energy of CPUs and GPUs. SI units: cycles, hertz
 * (cycles/s), FLOP, FLOP/s, seconds, joules, watts. NAN for invalid input. */
#ifndef Q6_MODELS_COMPUTE_H
#define Q6_MODELS_COMPUTE_H

/* DVFS: time C / f for C cycles at clock f (paper 002 eq. 18). */
double q6_cpu_time_s(double cycles, double freq_hz);
/* DVFS energy kappa f^2 C, i.e. power kappa f^3 over C/f seconds
 * (paper 002 eq. 19, paper 001 eq. 1; kappa = effective switched
 * capacitance in J/(cycle Hz^2) = W/Hz^3). */
double q6_cpu_energy_j(double kappa, double freq_hz, double cycles);

/* CPU/GPU split of a workload (paper 003 eqs. 3-4). */
typedef struct {
    double cpu_flop_per_cycle;  /* n_k */
    double cpu_freq_hz;         /* f_k^C */
    double gpu_flop_per_cycle;  /* n'_k */
    double gpu_freq_hz;         /* f_k^G */
    /* Power model (alpha A f^3 + beta B + C f) per device (eq. 4). */
    double alpha, beta;         /* intensity parameters in [0, 1] */
    double cpu_a_w_per_hz3, cpu_b_w, cpu_c_w_per_hz;
    double gpu_a_w_per_hz3, gpu_b_w, gpu_c_w_per_hz;
} q6_cpu_gpu_params;

typedef struct {
    double cpu_time_s, gpu_time_s, delay_s; /* delay = max of the two (eq. 3) */
    double cpu_energy_j, gpu_energy_j, energy_j;
} q6_cpu_gpu_result;

/* Splits work_flop with fraction kappa on the CPU and 1 - kappa on the GPU.
 * Returns 0, or -1 (result untouched) when an argument is invalid:
 * negative or non-finite values, kappa outside [0, 1], alpha or beta
 * outside [0, 1], or a device with zero speed that receives work. */
int q6_cpu_gpu_split(const q6_cpu_gpu_params *p, double work_flop, double kappa,
                     q6_cpu_gpu_result *out);

#endif
