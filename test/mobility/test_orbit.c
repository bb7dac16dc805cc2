/* LEO orbits, look angles, visibility windows, Walker shells and HAPs,
 * against hand calculations. */
#include "models/mobility/hap.h"
#include "models/mobility/orbit.h"
#include "test/check.h"
#include <math.h>
#include <string.h>

#define DEG (M_PI / 180.0)

static void test_kepler_period(void)
{
    /* a = 6371 + 550 = 6921 km; a^3 / mu = 3.31521e20 m^3 / 3.986004418e14
     * m^3/s^2 = 831704 s^2; T = 2 pi sqrt(831704) = 2 pi x 911.97 s
     * = 5730.1 s = 95.50 min. */
    CHECK_NEAR(q6_orbit_period_s(550e3), 5730.1, 0.1);
    /* The propagated orbit closes after one period (mean motion matches). */
    q6_orbit o = {550e3, 53.0 * DEG, 10.0 * DEG, 20.0 * DEG};
    double r0[3], r1[3], rh[3];
    double T = q6_orbit_period_s(550e3);
    q6_orbit_eci(&o, 0.0, r0);
    q6_orbit_eci(&o, T, r1);
    q6_orbit_eci(&o, T / 2, rh);
    CHECK_NEAR(r1[0], r0[0], 1e-3);
    CHECK_NEAR(r1[1], r0[1], 1e-3);
    CHECK_NEAR(r1[2], r0[2], 1e-3);
    /* Half a period later it is diametrically opposite: r(T/2) = -r(0). */
    CHECK_NEAR(rh[0], -r0[0], 1e-3);
    CHECK_NEAR(rh[2], -r0[2], 1e-3);
    /* Radius stays a (circular). */
    CHECK_NEAR(sqrt(r0[0] * r0[0] + r0[1] * r0[1] + r0[2] * r0[2]), 6921e3, 1e-3);
    /* Maximum latitude equals the inclination: z at u = 90 deg is a sin i. */
    q6_orbit top = {550e3, 53.0 * DEG, 0.0, 90.0 * DEG};
    q6_orbit_eci(&top, 0.0, r0);
    CHECK_NEAR(r0[2], 6921e3 * sin(53.0 * DEG), 1e-3);
}

static void test_overhead_pass(void)
{
    char err[256];
    q6_geo_frame still, turning;
    CHECK(q6_geo_frame_init(&still, 0.0, 0.0, 0, err, sizeof err) == 0);
    CHECK(q6_geo_frame_init(&turning, 0.0, 0.0, 1, err, sizeof err) == 0);
    /* Equatorial orbit, satellite over (0 N, 0 E) at t = 0: straight up. */
    q6_orbit o = {550e3, 0.0, 0.0, 0.0};
    q6_look look;
    q6_orbit_look(&o, &still, 0.0, 0.0, 0.0, 0.0, &look);
    CHECK_NEAR(look.elevation_rad, M_PI / 2, 1e-9);
    CHECK_NEAR(look.slant_range_m, 550e3, 1e-3);
    double x, y, z;
    q6_orbit_local(&o, &still, 0.0, &x, &y, &z);
    CHECK_NEAR(x, 0.0, 1e-6);
    CHECK_NEAR(y, 0.0, 1e-6);
    CHECK_NEAR(z, 550e3, 1e-6);
    /* Prograde equatorial: the satellite moves east (+x locally). */
    q6_orbit_local(&o, &still, 10.0, &x, &y, &z);
    CHECK(x > 0 && fabs(y) < 1e-6);

    /* Visibility at min elevation 10 deg: the Earth central angle where
     * elevation = eps is lambda = acos(R cos eps / a) - eps
     *   = acos(6371 x 0.98481 / 6921) - 10 deg = acos(0.906547) - 10 deg
     *   = 24.9676 - 10 = 14.9676 deg = 0.261233 rad.
     * Non-rotating Earth: mean motion n = 2 pi / 5730.13 s = 1.096518e-3
     * rad/s, window half-length lambda / n = 238.24 s. */
    q6_window w[4];
    int n = q6_orbit_visibility(&o, &still, 0, 0, 0, 10.0 * DEG, -1000.0, 1000.0, 10.0, w, 4, err,
                                sizeof err);
    CHECK(n == 1);
    CHECK_NEAR(w[0].start_s, -238.24, 0.01);
    CHECK_NEAR(w[0].end_s, 238.24, 0.01);
    /* Rotating Earth: the ground point turns east with omega_E =
     * 7.292115e-5 rad/s, the relative rate is n - omega_E = 1.023597e-3
     * rad/s, half-length 0.261233 / 1.023597e-3 = 255.21 s. */
    n = q6_orbit_visibility(&o, &turning, 0, 0, 0, 10.0 * DEG, -1000.0, 1000.0, 10.0, w, 4, err,
                            sizeof err);
    CHECK(n == 1);
    CHECK_NEAR(w[0].start_s, -255.21, 0.01);
    CHECK_NEAR(w[0].end_s, 255.21, 0.01);
    /* Over a day a non-rotating equatorial pass repeats every period. */
    n = q6_orbit_visibility(&o, &still, 0, 0, 0, 10.0 * DEG, 0.0, 3 * 5730.13 - 300.0, 10.0, w, 4,
                            err, sizeof err);
    CHECK(n == 3);
    if (n == 3)
        CHECK_NEAR(w[1].start_s, 5730.13 - 238.24, 0.02);
    /* A ground point at 60 N never sees an equatorial LEO satellite at
     * 10 deg: the largest central angle is 14.97 deg < 60 deg. */
    q6_geo_frame north;
    q6_geo_frame_init(&north, 60.0 * DEG, 0.0, 1, err, sizeof err);
    CHECK(q6_orbit_visibility(&o, &north, 0, 0, 0, 10.0 * DEG, 0.0, 86400.0, 30.0, w, 4, err,
                              sizeof err) == 0);
    /* Bad input is rejected with the field named. */
    q6_orbit bad = {-5.0, 0.0, 0.0, 0.0};
    CHECK(q6_orbit_visibility(&bad, &still, 0, 0, 0, 0.1, 0, 10, 1, w, 4, err, sizeof err) == -1);
    CHECK(strstr(err, "altitude_m") != NULL);
    CHECK(q6_geo_frame_init(&north, NAN, 0.0, 1, err, sizeof err) == -1);
}

