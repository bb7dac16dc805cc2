/* Parsing of the `lyapunov` group. Each queue entry names its kind, and
 * each kind has its own fields: a field the kind does not use is an error,
 * so a misplaced budget cannot silently do nothing. */
#include "sim/scenario/scenario_lyapunov.h"
#include "solvers/abi/scheduler.h"
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *kind;
    uint32_t id;
    const char *budget_key;  /* its budget field */
    double budget_max;
    const char *unit;
    int has_ap;
} kind_rule;

static const kind_rule kinds[] = {
    {"ap-energy", Q6_VQ_AP_ENERGY, "budget_j_per_slot", 1e15, "J", 1},
    {"offload-rate", Q6_VQ_OFFLOAD_RATE, "rho", 1, "", 0},
    {"site-emissions", Q6_VQ_SITE_EMISSIONS, "budget_g_per_slot", 1e15, "g", 1},
};

static int valid_name(const char *s)
{
    if (!s[0])
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static int parse_queue(const q6_cfgctx *c, const config_setting_t *e, size_t index, q6_lyapunov_config *l)
{
    q6_vqueue_config *q = &l->queues[index];
    char kind[32];
    q->line = q6_cfg_line(e);
    if (!config_setting_is_group(e))
        return q6_cfg_fail(c, e, "queue %zu: expected a group { name = ...; kind = ...; ... }", index);
    if (q6_cfg_string(c, e, "name", 1, NULL, q->name, sizeof q->name) < 0 ||
        q6_cfg_string(c, e, "kind", 1, NULL, kind, sizeof kind) < 0)
        return -1;
    if (!valid_name(q->name))
        return q6_cfg_fail(c, config_setting_get_member(e, "name"),
                           "queue %zu: '%s' is not a valid name (letters, digits, '_', '-', '.')", index, q->name);
    for (size_t j = 0; j < index; j++)
        if (!strcmp(l->queues[j].name, q->name))
            return q6_cfg_fail(c, config_setting_get_member(e, "name"), "queue %zu: name '%s' is already used",
                               index, q->name);
    const kind_rule *r = NULL;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (!strcmp(kind, kinds[k].kind))
            r = &kinds[k];
    if (!r)
        return q6_cfg_fail(c, config_setting_get_member(e, "kind"),
                           "queue '%s': unknown kind '%s' (\"ap-energy\", \"offload-rate\" or \"site-emissions\")",
                           q->name, kind);
    const char *known[] = {"name", "kind", r->budget_key, r->has_ap ? "ap" : NULL, NULL};
    if (q6_cfg_known_keys(c, e, known) < 0 ||
        q6_cfg_number(c, e, r->budget_key, 1, 0, 0, r->budget_max, r->unit, &q->budget) < 0 ||
        (r->has_ap && q6_cfg_string(c, e, "ap", 1, NULL, q->ap, sizeof q->ap) < 0))
        return -1;
    q->kind = r->id;
    return 0;
}

int q6_scenario_parse_lyapunov(const q6_cfgctx *c, const config_setting_t *g, q6_lyapunov_config *l)
{
    static const char *const known[] = {"V", "queues", NULL};
    memset(l, 0, sizeof *l);
    if (!g)
        return 0;
    l->enabled = 1;
    if (q6_cfg_known_keys(c, g, known) < 0 || q6_cfg_number(c, g, "V", 1, 0, 0, 1e15, "", &l->v) < 0)
        return -1;
    const config_setting_t *qs = config_setting_get_member(g, "queues");
    if (!qs)
        return 0;
    if (!config_setting_is_list(qs))
        return q6_cfg_fail(c, qs, "expected a list ( { ... }, { ... } ) of queues");
    int n = config_setting_length(qs);
    if (n > Q6_LYAPUNOV_MAX_QUEUES)
        return q6_cfg_fail(c, qs, "%d queues; at most %d", n, Q6_LYAPUNOV_MAX_QUEUES);
    for (int i = 0; i < n; i++) {
        if (parse_queue(c, config_setting_get_elem(qs, (unsigned)i), (size_t)i, l) < 0)
            return -1;
        l->n_queues++;
    }
    return 0;
}
