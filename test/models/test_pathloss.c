/* Path-loss models against hand calculations and published limits. */
#include "check.h"
#include "models/channel.h"
#include "models/pathloss.h"

static void test_fspl(void)
{
    /* 20 log10(4 pi d f / c) = 20 log10(4 pi 1000 2e9 / 299792458)
     * = 20 log10(83833.2) = 98.468 dB: the textbook 98.46 dB at 1 km, 2 GHz. */
    CHECK_NEAR(q6_pathloss_fspl_db(1000.0, 2e9), 98.468, 1e-3);
    /* Doubling the distance adds 20 log10 2 = 6.0206 dB. */
    CHECK_NEAR(q6_pathloss_fspl_db(2000.0, 2e9) - q6_pathloss_fspl_db(1000.0, 2e9), 6.0206, 1e-4);
    CHECK(isnan(q6_pathloss_fspl_db(0.0, 2e9)));
    CHECK(isnan(q6_pathloss_fspl_db(NAN, 2e9)));
}

static void test_logdistance(void)
{
    /* PL0 = 40 dB at 1 m, alpha = 2.5, d = 100 m: 40 + 25 log10(100) = 90 dB. */
    CHECK_NEAR(q6_pathloss_logdistance_db(100.0, 1.0, 40.0, 2.5), 90.0, 1e-12);
    /* alpha = 2 with PL0 = FSPL(1 m) reproduces Friis at any distance. */
    double pl0 = q6_pathloss_fspl_db(1.0, 2e9);
    CHECK_NEAR(q6_pathloss_logdistance_db(730.0, 1.0, pl0, 2.0), q6_pathloss_fspl_db(730.0, 2e9),
               1e-9);
    CHECK(isnan(q6_pathloss_logdistance_db(100.0, 0.0, 40.0, 2.5)));
    CHECK(isnan(q6_pathloss_logdistance_db(100.0, 1.0, 40.0, -1.0)));
}

static void test_hata(void)
{
    /* f = 900 MHz, h_bs = 30 m, h_ms = 1.5 m, d = 1 km:
     * log f = 2.954243, log h_bs = 1.477121
     * a(h) = (1.1*2.954243 - 0.7)*1.5 - (1.56*2.954243 - 0.8)
     *      = 3.824501 - 3.808619 = 0.015882
     * PL = 69.55 + 26.16*2.954243 - 13.82*1.477121 - 0.015882 + 0
     *    = 69.55 + 77.28300 - 20.41381 - 0.01588 = 126.403 dB
     * (the commonly quoted 126.4 dB urban Hata example). */
    CHECK_NEAR(q6_pathloss_hata_urban_db(1000.0, 900e6, 30.0, 1.5), 126.403, 1e-3);
    /* At 10 km add the slope (44.9 - 6.55*1.477121) = 35.2249 dB/decade. */
    CHECK_NEAR(q6_pathloss_hata_urban_db(10000.0, 900e6, 30.0, 1.5), 161.628, 1e-3);
    CHECK(isnan(q6_pathloss_hata_urban_db(1000.0, 900e6, -30.0, 1.5)));
}

static void test_uma(void)
{
    /* d'BP = 4 (25-1)(1.5-1) 3.5e9 / 299792458 = 168e9 / 299792458 = 560.388 m. */
    CHECK_NEAR(q6_uma_breakpoint_m(25.0, 1.5, 3.5e9), 560.388, 1e-3);
    /* d2D = 100 m: d3D = sqrt(100^2 + 23.5^2) = 102.7241 m
     * PL1 = 28 + 22 log10(102.7241) + 20 log10(3.5) = 28 + 44.2568 + 10.8814 = 83.138 dB
     * PL'NLoS = 13.54 + 39.08*2.011672 + 10.8814 - 0.6*(1.5-1.5) = 103.038 dB. */
    CHECK_NEAR(q6_pathloss_uma_los_db(100.0, 25.0, 1.5, 3.5e9), 83.138, 1e-3);
    CHECK_NEAR(q6_pathloss_uma_nlos_db(100.0, 25.0, 1.5, 3.5e9), 103.038, 1e-3);
    /* d2D = 1000 m > d'BP: d3D = 1000.2761, log10 = 3.000120
     * PL2 = 28 + 40*3.000120 + 10.8814 - 9 log10(560.388^2 + 23.5^2)
     *     = 158.8862 - 9 log10(314586.9) = 158.8862 - 9*5.497740 = 109.406 dB. */
    CHECK_NEAR(q6_pathloss_uma_los_db(1000.0, 25.0, 1.5, 3.5e9), 109.406, 1e-3);
    /* Continuity at the breakpoint, which 38.901 builds in: with
     * d3D^2 = d'BP^2 + dh^2, 40 log d3D - 9 log d3D^2 = 22 log d3D, i.e. PL2 = PL1. */
    double dbp = q6_uma_breakpoint_m(25.0, 1.5, 3.5e9);
    double just_before = q6_pathloss_uma_los_db(dbp, 25.0, 1.5, 3.5e9);
    double just_after = q6_pathloss_uma_los_db(dbp * (1 + 1e-12), 25.0, 1.5, 3.5e9);
    CHECK_NEAR(just_before, just_after, 1e-6);
    /* NLoS is never below LoS (eq. 19). */
    for (double d = 10.0; d <= 5000.0; d *= 1.3)
        CHECK(q6_pathloss_uma_nlos_db(d, 25.0, 1.5, 3.5e9) >=
              q6_pathloss_uma_los_db(d, 25.0, 1.5, 3.5e9));
    CHECK(isnan(q6_pathloss_uma_los_db(5.0, 25.0, 1.5, 3.5e9)));   /* below 10 m */
    CHECK(isnan(q6_pathloss_uma_los_db(6000.0, 25.0, 1.5, 3.5e9))); /* beyond 5 km */
}

