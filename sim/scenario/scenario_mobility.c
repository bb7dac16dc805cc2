/* Mobility group of a scenario file (libconfig syntax), e.g.
 *   mobility = { model = "random-waypoint"; area_m = [2500.0, 2500.0];
 *                speed_mps = [5.0, 15.0]; pause_max_s = 2.0; };
 *   mobility = { model = "fcd"; file = "city.fcd.xml.gz"; };
 *
 * Keys (unit, default; the models a key applies to; any other key, or a
 * key the chosen model does not use, is an error):
 *   model          "static" | "random-waypoint" | "gauss-markov" | "fcd" |
 *                  "ns2" (default "static")
 *   area_m         [x, y] region [0,x] x [0,y], metres (default
 *                  [1000, 1000]); static, random-waypoint, gauss-markov
 *   altitude_m     [min, max] node height, metres (default [1.5, 1.5]);
 *                  synthetic models draw in the range, traces use min for
 *                  nodes whose trace gives no height; all models
 *   speed_mps      [min, max] horizontal leg speed, m/s, min > 0 (default
 *                  [5, 15]); random-waypoint
 *   pause_max_s    pause at a waypoint, uniform in [0, max], s (default 0);
 *                  random-waypoint
 *   vspeed_max_mps vertical speed bound, m/s (default 0; > 0 needed when
 *                  altitude_m is a range: 3-D waypoint, paper 004
 *                  eqs. 8-10); random-waypoint
 *   ascent_max_deg bound on the climb or descent angle phi of a leg,
 *                  degrees in [0, 90] (default 90: none; paper 004
 *                  Table II: 10); random-waypoint
 *   warmup_s       model time run before t = 0, s (default 1000; keeps
 *                  random waypoint out of its speed decay); random-waypoint,
 *                  gauss-markov
 *   alpha          Gauss-Markov memory, [0, 1] (default 0.75); gauss-markov
 *   mean_speed_mps mean speed, m/s (default 10); gauss-markov
 *   speed_sd_mps   std. dev. of speed, m/s (default 2); gauss-markov
 *   heading_sd_rad std. dev. of direction, rad (default 0.5); gauss-markov
 *   mean_heading_rad mean direction, rad from +x counter-clockwise
 *                  (default: drawn per node, uniform); gauss-markov
 *   step_s         update interval, s (default 1); gauss-markov
 *   edge_fraction  border zone where the mean direction turns inwards,
 *                  fraction of the shorter side, [0, 0.5) (default 0.1);
 *                  gauss-markov
 *   file           trace path, relative to the scenario file's directory;
 *                  fcd (.xml or .xml.gz), ns2 (required)
 *   offset_m       [x, y] added to trace coordinates, metres (default
 *                  [0, 0]); fcd, ns2
 *   time_offset_s  trace time at simulated t = 0, s (default 0); fcd, ns2
 */
#include "sim/scenario/scenario_mobility.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

enum {
    M_STATIC = 1 << Q6_MOB_STATIC,
    M_RWP = 1 << Q6_MOB_RANDOM_WAYPOINT,
    M_GM = 1 << Q6_MOB_GAUSS_MARKOV,
    M_FCD = 1 << Q6_MOB_FCD,
    M_NS2 = 1 << Q6_MOB_NS2,
    M_SYNTH = M_STATIC | M_RWP | M_GM,
    M_TRACE = M_FCD | M_NS2,
    M_ALL = M_SYNTH | M_TRACE
};

typedef enum { K_NUMBER, K_PAIR, K_STRING } key_type;

typedef struct {
    const char *name;
    key_type type;
    int models;
    size_t off_a, off_b;     /* double fields (off_b for the pair's second) */
} key_spec;

#define F(field) offsetof(q6_mobility_config, field)
static const key_spec keys[] = {
    {"model", K_STRING, M_ALL, 0, 0},
    {"area_m", K_PAIR, M_SYNTH, F(area_x_m), F(area_y_m)},
    {"altitude_m", K_PAIR, M_ALL, F(z_min_m), F(z_max_m)},
    {"speed_mps", K_PAIR, M_RWP, F(speed_min_mps), F(speed_max_mps)},
    {"pause_max_s", K_NUMBER, M_RWP, F(pause_max_s), 0},
    {"vspeed_max_mps", K_NUMBER, M_RWP, F(vspeed_max_mps), 0},
    {"ascent_max_deg", K_NUMBER, M_RWP, F(ascent_max_deg), 0},
    {"warmup_s", K_NUMBER, M_RWP | M_GM, F(warmup_s), 0},
    {"alpha", K_NUMBER, M_GM, F(gm_alpha), 0},
    {"mean_speed_mps", K_NUMBER, M_GM, F(gm_mean_speed_mps), 0},
    {"speed_sd_mps", K_NUMBER, M_GM, F(gm_speed_sd_mps), 0},
    {"heading_sd_rad", K_NUMBER, M_GM, F(gm_heading_sd_rad), 0},
    {"mean_heading_rad", K_NUMBER, M_GM, F(gm_mean_heading_rad), 0},
    {"step_s", K_NUMBER, M_GM, F(gm_step_s), 0},
    {"edge_fraction", K_NUMBER, M_GM, F(gm_edge_fraction), 0},
    {"file", K_STRING, M_TRACE, 0, 0},
    {"offset_m", K_PAIR, M_TRACE, F(offset_x_m), F(offset_y_m)},
    {"time_offset_s", K_NUMBER, M_TRACE, F(time_offset_s), 0},
};
#define N_KEYS (sizeof keys / sizeof keys[0])

