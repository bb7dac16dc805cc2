/* Synthetic mobility models: region invariants, stationary statistics,
 * limiting cases and determinism. */
#include "models/mobility/mobility.h"
#include "test/check.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static q6_mobility *make(const q6_mobility_config *c, size_t n, uint64_t seed)
{
    char err[256];
    q6_mobility *m = q6_mobility_create(c, n, seed, 0, err, sizeof err);
    if (!m)
        fprintf(stderr, "create: %s\n", err);
    return m;
}

static int inside(const q6_mobility_config *c, const q6_pose *p)
{
    return p->present && p->x_m >= 0 && p->x_m <= c->area_x_m && p->y_m >= 0 &&
           p->y_m <= c->area_y_m && p->z_m >= c->z_min_m - 1e-9 && p->z_m <= c->z_max_m + 1e-9;
}

/* Mean over nodes and samples of the speed in [t0, t1), sampled each dt. */
static double mean_speed(q6_mobility *m, q6_pose *poses, size_t n, double t0, double t1,
                         double dt, const q6_mobility_config *c, int *all_inside)
{
    char err[256];
    double sum = 0;
    long count = 0;
    for (double t = t0; t < t1; t += dt) {
        if (q6_mobility_advance(m, t, poses, err, sizeof err) < 0)
            return NAN;
        for (size_t i = 0; i < n; i++) {
            sum += poses[i].speed_mps;
            count++;
            if (!inside(c, &poses[i]))
                *all_inside = 0;
        }
    }
    return sum / count;
}

static void test_random_waypoint(void)
{
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_RANDOM_WAYPOINT;
    c.area_x_m = c.area_y_m = 500.0;
    c.z_min_m = 0.0;
    c.z_max_m = 100.0;          /* 3-D (paper 004 UAVs) */
    c.vspeed_max_mps = 2.0;
    c.speed_min_mps = 5.0;
    c.speed_max_mps = 15.0;
    c.pause_max_s = 0.0;
    c.warmup_s = 1000.0;
    size_t n = 200;
    q6_mobility *m = make(&c, n, 7);
    q6_pose *p = calloc(n, sizeof *p);
    int all_inside = 1;
    /* Stationary time-average speed with no pauses: legs of length D at
     * speed V ~ U[a, b] (independent of D) take time D/V, so the
     * time-average speed is E[D] / E[D/V] = 1 / E[1/V]
     * = (b - a) / ln(b / a) = 10 / ln 3 = 9.1024 m/s (Yoon, Liu and Noble
     * 2003); a start without warm-up would show the leg average 10 m/s. */
    double stationary = 10.0 / log(3.0);
    double w1 = mean_speed(m, p, n, 0.0, 300.0, 0.5, &c, &all_inside);
    double w2 = mean_speed(m, p, n, 300.0, 600.0, 0.5, &c, &all_inside);
    CHECK(all_inside);
    CHECK_REL(w1, stationary, 0.02);
    CHECK_REL(w2, stationary, 0.02);
    CHECK_NEAR(w1, w2, 0.03 * stationary);   /* not decaying after warm-up */
    /* Vertical speed never exceeds its bound. */
    char err[256];
    int vz_ok = 1;
    for (double t = 600; t < 700; t += 1.0) {
        q6_mobility_advance(m, t, p, err, sizeof err);
        for (size_t i = 0; i < n; i++)
            if (fabs(p[i].vz_mps) > c.vspeed_max_mps + 1e-9)
                vz_ok = 0;
    }
    CHECK(vz_ok);
    CHECK(q6_mobility_advance(m, 10.0, p, err, sizeof err) == -1);   /* time went back */
    CHECK(strstr(err, "backwards") != NULL);
    q6_mobility_free(m);
    free(p);
}

/* Paper 004 eqs. 8-10 with the ascent-angle bound of Table II (|phi| <=
 * 10 deg): on every leg |v_z| / v = |dz| / d_h <= tan(10 deg) = 0.176327,
 * even with a vertical speed bound that would allow steeper climbs; and
 * the bound is reached (the altitude range 0-20 m makes most legs want
 * less, but some want more and get pulled in to exactly the bound). */
static void test_ascent_bound(void)
{
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_RANDOM_WAYPOINT;
    c.area_x_m = c.area_y_m = 100.0;
    c.z_min_m = 0.0;
    c.z_max_m = 20.0;
    c.vspeed_max_mps = 50.0;
    c.ascent_max_deg = 10.0;
    c.speed_min_mps = c.speed_max_mps = 20.0;
    size_t n = 50;
    q6_mobility *m = make(&c, n, 11);
    q6_pose *p = calloc(n, sizeof *p);
    char err[256];
    double bound = tan(10.0 * M_PI / 180.0), steepest = 0.0;
    int ok = 1;
    for (double t = 0; t < 200; t += 0.5) {
        CHECK(q6_mobility_advance(m, t, p, err, sizeof err) == 0);
        for (size_t i = 0; i < n; i++)
            if (p[i].speed_mps > 0) {
                double slope = fabs(p[i].vz_mps) / p[i].speed_mps;
                ok &= slope <= bound + 1e-9;
                steepest = fmax(steepest, slope);
            }
    }
    CHECK(ok);
    CHECK_NEAR(steepest, bound, 1e-9);
    c.ascent_max_deg = 91.0;
    const char *key = NULL;
    CHECK(q6_mobility_config_check(&c, &key, err, sizeof err) == -1);
    CHECK(key && !strcmp(key, "ascent_max_deg"));
    q6_mobility_free(m);
    free(p);
}

