#include "sim/core/radio.h"
#include "models/channel.h"
#include "models/fading.h"
#include "models/pathloss.h"
#include <math.h>

/* Validity ranges of the empirical models; inputs are clamped into them so
 * a vehicle right under an AP gets the model's nearest valid value. */
#define UMA_MIN_2D_M 10.0
#define UMA_UT_MIN_M 1.5
#define UMA_UT_MAX_M 22.5
#define UAV_MIN_H_M 22.5
#define UAV_MAX_H_M 300.0
/* 38.901 Table 7.4.2-1 UMa LoS probability constants (d1, p1) for h_UT <= 13 m. */
#define UMA_LOS_D1_M 18.0
#define UMA_LOS_P1_M 63.0
/* Paper 004's d1 for UAV links (above 100 m the channel is LoS). */
#define UAV_PAPER_D1_M 100.0

/* fmax and fmin as glibc computes them (the first operand on a tie, so
 * fmax(+0, -0) is +0 and fmax(-0, +0) is -0; the other operand when one is
 * NaN; checked against glibc for zeros of both signs, infinities and NaNs),
 * inline: the per-pair path loss below called them four times a pair. */
static inline double max_d(double a, double b) { return isnan(a) ? b : isnan(b) ? a : b > a ? b : a; }
static inline double min_d(double a, double b) { return isnan(a) ? b : isnan(b) ? a : b < a ? b : a; }

double q6_radio_pathloss_db(const q6_infra_host *ap, const double ap_xyz[3], double x_m,
                            double y_m, double z_m)
{
    double d2 = hypot(x_m - ap_xyz[0], y_m - ap_xyz[1]);
    double d3 = max_d(1.0, hypot(d2, z_m - ap_xyz[2]));
    switch (ap->pathloss) {
    case Q6_PL_UMA: {
        double d = max_d(d2, UMA_MIN_2D_M), h_ut = min_d(max_d(z_m, UMA_UT_MIN_M), UMA_UT_MAX_M);
        /* The AP may set d'BP, d1 and p1 (paper 004: d'BP = 100 m). */
        double bp = ap->uma_breakpoint_m > 0 ? ap->uma_breakpoint_m
                                             : q6_uma_breakpoint_m(ap_xyz[2], h_ut, ap->carrier_hz);
        double los = q6_pathloss_uma_los_bp_db(d, ap_xyz[2], h_ut, ap->carrier_hz, bp);
        double nlos = q6_pathloss_uma_nlos_bp_db(d, ap_xyz[2], h_ut, ap->carrier_hz, bp);
        double p = q6_los_probability(d, ap->los_d1_m > 0 ? ap->los_d1_m : UMA_LOS_D1_M,
                                      ap->los_p1_m > 0 ? ap->los_p1_m : UMA_LOS_P1_M);
        double pl = q6_pathloss_mixture_db(p, los, nlos);
        return isfinite(pl) ? pl : q6_pathloss_fspl_db(d3, ap->carrier_hz);
    }
    case Q6_PL_HATA: {
        double pl = q6_pathloss_hata_urban_db(d3, ap->carrier_hz, ap_xyz[2], max_d(z_m, 1.0));
        return isfinite(pl) ? pl : q6_pathloss_fspl_db(d3, ap->carrier_hz);
    }
    case Q6_PL_UAV: {
        double h = min_d(max_d(ap_xyz[2], UAV_MIN_H_M), UAV_MAX_H_M);
        double los = q6_pathloss_uav_los_db(d3, h, ap->carrier_hz);
        double nlos = q6_pathloss_uav_nlos_db(d3, h, ap->carrier_hz);
        /* 36.777's height formulas unless the AP sets d1 or p1 (paper
         * 004 eq. 29: p1 = 63 m, d1 = 100 m). */
        double p = ap->los_d1_m > 0 || ap->los_p1_m > 0
                       ? q6_los_probability(d2, ap->los_d1_m > 0 ? ap->los_d1_m : UAV_PAPER_D1_M,
                                            ap->los_p1_m > 0 ? ap->los_p1_m : UMA_LOS_P1_M)
                       : q6_los_probability_uav(d2, h);
        double pl = q6_pathloss_mixture_db(p, los, nlos);
        return isfinite(pl) ? pl : q6_pathloss_fspl_db(d3, ap->carrier_hz);
    }
    case Q6_PL_FSPL:
    default:
        return q6_pathloss_fspl_db(d3, ap->carrier_hz);
    }
}

void q6_radio_ap_terms_init(q6_radio_ap_terms *t, const q6_infra_host *ap, const double ap_xyz[3])
{
    *t = (q6_radio_ap_terms){0};
    t->ap = ap;
    t->xyz[0] = ap_xyz[0];
    t->xyz[1] = ap_xyz[1];
    t->xyz[2] = ap_xyz[2];
    t->ut_m = NAN;
    double hbs = ap_xyz[2], fc = ap->carrier_hz;
    /* The per-AP half of the UMa model's argument checks (uma_args_ok in
     * models/pathloss.c); the UT height is clamped into range, the distance
     * is checked per vehicle. */
    t->uma_ok = ap->pathloss == Q6_PL_UMA && isfinite(hbs) && isfinite(fc) && hbs > 1.0 && fc > 0.0;
    if (!t->uma_ok)
        return;
    t->lfc_db = 20.0 * log10(fc / 1e9);
    t->d1_m = ap->los_d1_m > 0 ? ap->los_d1_m : UMA_LOS_D1_M;
    t->p1_m = ap->los_p1_m > 0 ? ap->los_p1_m : UMA_LOS_P1_M;
}

