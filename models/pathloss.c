/* Path-loss models: sources are given per function in pathloss.h. */
#include "models/pathloss.h"
#include "models/channel.h"
#include <math.h>

double q6_pathloss_logdistance_db(double distance_m, double ref_distance_m,
                                  double ref_loss_db, double exponent)
{
    if (!(distance_m > 0.0) || !(ref_distance_m > 0.0) || !isfinite(ref_loss_db) ||
        !(exponent >= 0.0) || !isfinite(distance_m) || !isfinite(exponent))
        return NAN;
    return ref_loss_db + 10.0 * exponent * log10(distance_m / ref_distance_m);
}

double q6_pathloss_hata_urban_db(double distance_m, double carrier_hz,
                                 double bs_height_m, double ms_height_m)
{
    if (!(distance_m > 0.0) || !(carrier_hz > 0.0) || !(bs_height_m > 0.0) ||
        !(ms_height_m > 0.0) || !isfinite(distance_m) || !isfinite(carrier_hz) ||
        !isfinite(bs_height_m) || !isfinite(ms_height_m))
        return NAN;
    double lf = log10(carrier_hz / 1e6);   /* formula wants MHz */
    double lh = log10(bs_height_m);
    double a_hm = (1.1 * lf - 0.7) * ms_height_m - (1.56 * lf - 0.8);
    return 69.55 + 26.16 * lf - 13.82 * lh - a_hm +
           (44.9 - 6.55 * lh) * log10(distance_m / 1e3); /* and km */
}

int q6_hata_validity(double distance_m, double carrier_hz, double bs_height_m,
                     double ms_height_m)
{
    int out = 0;
    if (!(carrier_hz >= 150e6 && carrier_hz <= 1500e6))
        out |= Q6_HATA_OUT_CARRIER;
    if (!(bs_height_m >= 30.0 && bs_height_m <= 200.0))
        out |= Q6_HATA_OUT_BS_HEIGHT;
    if (!(ms_height_m >= 1.0 && ms_height_m <= 10.0))
        out |= Q6_HATA_OUT_MS_HEIGHT;
    if (!(distance_m < 0.0) && !(distance_m >= 1000.0 && distance_m <= 20000.0))
        out |= Q6_HATA_OUT_DISTANCE;
    return out;
}

/* Shared checks of the 38.901 UMa domain (heights above h_E = 1 m, finite). */
static int uma_args_ok(double d2d, double hbs, double hut, double fc)
{
    return isfinite(d2d) && isfinite(hbs) && isfinite(hut) && isfinite(fc) &&
           d2d >= 10.0 && d2d <= 5000.0 && hbs > 1.0 && hut > 1.0 && fc > 0.0;
}

double q6_uma_breakpoint_m(double bs_height_m, double ut_height_m, double carrier_hz)
{
    if (!(bs_height_m > 1.0) || !(ut_height_m > 1.0) || !(carrier_hz > 0.0) ||
        !isfinite(bs_height_m) || !isfinite(ut_height_m) || !isfinite(carrier_hz))
        return NAN;
    return 4.0 * (bs_height_m - 1.0) * (ut_height_m - 1.0) * carrier_hz / Q6_SPEED_OF_LIGHT_MPS;
}

double q6_pathloss_uma_los_bp_db(double distance_2d_m, double bs_height_m,
                                 double ut_height_m, double carrier_hz, double breakpoint_m)
{
    if (!uma_args_ok(distance_2d_m, bs_height_m, ut_height_m, carrier_hz) ||
        !(breakpoint_m > 0.0) || !isfinite(breakpoint_m))
        return NAN;
    double dh = bs_height_m - ut_height_m;
    double d3d = sqrt(distance_2d_m * distance_2d_m + dh * dh);
    double lfc = 20.0 * log10(carrier_hz / 1e9); /* fc in GHz */
    if (distance_2d_m <= breakpoint_m)
        return 28.0 + 22.0 * log10(d3d) + lfc;
    return 28.0 + 40.0 * log10(d3d) + lfc - 9.0 * log10(breakpoint_m * breakpoint_m + dh * dh);
}

double q6_pathloss_uma_los_db(double distance_2d_m, double bs_height_m,
                              double ut_height_m, double carrier_hz)
{
    return q6_pathloss_uma_los_bp_db(distance_2d_m, bs_height_m, ut_height_m, carrier_hz,
                                     q6_uma_breakpoint_m(bs_height_m, ut_height_m, carrier_hz));
}

double q6_pathloss_uma_nlos_bp_db(double distance_2d_m, double bs_height_m,
                                  double ut_height_m, double carrier_hz, double breakpoint_m)
{
    double los = q6_pathloss_uma_los_bp_db(distance_2d_m, bs_height_m, ut_height_m, carrier_hz,
                                           breakpoint_m);
    if (isnan(los))
        return NAN;
    double dh = bs_height_m - ut_height_m;
    double d3d = sqrt(distance_2d_m * distance_2d_m + dh * dh);
    double nlos = 13.54 + 39.08 * log10(d3d) + 20.0 * log10(carrier_hz / 1e9) -
                  0.6 * (ut_height_m - 1.5);
    return fmax(los, nlos);
}