static void test_gauss_markov(void)
{
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_GAUSS_MARKOV;
    c.area_x_m = c.area_y_m = 1000.0;
    c.gm_alpha = 0.75;
    c.gm_mean_speed_mps = 8.0;
    c.gm_speed_sd_mps = 1.5;
    c.warmup_s = 50.0;
    size_t n = 100;
    q6_mobility *m = make(&c, n, 3);
    q6_pose *p = calloc(n, sizeof *p);
    int all_inside = 1;
    /* The speed recursion is an AR(1) with fixed point s_mean: its long-run
     * mean is s_mean = 8 m/s whatever alpha (clipping at 0 is a 5-sigma
     * event here). Standard error ~ sd / sqrt(n * T / correlation time):
     * 1.5 / sqrt(100 * 2000 / 7) = 0.009 m/s, so 0.1 m/s is > 10 sigma. */
    double mean = mean_speed(m, p, n, 0.0, 2000.0, 1.0, &c, &all_inside);
    CHECK(all_inside);
    CHECK_NEAR(mean, 8.0, 0.1);
    q6_mobility_free(m);

    /* alpha = 1 and no noise: constant velocity (limiting case). Heading
     * fixed at 0 (+x), speed 8 m/s: x advances 8 m per second until the
     * border zone, y stays. */
    c.gm_alpha = 1.0;
    c.gm_speed_sd_mps = 0.0;
    c.gm_heading_sd_rad = 0.0;
    c.gm_heading_random = 0;
    c.gm_mean_heading_rad = 0.0;
    c.warmup_s = 0.0;
    m = make(&c, 1, 5);
    char err[256];
    q6_mobility_advance(m, 0.0, p, err, sizeof err);
    q6_pose start = p[0];
    q6_mobility_advance(m, 10.0, p, err, sizeof err);
    double expect_x = start.x_m + 80.0;
    if (expect_x > 1000.0)
        expect_x = 2000.0 - expect_x;   /* one reflection at the border */
    CHECK_NEAR(p[0].x_m, expect_x, 1e-6);
    CHECK_NEAR(p[0].y_m, start.y_m, 1e-6);
    q6_mobility_free(m);
    free(p);
}

static int same_poses(const q6_pose *a, const q6_pose *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].x_m != b[i].x_m || a[i].y_m != b[i].y_m || a[i].z_m != b[i].z_m ||
            a[i].speed_mps != b[i].speed_mps || a[i].heading_rad != b[i].heading_rad ||
            a[i].present != b[i].present)
            return 0;
    return 1;
}

static void test_static_and_determinism(void)
{
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_RANDOM_WAYPOINT;
    q6_pose a[5], b[5];
    char err[256];
    q6_mobility *m1 = make(&c, 5, 42), *m2 = make(&c, 5, 42);
    q6_mobility_advance(m1, 123.4, a, err, sizeof err);
    q6_mobility_advance(m2, 123.4, b, err, sizeof err);
    CHECK(same_poses(a, b, 5));
    q6_mobility_free(m1);
    q6_mobility_free(m2);
    c.kind = Q6_MOB_STATIC;
    m1 = make(&c, 5, 42);
    q6_mobility_advance(m1, 0.0, a, err, sizeof err);
    q6_mobility_advance(m1, 1e6, b, err, sizeof err);
    CHECK(same_poses(a, b, 5));
    for (int i = 0; i < 5; i++)
        CHECK(inside(&c, &a[i]) && a[i].speed_mps == 0.0);
    q6_mobility_free(m1);
}

static void test_bad_config(void)
{
    q6_mobility_config c;
    char err[256];
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_RANDOM_WAYPOINT;
    c.speed_min_mps = 0.0;
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "mobility.speed_mps") != NULL);
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_GAUSS_MARKOV;
    c.gm_alpha = NAN;
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "mobility.alpha") != NULL);
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_FCD;
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "mobility.file") != NULL);
}

/* Physical bounds: 1e12 m/s used to make random waypoint run forever;
 * within the bounds, the number of legs per advance is still capped, so
 * a tiny area at top speed ends in an error instead of a hang. */
static void test_bounds(void)
{
    q6_mobility_config c;
    char err[256];
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_RANDOM_WAYPOINT;
    c.speed_min_mps = 1.0;
    c.speed_max_mps = 1e12;
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "mobility.speed_mps") != NULL && strstr(err, "10000 m/s") != NULL);
    c.speed_max_mps = 1e4; /* the bound itself is allowed */
    q6_mobility *ok = q6_mobility_create(&c, 3, 1, 0, err, sizeof err);
    CHECK(ok != NULL);
    q6_mobility_free(ok);
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_STATIC;
    c.area_x_m = 1e300;
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL && strstr(err, "mobility.area_m") != NULL);
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_GAUSS_MARKOV;
    c.gm_step_s = 1e-12;
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL && strstr(err, "mobility.step_s") != NULL);
    /* 1 mm square at 1e4 m/s: a leg lasts < 1e-7 s, so the 1e6 s warm-up
     * needs > 1e13 legs; the cap (1e7 legs) stops it with a message. */
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_RANDOM_WAYPOINT;
    c.area_x_m = c.area_y_m = 1e-3;
    c.speed_min_mps = c.speed_max_mps = 1e4;
    c.warmup_s = 1e6;
    q6_mobility *m = make(&c, 1, 1);
    CHECK(m != NULL);
    q6_pose p;
    err[0] = 0;
    CHECK(m && q6_mobility_advance(m, 0.0, &p, err, sizeof err) == -1 && strstr(err, "legs") != NULL);
    q6_mobility_free(m);
}

int main(void)
{
    test_random_waypoint();
    test_ascent_bound();
    test_gauss_markov();
    test_static_and_determinism();
    test_bad_config();
    test_bounds();
    return CHECK_DONE();
}