/* "parent.child" path of a setting, for messages. */
static void setting_path(const config_setting_t *s, char *out, size_t len)
{
    const char *name = config_setting_name(s);
    const config_setting_t *parent = config_setting_parent(s);
    char head[256] = "";
    if (parent && config_setting_name(parent))
        setting_path(parent, head, sizeof head);
    if (!name)
        snprintf(out, len, "%s[%d]", head, config_setting_index(s));
    else
        snprintf(out, len, "%s%s%s", head, head[0] ? "." : "", name);
}

static int number_of(const config_setting_t *s, double *out)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        *out = (double)config_setting_get_int64(s);
        return 0;
    case CONFIG_TYPE_FLOAT:
        *out = config_setting_get_float(s);
        return isfinite(*out) ? 0 : -1;
    default:
        return -1;
    }
}

/* Sets key k from setting s. 0, or -1 with the reason in msg. */
static int apply_key(const key_spec *k, const config_setting_t *s, const char *file,
                     q6_mobility_config *cfg, char *msg, size_t msglen)
{
    char *base = (char *)cfg;
    if (k->type == K_NUMBER) {
        if (number_of(s, (double *)(void *)(base + k->off_a)) < 0) {
            snprintf(msg, msglen, "must be a finite number");
            return -1;
        }
        if (strcmp(k->name, "mean_heading_rad") == 0)
            cfg->gm_heading_random = 0;
        return 0;
    }
    if (k->type == K_PAIR) {
        int t = config_setting_type(s);
        double a, b;
        if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || config_setting_length(s) != 2 ||
            number_of(config_setting_get_elem(s, 0), &a) < 0 ||
            number_of(config_setting_get_elem(s, 1), &b) < 0) {
            snprintf(msg, msglen, "must be a pair of finite numbers [a, b]");
            return -1;
        }
        *(double *)(void *)(base + k->off_a) = a;
        *(double *)(void *)(base + k->off_b) = b;
        return 0;
    }
    const char *str = config_setting_get_string(s);
    if (!str) {
        snprintf(msg, msglen, "must be a string");
        return -1;
    }
    if (strcmp(k->name, "file") == 0) {
        /* Relative to the scenario file's directory. */
        const char *slash = (file && str[0] != '/') ? strrchr(file, '/') : NULL;
        int n = slash ? snprintf(cfg->trace_path, sizeof cfg->trace_path, "%.*s/%s",
                                 (int)(slash - file), file, str)
                      : snprintf(cfg->trace_path, sizeof cfg->trace_path, "%s", str);
        if (n < 0 || (size_t)n >= sizeof cfg->trace_path || !str[0]) {
            snprintf(msg, msglen, "path empty or longer than %zu bytes", sizeof cfg->trace_path - 1);
            return -1;
        }
    }
    return 0;
}

static const key_spec *find_key(const char *name)
{
    for (size_t i = 0; name && i < N_KEYS; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

int q6_scenario_parse_mobility(const config_setting_t *group, const char *file,
                               q6_mobility_config *cfg, char *err, size_t errlen)
{
    const char *fname = file ? file : "<scenario>";
    if (!group || !cfg) {
        snprintf(err, errlen, "%s: mobility: no group given", fname);
        return -1;
    }
    char path[256];
    setting_path(group, path, sizeof path);
    int group_line = config_setting_source_line(group);
    if (!config_setting_is_group(group)) {
        snprintf(err, errlen, "%s:%d: %s: must be a group { ... }", fname, group_line, path);
        return -1;
    }
    q6_mobility_config_defaults(cfg);
    const config_setting_t *model = config_setting_get_member(group, "model");
    if (model) {
        const char *name = config_setting_get_string(model);
        int kind = q6_mobility_kind_from_name(name);
        if (kind < 0) {
            snprintf(err, errlen, "%s:%d: %s.model: unknown model '%s' (static, random-waypoint, "
                     "gauss-markov, fcd, ns2)", fname, config_setting_source_line(model), path,
                     name ? name : "(not a string)");
            return -1;
        }
        cfg->kind = (q6_mobility_kind)kind;
    }
    int lines[N_KEYS] = {0};
    char msg[256];
    for (int i = 0; i < config_setting_length(group); i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(s);
        const key_spec *k = find_key(name);
        int line = config_setting_source_line(s);
        if (!k) {
            snprintf(err, errlen, "%s:%d: %s.%s: unknown key", fname, line, path, name ? name : "?");
            return -1;
        }
        if (!(k->models & (1 << cfg->kind))) {
            snprintf(err, errlen, "%s:%d: %s.%s: not used by model '%s'", fname, line, path, k->name,
                     q6_mobility_kind_name(cfg->kind));
            return -1;
        }
        if (apply_key(k, s, file, cfg, msg, sizeof msg) < 0) {
            snprintf(err, errlen, "%s:%d: %s.%s: %s", fname, line, path, k->name, msg);
            return -1;
        }
        lines[k - keys] = line;
    }
    const char *bad;
    if (q6_mobility_config_check(cfg, &bad, msg, sizeof msg) < 0) {
        const key_spec *k = find_key(bad);
        int line = (k && lines[k - keys]) ? lines[k - keys] : group_line;
        snprintf(err, errlen, "%s:%d: %s.%s: %s", fname, line, path, bad, msg);
        return -1;
    }
    return 0;
}
