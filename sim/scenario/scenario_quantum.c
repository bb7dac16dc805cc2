/* Parsing of task.quantum; fields and defaults in scenario_quantum.h and
 * docs/scenario-format.md. Whole-number ranges are checked here so that
 * the exogenous timeline can draw integers without rounding surprises. */
#include "sim/scenario/scenario_quantum.h"
#include <math.h>
#include <string.h>

/* A [min, max] range whose ends must be whole numbers. */
static int whole_range(const q6_cfgctx *c, const config_setting_t *g, const char *key, const double def[2],
                       double min, double max, const char *unit, double out[2])
{
    if (q6_cfg_range(c, g, key, 0, def, min, max, unit, out) < 0)
        return -1;
    if (out[0] != floor(out[0]) || out[1] != floor(out[1]))
        return q6_cfg_fail(c, config_setting_get_member(g, key), "expected whole numbers");
    return 0;
}

int q6_scenario_parse_quantum(const q6_cfgctx *c, const config_setting_t *g, q6_quantum_config *q)
{
    static const char *const known[] = {"share", "logical_qubits", "depth_steps", "gates_1q_per_step",
                                        "gates_2q_per_step", "meas_per_step", "min_success", "on_failure",
                                        "max_retries", NULL};
    /* Defaults: small fault-tolerant circuits that fit the default QPU
     * (127 physical qubits, Steane code level 1: up to 18 logical qubits)
     * with a success probability above 0.9 (docs/scenario-format.md). */
    static const double qubits[2] = {2, 8}, depth[2] = {10, 50}, g1[2] = {0.5, 1.0}, g2[2] = {0.1, 0.5},
                        meas[2] = {0.0, 0.1};
    memset(q, 0, sizeof *q);
    double retries;
    char on_failure[16];
    if (g && q6_cfg_known_keys(c, g, known) < 0)
        return -1;
    if (q6_cfg_number(c, g, "share", 0, 0.0, 0, 1, "", &q->share) < 0 ||
        whole_range(c, g, "logical_qubits", qubits, 1, 1e6, "qubits", q->logical_qubits) < 0 ||
        whole_range(c, g, "depth_steps", depth, 1, 1e12, "steps", q->depth_steps) < 0 ||
        q6_cfg_range(c, g, "gates_1q_per_step", 0, g1, 0, 1e3, "gates", q->gates_1q_per_step) < 0 ||
        q6_cfg_range(c, g, "gates_2q_per_step", 0, g2, 0, 1e3, "gates", q->gates_2q_per_step) < 0 ||
        q6_cfg_range(c, g, "meas_per_step", 0, meas, 0, 1e3, "measurements", q->meas_per_step) < 0 ||
        q6_cfg_number(c, g, "min_success", 0, 0.9, 0, 1, "", &q->min_success) < 0 ||
        q6_cfg_string(c, g, "on_failure", 0, "retry", on_failure, sizeof on_failure) < 0 ||
        q6_cfg_number(c, g, "max_retries", 0, 2, 0, 100, "runs", &retries) < 0)
        return -1;
    if (retries != floor(retries))
        return q6_cfg_fail(c, config_setting_get_member(g, "max_retries"), "must be a whole number");
    if (strcmp(on_failure, "retry") && strcmp(on_failure, "fail"))
        return q6_cfg_fail(c, config_setting_get_member(g, "on_failure"),
                           "unknown value '%s' (\"retry\" or \"fail\")", on_failure);
    q->retry = !strcmp(on_failure, "retry");
    q->max_retries = (unsigned)retries;
    const config_setting_t *s = g ? config_setting_get_member(g, "share") : NULL;
    q->line = s ? q6_cfg_line(s) : 0;
    return 0;
}
