/* The scenario group `limits`: budgets and bounds the engine checks as it
 * runs, each under a label of the scenario's choosing (paper 004 names
 * them after its constraints C1-C20), counted (checked / violated) into
 * summary.json, and, where a task can be refused, enforced by dropping
 * the task that breaks it (docs/scenario-format.md, "Limits"). The checks
 * themselves live in sim/core/limits.c. */
#ifndef Q6_SIM_SCENARIO_LIMITS_H
#define Q6_SIM_SCENARIO_LIMITS_H
#include "sim/base/cfgread.h"

/* One entry per limit key, in the order summary.json lists them. */
typedef enum {
    Q6_LIMIT_OFFLOADED = 0,            /* every subtask offloaded through an AP */
    Q6_LIMIT_BS_CYCLES_PER_SLOT,       /* cycles decided to a BS in a slot <= max */
    Q6_LIMIT_UAV_CYCLES_PER_SLOT,
    Q6_LIMIT_BS_LATENCY_S,             /* latency of a subtask computed at a BS <= max */
    Q6_LIMIT_UAV_LATENCY_S,
    Q6_LIMIT_CPU_HZ,                   /* min <= an edge server's speed <= max */
    Q6_LIMIT_RATE_BPS,                 /* an access link's rate >= min */
    Q6_LIMIT_VEHICLE_ENERGY_PER_SLOT_J,/* a vehicle's offloading energy of a slot's subtasks <= max */
    Q6_LIMIT_QOS,                      /* QoS of an offloaded subtask (eq. 48 or 93) >= min */
    Q6_LIMIT_BS_DECISION_CHANGE,       /* change probability of a vehicle-BS association <= max */
    Q6_LIMIT_UAV_DECISION_CHANGE,
    Q6_LIMIT_BS_LOAD_LATENCY_S,        /* sum of the latencies of a slot's subtasks at a BS <= max */
    Q6_LIMIT_UAV_LOAD_LATENCY_S,
    Q6_LIMIT_BS_TX_POWER_W,            /* min <= a BS's transmit power <= max */
    Q6_LIMIT_UAV_TX_POWER_W,
    Q6_LIMIT_BS_PROCESSING_ENERGY_PER_SLOT_J, /* xi x cycles decided to a BS in a slot <= max */
    Q6_LIMIT_UAV_PROCESSING_ENERGY_PER_SLOT_J,
    Q6_LIMIT_SUBTASK_BYTES,            /* a subtask's input <= max */
    Q6_LIMIT_COUNT
} q6_limit_kind;

typedef struct {
    int set;                 /* the key is in the group */
    char label[32];          /* names the row in summary.json and the violation (default: the key) */
    int enforce;             /* drop the task that breaks it (only where the kind allows) */
    double min, max;         /* SI; -inf / +inf when not given */
    double xi_j_per_cycle;   /* processing energy: J per cycle */
    double weight_latency, weight_energy, q_max; /* qos: eq. 48 weights; q_max (NAN: not given) for eq. 93 */
    double steepness;        /* decision change: k of the sigmoid */
} q6_limit_config;

typedef struct {
    int enabled;             /* the group is present */
    q6_limit_config limit[Q6_LIMIT_COUNT];
} q6_limits_config;

/* The key of a limit kind, e.g. "bs_cycles_per_slot". */
const char *q6_limit_key(q6_limit_kind k);

/* Fills l from group g (disabled when g is NULL). */
int q6_scenario_parse_limits(const q6_cfgctx *c, const config_setting_t *g, q6_limits_config *l);

#endif
