/* Scenario mobility group: values, defaults, paths, and one clear message
 * (file:line: group.key: reason) per kind of mistake. */
#include "sim/scenario/scenario_mobility.h"
#include "test/check.h"
#include <string.h>

static int parse(const char *text, const char *file, q6_mobility_config *cfg, char *err, size_t len)
{
    config_t c;
    config_init(&c);
    int rc = -2;
    if (config_read_string(&c, text) == CONFIG_TRUE)
        rc = q6_scenario_parse_mobility(config_lookup(&c, "mobility"), file, cfg, err, len);
    else
        snprintf(err, len, "syntax: %s", config_error_text(&c));
    config_destroy(&c);
    return rc;
}

static void expect(const char *text, const char *needle)
{
    q6_mobility_config cfg;
    char err[512] = "";
    CHECK(parse(text, "dir/scenario.cfg", &cfg, err, sizeof err) == -1);
    if (!strstr(err, needle)) {
        fprintf(stderr, "expected '%s' in '%s'\n", needle, err);
        CHECK(0);
    }
}

int main(void)
{
    q6_mobility_config cfg;
    char err[512];
    CHECK(parse("mobility = {\n model = \"random-waypoint\";\n area_m = [2500, 2000];\n"
                " altitude_m = [1.5, 30.0];\n speed_mps = [5.0, 15.0];\n pause_max_s = 2.0;\n"
                " vspeed_max_mps = 3.0;\n};\n", "dir/scenario.cfg", &cfg, err, sizeof err) == 0);
    CHECK(cfg.kind == Q6_MOB_RANDOM_WAYPOINT);
    CHECK_NEAR(cfg.area_x_m, 2500.0, 0);   /* integers are accepted */
    CHECK_NEAR(cfg.area_y_m, 2000.0, 0);
    CHECK_NEAR(cfg.z_max_m, 30.0, 0);
    CHECK_NEAR(cfg.pause_max_s, 2.0, 0);
    CHECK_NEAR(cfg.warmup_s, 1000.0, 0);   /* default */

    CHECK(parse("mobility = { model = \"fcd\"; file = \"city.fcd.xml.gz\"; offset_m = [10.0, -5.0];"
                " time_offset_s = 100.0; };", "runs/a/scenario.cfg", &cfg, err, sizeof err) == 0);
    CHECK(strcmp(cfg.trace_path, "runs/a/city.fcd.xml.gz") == 0);
    CHECK_NEAR(cfg.offset_y_m, -5.0, 0);
    CHECK(parse("mobility = { model = \"ns2\"; file = \"/abs/m.tcl\"; };", "runs/a/s.cfg", &cfg, err,
                sizeof err) == 0);
    CHECK(strcmp(cfg.trace_path, "/abs/m.tcl") == 0);
    CHECK(parse("mobility = { model = \"gauss-markov\"; alpha = 0.9; mean_heading_rad = 1.0; };",
                "s.cfg", &cfg, err, sizeof err) == 0);
    CHECK(cfg.gm_heading_random == 0 && cfg.gm_alpha == 0.9);

    expect("mobility = {\n model = \"random-waypoint\";\n speed_mps = [0.0, 15.0];\n};",
           "dir/scenario.cfg:3: mobility.speed_mps: minimum must be > 0 m/s");
    expect("mobility = {\n model = \"random-waypoint\";\n sped_mps = [1.0, 15.0];\n};",
           "dir/scenario.cfg:3: mobility.sped_mps: unknown key");
    expect("mobility = {\n model = \"static\";\n\n alpha = 0.5;\n};",
           "dir/scenario.cfg:4: mobility.alpha: not used by model 'static'");
    expect("mobility = {\n model = \"teleport\";\n};", "dir/scenario.cfg:2: mobility.model: unknown model 'teleport'");
    expect("mobility = {\n area_m = [1.0];\n};", "dir/scenario.cfg:2: mobility.area_m: must be a pair");
    expect("mobility = {\n model = \"gauss-markov\";\n alpha = \"high\";\n};",
           "dir/scenario.cfg:3: mobility.alpha: must be a finite number");
    expect("mobility = {\n model = \"gauss-markov\";\n alpha = 1.5;\n};",
           "dir/scenario.cfg:3: mobility.alpha: must be in [0, 1]");
    expect("mobility = {\n model = \"fcd\";\n};", "dir/scenario.cfg:1: mobility.file: a trace file is required");
    /* Nested groups are named by their path. */
    config_t c;
    config_init(&c);
    CHECK(config_read_string(&c, "cars = {\n mobility = {\n  area_m = [-1.0, 2.0];\n };\n};") == CONFIG_TRUE);
    CHECK(q6_scenario_parse_mobility(config_lookup(&c, "cars.mobility"), "s.cfg", &cfg, err, sizeof err) == -1);
    CHECK(strstr(err, "s.cfg:3: cars.mobility.area_m: both sides must be > 0 m and <= 1e+08 m") != NULL);
    config_destroy(&c);
    return CHECK_DONE();
}
