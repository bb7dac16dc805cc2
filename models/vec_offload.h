/* Paper 004's offloading costs for vehicular edge computing: subtask
 * priorities (eqs. 1-2), the priority-weighted latency objective (eq. 3),
 * MEC CPU jitter (eq. 4), hop and path latencies over vehicle, BS and UAV
 * hops (eqs. 5-7), the vehicle's offloading energy E_v, MEC processing
 * energy (eqs. 54-55) and the QoS of eq. 48 with its normalised form
 * (eq. 93). Data sizes in bits, complexity in CPU cycles per bit, CPU
 * frequencies in Hz. NAN on invalid input. */
#ifndef Q6_MODELS_VEC_OFFLOAD_H
#define Q6_MODELS_VEC_OFFLOAD_H
#include <gsl/gsl_rng.h>
#include <stddef.h>

/* Weights of eq. 1: alpha_p + beta_p + gamma_p = 1, each in (0, 1) (eq. 2). */
typedef struct {
    double alpha, beta, gamma;
} q6_priority_weights;

/* P_ij = (alpha C_j / sum C + beta D_j / sum D + gamma chi_j) varpi_j
 * varkappa_j (eq. 1) for subtask j of n, complexities C (cycles/bit) and
 * sizes D (bits) all > 0; chi (intrinsic priority), varpi (complexity
 * weight) and varkappa (size weight) in (0, 1). NAN when eq. 2 does not
 * hold (|sum - 1| > 1e-9) or an argument is out of range. */
double q6_subtask_priority(const q6_priority_weights *w, const double *cycles_per_bit,
                           const double *bits, size_t n, size_t j, double chi, double varpi,
                           double varkappa);

/* Eq. 3 for one set of subtasks: sum_j P_j L_j over the subtasks that were
 * offloaded (latency >= 0; a subtask not offloaded passes NAN and is
 * skipped, as Gamma = 0 removes it). */
double q6_priority_weighted_latency(const double *priority, const double *latency_s, size_t n);

/* Eq. 4: f = f_max - |df| f_max with df ~ CN(0, variance) drawn from rng
 * (load and temperature; the paper's complex draw is read through its
 * modulus, so f never exceeds f_max), floored at f_min (constraint C7).
 * 0 <= f_min <= f_max, variance >= 0. */
double q6_mec_cpu_hz(gsl_rng *rng, double f_max_hz, double variance, double f_min_hz);

/* One hop of eq. 5: D / R + kappa C D / f_cpu. processed is kappa (0/1):
 * 1 when the receiving node computes the subtask. rate > 0, and f_cpu > 0
 * when processed. */
double q6_hop_latency_s(double bits, double rate_bps, int processed, double cycles_per_bit,
                        double f_cpu_hz);

/* A chain of hops (vehicle -> BS/UAV -> ... ; eqs. 5a-5e), hop h carrying
 * the subtask at rate_bps[h] to a node of frequency f_cpu_hz[h] that
 * processes it when processed[h] = 1. Exactly one hop processes it, the
 * last one (a node that computes a subtask forwards nothing further:
 * results are negligible, section III). NAN otherwise. */
double q6_chain_latency_s(double bits, double cycles_per_bit, const double *rate_bps,
                          const int *processed, const double *f_cpu_hz, size_t n_hops);

/* Eqs. 6-7: D / R_first + sum of the relay hops taken (Gamma = 1) D / R_h +
 * C D / max_z f_cpu^z over the n_cpus candidate nodes. The first hop is
 * v -> b (eq. 6) or v -> u (eq. 7). */
double q6_path_latency_s(double bits, double cycles_per_bit, double first_rate_bps,
                         const double *relay_rate_bps, const int *relay_used, size_t n_relays,
                         const double *f_cpu_hz, size_t n_cpus);

/* Vehicle energy of offloading D bits at power P and rate R: P D / R
 * (the paper's E = D / P is dimensionally a time per watt; we read it as
 * power x transmission time, its stated intent). */
double q6_offload_energy_j(double tx_power_w, double bits, double rate_bps);

/* MEC processing energy xi C D (eqs. 54-55), xi in J/cycle. */
double q6_processing_energy_j(double j_per_cycle, double cycles_per_bit, double bits);

/* QoS of eq. 48: w_L / L - w_E E. L > 0. */
double q6_qos(double w_latency, double latency_s, double w_energy, double energy_j);
/* Eq. 93: 100 (Q - Q_min) / (Q_max - Q_min) + Q_min, Q_max > Q_min. The
 * paper gives no Q_max; callers state theirs. */
double q6_qos_normalised(double qos, double q_min, double q_max);

#endif
