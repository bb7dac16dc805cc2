/* Rates; sources in rate.h. */
#include "models/rate.h"
#include "models/channel.h"
#include <gsl/gsl_cdf.h>
#include <math.h>

double q6_sinr_linear(double rx_power_w, double noise_psd_w_per_hz,
                      double bandwidth_hz, double interference_w)
{
    if (!(rx_power_w >= 0.0) || !(noise_psd_w_per_hz >= 0.0) || !(bandwidth_hz > 0.0) ||
        !(interference_w >= 0.0) || !isfinite(rx_power_w) || !isfinite(bandwidth_hz) ||
        !isfinite(noise_psd_w_per_hz) || !isfinite(interference_w))
        return NAN;
    double denom = noise_psd_w_per_hz * bandwidth_hz + interference_w;
    return denom > 0.0 ? rx_power_w / denom : NAN;
}

double q6_rate_ofdma_bps(double total_bandwidth_hz, double bandwidth_fraction,
                         double rx_power_w, double noise_psd_w_per_hz,
                         double interference_w)
{
    if (!(bandwidth_fraction > 0.0) || !(bandwidth_fraction <= 1.0) ||
        !(total_bandwidth_hz > 0.0) || !isfinite(total_bandwidth_hz))
        return NAN;
    return q6_rate_shannon_bps(bandwidth_fraction * total_bandwidth_hz, rx_power_w,
                               noise_psd_w_per_hz, interference_w);
}

double q6_channel_dispersion(double snr_linear)
{
    if (!(snr_linear >= 0.0) || isnan(snr_linear))
        return NAN;
    double x = 1.0 + snr_linear;
    return 1.0 - 1.0 / (x * x);
}

double q6_rate_fbl_bps(double bandwidth_hz, double snr_linear, double blocklength,
                       double error_probability)
{
    if (!(bandwidth_hz > 0.0) || !isfinite(bandwidth_hz) || !(snr_linear >= 0.0) ||
        !isfinite(snr_linear) || !(blocklength >= 1.0) || !isfinite(blocklength) ||
        !(error_probability > 0.0) || !(error_probability < 1.0))
        return NAN;
    double v = q6_channel_dispersion(snr_linear);
    double se = log2(1.0 + snr_linear) -
                sqrt(v / blocklength) * gsl_cdf_ugaussian_Qinv(error_probability) / M_LN2;
    return se > 0.0 ? bandwidth_hz * se : 0.0;
}
