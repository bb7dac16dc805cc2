#include "sim/scenario/scenario.h"
#include "sim/base/cfgread.h"
#include "sim/scenario/scenario_mobility.h"
#include "traces/mobility/fcd_reader.h"
#include "traces/mobility/ns2_scan.h"
#include "models/channel.h"
#include <libconfig.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Resolves p against dir; -1 when the result does not fit. */
static int resolve_path(const char *dir, const char *p, char *out, size_t outlen)
{
    int n = (p[0] == '/' || !dir[0]) ? snprintf(out, outlen, "%s", p)
                                     : snprintf(out, outlen, "%s/%s", dir, p);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* task.subtask_priority: the weights of paper 004's eq. 1, each in the
 * open interval (0, 1) as eqs. 1-2 require, alpha + beta + gamma = 1; the
 * intrinsic priorities chi are the priority_weights entries, so those must
 * lie in (0, 1) too. */
static int parse_subtask_priority(const q6_cfgctx *c, const config_setting_t *g, q6_task_model *t)
{
    static const char *const known[] = {"alpha_p", "beta_p", "gamma_p", "complexity_weight", "size_weight", NULL};
    t->subtask_priority_on = g != NULL;
    if (!g)
        return 0;
    if (!config_setting_is_group(g))
        return q6_cfg_fail(c, g, "expected a group { alpha_p = ...; beta_p = ...; gamma_p = ...; "
                                 "complexity_weight = ...; size_weight = ...; }");
    if (q6_cfg_known_keys(c, g, known) < 0)
        return -1;
    double *const out[] = {&t->prio_alpha, &t->prio_beta, &t->prio_gamma, &t->prio_complexity_weight,
                           &t->prio_size_weight};
    for (int k = 0; known[k]; k++) {
        if (q6_cfg_number(c, g, known[k], 1, 0.0, 0.0, 1.0, "", out[k]) < 0)
            return -1;
        if (!(*out[k] > 0 && *out[k] < 1))
            return q6_cfg_fail(c, config_setting_get_member(g, known[k]),
                               "%s = %g: eq. 1 needs a value strictly between 0 and 1", known[k], *out[k]);
    }
    double sum = t->prio_alpha + t->prio_beta + t->prio_gamma;
    if (fabs(sum - 1) > 1e-9)
        return q6_cfg_fail(c, g, "alpha_p + beta_p + gamma_p = %.12g: eq. 2 needs them to sum to 1", sum);
    const config_setting_t *pw = config_setting_get_member(config_setting_parent(g), "priority_weights");
    if (!pw)
        return q6_cfg_fail(c, g, "needs task.priority_weights: the intrinsic priorities chi of eq. 1, each in (0, 1)");
    for (size_t i = 0; i < t->n_priority_weights; i++)
        if (!(t->priority_weights[i] < 1))
            return q6_cfg_fail(c, pw, "element %zu = %g: with subtask_priority it is eq. 1's intrinsic priority chi, "
                                      "which must be below 1", i, t->priority_weights[i]);
    return 0;
}

static int parse_task(const q6_cfgctx *c, const config_setting_t *g, q6_task_model *t)
{
    static const char *const known[] = {"arrival", "arrival_rate_hz", "input_bytes", "flops_per_byte",
                                        "output_ratio", "deadline_s", "quantum", "priority_weights", "subtasks",
                                        "subtask_priority", NULL};
    static const double def_in[2] = {1e5, 1e6}, def_sub[2] = {1, 1};
    if (g && q6_cfg_known_keys(c, g, known) < 0)
        return -1;
    if (q6_cfg_number(c, g, "arrival_rate_hz", 0, 0.5, 0.0, 1e6, "Hz", &t->arrival_rate_hz) < 0 ||
        q6_cfg_range(c, g, "input_bytes", 0, def_in, 1.0, 1e12, "B", t->input_bytes) < 0 ||
        q6_cfg_number(c, g, "flops_per_byte", 0, 1000.0, 0.0, 1e12, "flop/B", &t->flops_per_byte) < 0 ||
        q6_cfg_number(c, g, "output_ratio", 0, 0.1, 0.0, 1e3, "", &t->output_ratio) < 0 ||
        q6_cfg_number(c, g, "deadline_s", 0, 2.0, 1e-9, 1e6, "s", &t->deadline_s) < 0 ||
        q6_cfg_range(c, g, "subtasks", 0, def_sub, 1.0, Q6_MAX_SUBTASKS, "parts", t->subtasks) < 0 ||
        q6_scenario_parse_quantum(c, g ? config_setting_get_member(g, "quantum") : NULL, &t->quantum) < 0)
        return -1;
    char arrival[32];
    if (q6_cfg_string(c, g, "arrival", 0, "poisson", arrival, sizeof arrival) < 0)
        return -1;
    t->one_per_slot = !strcmp(arrival, "per-slot");
    if (!t->one_per_slot && strcmp(arrival, "poisson"))
        return q6_cfg_fail(c, config_setting_get_member(g, "arrival"),
                           "unknown arrival '%s' (\"poisson\" or \"per-slot\")", arrival);
    if (t->one_per_slot && config_setting_get_member(g, "arrival_rate_hz"))
        return q6_cfg_fail(c, config_setting_get_member(g, "arrival_rate_hz"),
                           "not used with arrival = \"per-slot\" (one task per vehicle and slot); remove it");
    if (t->subtasks[0] != floor(t->subtasks[0]) || t->subtasks[1] != floor(t->subtasks[1]))
        return q6_cfg_fail(c, config_setting_get_member(g, "subtasks"), "expected whole numbers of parts, e.g. [1, 4]");
    t->n_priority_weights = 0;
    const config_setting_t *pw = g ? config_setting_get_member(g, "priority_weights") : NULL;
    if (pw) {
        int n = config_setting_length(pw);
        if (!config_setting_is_aggregate(pw) || n < 1 || n > Q6_MAX_PRIORITY_WEIGHTS)
            return q6_cfg_fail(c, pw, "expected a list of 1 to %d weights, e.g. [1.0, 2.0]", Q6_MAX_PRIORITY_WEIGHTS);
        for (int i = 0; i < n; i++) {
            const config_setting_t *e = config_setting_get_elem(pw, (unsigned)i);
            int type = config_setting_type(e);
            double v = type == CONFIG_TYPE_FLOAT ? config_setting_get_float(e)
                     : type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64 ? (double)config_setting_get_int64(e)
                                                                            : NAN;
            if (!(v > 0) || !isfinite(v))
                return q6_cfg_fail(c, pw, "element %d: expected a positive finite number", i);
            t->priority_weights[t->n_priority_weights++] = v;
        }
    }
    return parse_subtask_priority(c, g ? config_setting_get_member(g, "subtask_priority") : NULL, t);
}

static int parse_cost(const q6_cfgctx *c, const config_setting_t *g, q6_scenario *sc)
{
    static const char *const known[] = {"weight_latency", "weight_energy", NULL};
    sc->cost_set = g != NULL;
    if (g && q6_cfg_known_keys(c, g, known) < 0)
        return -1;
    return q6_cfg_number(c, g, "weight_latency", 0, 0.0, 0, 1e12, "1/s", &sc->weight_latency) < 0 ||
                   q6_cfg_number(c, g, "weight_energy", 0, 0.0, 0, 1e12, "1/J", &sc->weight_energy) < 0
               ? -1
               : 0;
}

static int parse_vehicles(const q6_cfgctx *c, const config_setting_t *g, q6_scenario *sc)
{
    static const char *const known[] = {"count", "cpu_flops", "tx_power_w", "antenna_gain_dbi",
                                        "idle_power_w", "mobility", NULL};
    q6_vehicle_population *v = &sc->vehicles;
    uint64_t count;
    if (!g)
        return q6_cfg_fail(c, NULL, "required group 'vehicles' is missing");
    if (q6_cfg_known_keys(c, g, known) < 0 ||
        q6_cfg_whole(c, g, "count", 0, 0, 0, Q6_VEHICLES_MAX, "vehicles", &count) < 0 ||
        q6_cfg_number(c, g, "cpu_flops", 0, 5e9, 1.0, 1e18, "flop/s", &v->cpu_flops) < 0 ||
        q6_cfg_number(c, g, "tx_power_w", 0, 0.2, 0.0, 1e3, "W", &v->tx_power_w) < 0 ||
        q6_cfg_number(c, g, "antenna_gain_dbi", 0, 0.0, -50, 60, "dBi", &v->antenna_gain_dbi) < 0 ||
        q6_cfg_number(c, g, "idle_power_w", 0, 5.0, 0.0, 1e6, "W", &v->idle_power_w) < 0)
        return -1;
    v->count = (size_t)count;
    q6_mobility_config_defaults(&v->mobility);
    const config_setting_t *m = config_setting_get_member(g, "mobility");
    if (m && q6_scenario_parse_mobility(m, c->file, &v->mobility, c->err, c->errlen) < 0)
        return -1;
    /* Trace replay: the pool must hold the most vehicles present at once;
     * count = 0 (or absent) sizes it from the trace. */
    size_t needed = 0;
    const config_setting_t *cs = config_setting_get_member(g, "count");
    if (v->mobility.kind == Q6_MOB_FCD || v->mobility.kind == Q6_MOB_NS2) {
        char terr[1024];
        int rc;
        if (v->mobility.kind == Q6_MOB_FCD) {
            q6_fcd_summary sum;
            rc = q6_fcd_scan(v->mobility.trace_path, &sum, terr, sizeof terr);
            needed = sum.max_vehicles_per_step;
        } else {
            rc = q6_ns2_count_nodes(v->mobility.trace_path, &needed, terr, sizeof terr);
        }
        if (rc < 0)
            return q6_cfg_fail(c, m, "%s", terr);
        if (needed > Q6_VEHICLES_MAX)
            return q6_cfg_fail(c, m, "the trace has up to %zu vehicles at once; at most %llu are supported",
                               needed, Q6_VEHICLES_MAX);
        if (v->count == 0)
            v->count = needed;
        else if (v->count < needed)
            return q6_cfg_fail(c, cs, "the trace has up to %zu vehicles at once; the pool of %zu is too small (0 sizes it)",
                               needed, v->count);
    }
    if (v->count == 0)
        return q6_cfg_fail(c, cs ? cs : g, "need at least one vehicle");
    return 0;
}

static int parse_channel(const q6_cfgctx *c, const config_setting_t *g, q6_channel_params *ch)
{
    static const char *const known[] = {"noise_psd_dbm_per_hz", "noise_figure_db", "fading",
                                        "min_snr_db", "relay_range_m", "uav_relay_range_m",
                                        "connectivity_probability", "dual_connectivity", NULL};
    double n0_dbm, nf_db, min_snr_db;
    char fading[32];
    if (g && q6_cfg_known_keys(c, g, known) < 0)
        return -1;
    if (q6_cfg_number(c, g, "noise_psd_dbm_per_hz", 0, -174.0, -250, 0, "dBm/Hz", &n0_dbm) < 0 ||
        q6_cfg_number(c, g, "noise_figure_db", 0, 7.0, 0, 50, "dB", &nf_db) < 0 ||
        q6_cfg_number(c, g, "min_snr_db", 0, -5.0, -100, 100, "dB", &min_snr_db) < 0 ||
        q6_cfg_number(c, g, "relay_range_m", 0, 0.0, 0, 1e5, "m", &ch->relay_range_m) < 0 ||
        q6_cfg_number(c, g, "uav_relay_range_m", 0, 0.0, 0, 1e6, "m", &ch->uav_relay_range_m) < 0 ||
        q6_cfg_number(c, g, "connectivity_probability", 0, 1.0, 0, 1, "", &ch->connectivity_probability) < 0 ||
        q6_cfg_string(c, g, "fading", 0, "per-ap", fading, sizeof fading) < 0)
        return -1;
    /* Paper 004: a vehicle may use one BS and one UAV in the same slot. */
    const config_setting_t *dual = g ? config_setting_get_member(g, "dual_connectivity") : NULL;
    ch->dual_connectivity = 0;
    if (dual && config_setting_type(dual) != CONFIG_TYPE_BOOL)
        return q6_cfg_fail(c, dual, "dual_connectivity: expected true or false");
    if (dual)
        ch->dual_connectivity = config_setting_get_bool(dual);
    static const char *const kinds[] = {"none", "rayleigh", "rician"};
    ch->fading = -2;
    if (!strcmp(fading, "per-ap"))
        ch->fading = -1;
    for (int k = 0; k < 3; k++)
        if (!strcmp(fading, kinds[k]))
            ch->fading = k;
    if (ch->fading == -2)
        return q6_cfg_fail(c, config_setting_get_member(g, "fading"),
                           "unknown fading '%s' (\"per-ap\", \"none\", \"rayleigh\" or \"rician\")", fading);
    ch->noise_psd_w_per_hz = q6_dbm_to_w(n0_dbm + nf_db);
    ch->min_snr_linear = q6_db_to_linear(min_snr_db);
    return 0;
}

static int parse_energy(const q6_cfgctx *c, const config_setting_t *g, q6_scenario *sc)
{
    static const char *const known[] = {"grid_g_per_kwh", "emission_factors_csv", "renewable_peak_w",
                                        "renewable_g_per_kwh", "battery_g_per_kwh", "battery_capacity_j",
                                        "battery_keep_per_slot", "battery_charge_efficiency",
                                        "battery_initial", "vehicle_kappa", NULL};
    static const double def_init[2] = {0.2, 1.0};
    q6_energy_params *e = &sc->energy;
    char csv[4096];
    if (g && q6_cfg_known_keys(c, g, known) < 0)
        return -1;
    if (q6_cfg_number(c, g, "grid_g_per_kwh", 0, 250.0, 0, 1e5, "g/kWh", &e->grid_g_per_kwh) < 0 ||
        q6_cfg_string(c, g, "emission_factors_csv", 0, "", csv, sizeof csv) < 0 ||
        q6_cfg_number(c, g, "renewable_peak_w", 0, 300.0, 0, 1e9, "W", &e->renewable_peak_w) < 0 ||
        q6_cfg_number(c, g, "renewable_g_per_kwh", 0, 0.0, 0, 1e5, "g/kWh", &e->renewable_g_per_kwh) < 0 ||
        q6_cfg_number(c, g, "battery_g_per_kwh", 0, 0.0, 0, 1e5, "g/kWh", &e->battery_g_per_kwh) < 0 ||
        q6_cfg_number(c, g, "battery_capacity_j", 0, 3.6e6, 0, 1e15, "J", &e->battery_capacity_j) < 0 ||
        q6_cfg_number(c, g, "battery_keep_per_slot", 0, 0.99999, 1e-9, 1, "", &e->battery_keep_per_slot) < 0 ||
        q6_cfg_number(c, g, "battery_charge_efficiency", 0, 0.95, 1e-9, 1, "", &e->battery_charge_efficiency) < 0 ||
        q6_cfg_range(c, g, "battery_initial", 0, def_init, 0, 1, "of capacity", e->battery_initial) < 0 ||
        q6_cfg_number(c, g, "vehicle_kappa", 0, 1e-28, 0, 1e-20, "W/Hz^3", &e->vehicle_kappa) < 0)
        return -1;
    e->emission_csv[0] = 0;
    if (csv[0] && resolve_path(sc->dir, csv, e->emission_csv, sizeof e->emission_csv) < 0)
        return q6_cfg_fail(c, config_setting_get_member(g, "emission_factors_csv"), "path too long");
    return 0;
}

static int parse_root(const q6_cfgctx *c, const config_setting_t *root, q6_scenario *sc)
{
    static const char *const known[] = {"name", "platform", "seed", "slot_s", "slots", "scheduler",
                                        "plugin_params", "control_latency_s", "grid_price_per_kwh",
                                        "task", "vehicles", "uavs", "channel", "energy", "site", "market",
                                        "lyapunov", "matcher", "cost", "limits", NULL};
    char platform[4096];
    if (q6_cfg_known_keys(c, root, known) < 0 ||
        q6_cfg_string(c, root, "name", 0, "unnamed", sc->name, sizeof sc->name) < 0 ||
        q6_cfg_string(c, root, "platform", 1, NULL, platform, sizeof platform) < 0 ||
        q6_cfg_whole(c, root, "seed", 0, 1, 0, Q6_SEED_MAX, "", &sc->seed) < 0 ||
        q6_cfg_number(c, root, "slot_s", 1, 0, 1e-6, 1e6, "s", &sc->slot_s) < 0 ||
        q6_cfg_whole(c, root, "slots", 1, 0, 1, Q6_SLOTS_MAX, "slots", &sc->slots) < 0 ||
        q6_cfg_string(c, root, "scheduler", 0, "greedy", sc->scheduler, sizeof sc->scheduler) < 0 ||
        q6_cfg_string(c, root, "matcher", 0, "", sc->matcher, sizeof sc->matcher) < 0 ||
        q6_cfg_string(c, root, "plugin_params", 0, "", sc->plugin_params, sizeof sc->plugin_params) < 0 ||
        q6_cfg_number(c, root, "control_latency_s", 0, 0.005, 0, 10, "s", &sc->control_latency_s) < 0 ||
        q6_cfg_number(c, root, "grid_price_per_kwh", 0, 0.25, 0, 1e6, "currency/kWh", &sc->grid_price_per_kwh) < 0)
        return -1;
    /* The name becomes part of the default output path (out/NAME-...): a
     * separator or a leading dot could put it outside ./out. */
    if (!sc->name[0] || sc->name[0] == '.' || strspn(sc->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                                "0123456789._-") != strlen(sc->name))
        return q6_cfg_fail(c, config_setting_get_member(root, "name"),
                           "'%s' is not a valid name: use letters, digits, '.', '_' and '-', not starting with '.'",
                           sc->name);
    sc->slots_line = q6_cfg_line(config_setting_get_member(root, "slots"));
    if (resolve_path(sc->dir, platform, sc->platform_path, sizeof sc->platform_path) < 0)
        return q6_cfg_fail(c, config_setting_get_member(root, "platform"), "path too long");
    if (parse_task(c, config_setting_get_member(root, "task"), &sc->task) < 0 ||
        parse_vehicles(c, config_setting_get_member(root, "vehicles"), sc) < 0 ||
        parse_channel(c, config_setting_get_member(root, "channel"), &sc->channel) < 0 ||
        parse_energy(c, config_setting_get_member(root, "energy"), sc) < 0 ||
        q6_scenario_parse_market(c, config_setting_get_member(root, "market"), &sc->market) < 0 ||
        q6_scenario_parse_lyapunov(c, config_setting_get_member(root, "lyapunov"), &sc->lyapunov) < 0 ||
        q6_scenario_parse_limits(c, config_setting_get_member(root, "limits"), &sc->limits) < 0 ||
        parse_cost(c, config_setting_get_member(root, "cost"), sc) < 0)
        return -1;
    static const char *const site_keys[] = {"latitude_deg", "longitude_deg", "earth_rotation", NULL};
    const config_setting_t *site = config_setting_get_member(root, "site");
    double lat, lon, rot;
    if ((site && q6_cfg_known_keys(c, site, site_keys) < 0) ||
        q6_cfg_number(c, site, "latitude_deg", 0, 0, -90, 90, "deg", &lat) < 0 ||
        q6_cfg_number(c, site, "longitude_deg", 0, 0, -180, 180, "deg", &lon) < 0 ||
        q6_cfg_number(c, site, "earth_rotation", 0, 1, 0, 1, "(0 or 1)", &rot) < 0)
        return -1;
    sc->site_latitude_rad = lat * M_PI / 180;
    sc->site_longitude_rad = lon * M_PI / 180;
    sc->earth_rotation = rot != 0;
    q6_mobility_config_defaults(&sc->uav_mobility);
    const config_setting_t *u = config_setting_get_member(root, "uavs");
    if (u) {
        static const char *const uknown[] = {"mobility", NULL};
        const config_setting_t *m = config_setting_get_member(u, "mobility");
        if (q6_cfg_known_keys(c, u, uknown) < 0)
            return -1;
        if (m && q6_scenario_parse_mobility(m, c->file, &sc->uav_mobility, c->err, c->errlen) < 0)
            return -1;
        sc->uav_mobility_set = m != NULL;
    }
    return 0;
}

/* Applies one "a.b.c=value" override to the parsed settings. */
static int apply_override(config_t *cfg, const char *ov, char *err, size_t errlen)
{
    const char *eq = strchr(ov, '=');
    char key[512];
    if (!eq || eq == ov || (size_t)(eq - ov) >= sizeof key) {
        snprintf(err, errlen, "--set %s: expected KEY=VALUE with a dotted KEY such as task.deadline_s", ov);
        return -1;
    }
    memcpy(key, ov, (size_t)(eq - ov));
    key[eq - ov] = 0;
    const char *value = eq + 1;
    char *end;
    double num = strtod(value, &end);
    int is_num = value[0] && !*end;
    /* Walk and create groups down to the parent of the last component. */
    config_setting_t *group = config_root_setting(cfg);
    char *save = NULL, *part = strtok_r(key, ".", &save);
    if (!part) {
        snprintf(err, errlen, "--set %s: expected KEY=VALUE with a dotted KEY such as task.deadline_s", ov);
        return -1;
    }
    while (part) {
        char *next = strtok_r(NULL, ".", &save);
        config_setting_t *m = config_setting_get_member(group, part);
        if (!next) {
            int type = m ? config_setting_type(m) : (is_num ? CONFIG_TYPE_FLOAT : CONFIG_TYPE_STRING);
            if (m && (type == CONFIG_TYPE_GROUP || type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST)) {
                snprintf(err, errlen, "--set %s: this field is a group or list, not a single value", ov);
                return -1;
            }
            if (m && type != CONFIG_TYPE_STRING && !is_num) {
                snprintf(err, errlen, "--set %s: expected a number", ov);
                return -1;
            }
            /* Whole numbers are kept exact in 64 bits: an integer field
             * given a value beyond 32 bits becomes a 64-bit one (libconfig
             * would otherwise keep the low 32 bits). */
            char *iend;
            errno = 0;
            long long ival = strtoll(value, &iend, 10);
            int exact_int = value[0] && !*iend && errno == 0;
            int whole = is_num && num == floor(num) && fabs(num) < 9.2e18;
            if (!exact_int)
                ival = whole ? (long long)num : 0;
            int retype = type;
            if ((type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) && !whole && !exact_int) {
                if (!(is_num && num == floor(num))) {
                    snprintf(err, errlen, "--set %s: expected a whole number", ov);
                    return -1;
                }
                retype = CONFIG_TYPE_FLOAT; /* beyond 64 bits: the range check reports it */
            } else if (type == CONFIG_TYPE_INT && (ival > INT_MAX || ival < INT_MIN)) {
                retype = CONFIG_TYPE_INT64;
            }
            unsigned line = 0;
            if (m && retype != type) {
                line = m->line; /* keep pointing at the file's line */
                config_setting_remove(group, part);
                m = NULL;
                type = retype;
            }
            if (!m) {
                /* libconfig refuses names that are not [A-Za-z*][-A-Za-z0-9_*]* */
                if (!(m = config_setting_add(group, part, type))) {
                    snprintf(err, errlen, "--set %s: '%s' is not a valid field name", ov, part);
                    return -1;
                }
                if (line)
                    m->line = line;
            }
            int ok = !m                         ? CONFIG_FALSE
                   : type == CONFIG_TYPE_STRING ? config_setting_set_string(m, value)
                   : type == CONFIG_TYPE_INT    ? config_setting_set_int(m, (int)ival)
                   : type == CONFIG_TYPE_INT64  ? config_setting_set_int64(m, ival)
                                                : config_setting_set_float(m, num);
            if (ok != CONFIG_TRUE) {
                snprintf(err, errlen, "--set %s: value does not fit the field's type", ov);
                return -1;
            }
            return 0;
        }
        if (!m && !(m = config_setting_add(group, part, CONFIG_TYPE_GROUP))) {
            snprintf(err, errlen, "--set %s: '%s' is not a valid field name", ov, part);
            return -1;
        }
        if (config_setting_type(m) != CONFIG_TYPE_GROUP) {
            snprintf(err, errlen, "--set %s: '%s' is not a group", ov, part);
            return -1;
        }
        group = m;
        part = next;
    }
    return 0;
}

int q6_scenario_load(const char *path, q6_scenario *sc, char *err, size_t errlen)
{
    return q6_scenario_load_with(path, NULL, 0, sc, err, errlen);
}

int q6_scenario_load_with(const char *path, const char *const *overrides, size_t n_overrides,
                          q6_scenario *sc, char *err, size_t errlen)
{
    memset(sc, 0, sizeof *sc);
    snprintf(sc->path, sizeof sc->path, "%s", path);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    snprintf(sc->dir, sizeof sc->dir, "%s", dirname(tmp));
    config_t cfg;
    if (q6_cfg_read_file(path, "scenario file", &cfg, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < n_overrides; i++)
        if (apply_override(&cfg, overrides[i], err, errlen) < 0) {
            config_destroy(&cfg);
            return -1;
        }
    q6_cfgctx c = {path, err, errlen};
    int rc = parse_root(&c, config_root_setting(&cfg), sc);
    config_destroy(&cfg);
    return rc;
}
