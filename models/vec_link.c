/* Paper 004 links; sources in vec_link.h. */
#include "models/vec_link.h"
#include "models/channel.h"
#include "models/fading.h"
#include "models/rate.h"
#include <math.h>
#include <stdlib.h>

int q6_steering_vector(int antennas, double spacing_m, double wavelength_m, double aoa_rad,
                       double *re_im)
{
    if (!re_im || antennas < 1 || !(spacing_m >= 0.0) || !isfinite(spacing_m) ||
        !(wavelength_m > 0.0) || !isfinite(wavelength_m) || !isfinite(aoa_rad))
        return -1;
    double step = 2.0 * M_PI * spacing_m * sin(aoa_rad) / wavelength_m;
    for (int m = 0; m < antennas; m++) {
        re_im[2 * m] = cos(step * m);
        re_im[2 * m + 1] = sin(step * m);
    }
    return 0;
}

static int spec_ok(const q6_vec_link_spec *s)
{
    return s && isfinite(s->pathloss_db) && s->antennas >= 1 && s->antennas <= 4096 &&
           isfinite(s->doppler_hz) && s->slot_s >= 0.0 && isfinite(s->slot_s) &&
           isfinite(s->k_factor) && s->nlos_paths >= 1 && s->csi_variance >= 0.0 &&
           isfinite(s->csi_variance) && s->csi_bound >= 0.0 && isfinite(s->csi_bound);
}

double q6_vec_link_gain(gsl_rng *rng, const q6_vec_link_spec *s, double *re_im)
{
    if (!rng || !spec_ok(s))
        return NAN;
    int m_ant = s->antennas;
    double *a = malloc(2 * sizeof *a * (size_t)m_ant);
    double *e = malloc(2 * sizeof *e * (size_t)m_ant);
    if (!a || !e || q6_steering_vector(m_ant, s->spacing_m, s->wavelength_m, s->aoa_rad, a) != 0) {
        free(a);
        free(e);
        return NAN;
    }
    double amp = sqrt(q6_db_to_linear(-s->pathloss_db));
    double dop = 2.0 * M_PI * s->doppler_hz * s->slot_s;
    if (s->k_factor >= 0.0) {
        /* Eq. 24: one LoS phase phi for the link, N fresh NLoS phases per antenna. */
        double los = sqrt(s->k_factor / (s->k_factor + 1.0));
        double nl = sqrt(1.0 / (s->k_factor + 1.0)) / sqrt((double)s->nlos_paths);
        double phi = 2.0 * M_PI * gsl_rng_uniform(rng);
        for (int m = 0; m < m_ant; m++) {
            double lr = cos(phi + dop), li = sin(phi + dop);
            double ar = a[2 * m], ai = a[2 * m + 1];
            double nr = 0.0, ni = 0.0;
            for (int i = 0; i < s->nlos_paths; i++) {
                double th = 2.0 * M_PI * gsl_rng_uniform(rng);
                nr += cos(th);
                ni += sin(th);
            }
            a[2 * m] = los * (lr * ar - li * ai) + nl * nr;
            a[2 * m + 1] = los * (lr * ai + li * ar) + nl * ni;
        }
        dop = 0.0; /* the Doppler phase rides on the LoS part only (eq. 24) */
    }
    if (q6_csi_error_sample(rng, m_ant, s->csi_variance, s->csi_bound, e) != 0) {
        free(a);
        free(e);
        return NAN;
    }
    double gain = 0.0, cr = cos(dop), ci = sin(dop);
    for (int m = 0; m < m_ant; m++) {
        double hr = a[2 * m] + e[2 * m], hi = a[2 * m + 1] + e[2 * m + 1];
        gain += amp * amp * (hr * hr + hi * hi);
        if (re_im) {
            re_im[2 * m] = amp * (cr * hr - ci * hi);
            re_im[2 * m + 1] = amp * (cr * hi + ci * hr);
        }
    }
    free(a);
    free(e);
    return gain;
}

double q6_fbl_coding_delay_s(double blocklength, double bandwidth_hz, double decode_s_per_use)
{
    if (!(blocklength >= 1.0) || !isfinite(blocklength) || !(bandwidth_hz > 0.0) ||
        !isfinite(bandwidth_hz) || !(decode_s_per_use >= 0.0) || !isfinite(decode_s_per_use))
        return NAN;
    return blocklength / bandwidth_hz + blocklength * decode_s_per_use;
}

double q6_fbl_latency_s(double bits, double bandwidth_hz, double snr_linear, double blocklength,
                        double error_probability, double decode_s_per_use)
{
    if (!(bits >= 0.0) || !isfinite(bits))
        return NAN;
    double r = q6_rate_fbl_bps(bandwidth_hz, snr_linear, blocklength, error_probability);
    double c = q6_fbl_coding_delay_s(blocklength, bandwidth_hz, decode_s_per_use);
    if (isnan(r) || isnan(c))
        return NAN;
    if (bits == 0.0)
        return 0.0;
    return r > 0.0 ? bits / r + c : INFINITY;
}
