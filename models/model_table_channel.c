/* Registry entries of the channel models (path loss, fading, rates). */
#include "models/channel.h"
#include "models/fading.h"
#include "models/model_tables.h"
#include "models/pathloss.h"
#include "models/rate.h"
#include "sim/base/rng.h"
#include <stdint.h>

#define DEG (M_PI / 180.0)
/* -174 dBm/Hz thermal noise (paper 002 Table I) in W/Hz. */
#define NOISE_PSD_W_PER_HZ 3.981071705534973e-21

/* Outputs that must be numbers: a NaN from a model function means the
 * inputs left its domain (ranges here are kept inside it, so this guards). */
static int nan_guard(double v, const char *field, char *err, size_t errlen)
{
    return isnan(v) ? q6_model_fail(err, errlen, field, "outside the model's domain") : 0;
}

/* --- free space --------------------------------------------------------- */
static const q6_model_param fspl_p[] = {
    Q6_P("distance_m", "m", 1000, 1e-3, 1e9, "transmitter-receiver distance"),
    Q6_P("carrier_hz", "Hz", 2e9, 1e3, 1e12, "carrier frequency"),
};
static const q6_model_output fspl_o[] = {{"pathloss_db", "dB", "Friis free-space loss"}};
static int fspl_eval(const double *in, double *out, char *err, size_t errlen)
{
    out[0] = q6_pathloss_fspl_db(in[0], in[1]);
    return nan_guard(out[0], "distance_m", err, errlen);
}

/* --- log-distance ------------------------------------------------------- */
static const q6_model_param logd_p[] = {
    Q6_P("distance_m", "m", 100, 1e-3, 1e9, "link distance d"),
    Q6_P("ref_distance_m", "m", 1, 1e-3, 1e6, "reference distance d0"),
    Q6_P("ref_loss_db", "dB", 40, -100, 300, "loss at d0 (PL0 in dB)"),
    Q6_P("exponent", "1", 2.5, 0, 10, "path-loss exponent alpha (paper 004: 2.25-2.75)"),
};
static const q6_model_output logd_o[] = {
    {"pathloss_db", "dB", "PL0 + 10 alpha log10(d/d0)"},
    {"gain_linear", "1", "PL0 (d/d0)^-alpha as a power gain"},
};
static int logd_eval(const double *in, double *out, char *err, size_t errlen)
{
    out[0] = q6_pathloss_logdistance_db(in[0], in[1], in[2], in[3]);
    out[1] = q6_db_to_linear(-out[0]);
    return nan_guard(out[0], "distance_m", err, errlen);
}

/* --- Okumura-Hata ------------------------------------------------------- */
static const q6_model_param hata_p[] = {
    Q6_P("distance_m", "m", 1000, 1000, 20000, "BS-mobile distance (Hata validity 1-20 km)"),
    Q6_P("carrier_hz", "Hz", 900e6, 150e6, 1500e6, "carrier (validity 150-1500 MHz)"),
    Q6_P("bs_height_m", "m", 30, 30, 200, "BS antenna height (validity 30-200 m)"),
    Q6_P("ms_height_m", "m", 1.5, 1, 10, "mobile antenna height (validity 1-10 m)"),
};
static const q6_model_output hata_o[] = {{"pathloss_db", "dB", "urban median loss"}};
static int hata_eval(const double *in, double *out, char *err, size_t errlen)
{
    out[0] = q6_pathloss_hata_urban_db(in[0], in[1], in[2], in[3]);
    return nan_guard(out[0], "distance_m", err, errlen);
}

/* --- 3GPP TR 38.901 UMa ------------------------------------------------- */
static const q6_model_param uma_p[] = {
    Q6_P("distance_2d_m", "m", 100, 10, 5000, "horizontal distance (10 m - 5 km)"),
    Q6_P("bs_height_m", "m", 25, 1.5, 150, "BS antenna height (38.901: 25 m)"),
    Q6_P("ut_height_m", "m", 1.5, 1.5, 22.5, "user antenna height (1.5-22.5 m)"),
    Q6_P("carrier_hz", "Hz", 3.5e9, 0.5e9, 100e9, "carrier (0.5-100 GHz)"),
};
static const q6_model_output uma_o[] = {
    {"breakpoint_m", "m", "d'BP = 4 h'BS h'UT fc / c"},
    {"los_db", "dB", "LoS loss (PL1/PL2)"},
    {"nlos_db", "dB", "NLoS loss max(PL_LoS, PL'_NLoS)"},
};
static int uma_eval(const double *in, double *out, char *err, size_t errlen)
{
    out[0] = q6_uma_breakpoint_m(in[1], in[2], in[3]);
    out[1] = q6_pathloss_uma_los_db(in[0], in[1], in[2], in[3]);
    out[2] = q6_pathloss_uma_nlos_db(in[0], in[1], in[2], in[3]);
    return nan_guard(out[2], "distance_2d_m", err, errlen);
}

