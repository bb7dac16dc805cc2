/* SUMO FCD replay on a hand-written trace: exact positions at timesteps,
 * linear interpolation between them, entry and exit, slot reuse, frame
 * offsets; reader errors with file, line and attribute. */
#include "models/mobility/mobility.h"
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include "traces/mobility/fcd_reader.h"
#include <math.h>

static const char *trace =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<fcd-export>\n"
    "  <timestep time=\"0.00\">\n"
    "    <vehicle id=\"a\" x=\"10.00\" y=\"20.00\" angle=\"90.00\" speed=\"5.00\"/>\n"
    "  </timestep>\n"
    "  <timestep time=\"1.00\">\n"
    "    <vehicle id=\"a\" x=\"15.00\" y=\"20.00\" angle=\"90.00\" speed=\"5.00\"/>\n"
    "    <vehicle id=\"b\" x=\"0.00\" y=\"0.00\" angle=\"0.00\" speed=\"0.00\"/>\n"
    "  </timestep>\n"
    "  <timestep time=\"2.00\">\n"
    "    <vehicle id=\"b\" x=\"0.00\" y=\"4.00\" angle=\"0.00\" speed=\"8.00\"/>\n"
    "  </timestep>\n"
    "  <timestep time=\"3.00\">\n"
    "    <vehicle id=\"c\" x=\"7.00\" y=\"7.00\" angle=\"180.00\" speed=\"1.00\"/>\n"
    "  </timestep>\n"
    "</fcd-export>\n";

static q6_mobility *open_trace(const char *path, size_t n, double dx, double dt, char *err, size_t len)
{
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_FCD;
    c.offset_x_m = dx;
    c.time_offset_s = dt;
    snprintf(c.trace_path, sizeof c.trace_path, "%s", path);
    return q6_mobility_create(&c, n, 1, 0, err, len);
}

static void test_replay(const char *path)
{
    char err[512];
    q6_fcd_summary sum;
    CHECK(q6_fcd_scan(path, &sum, err, sizeof err) == 0);
    CHECK(sum.n_steps == 4 && sum.max_vehicles_per_step == 2 && sum.n_samples == 5);
    CHECK_NEAR(sum.first_time_s, 0.0, 0);
    CHECK_NEAR(sum.last_time_s, 3.0, 0);
    q6_mobility *m = open_trace(path, 2, 0.0, 0.0, err, sizeof err);
    CHECK(m != NULL);
    if (!m)
        return;
    q6_pose p[2];
    /* t = 0: only a, in slot 0, exactly as recorded; SUMO angle 90 deg
     * (east) is heading 0 rad. */
    CHECK(q6_mobility_advance(m, 0.0, p, err, sizeof err) == 0);
    CHECK(p[0].present && !p[1].present);
    CHECK(p[0].x_m == 10.0 && p[0].y_m == 20.0);
    CHECK_NEAR(p[0].heading_rad, 0.0, 1e-12);
    CHECK(strcmp(q6_mobility_slot_name(m, 0), "a") == 0);
    /* t = 0.5: a halfway from (10,20) to (15,20); b not yet there. */
    CHECK(q6_mobility_advance(m, 0.5, p, err, sizeof err) == 0);
    CHECK_NEAR(p[0].x_m, 12.5, 1e-12);
    CHECK(!p[1].present);
    /* t = 1: b enters, slot 1. */
    CHECK(q6_mobility_advance(m, 1.0, p, err, sizeof err) == 0);
    CHECK(p[0].present && p[0].x_m == 15.0);
    CHECK(p[1].present && p[1].x_m == 0.0 && p[1].y_m == 0.0);
    CHECK(strcmp(q6_mobility_slot_name(m, 1), "b") == 0);
    /* t = 1.5: a was last seen at 1.0, so it is gone; b at (0, 2), speed
     * halfway 0 -> 8 = 4 m/s, heading north = pi/2. */
    CHECK(q6_mobility_advance(m, 1.5, p, err, sizeof err) == 0);
    CHECK(!p[0].present);
    CHECK(p[1].present);
    CHECK_NEAR(p[1].y_m, 2.0, 1e-12);
    CHECK_NEAR(p[1].speed_mps, 4.0, 1e-12);
    CHECK_NEAR(p[1].heading_rad, M_PI / 2, 1e-12);
    /* t = 2: b at its last record; slot 0 is free again. */
    CHECK(q6_mobility_advance(m, 2.0, p, err, sizeof err) == 0);
    CHECK(!p[0].present && p[1].y_m == 4.0);
    CHECK(strcmp(q6_mobility_slot_name(m, 0), "") == 0);
    /* t = 3: b gone, c takes the lowest free slot, 0; heading south. */
    CHECK(q6_mobility_advance(m, 3.0, p, err, sizeof err) == 0);
    CHECK(p[0].present && !p[1].present && p[0].x_m == 7.0);
    CHECK(strcmp(q6_mobility_slot_name(m, 0), "c") == 0);
    CHECK_NEAR(p[0].heading_rad, -M_PI / 2, 1e-12);
    /* After the trace's end nobody is left. */
    CHECK(q6_mobility_advance(m, 3.5, p, err, sizeof err) == 0);
    CHECK(!p[0].present && !p[1].present);
    q6_mobility_free(m);

    /* Frame mapping: x + 100 m; simulated t = 0 is trace time 0.5. */
    m = open_trace(path, 2, 100.0, 0.5, err, sizeof err);
    CHECK(q6_mobility_advance(m, 0.0, p, err, sizeof err) == 0);
    CHECK_NEAR(p[0].x_m, 112.5, 1e-12);
    q6_mobility_free(m);

    /* One slot is too few at t = 1 (a and b together). */
    m = open_trace(path, 1, 0.0, 0.0, err, sizeof err);
    CHECK(q6_mobility_advance(m, 1.0, p, err, sizeof err) == -1);
    CHECK(strstr(err, "more than 1 vehicles at 1 s") != NULL);
    q6_mobility_free(m);
}

