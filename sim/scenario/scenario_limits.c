/* Parsing of the `limits` group. Each limit is a group of its own named by
 * its key; the key fixes which bounds it takes (a bound it does not use is
 * an error, so a misplaced `min` cannot silently check nothing), their
 * unit, and whether `mode = "enforce"` is possible: only where the engine
 * can refuse the task that breaks it at its decision. Limits that depend on
 * how tasks end (latency, QoS, energy) or on what no decision sets (CPU
 * speed, AP transmit power, link rates) can only be counted. */
#include "sim/scenario/scenario_limits.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

enum { F_MIN = 1, F_MAX = 2, F_XI = 4, F_QOS = 8, F_STEEP = 16 };

typedef struct {
    const char *key;
    unsigned fields;    /* bounds and extras it takes */
    unsigned required;  /* of those, the ones it needs */
    double lo, hi;      /* range of min and max */
    const char *unit;
    int enforceable;
} limit_rule;

static const limit_rule rules[Q6_LIMIT_COUNT] = {
    [Q6_LIMIT_OFFLOADED] = {"offloaded", 0, 0, 0, 0, "", 1},
    [Q6_LIMIT_BS_CYCLES_PER_SLOT] = {"bs_cycles_per_slot", F_MAX, F_MAX, 0, 1e30, "cycles", 1},
    [Q6_LIMIT_UAV_CYCLES_PER_SLOT] = {"uav_cycles_per_slot", F_MAX, F_MAX, 0, 1e30, "cycles", 1},
    [Q6_LIMIT_BS_LATENCY_S] = {"bs_latency_s", F_MAX, F_MAX, 0, 1e9, "s", 0},
    [Q6_LIMIT_UAV_LATENCY_S] = {"uav_latency_s", F_MAX, F_MAX, 0, 1e9, "s", 0},
    [Q6_LIMIT_CPU_HZ] = {"cpu_hz", F_MIN | F_MAX, 0, 0, 1e30, "Hz", 0},
    [Q6_LIMIT_RATE_BPS] = {"rate_bps", F_MIN, F_MIN, 0, 1e30, "bit/s", 0},
    [Q6_LIMIT_VEHICLE_ENERGY_PER_SLOT_J] = {"vehicle_energy_per_slot_j", F_MAX, F_MAX, 0, 1e30, "J", 0},
    [Q6_LIMIT_QOS] = {"qos", F_MIN | F_QOS, F_MIN, -1e30, 1e30, "", 0},
    [Q6_LIMIT_BS_DECISION_CHANGE] = {"bs_decision_change", F_MAX | F_STEEP, F_MAX | F_STEEP, 0, 1, "", 0},
    [Q6_LIMIT_UAV_DECISION_CHANGE] = {"uav_decision_change", F_MAX | F_STEEP, F_MAX | F_STEEP, 0, 1, "", 0},
    [Q6_LIMIT_BS_LOAD_LATENCY_S] = {"bs_load_latency_s", F_MAX, F_MAX, 0, 1e9, "s", 0},
    [Q6_LIMIT_UAV_LOAD_LATENCY_S] = {"uav_load_latency_s", F_MAX, F_MAX, 0, 1e9, "s", 0},
    [Q6_LIMIT_BS_TX_POWER_W] = {"bs_tx_power_w", F_MIN | F_MAX, F_MAX, 0, 1e9, "W", 0},
    [Q6_LIMIT_UAV_TX_POWER_W] = {"uav_tx_power_w", F_MIN | F_MAX, F_MAX, 0, 1e9, "W", 0},
    [Q6_LIMIT_BS_PROCESSING_ENERGY_PER_SLOT_J] = {"bs_processing_energy_per_slot_j", F_MAX | F_XI, F_MAX | F_XI,
                                                  0, 1e30, "J", 1},
    [Q6_LIMIT_UAV_PROCESSING_ENERGY_PER_SLOT_J] = {"uav_processing_energy_per_slot_j", F_MAX | F_XI,
                                                   F_MAX | F_XI, 0, 1e30, "J", 1},
    [Q6_LIMIT_SUBTASK_BYTES] = {"subtask_bytes", F_MAX, F_MAX, 0, 1e30, "B", 1},
};

const char *q6_limit_key(q6_limit_kind k)
{
    return k < Q6_LIMIT_COUNT ? rules[k].key : "?";
}

/* "count" -> 0, "enforce" -> 1, else -1 with the error in c. */
static int parse_mode(const q6_cfgctx *c, const config_setting_t *g, int def, int *enforce)
{
    char mode[16];
    if (q6_cfg_string(c, g, "mode", 0, def ? "enforce" : "count", mode, sizeof mode) < 0)
        return -1;
    if (strcmp(mode, "count") && strcmp(mode, "enforce"))
        return q6_cfg_fail(c, config_setting_get_member(g, "mode"), "'%s' is not \"count\" or \"enforce\"", mode);
    *enforce = !strcmp(mode, "enforce");
    return 0;
}