/* --- 3GPP TR 36.777 UMa-AV ---------------------------------------------- */
static const q6_model_param uav_p[] = {
    Q6_P("distance_2d_m", "m", 200, 0, 100000, "horizontal distance ground node - UAV"),
    Q6_P("uav_height_m", "m", 50, 22.5, 100, "UAV height (22.5-100 m for NLoS)"),
    Q6_P("ground_height_m", "m", 25, 0, 100, "ground antenna height (BS 25 m)"),
    Q6_P("carrier_hz", "Hz", 2e9, 0.5e9, 6e9, "carrier (36.777: below 6 GHz)"),
};
static const q6_model_output uav_o[] = {
    {"los_probability", "1", "Table B-1 UMa-AV"},
    {"los_db", "dB", "LoS loss"},
    {"nlos_db", "dB", "NLoS loss"},
    {"mean_db", "dB", "loss of the LoS-probability-weighted mean gain"},
};
static int uav_eval(const double *in, double *out, char *err, size_t errlen)
{
    double dh = in[1] - in[2];
    double d3d = sqrt(in[0] * in[0] + dh * dh);
    if (!(d3d > 0.0))
        return q6_model_fail(err, errlen, "distance_2d_m", "zero 3-D distance");
    out[0] = q6_los_probability_uav(in[0], in[1]);
    out[1] = q6_pathloss_uav_los_db(d3d, in[1], in[3]);
    out[2] = q6_pathloss_uav_nlos_db(d3d, in[1], in[3]);
    out[3] = q6_pathloss_mixture_db(out[0], out[1], out[2]);
    return nan_guard(out[3], "distance_2d_m", err, errlen);
}

/* --- HAP and LEO links (paper 002 Table I) -------------------------------- */
#define NTN_PARAMS(alt, fc, gain, pwr_dbm, bw)                                              \
    {                                                                                       \
        Q6_P("altitude_m", "m", alt, 1e3, 4e7, "platform altitude"),                        \
        Q6_P("ground_distance_m", "m", 0, 0, 2e7, "surface distance terminal-subpoint"),     \
        Q6_P("carrier_hz", "Hz", fc, 1e8, 1e12, "carrier (paper 002 Table I)"),              \
        Q6_P("tx_gain_dbi", "dBi", gain, -50, 100, "platform antenna gain (Table I)"),       \
        Q6_P("rx_gain_dbi", "dBi", 0, -50, 100, "user antenna gain"),                       \
        Q6_P("tx_power_dbm", "dBm", pwr_dbm, -100, 100, "transmit power (Table I)"),         \
        Q6_P("bandwidth_hz", "Hz", bw, 1, 1e11, "bandwidth (Table I)"),                      \
        Q6_P("noise_psd_dbm_per_hz", "dBm/Hz", -174, -250, 0, "noise density (Table I)"),    \
    }
static const q6_model_param hap_p[] = NTN_PARAMS(20e3, 38e9, 15, 41, 400e6);
static const q6_model_param leo_p[] = NTN_PARAMS(550e3, 30e9, 50, 42, 800e6);
static const q6_model_output ntn_o[] = {
    {"elevation_deg", "deg", "elevation at the terminal (spherical Earth)"},
    {"slant_range_m", "m", "terminal-platform distance"},
    {"fspl_db", "dB", "free-space loss over the slant range"},
    {"rx_power_w", "W", "P_tx G_tx G_rx / FSPL"},
    {"snr_db", "dB", "rx power / (N0 B)"},
    {"rate_bps", "bit/s", "Shannon rate over the bandwidth"},
};
static int ntn_eval(const double *in, double *out, char *err, size_t errlen)
{
    double elev = q6_elevation_rad(in[0], in[1]);
    if (isnan(elev) || elev < 0.0)
        return q6_model_fail(err, errlen, "ground_distance_m", "platform below the horizon");
    out[0] = elev / DEG;
    out[1] = q6_slant_range_m(in[0], elev);
    out[2] = q6_pathloss_fspl_db(out[1], in[2]);
    out[3] = q6_link_rx_power_w(q6_dbm_to_w(in[5]), in[3], in[4], out[2]);
    double n0 = q6_dbm_to_w(in[7]);
    out[4] = q6_linear_to_db(q6_sinr_linear(out[3], n0, in[6], 0.0));
    out[5] = q6_rate_shannon_bps(in[6], out[3], n0, 0.0);
    return nan_guard(out[5], "ground_distance_m", err, errlen);
}

