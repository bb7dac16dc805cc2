/* Radio channel models: path loss, fading, rates. SI units throughout:
 * metres, hertz, watts, seconds; dB only where the name says _db. */
#ifndef Q6_MODELS_CHANNEL_H
#define Q6_MODELS_CHANNEL_H

#define Q6_SPEED_OF_LIGHT_MPS 299792458.0
#define Q6_BOLTZMANN_J_PER_K 1.380649e-23

#include <math.h>

/* Inline: the channel of every (vehicle, AP) pair in reach calls it each
 * slot (the same operations as a call, so the same value). */
static inline double q6_db_to_linear(double db) { return pow(10.0, db / 10.0); }
double q6_linear_to_db(double linear);
double q6_dbm_to_w(double dbm);
double q6_w_to_dbm(double w);

/* Friis free-space path loss in dB, 20 log10(4 pi d f / c). d > 0, f > 0. */
double q6_pathloss_fspl_db(double distance_m, double carrier_hz);

/* Shannon rate B log2(1 + S / (N0 B + I)) in bit/s. */
double q6_rate_shannon_bps(double bandwidth_hz, double rx_power_w,
                           double noise_psd_w_per_hz, double interference_w);

#endif
