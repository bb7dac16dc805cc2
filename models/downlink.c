/* Downlink transmission energy, queue and delay of paper 003 (downlink.h). */
#include "models/downlink.h"
#include <math.h>

double q6_dl_tx_energy_j(double rate_bps, double gain, double interference_w, double noise_psd_w_per_hz,
                         double bandwidth_hz, double slot_s)
{
    if (!(gain > 0) || !(bandwidth_hz > 0) || !(rate_bps >= 0) || !(interference_w >= 0) ||
        !(noise_psd_w_per_hz >= 0) || !(slot_s >= 0))
        return NAN;
    /* expm1 keeps low rates exact: exp(x) - 1 for small x loses digits. */
    return (gain * interference_w + noise_psd_w_per_hz * bandwidth_hz) * slot_s / gain *
           expm1(rate_bps * log(2.0) / bandwidth_hz);
}

double q6_dl_rate_bps(double power_w, double gain, double interference_w, double noise_psd_w_per_hz,
                      double bandwidth_hz)
{
    double denom = gain * interference_w + noise_psd_w_per_hz * bandwidth_hz;
    if (!(gain > 0) || !(bandwidth_hz > 0) || !(power_w >= 0) || !(denom > 0))
        return NAN;
    return bandwidth_hz * log2(1.0 + power_w * gain / denom);
}

uint64_t q6_dl_packets_served(double slot_s, double rate_sum_bps, uint32_t n_users, double packet_bits)
{
    if (!(slot_s > 0) || !(rate_sum_bps > 0) || n_users == 0 || !(packet_bits > 0))
        return 0;
    return (uint64_t)floor(slot_s * rate_sum_bps / ((double)n_users * packet_bits));
}

uint64_t q6_dl_queue_next(uint64_t backlog, uint64_t served, uint64_t arrivals)
{
    return (backlog > served ? backlog - served : 0) + arrivals;
}

double q6_dl_queue_delay_s(const uint64_t *backlog, uint64_t n, double arrival_rate_per_s)
{
    if (n == 0 || !(arrival_rate_per_s > 0))
        return NAN;
    double sum = 0;
    for (uint64_t t = 0; t < n; t++)
        sum += (double)backlog[t] / arrival_rate_per_s;
    return sum / (double)n;
}
