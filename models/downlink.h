/* Downlink service of paper 003, section II-B: the transmission energy
 * obtained by inverting the rate (eq. 6), the packets a server's queue
 * sends in a slot, the queue recursion (eq. 9) and the Little's-law delay
 * (eq. 10). q6sim's engine simulates packets as offloaded tasks instead
 * (docs/paper003.md explains the mapping); these functions state the
 * paper's model exactly, for its controllers and for checks. SI units. */
#ifndef Q6_MODELS_DOWNLINK_H
#define Q6_MODELS_DOWNLINK_H
#include <stdint.h>

/* E_tr = (|h|^2 I + N0 B) T / |h|^2 (exp(R ln 2 / B) - 1) (eq. 6), with
 * I = sum of the other users' powers: the energy that sustains rate R over
 * T. NAN for gain <= 0, bandwidth <= 0, or negative inputs. */
double q6_dl_tx_energy_j(double rate_bps, double gain, double interference_w, double noise_psd_w_per_hz,
                         double bandwidth_hz, double slot_s);
/* The rate the power p achieves: B log2(1 + p |h|^2 / (|h|^2 I + N0 B)). */
double q6_dl_rate_bps(double power_w, double gain, double interference_w, double noise_psd_w_per_hz,
                      double bandwidth_hz);
/* N_k = floor(T sum R / (|M_k| L)) packets of L bits over |M_k| users. */
uint64_t q6_dl_packets_served(double slot_s, double rate_sum_bps, uint32_t n_users, double packet_bits);
/* Omega(t+1) = max(0, Omega(t) - N(t)) + Lambda(t) (eq. 9). */
uint64_t q6_dl_queue_next(uint64_t backlog, uint64_t served, uint64_t arrivals);
/* Little's law (eq. 10): mean over slots of Omega(t) / lambda, lambda the
 * mean arrival rate in packets per second. NAN for n = 0 or lambda <= 0. */
double q6_dl_queue_delay_s(const uint64_t *backlog, uint64_t n, double arrival_rate_per_s);

#endif
