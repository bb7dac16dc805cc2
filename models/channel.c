#include "models/channel.h"
#include <math.h>

double q6_linear_to_db(double linear) { return 10.0 * log10(linear); }
double q6_dbm_to_w(double dbm) { return pow(10.0, (dbm - 30.0) / 10.0); }
double q6_w_to_dbm(double w) { return 10.0 * log10(w) + 30.0; }

double q6_pathloss_fspl_db(double distance_m, double carrier_hz)
{
    if (!(distance_m > 0.0) || !(carrier_hz > 0.0))
        return NAN;
    return 20.0 * log10(4.0 * M_PI * distance_m * carrier_hz / Q6_SPEED_OF_LIGHT_MPS);
}

double q6_rate_shannon_bps(double bandwidth_hz, double rx_power_w,
                           double noise_psd_w_per_hz, double interference_w)
{
    if (!(bandwidth_hz > 0.0) || rx_power_w < 0.0 || !(noise_psd_w_per_hz >= 0.0) ||
        interference_w < 0.0)
        return NAN;
    double denom = noise_psd_w_per_hz * bandwidth_hz + interference_w;
    if (!(denom > 0.0))
        return NAN;
    return bandwidth_hz * log2(1.0 + rx_power_w / denom);
}
