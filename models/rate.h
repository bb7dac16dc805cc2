/* Link rates in bit/s. The plain Shannon rate q6_rate_shannon_bps lives in
 * channel.h (its signature is fixed by the engine). NAN for invalid input. */
#ifndef Q6_MODELS_RATE_H
#define Q6_MODELS_RATE_H

/* SINR S / (N0 B + I). rx_power >= 0, psd >= 0, I >= 0, N0 B + I > 0. */
double q6_sinr_linear(double rx_power_w, double noise_psd_w_per_hz,
                      double bandwidth_hz, double interference_w);

/* OFDMA share of an AP: Shannon rate over the bandwidth fraction
 * frac * B_total, noise N0 frac B_total (paper 002 eq. 10). 0 < frac <= 1. */
double q6_rate_ofdma_bps(double total_bandwidth_hz, double bandwidth_fraction,
                         double rx_power_w, double noise_psd_w_per_hz,
                         double interference_w);

/* Channel dispersion V(g) = 1 - (1 + g)^-2 of the AWGN channel. g >= 0. */
double q6_channel_dispersion(double snr_linear);

/* URLLC finite-blocklength rate, normal approximation (Polyanskiy-Poor-Verdu
 * 2010; paper 004 eq. 23): B (log2(1+g) - sqrt(V(g)/n) Q^-1(eps) / ln 2),
 * floored at 0 when the block is too short for the target error. n >= 1
 * channel uses, 0 < eps < 1, g >= 0. */
double q6_rate_fbl_bps(double bandwidth_hz, double snr_linear, double blocklength,
                       double error_probability);

#endif