static void test_uav(void)
{
    /* h = 50 m: d1 = max(460 log10 50 - 700, 18) = max(781.526 - 700, 18) = 81.526 m,
     * p1 = 4300 log10 50 - 3800 = 7305.571 - 3800 = 3505.571 m.
     * d2D = 200 m: P = 81.526/200 + (1 - 0.40763) exp(-200/3505.571)
     *           = 0.40763 + 0.59237 * 0.944544 = 0.96715. */
    CHECK_NEAR(q6_los_probability_uav(200.0, 50.0), 0.96715, 1e-5);
    CHECK_NEAR(q6_los_probability_uav(50.0, 50.0), 1.0, 0.0);   /* d2D <= d1 */
    CHECK_NEAR(q6_los_probability_uav(5000.0, 150.0), 1.0, 0.0); /* above 100 m */
    /* Paper 004 values d1 = 100 m, p1 = 63 m at d = 200 m:
     * 0.5 + 0.5 exp(-200/63) = 0.5 + 0.5*0.041811 = 0.520905. */
    CHECK_NEAR(q6_los_probability(200.0, 100.0, 63.0), 0.520905, 1e-6);
    /* d3D = sqrt(200^2 + 25^2) = 201.5564, fc = 2 GHz:
     * LoS = 28 + 22*2.304395 + 6.0206 = 84.717 dB;
     * NLoS = -17.5 + (46 - 7*1.69897)*2.304395 + 20 log10(40 pi 2/3)
     *      = -17.5 + 34.10721*2.304395 + 38.4624 = 99.559 dB. */
    double d3 = sqrt(200.0 * 200.0 + 25.0 * 25.0);
    CHECK_NEAR(q6_pathloss_uav_los_db(d3, 50.0, 2e9), 84.717, 1e-3);
    CHECK_NEAR(q6_pathloss_uav_nlos_db(d3, 50.0, 2e9), 99.559, 1e-3);
    /* 20 log10(40 pi fc / 3) is FSPL at 1 m with c rounded to 3e8 m/s, so NLoS
     * at d = 1 m is -17.5 + FSPL(1 m) - 20 log10(3e8 / 299792458) = ... - 0.0060 dB. */
    CHECK_NEAR(q6_pathloss_uav_nlos_db(1.0, 50.0, 2e9),
               -17.5 + q6_pathloss_fspl_db(1.0, 2e9) - 0.0060, 1e-4);
    /* Mixture limits: P = 1 gives LoS, P = 0 gives NLoS; 0.5 of 100 and 110 dB:
     * -10 log10(0.5e-10 + 0.5e-11) = -10 log10(5.5e-11) = 102.596 dB. */
    CHECK_NEAR(q6_pathloss_mixture_db(1.0, 100.0, 110.0), 100.0, 1e-9);
    CHECK_NEAR(q6_pathloss_mixture_db(0.0, 100.0, 110.0), 110.0, 1e-9);
    CHECK_NEAR(q6_pathloss_mixture_db(0.5, 100.0, 110.0), 102.596, 1e-3);
    CHECK(isnan(q6_pathloss_uav_nlos_db(d3, 150.0, 2e9)));
    CHECK(isnan(q6_pathloss_mixture_db(1.5, 100.0, 110.0)));
}

static void test_ntn_geometry(void)
{
    /* Zenith: slant range = altitude. */
    CHECK_NEAR(q6_slant_range_m(20e3, M_PI / 2), 20e3, 1e-6);
    /* LEO 550 km at 30 deg: R = 6371 km, R+h = 6921 km,
     * sqrt(6921^2 - (6371 cos 30)^2) - 6371 sin 30
     * = sqrt(47900241 - 30442980.75) - 3185.5 = 4178.2784 - 3185.5 = 992.778 km. */
    CHECK_NEAR(q6_slant_range_m(550e3, 30.0 * M_PI / 180.0), 992778.38, 0.5);
    /* Elevation is 90 deg right below the platform and round-trips with the
     * slant range: law of cosines on the triangle centre-terminal-platform. */
    CHECK_NEAR(q6_elevation_rad(550e3, 0.0), M_PI / 2, 1e-12);
    double e = q6_elevation_rad(550e3, 800e3);
    double gamma = 800e3 / Q6_EARTH_RADIUS_M, r = Q6_EARTH_RADIUS_M, rh = r + 550e3;
    double d_cos = sqrt(r * r + rh * rh - 2 * r * rh * cos(gamma));
    CHECK_NEAR(q6_slant_range_m(550e3, e), d_cos, 1e-3);
    /* Link budget: 42 dBm + 50 dBi + 0 dBi - 200 dB = -108 dBm = 1.585e-14 W. */
    CHECK_REL(q6_link_rx_power_w(q6_dbm_to_w(42.0), 50.0, 0.0, 200.0), q6_dbm_to_w(-108.0), 1e-12);
    CHECK(isnan(q6_slant_range_m(-1.0, 0.5)));
    CHECK(isnan(q6_slant_range_m(550e3, -0.1)));
}

int main(void)
{
    test_fspl();
    test_logdistance();
    test_hata();
    test_uma();
    test_uav();
    test_ntn_geometry();
    return CHECK_DONE();
}
