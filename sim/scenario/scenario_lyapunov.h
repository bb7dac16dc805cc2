/* The scenario group `lyapunov`: the weight V of the penalty and the
 * virtual queues the engine keeps (docs/scenario-format.md, "Virtual
 * queues"). The queues themselves live in sim/lyapunov.h. */
#ifndef Q6_SIM_SCENARIO_LYAPUNOV_H
#define Q6_SIM_SCENARIO_LYAPUNOV_H
#include "sim/base/cfgread.h"
#include <stddef.h>
#include <stdint.h>

#define Q6_LYAPUNOV_MAX_QUEUES 64

typedef struct {
    char name[64];           /* letters, digits, '_', '-', '.': it names slots.csv columns */
    uint32_t kind;           /* q6_vqueue_kind (solvers/abi/scheduler.h) */
    char ap[128];            /* access point of ap-energy and site-emissions queues */
    double budget;           /* service per slot: J (ap-energy), g (site-emissions); rho (offload-rate) */
    int line;                /* of the queue's entry, for errors found against the platform */
} q6_vqueue_config;

typedef struct {
    int enabled;             /* the group is present */
    double v;                /* weight V of the penalty */
    size_t n_queues;
    q6_vqueue_config queues[Q6_LYAPUNOV_MAX_QUEUES];
} q6_lyapunov_config;

/* Fills l from group g (disabled, no queues, V = 0 when g is NULL). */
int q6_scenario_parse_lyapunov(const q6_cfgctx *c, const config_setting_t *g, q6_lyapunov_config *l);

#endif