/* A malformed file fails with file:line and the reason. */
/* Extreme but finite values give finite poses (fuzz_fcd, issue 12): an
 * angle whose radians overflow, and positions whose difference does. */
static void test_extremes(const char *dir)
{
    char path[4300], err[512];
    /* 360 * 2^40 + 90 degrees is exactly representable and points east
     * (heading 0); 1e308 degrees must still give a heading in (-pi, pi]. */
    q6_mobility *m = open_trace(tmp_write(dir, "angles.fcd.xml",
        "<fcd-export><timestep time=\"0\"><vehicle id=\"a\" x=\"0\" y=\"0\" angle=\"395824185999450\"/>"
        "<vehicle id=\"b\" x=\"-1e308\" y=\"1e308\" angle=\"1e308\"/></timestep>"
        "<timestep time=\"1\"><vehicle id=\"a\" x=\"0\" y=\"0\" angle=\"395824185999450\"/>"
        "<vehicle id=\"b\" x=\"1e308\" y=\"-1e308\" angle=\"1e308\"/></timestep></fcd-export>\n",
        path, sizeof path), 2, 0.0, 0.0, err, sizeof err);
    CHECK(m != NULL);
    if (!m)
        return;
    q6_pose p[2];
    CHECK(q6_mobility_advance(m, 0.5, p, err, sizeof err) == 0);
    CHECK(p[0].present && p[1].present);
    CHECK_NEAR(p[0].heading_rad, 0.0, 1e-9);
    CHECK(isfinite(p[1].heading_rad) && p[1].heading_rad > -M_PI && p[1].heading_rad <= M_PI);
    /* Halfway between -1e308 and 1e308 is 0 (a + f (b - a) gave NaN). */
    CHECK(p[1].x_m == 0.0 && p[1].y_m == 0.0);
    q6_mobility_free(m);
}

static void expect_error(const char *dir, const char *name, const char *text, const char *needle)
{
    char path[512], err[512];
    tmp_write(dir, name, text, path, sizeof path);
    q6_mobility *m = open_trace(path, 4, 0, 0, err, sizeof err);
    q6_pose p[4];
    int rc = m ? q6_mobility_advance(m, 100.0, p, err, sizeof err) : -1;
    CHECK(rc == -1);
    if (!strstr(err, needle)) {
        fprintf(stderr, "expected '%s' in '%s'\n", needle, err);
        CHECK(0);
    }
    q6_mobility_free(m);
}

int main(void)
{
    char dir[256], path[512];
    tmp_make_dir(dir, sizeof dir);
    test_replay(tmp_write(dir, "hand.fcd.xml", trace, path, sizeof path));
    test_extremes(dir);
    expect_error(dir, "noy.xml",
                 "<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"a\" x=\"1\"/>\n</timestep>\n</fcd-export>\n",
                 "noy.xml:3: vehicle: missing attribute 'y'");
    expect_error(dir, "badx.xml",
                 "<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"a\" x=\"1m\" y=\"2\"/>\n</timestep>\n</fcd-export>\n",
                 "badx.xml:3: vehicle.x: not a finite number: '1m'");
    expect_error(dir, "broken.xml", "<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"a\" x=\"1\" y=\"2\">\n</timestep>\n",
                 "broken.xml:4: malformed XML");
    expect_error(dir, "back.xml",
                 "<fcd-export>\n<timestep time=\"5\"/>\n<timestep time=\"4\"/>\n</fcd-export>\n",
                 "back.xml:3: timestep.time: 4 s does not increase");
    expect_error(dir, "twice.xml",
                 "<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"a\" x=\"1\" y=\"2\"/>\n"
                 "<vehicle id=\"a\" x=\"1\" y=\"2\"/>\n</timestep>\n</fcd-export>\n",
                 "vehicle 'a' listed twice");
    char err[512];
    q6_mobility *m = open_trace("/nonexistent/x.xml", 1, 0, 0, err, sizeof err);
    CHECK(m == NULL && strstr(err, "/nonexistent/x.xml: cannot open") != NULL);
    tmp_remove_dir(dir);
    return CHECK_DONE();
}