/* The UT-height terms of the UMa model (vehicles of one slot mostly share
 * a height, so they are recomputed only when it changes). */
static void uma_ut_terms(q6_radio_ap_terms *t, double h_ut)
{
    const q6_infra_host *ap = t->ap;
    t->ut_m = h_ut;
    t->bp_m = ap->uma_breakpoint_m > 0 ? ap->uma_breakpoint_m : q6_uma_breakpoint_m(t->xyz[2], h_ut, ap->carrier_hz);
    t->dh_m = t->xyz[2] - h_ut;
    t->far_db = 9.0 * log10(t->bp_m * t->bp_m + t->dh_m * t->dh_m);
}

double q6_radio_pathloss_terms_db(q6_radio_ap_terms *t, double x_m, double y_m, double z_m)
{
    const q6_infra_host *ap = t->ap;
    if (!t->uma_ok)
        return q6_radio_pathloss_db(ap, t->xyz, x_m, y_m, z_m);
    /* Q6_PL_UMA of q6_radio_pathloss_db with q6_pathloss_uma_los_bp_db,
     * q6_pathloss_uma_nlos_bp_db (which evaluates the LoS loss again) and
     * their shared log10 terms written out once, in the same order. */
    double d2 = hypot(x_m - t->xyz[0], y_m - t->xyz[1]);
    double d = max_d(d2, UMA_MIN_2D_M), h_ut = min_d(max_d(z_m, UMA_UT_MIN_M), UMA_UT_MAX_M);
    if (!(h_ut == t->ut_m))
        uma_ut_terms(t, h_ut);
    double bp = t->bp_m;
    /* Outside the model's domain the original path decides (NaN, FSPL). */
    if (!isfinite(d) || !(d <= 5000.0) || !(bp > 0.0) || !isfinite(bp))
        return q6_radio_pathloss_db(ap, t->xyz, x_m, y_m, z_m);
    double dh = t->dh_m;
    double lg = log10(sqrt(d * d + dh * dh));
    double los = d <= bp ? 28.0 + 22.0 * lg + t->lfc_db : 28.0 + 40.0 * lg + t->lfc_db - t->far_db;
    double nlos = max_d(los, 13.54 + 39.08 * lg + t->lfc_db - 0.6 * (h_ut - 1.5));
    double pl = q6_pathloss_mixture_db(q6_los_probability(d, t->d1_m, t->p1_m), los, nlos);
    return isfinite(pl) ? pl : q6_pathloss_fspl_db(max_d(1.0, hypot(d2, z_m - t->xyz[2])), ap->carrier_hz);
}

/* Eq. 11 with the bounded CSI error of eq. 12: per antenna the complex
 * channel (1 for no fading, the steering vector's unit-modulus entries;
 * CN(0,1) Rayleigh; Rician K) plus an error entry, combined over the M
 * antennas. The Doppler phase of eq. 11 has unit modulus and drops out. */
static double gain_with_csi_error(const q6_infra_host *ap, q6_fading_kind kind, gsl_rng *rng)
{
    enum { MAX_ANT = 1024 };
    double e[2 * MAX_ANT];
    int m_ant = ap->antennas;
    double tau = ap->csi_error_bound > 0 ? ap->csi_error_bound : sqrt(m_ant * ap->csi_error_variance);
    if (m_ant > MAX_ANT || q6_csi_error_sample(rng, m_ant, ap->csi_error_variance, tau, e) != 0)
        return NAN;
    double g = 0;
    for (int m = 0; m < m_ant; m++) {
        double re = 1.0, im = 0.0;
        if (kind == Q6_FADE_RICIAN)
            q6_fading_rician_sample(rng, ap->rician_k, &re, &im);
        else if (kind == Q6_FADE_RAYLEIGH)
            q6_fading_rician_sample(rng, 0.0, &re, &im); /* K = 0: CN(0, 1) */
        re += e[2 * m];
        im += e[2 * m + 1];
        g += re * re + im * im;
    }
    return g;
}

double q6_radio_fading_gain(const q6_infra_host *ap, int force, gsl_rng *rng)
{
    q6_fading_kind kind = force >= 0 ? (q6_fading_kind)force : ap->fading;
    if (ap->csi_error_variance > 0)
        return gain_with_csi_error(ap, kind, rng);
    if (kind == Q6_FADE_NONE)
        return (double)ap->antennas;
    double g = 0;
    for (int m = 0; m < ap->antennas; m++)
        g += kind == Q6_FADE_RICIAN ? q6_fading_rician_power(rng, ap->rician_k)
                                    : q6_fading_rayleigh_power(rng);
    return g;
}
