/* ns-2 setdest replay against hand-computed motion. */
#include "models/mobility/mobility.h"
#include "traces/mobility/register.h"
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include "traces/mobility/ns2_scan.h"
#include <math.h>

static const char *trace =
    "# hand-made ns-2 movement file\n"
    "$node_(0) set X_ 0.0\n"
    "$node_(0) set Y_ 0.0\n"
    "$node_(0) set Z_ 1.5\n"
    "$node_(1) set X_ 100.0\n"
    "$node_(1) set Y_ 100.0\n"
    "$ns_ at 1.0 \"$node_(0) setdest 30.0 40.0 5.0\"\n"
    "$ns_ at 20.0 \"$node_(0) setdest 30.0 0.0 10.0\"\n"
    "$ns_ at 2.0 \"$node_(1) setdest 100.0 200.0 20.0\"\n"
    "$ns_ at 3.0 \"$node_(1) setdest 0.0 110.0 10.0\"\n";

int main(void)
{
    char dir[256], path[512], err[512];
    tmp_make_dir(dir, sizeof dir);
    tmp_write(dir, "hand.tcl", trace, path, sizeof path);
    size_t n = 0;
    CHECK(q6_ns2_count_nodes(path, &n, err, sizeof err) == 0 && n == 2);
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_NS2;
    snprintf(c.trace_path, sizeof c.trace_path, "%s", path);
    q6_trace_mobility_register();
    q6_mobility *m = q6_mobility_create(&c, 3, 1, 0, err, sizeof err);
    CHECK(m != NULL);
    if (!m)
        return CHECK_DONE();
    q6_pose p[3];
    /* t = 0.5: before any setdest, at the initial positions. */
    CHECK(q6_mobility_advance(m, 0.5, p, err, sizeof err) == 0);
    CHECK_NEAR(p[0].x_m, 0.0, 0);
    CHECK_NEAR(p[0].z_m, 1.5, 0);
    CHECK(p[0].present && p[1].present && !p[2].present);   /* slot 2 unused */
    CHECK_NEAR(p[1].z_m, 1.5, 0);   /* no Z_: the configured height */
    /* Node 0 leaves (0,0) at t = 1 towards (30,40): 50 m at 5 m/s, so it
     * arrives at t = 11; at t = 6 it covered 25 m: (15, 20).
     * Node 1 leaves (100,100) at t = 2 north at 20 m/s; at t = 3 it is at
     * (100, 120) and turns to (0, 110): dx = -100, dy = -10, 100.5 m at
     * 10 m/s; at t = 6 it covered 30 m: (100 - 30 x 100/100.4988,
     * 120 - 30 x 10/100.4988) = (100 - 29.8511, 120 - 2.9851). */
    CHECK(q6_mobility_advance(m, 6.0, p, err, sizeof err) == 0);
    CHECK_NEAR(p[0].x_m, 15.0, 1e-9);
    CHECK_NEAR(p[0].y_m, 20.0, 1e-9);
    CHECK_NEAR(p[0].speed_mps, 5.0, 0);
    CHECK_NEAR(p[0].heading_rad, atan2(40.0, 30.0), 1e-12);
    CHECK_NEAR(p[1].x_m, 70.1489, 1e-4);
    CHECK_NEAR(p[1].y_m, 117.0149, 1e-4);
    /* t = 15: node 0 has arrived and waits at (30, 40), speed 0. */
    CHECK(q6_mobility_advance(m, 15.0, p, err, sizeof err) == 0);
    CHECK_NEAR(p[0].x_m, 30.0, 0);
    CHECK_NEAR(p[0].y_m, 40.0, 0);
    CHECK_NEAR(p[0].speed_mps, 0.0, 0);
    /* t = 22: second leg from (30,40) south at 10 m/s since t = 20. */
    CHECK(q6_mobility_advance(m, 22.0, p, err, sizeof err) == 0);
    CHECK_NEAR(p[0].y_m, 20.0, 1e-9);
    CHECK(strcmp(q6_mobility_slot_name(m, 1), "1") == 0);
    q6_mobility_free(m);

    /* Errors name file and line. */
    tmp_write(dir, "bad.tcl", "$node_(0) set X_ 1.0\n$ns_ at 1.0 \"$node_(0) setdest 1 2\"\n", path,
              sizeof path);
    snprintf(c.trace_path, sizeof c.trace_path, "%s", path);
    q6_trace_mobility_register();
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "bad.tcl:2:") != NULL);
    tmp_write(dir, "big.tcl", "$node_(7) set X_ 1.0\n", path, sizeof path);
    snprintf(c.trace_path, sizeof c.trace_path, "%s", path);
    q6_trace_mobility_register();
    CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "big.tcl:1: node 7") != NULL);
    /* Positions and speeds beyond the physical bounds (1e8 m, 1e4 m/s)
     * are refused where they are written. */
    static const struct {
        const char *name, *text, *needle;
    } bad[] = {
        {"far.tcl", "$node_(0) set X_ 1.0\n$node_(0) set Y_ -1e300\n", "far.tcl:2: set Y_: -1e+300 m"},
        {"inf.tcl", "$node_(0) set X_ inf\n", "inf.tcl:1: set X_"},
        {"fardest.tcl", "$node_(0) set X_ 1.0\n$ns_ at 1.0 \"$node_(0) setdest 1e308 2 3\"\n", "fardest.tcl:2: setdest: x 1e+308 m"},
        {"fast.tcl", "$ns_ at 1.0 \"$node_(0) setdest 1 2 1e12\"\n", "fast.tcl:1: setdest: speed 1e+12 m/s is above 10000 m/s"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        tmp_write(dir, bad[k].name, bad[k].text, path, sizeof path);
        snprintf(c.trace_path, sizeof c.trace_path, "%s", path);
        err[0] = 0;
        CHECK(q6_mobility_create(&c, 3, 1, 0, err, sizeof err) == NULL);
        if (!strstr(err, bad[k].needle)) {
            fprintf(stderr, "expected '%s' in '%s'\n", bad[k].needle, err);
            CHECK(0);
        }
    }
    tmp_remove_dir(dir);
    return CHECK_DONE();
}