static void test_walker(void)
{
    char err[256];
    q6_orbit o[24];
    /* Walker 24/3/1: 8 satellites per plane, RAAN 0/120/240 deg; phase of
     * satellite k in plane p = 360 k / 8 + 360 x 1 x p / 24 = 45 k + 15 p
     * deg. */
    CHECK(q6_walker_shell(24, 3, 1, 550e3, 53.0 * DEG, o, 24, err, sizeof err) == 24);
    CHECK_NEAR(o[8].raan_rad, 120.0 * DEG, 1e-12);
    CHECK_NEAR(o[8].phase_rad, 15.0 * DEG, 1e-12);
    CHECK_NEAR(o[17].raan_rad, 240.0 * DEG, 1e-12);
    CHECK_NEAR(o[17].phase_rad, 75.0 * DEG, 1e-12);
    CHECK_NEAR(o[23].inclination_rad, 53.0 * DEG, 1e-15);
    CHECK(q6_walker_shell(25, 3, 1, 550e3, 0.9, o, 24, err, sizeof err) == -1);
    CHECK(q6_walker_shell(24, 3, 3, 550e3, 0.9, o, 24, err, sizeof err) == -1);
    CHECK(strstr(err, "phasing") != NULL);
}

static void test_hap(void)
{
    char err[256];
    q6_hap h = {1000.0, -500.0, 20000.0, 2000.0, 25.0, 0.0};
    CHECK(q6_hap_check(&h, err, sizeof err) == 0);
    q6_pose p;
    /* On the circle: radius 2 km around the centre, 25 m/s; a quarter turn
     * takes (pi / 2) x 2000 / 25 = 125.66 s and ends at (x, y + r). */
    q6_hap_pose(&h, 0.5 * M_PI * 2000.0 / 25.0, &p);
    CHECK_NEAR(p.x_m, 1000.0, 1e-6);
    CHECK_NEAR(p.y_m, 1500.0, 1e-6);
    CHECK_NEAR(p.z_m, 20000.0, 0);
    CHECK_NEAR(p.speed_mps, 25.0, 0);
    CHECK_NEAR(p.heading_rad, M_PI, 1e-9);   /* moving -x at the top */
    for (double t = 0; t < 1000; t += 37) {
        q6_hap_pose(&h, t, &p);
        CHECK_NEAR(hypot(p.x_m - 1000.0, p.y_m + 500.0), 2000.0, 1e-6);
    }
    h.altitude_m = 15000.0;
    CHECK(q6_hap_check(&h, err, sizeof err) == -1 && strstr(err, "altitude_m"));
    h.altitude_m = 17000.0;
    h.speed_mps = 0.0;
    CHECK(q6_hap_check(&h, err, sizeof err) == -1 && strstr(err, "speed_mps"));
}

int main(void)
{
    test_kepler_period();
    test_overhead_pass();
    test_walker();
    test_hap();
    return CHECK_DONE();
}