/* --- fading --------------------------------------------------------------- */
static const q6_model_param fading_p[] = {
    Q6_P("k_factor", "1", 6, 0, 1e4, "Rician K, linear (0 = Rayleigh; paper 004: 6)"),
    Q6_I("antennas", "1", 1, 1, 256, "independent branches combined (MRC)"),
    Q6_I("draws", "1", 10000, 1, 1e6, "number of draws averaged (draws x antennas <= 1e7)"),
    Q6_I("seed", "1", 1, 0, 9007199254740992.0, "seed of the fading stream"),
};
static const q6_model_output fading_o[] = {
    {"mean_power", "1", "sample mean of the combined |h|^2 (expected: antennas)"},
    {"var_power", "1", "sample variance of the combined |h|^2"},
};
static int fading_eval(const double *in, double *out, char *err, size_t errlen)
{
    if (in[1] * in[2] > 1e7)
        return q6_model_fail(err, errlen, "draws", "draws x antennas exceeds 1e7");
    gsl_rng *rng = q6_rng_stream((uint64_t)in[3], 0, Q6_STREAM_FADING);
    if (!rng)
        return q6_model_fail(err, errlen, "seed", "cannot create the random stream");
    double n = in[2], mean = 0.0, m2 = 0.0;
    for (double i = 1; i <= n; i++) { /* Welford's running mean and variance */
        double x = 0.0;
        for (int a = 0; a < (int)in[1]; a++)
            x += q6_fading_rician_power(rng, in[0]);
        double d = x - mean;
        mean += d / i;
        m2 += d * (x - mean);
    }
    gsl_rng_free(rng);
    out[0] = mean;
    out[1] = n > 1 ? m2 / (n - 1) : 0.0;
    return 0;
}

/* --- Doppler and CSI -------------------------------------------------------- */
static const q6_model_param doppler_p[] = {
    Q6_P("speed_mps", "m/s", 20, 0, 1e4, "relative speed (paper 004: vehicles 20 m/s)"),
    Q6_P("angle_deg", "deg", 0, -180, 180, "angle between motion and line of sight"),
    Q6_P("carrier_hz", "Hz", 3.5e9, 1e3, 1e12, "carrier frequency"),
};
static const q6_model_output doppler_o[] = {
    {"doppler_hz", "Hz", "v cos(phi) / lambda"},
    {"wavelength_m", "m", "c / f_c"},
};
static int doppler_eval(const double *in, double *out, char *err, size_t errlen)
{
    out[0] = q6_doppler_shift_hz(in[0], in[1] * DEG, in[2]);
    out[1] = Q6_SPEED_OF_LIGHT_MPS / in[2];
    return nan_guard(out[0], "speed_mps", err, errlen);
}

static const q6_model_param csi_p[] = {
    Q6_P("estimate_norm", "1", 2, 0, 1e6, "|h_est| (a 4-element steering vector: 2)"),
    Q6_P("norm_bound", "1", 0.1, 0, 1e6, "error norm bound tau"),
};
static const q6_model_output csi_o[] = {
    {"worst_case_gain", "1", "max(|h_est| - tau, 0)^2"},
    {"nominal_gain", "1", "|h_est|^2"},
};
static int csi_eval(const double *in, double *out, char *err, size_t errlen)
{
    out[0] = q6_csi_worst_case_gain(in[0], in[1]);
    out[1] = in[0] * in[0];
    return nan_guard(out[0], "estimate_norm", err, errlen);
}

