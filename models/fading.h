/* Small-scale fading and channel impairments. Random draws take a GSL
 * generator (use a q6_rng_stream with purpose Q6_STREAM_FADING); power gains
 * are normalised to mean 1. Invalid arguments give NAN (or -1 for int). */
#ifndef Q6_MODELS_FADING_H
#define Q6_MODELS_FADING_H
#include <gsl/gsl_rng.h>

/* Rayleigh power gain |h|^2, h ~ CN(0,1): exponential with mean 1
 * (paper 002 B2U links; paper 004 eq. 13 vehicle-to-BS). */
double q6_fading_rayleigh_power(gsl_rng *rng);

/* Rician coefficient h = sqrt(K/(K+1)) e^{j phi} + sqrt(1/(K+1)) CN(0,1),
 * phi uniform (paper 004 eqs. 24-25; paper 002 S2U/H2U links). K >= 0
 * (linear, not dB). Writes the real and imaginary parts; returns 0, or -1
 * for invalid K or NULL pointers. */
int q6_fading_rician_sample(gsl_rng *rng, double k_factor, double *re, double *im);
/* |h|^2 of the Rician coefficient above (mean 1; K = 0 is Rayleigh). */
double q6_fading_rician_power(gsl_rng *rng, double k_factor);

/* Power gain after maximum-ratio combining over M independent Rayleigh
 * branches: sum of M unit-mean exponentials (Gamma(M,1)), mean M = the
 * array gain of SIMO/MISO links (paper 004 Table I, M antennas). M >= 1. */
double q6_fading_rayleigh_mrc_power(gsl_rng *rng, int antennas);
/* Deterministic array gain of an M-element steering vector (paper 004
 * eq. 14): |a|^2 = M, i.e. 10 log10 M dB of SNR gain. */
double q6_array_gain_linear(int antennas);

/* Doppler shift f_d = v cos(phi) f_c / c (paper 004 eq. 21). speed >= 0,
 * angle in radians between motion and line of sight. */
double q6_doppler_shift_hz(double speed_mps, double angle_rad, double carrier_hz);

/* Bounded imperfect-CSI error (paper 004 eq. 12): M complex entries, each
 * real and imaginary part uniform with total variance error_variance (so a
 * part is U(-a, a), a = sqrt(3 var / 2)); the vector is then scaled down if
 * its norm exceeds norm_bound. Writes 2M doubles (re, im interleaved).
 * Returns 0, or -1 for invalid arguments. */
int q6_csi_error_sample(gsl_rng *rng, int antennas, double error_variance,
                        double norm_bound, double *re_im);
/* Worst-case channel power gain with a bounded error: by the triangle
 * inequality |h_est + e| >= |h_est| - tau, so the gain is at least
 * max(|h_est| - tau, 0)^2. estimate_norm >= 0, norm_bound >= 0. */
double q6_csi_worst_case_gain(double estimate_norm, double norm_bound);

#endif