double q6_pathloss_uma_nlos_db(double distance_2d_m, double bs_height_m,
                               double ut_height_m, double carrier_hz)
{
    return q6_pathloss_uma_nlos_bp_db(distance_2d_m, bs_height_m, ut_height_m, carrier_hz,
                                      q6_uma_breakpoint_m(bs_height_m, ut_height_m, carrier_hz));
}

double q6_pathloss_uav_los_db(double distance_3d_m, double uav_height_m, double carrier_hz)
{
    if (!(distance_3d_m > 0.0) || !(carrier_hz > 0.0) || !isfinite(distance_3d_m) ||
        !isfinite(carrier_hz) || !(uav_height_m >= 22.5) || !(uav_height_m <= 300.0))
        return NAN;
    return 28.0 + 22.0 * log10(distance_3d_m) + 20.0 * log10(carrier_hz / 1e9);
}

double q6_pathloss_uav_nlos_db(double distance_3d_m, double uav_height_m, double carrier_hz)
{
    if (!(distance_3d_m > 0.0) || !(carrier_hz > 0.0) || !isfinite(distance_3d_m) ||
        !isfinite(carrier_hz) || !(uav_height_m >= 10.0) || !(uav_height_m <= 100.0))
        return NAN;
    return -17.5 + (46.0 - 7.0 * log10(uav_height_m)) * log10(distance_3d_m) +
           20.0 * log10(40.0 * M_PI * (carrier_hz / 1e9) / 3.0);
}

double q6_los_probability(double distance_2d_m, double d1_m, double p1_m)
{
    if (!(distance_2d_m >= 0.0) || !(d1_m > 0.0) || !(p1_m > 0.0) ||
        !isfinite(distance_2d_m) || !isfinite(d1_m) || !isfinite(p1_m))
        return NAN;
    if (distance_2d_m <= d1_m)
        return 1.0;
    double r = d1_m / distance_2d_m;
    return r + (1.0 - r) * exp(-distance_2d_m / p1_m);
}

double q6_los_probability_uav(double distance_2d_m, double uav_height_m)
{
    if (!(uav_height_m >= 22.5) || !(uav_height_m <= 300.0))
        return NAN;
    if (uav_height_m > 100.0)
        return distance_2d_m >= 0.0 && isfinite(distance_2d_m) ? 1.0 : NAN;
    double lh = log10(uav_height_m);
    return q6_los_probability(distance_2d_m, fmax(460.0 * lh - 700.0, 18.0),
                              4300.0 * lh - 3800.0);
}

double q6_pathloss_mixture_db(double los_probability, double los_db, double nlos_db)
{
    if (!(los_probability >= 0.0) || !(los_probability <= 1.0) || !isfinite(los_db) ||
        !isfinite(nlos_db))
        return NAN;
    double g = los_probability * pow(10.0, -los_db / 10.0) +
               (1.0 - los_probability) * pow(10.0, -nlos_db / 10.0);
    return -10.0 * log10(g);
}

double q6_slant_range_m(double altitude_m, double elevation_rad)
{
    if (!(altitude_m > 0.0) || !isfinite(altitude_m) || !(elevation_rad >= 0.0) ||
        !(elevation_rad <= M_PI / 2.0 + 1e-12))
        return NAN;
    const double r = Q6_EARTH_RADIUS_M, rh = r + altitude_m;
    double c = r * cos(elevation_rad), s = r * sin(elevation_rad);
    return sqrt(rh * rh - c * c) - s;
}

double q6_elevation_rad(double altitude_m, double ground_distance_m)
{
    if (!(altitude_m > 0.0) || !isfinite(altitude_m) || !(ground_distance_m >= 0.0) ||
        !isfinite(ground_distance_m) || ground_distance_m > M_PI * Q6_EARTH_RADIUS_M)
        return NAN;
    const double r = Q6_EARTH_RADIUS_M, rh = r + altitude_m;
    double gamma = ground_distance_m / r; /* central angle */
    /* Platform in the terminal's local frame: up = rh cos g - r, horizontal = rh sin g. */
    return atan2(rh * cos(gamma) - r, rh * sin(gamma));
}

double q6_link_rx_power_w(double tx_power_w, double tx_gain_dbi, double rx_gain_dbi,
                          double pathloss_db)
{
    if (!(tx_power_w >= 0.0) || !isfinite(tx_power_w) || !isfinite(tx_gain_dbi) ||
        !isfinite(rx_gain_dbi) || !isfinite(pathloss_db))
        return NAN;
    return tx_power_w * pow(10.0, (tx_gain_dbi + rx_gain_dbi - pathloss_db) / 10.0);
}
