/* Paper 004's radio links (vehicle, UAV, multi-antenna BS): the steering
 * vector of eq. 14, the channel coefficient of eq. 11 (path loss, Doppler
 * phase, estimated channel plus a bounded CSI error) and its Rician form of
 * eqs. 24-25, and the latency of a transfer over a finite-blocklength link
 * (eq. 23) including the time to encode and decode a block, so that latency
 * grows with the blocklength as the paper's Fig. 7 reports. SI units; NAN
 * (or -1 for int) on invalid input. */
#ifndef Q6_MODELS_VEC_LINK_H
#define Q6_MODELS_VEC_LINK_H
#include <gsl/gsl_rng.h>
#include <stddef.h>

/* Steering vector a(theta) of an M-element uniform linear array, eq. 14:
 * a_m = exp(j 2 pi delta m sin(theta) / lambda), m = 0..M-1. Writes 2M
 * doubles (re, im interleaved). |a|^2 = M for any angle. Returns 0 or -1. */
int q6_steering_vector(int antennas, double spacing_m, double wavelength_m, double aoa_rad,
                       double *re_im);

/* One link of Table I. With k_factor < 0 the estimate is the steering
 * vector alone (eq. 13: the vehicle-BS link has no LoS path and the paper
 * models only its geometry); with k_factor >= 0 it is the Rician channel of
 * eq. 24 on each antenna, LoS part sqrt(K/(K+1)) e^{j phi} e^{j 2 pi fd tau}
 * a_m(theta) and NLoS part sqrt(1/(K+1)) N^-1/2 sum_i e^{j theta_i} (eq. 25).
 * The bounded CSI error of eq. 12 (entries uniform, variance csi_variance,
 * norm at most csi_bound) is added to the estimate as in eq. 11. */
typedef struct {
    double pathloss_db;     /* large-scale loss, eq. 11's PL in dB */
    int antennas;           /* M >= 1 (1: SISO) */
    double spacing_m;       /* delta (Table II: 0.005 m) */
    double wavelength_m;    /* lambda (Table II: 0.009 m) */
    double aoa_rad;         /* angle of arrival theta */
    double doppler_hz;      /* f_d of eq. 21 */
    double slot_s;          /* tau of eq. 11 (Table II: 20 ms) */
    double k_factor;        /* Rician K (paper: 6), < 0: eq. 13 steering vector */
    int nlos_paths;         /* N of eq. 25, >= 1 */
    double csi_variance;    /* sigma^2 of eq. 12 (paper: 0.05 or 0.10), >= 0 */
    double csi_bound;       /* tau of eq. 12, >= 0 */
} q6_vec_link_spec;

/* Draws the M complex coefficients h = sqrt(10^(-PL/10)) e^{j 2 pi fd tau}
 * (h_est + eps) into re_im (2M doubles, may be NULL) and returns the
 * combined power gain sum_m |h_m|^2 (maximum-ratio combining at an M-antenna
 * end, eqs. 22, 34, 36), or NAN. The Doppler phase has unit modulus: it
 * turns the coefficient but leaves the gain alone, as in eq. 11. */
double q6_vec_link_gain(gsl_rng *rng, const q6_vec_link_spec *spec, double *re_im);

/* Time to get one block through the coder: the encoder emits a block only
 * once its n channel uses are formed and the decoder decides only after the
 * last one arrived, one block duration n / B, plus decoding work of
 * decode_s_per_use per channel use. Grows linearly with n (paper 004,
 * Fig. 7: L(n) proportional to n). n >= 1, B > 0, decode >= 0. */
double q6_fbl_coding_delay_s(double blocklength, double bandwidth_hz, double decode_s_per_use);

/* Latency of `bits` over a finite-blocklength link: bits / R_fbl (eq. 23)
 * plus the coding delay above. INFINITY when the block is too short for
 * the error target at this SNR (R_fbl = 0); NAN for invalid input. */
double q6_fbl_latency_s(double bits, double bandwidth_hz, double snr_linear, double blocklength,
                        double error_probability, double decode_s_per_use);

#endif
