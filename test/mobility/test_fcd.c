/* SUMO FCD replay on a hand-written trace: exact positions at timesteps,
 * linear interpolation between them, entry and exit, slot reuse, frame
 * offsets; reader errors with file, line and attribute. */
#include "models/mobility/mobility.h"
#include "traces/mobility/register.h"
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include "traces/mobility/fcd_reader.h"
#include <math.h>
#include <zlib.h>

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
    q6_trace_mobility_register();
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
/* Extreme but accepted values give finite poses (fuzz_fcd, issue 12): an
 * angle whose radians overflow, and positions at the coordinate bound
 * (|x| <= 1e8 m; beyond it the reader refuses the file). */
static void test_extremes(const char *dir)
{
    char path[4300], err[512];
    /* 360 * 2^40 + 90 degrees is exactly representable and points east
     * (heading 0); 1e308 degrees must still give a heading in (-pi, pi]. */
    q6_mobility *m = open_trace(tmp_write(dir, "angles.fcd.xml",
        "<fcd-export><timestep time=\"0\"><vehicle id=\"a\" x=\"0\" y=\"0\" angle=\"395824185999450\"/>"
        "<vehicle id=\"b\" x=\"-1e8\" y=\"1e8\" angle=\"1e308\"/></timestep>"
        "<timestep time=\"1\"><vehicle id=\"a\" x=\"0\" y=\"0\" angle=\"395824185999450\"/>"
        "<vehicle id=\"b\" x=\"1e8\" y=\"-1e8\" angle=\"1e308\"/></timestep></fcd-export>\n",
        path, sizeof path), 2, 0.0, 0.0, err, sizeof err);
    CHECK(m != NULL);
    if (!m)
        return;
    q6_pose p[2];
    CHECK(q6_mobility_advance(m, 0.5, p, err, sizeof err) == 0);
    CHECK(p[0].present && p[1].present);
    CHECK_NEAR(p[0].heading_rad, 0.0, 1e-9);
    CHECK(isfinite(p[1].heading_rad) && p[1].heading_rad > -M_PI && p[1].heading_rad <= M_PI);
    /* Halfway between -1e8 and 1e8 is 0. */
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

/* SUMO writes gzip in several members (one per flush): every member is
 * read. The trace is split inside a <vehicle> element, so reading only the
 * first member cannot succeed; the scan must match the whole file. */
static void test_multi_member_gzip(const char *dir)
{
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/members.fcd.xml.gz", dir);
    size_t half = strlen(trace) / 2;
    for (int part = 0; part < 2; part++) {
        gzFile gz = gzopen(path, part ? "ab" : "wb"); /* "ab": a second gzip member */
        CHECK(gz != NULL);
        if (!gz)
            return;
        const char *from = trace + (part ? half : 0);
        unsigned len = (unsigned)(part ? strlen(trace) - half : half);
        CHECK(gzwrite(gz, from, len) == (int)len);
        CHECK(gzclose(gz) == Z_OK);
    }
    q6_fcd_summary sum;
    int rc = q6_fcd_scan(path, &sum, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "two-member gzip: %s\n", err);
    CHECK(rc == 0 && sum.n_steps == 4 && sum.n_samples == 5 && sum.max_vehicles_per_step == 2);
}

/* Nested entities (billion laughs) are refused at once, not expanded. */
static void test_entities_refused(const char *dir)
{
    char text[2048] = "<?xml version=\"1.0\"?>\n<!DOCTYPE fcd-export [\n<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n";
    for (char e = 'b'; e <= 'g'; e++) { /* 10^5 expansions: small even if expanded */
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "<!ENTITY %c \"", e);
        for (int k = 0; k < 10; k++) {
            len = strlen(text);
            snprintf(text + len, sizeof text - len, "&%c;", e - 1);
        }
        len = strlen(text);
        snprintf(text + len, sizeof text - len, "\">\n");
    }
    strncat(text, "]>\n<fcd-export>\n<timestep time=\"0\"><vehicle id=\"&g;\" x=\"1\" y=\"2\"/></timestep>\n</fcd-export>\n",
            sizeof text - strlen(text) - 1);
    /* Refused either at the DOCTYPE or by libxml2's amplification limit (on
     * now that XML_PARSE_HUGE is gone), whichever the parser meets first. */
    expect_error(dir, "laughs.xml", text, "laughs.xml:");
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
    /* Positions beyond the physical bound (1e8 m) never reach the geometry. */
    expect_error(dir, "far.xml",
                 "<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"a\" x=\"-1e308\" y=\"2\"/>\n"
                 "<vehicle id=\"b\" x=\"1e308\" y=\"2\"/>\n</timestep>\n</fcd-export>\n",
                 "far.xml:3: vehicle.x: -1e+308 m is beyond the bound of 1e+08 m");
    expect_error(dir, "farz.xml",
                 "<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"a\" x=\"1\" y=\"2\" z=\"2e8\"/>\n"
                 "</timestep>\n</fcd-export>\n",
                 "farz.xml:3: vehicle.z: 2e+08 m is beyond");
    test_multi_member_gzip(dir);
    test_entities_refused(dir);
    char err[512];
    q6_mobility *m = open_trace("/nonexistent/x.xml", 1, 0, 0, err, sizeof err);
    CHECK(m == NULL && strstr(err, "/nonexistent/x.xml: cannot open") != NULL);
    tmp_remove_dir(dir);
    return CHECK_DONE();
}