static int parse_limit(const q6_cfgctx *c, const config_setting_t *e, const limit_rule *r, int group_enforce,
                       const q6_limits_config *l, q6_limit_config *out)
{
    if (!config_setting_is_group(e))
        return q6_cfg_fail(c, e, "expected a group { max = ...; label = ...; ... }");
    const char *known[12];
    size_t n = 0;
    known[n++] = "label";
    known[n++] = "mode";
    if (r->fields & F_MIN)
        known[n++] = "min";
    if (r->fields & F_MAX)
        known[n++] = "max";
    if (r->fields & F_XI)
        known[n++] = "xi_j_per_cycle";
    if (r->fields & F_QOS) {
        known[n++] = "weight_latency";
        known[n++] = "weight_energy";
        known[n++] = "q_max";
    }
    if (r->fields & F_STEEP)
        known[n++] = "steepness";
    known[n] = NULL;
    if (q6_cfg_known_keys(c, e, known) < 0 ||
        q6_cfg_string(c, e, "label", 0, r->key, out->label, sizeof out->label) < 0)
        return -1;
    if (!out->label[0] || strspn(out->label, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") !=
                              strlen(out->label))
        return q6_cfg_fail(c, config_setting_get_member(e, "label"),
                           "'%s' is not a valid label (letters, digits, '.', '_', '-')", out->label);
    for (int k = 0; k < Q6_LIMIT_COUNT; k++)
        if (l->limit[k].set && !strcmp(l->limit[k].label, out->label))
            return q6_cfg_fail(c, config_setting_get_member(e, "label"), "label '%s' is already used by limits.%s",
                               out->label, rules[k].key);
    int enforce = 0;
    if (parse_mode(c, e, group_enforce && r->enforceable, &enforce) < 0)
        return -1;
    if (enforce && !r->enforceable)
        return q6_cfg_fail(c, config_setting_get_member(e, "mode"),
                           "'%s' can only be counted: no task can be refused at its decision for it", r->key);
    out->enforce = enforce;
    out->min = -INFINITY;
    out->max = INFINITY;
    if (((r->fields & F_MIN) &&
         q6_cfg_number(c, e, "min", (r->required & F_MIN) != 0, -INFINITY, r->lo, r->hi, r->unit, &out->min) < 0) ||
        ((r->fields & F_MAX) &&
         q6_cfg_number(c, e, "max", (r->required & F_MAX) != 0, INFINITY, r->lo, r->hi, r->unit, &out->max) < 0) ||
        ((r->fields & F_XI) && q6_cfg_number(c, e, "xi_j_per_cycle", 1, 0, 0, 1e3, "J/cycle", &out->xi_j_per_cycle) < 0) ||
        ((r->fields & F_QOS) &&
         (q6_cfg_number(c, e, "weight_latency", 1, 0, 0, 1e9, "", &out->weight_latency) < 0 ||
          q6_cfg_number(c, e, "weight_energy", 1, 0, 0, 1e9, "1/J", &out->weight_energy) < 0 ||
          q6_cfg_number(c, e, "q_max", 0, NAN, -1e30, 1e30, "", &out->q_max) < 0)) ||
        ((r->fields & F_STEEP) && q6_cfg_number(c, e, "steepness", 1, 0, 1e-9, 1e9, "", &out->steepness) < 0))
        return -1;
    if ((r->fields & (F_MIN | F_MAX)) == (F_MIN | F_MAX) && !(r->required) && isinf(out->min) && isinf(out->max))
        return q6_cfg_fail(c, e, "give min, max or both");
    if (out->min > out->max)
        return q6_cfg_fail(c, config_setting_get_member(e, "min"), "min %g %s is above max %g %s", out->min, r->unit,
                           out->max, r->unit);
    if ((r->fields & F_QOS) && config_setting_get_member(e, "q_max") && !(out->q_max > out->min))
        return q6_cfg_fail(c, config_setting_get_member(e, "q_max"), "q_max %g must be above min %g (eq. 93)",
                           out->q_max, out->min);
    out->set = 1;
    return 0;
}

int q6_scenario_parse_limits(const q6_cfgctx *c, const config_setting_t *g, q6_limits_config *l)
{
    memset(l, 0, sizeof *l);
    if (!g)
        return 0;
    if (!config_setting_is_group(g))
        return q6_cfg_fail(c, g, "expected a group { mode = ...; KEY = { ... }; ... }");
    const char *known[Q6_LIMIT_COUNT + 2];
    known[0] = "mode";
    for (int k = 0; k < Q6_LIMIT_COUNT; k++)
        known[k + 1] = rules[k].key;
    known[Q6_LIMIT_COUNT + 1] = NULL;
    int group_enforce = 0;
    if (q6_cfg_known_keys(c, g, known) < 0 || parse_mode(c, g, 0, &group_enforce) < 0)
        return -1;
    l->enabled = 1;
    for (int k = 0; k < Q6_LIMIT_COUNT; k++) {
        const config_setting_t *e = config_setting_get_member(g, rules[k].key);
        if (e && parse_limit(c, e, &rules[k], group_enforce, l, &l->limit[k]) < 0)
            return -1;
    }
    return 0;
}