/* --- rates ------------------------------------------------------------------ */
static const q6_model_param shannon_p[] = {
    Q6_P("bandwidth_hz", "Hz", 10e6, 1, 1e11, "AP bandwidth B"),
    Q6_P("bandwidth_fraction", "1", 1, 1e-9, 1, "OFDMA share of B given to the user"),
    Q6_P("rx_power_w", "W", 1e-10, 0, 1e6, "received signal power"),
    Q6_P("noise_psd_w_per_hz", "W/Hz", NOISE_PSD_W_PER_HZ, 0, 1, "noise density N0"),
    Q6_P("interference_w", "W", 0, 0, 1e6, "interference power"),
};
static const q6_model_output shannon_o[] = {
    {"sinr_db", "dB", "S / (N0 frac B + I)"},
    {"rate_bps", "bit/s", "frac B log2(1 + SINR)"},
};
static int shannon_eval(const double *in, double *out, char *err, size_t errlen)
{
    double b = in[0] * in[1];
    out[0] = q6_linear_to_db(q6_sinr_linear(in[2], in[3], b, in[4]));
    out[1] = q6_rate_ofdma_bps(in[0], in[1], in[2], in[3], in[4]);
    if (isnan(out[1]))
        return q6_model_fail(err, errlen, "noise_psd_w_per_hz",
                             "noise and interference are both zero");
    return 0;
}

static const q6_model_param fbl_p[] = {
    Q6_P("bandwidth_hz", "Hz", 10e6, 1, 1e11, "system bandwidth (paper 004: 10 MHz)"),
    Q6_P("snr_db", "dB", 10, -50, 80, "SINR"),
    Q6_P("blocklength", "1", 100, 1, 1e12, "channel uses per block (paper 004: 100)"),
    Q6_P("error_probability", "1", 1e-6, 1e-300, 0.5, "decoding error target (paper 004: 1e-6)"),
};
static const q6_model_output fbl_o[] = {
    {"rate_bps", "bit/s", "normal-approximation URLLC rate (floored at 0)"},
    {"shannon_bps", "bit/s", "B log2(1 + SNR), the n -> infinity limit"},
    {"dispersion", "1", "V = 1 - (1 + SNR)^-2"},
};
static int fbl_eval(const double *in, double *out, char *err, size_t errlen)
{
    double snr = q6_db_to_linear(in[1]);
    out[0] = q6_rate_fbl_bps(in[0], snr, in[2], in[3]);
    out[1] = in[0] * log2(1.0 + snr);
    out[2] = q6_channel_dispersion(snr);
    return nan_guard(out[0], "error_probability", err, errlen);
}

const q6_model_desc q6_models_channel[] = {
    Q6_MODEL("pathloss_fspl", "free-space (Friis) path loss", "Friis; ITU-R P.525",
             fspl_p, fspl_o, fspl_eval),
    Q6_MODEL("pathloss_logdistance", "log-distance path loss PL0 (d/d0)^-alpha",
             "paper 004 eq. 26", logd_p, logd_o, logd_eval),
    Q6_MODEL("pathloss_hata", "Okumura-Hata urban path loss, mobile-height correction",
             "Hata 1980; paper 004 eq. 15", hata_p, hata_o, hata_eval),
    Q6_MODEL("pathloss_uma", "3GPP UMa LoS/NLoS path loss with breakpoint",
             "3GPP TR 38.901 Table 7.4.1-1; paper 004 eqs. 16-20", uma_p, uma_o, uma_eval),
    Q6_MODEL("pathloss_uav", "3GPP aerial-vehicle UMa path loss with LoS probability",
             "3GPP TR 36.777 Tables B-1, B-2; paper 004 eqs. 27-29", uav_p, uav_o, uav_eval),
    Q6_MODEL("link_hap", "HAP-to-ground link: geometry, free-space budget, rate",
             "paper 002 Table I; ITU-R slant-range geometry", hap_p, ntn_o, ntn_eval),
    Q6_MODEL("link_leo", "LEO-to-ground link: geometry, free-space budget, rate",
             "paper 002 Table I; ITU-R slant-range geometry", leo_p, ntn_o, ntn_eval),
    Q6_MODEL("fading", "Rician/Rayleigh power gain statistics with M-branch combining",
             "paper 004 eqs. 13, 24-25; paper 002 channel models", fading_p, fading_o,
             fading_eval),
    Q6_MODEL("doppler", "Doppler shift", "paper 004 eq. 21", doppler_p, doppler_o,
             doppler_eval),
    Q6_MODEL("csi_worst_case", "worst-case gain under a bounded CSI error",
             "paper 004 eq. 12", csi_p, csi_o, csi_eval),
    Q6_MODEL("rate_shannon", "Shannon rate over an OFDMA bandwidth fraction",
             "paper 002 eq. 10", shannon_p, shannon_o, shannon_eval),
    Q6_MODEL("rate_fbl", "URLLC finite-blocklength rate (normal approximation)",
             "Polyanskiy-Poor-Verdu 2010; paper 004 eq. 23", fbl_p, fbl_o, fbl_eval),
};
const size_t q6_models_channel_count = Q6_COUNT(q6_models_channel);
