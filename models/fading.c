/* Fading draws and impairments; sources in fading.h. */
#include "models/fading.h"
#include "models/channel.h"
#include <gsl/gsl_randist.h>
#include <math.h>

double q6_fading_rayleigh_power(gsl_rng *rng)
{
    if (!rng)
        return NAN;
    return gsl_ran_exponential(rng, 1.0);
}

int q6_fading_rician_sample(gsl_rng *rng, double k_factor, double *re, double *im)
{
    if (!rng || !re || !im || !(k_factor >= 0.0) || !isfinite(k_factor))
        return -1;
    double los = sqrt(k_factor / (k_factor + 1.0));
    double sig = sqrt(1.0 / (k_factor + 1.0)) * M_SQRT1_2; /* per-part std of CN(0,1) */
    double phi = 2.0 * M_PI * gsl_rng_uniform(rng);
    *re = los * cos(phi) + gsl_ran_gaussian_ziggurat(rng, sig);
    *im = los * sin(phi) + gsl_ran_gaussian_ziggurat(rng, sig);
    return 0;
}

double q6_fading_rician_power(gsl_rng *rng, double k_factor)
{
    double re, im;
    if (q6_fading_rician_sample(rng, k_factor, &re, &im) != 0)
        return NAN;
    return re * re + im * im;
}

double q6_fading_rayleigh_mrc_power(gsl_rng *rng, int antennas)
{
    if (!rng || antennas < 1)
        return NAN;
    return gsl_ran_gamma(rng, (double)antennas, 1.0);
}

double q6_array_gain_linear(int antennas)
{
    return antennas < 1 ? NAN : (double)antennas;
}

double q6_doppler_shift_hz(double speed_mps, double angle_rad, double carrier_hz)
{
    if (!(speed_mps >= 0.0) || !isfinite(speed_mps) || !isfinite(angle_rad) ||
        !(carrier_hz > 0.0) || !isfinite(carrier_hz))
        return NAN;
    return speed_mps * cos(angle_rad) * carrier_hz / Q6_SPEED_OF_LIGHT_MPS;
}

int q6_csi_error_sample(gsl_rng *rng, int antennas, double error_variance,
                        double norm_bound, double *re_im)
{
    if (!rng || !re_im || antennas < 1 || !(error_variance >= 0.0) ||
        !isfinite(error_variance) || !(norm_bound >= 0.0) || !isfinite(norm_bound))
        return -1;
    double a = sqrt(1.5 * error_variance); /* U(-a,a) has variance a^2/3 = var/2 */
    double norm2 = 0.0;
    for (int i = 0; i < 2 * antennas; i++) {
        re_im[i] = gsl_ran_flat(rng, -a, a);
        norm2 += re_im[i] * re_im[i];
    }
    double norm = sqrt(norm2);
    if (norm > norm_bound) {
        double s = norm > 0.0 ? norm_bound / norm : 0.0;
        for (int i = 0; i < 2 * antennas; i++)
            re_im[i] *= s;
    }
    return 0;
}

double q6_csi_worst_case_gain(double estimate_norm, double norm_bound)
{
    if (!(estimate_norm >= 0.0) || !isfinite(estimate_norm) || !(norm_bound >= 0.0) ||
        !isfinite(norm_bound))
        return NAN;
    double m = fmax(estimate_norm - norm_bound, 0.0);
    return m * m;
}
