/* Test plugin that breaks constraint C2 on every task: it names an AP
 * index one past the last. */
#include "solvers/plugin.h"

static int decide(void *state, const q6_slot_problem *p, q6_slot_decision *d)
{
    (void)state;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        d->choices[t].where = Q6_RUN_AP;
        d->choices[t].ap = p->n_aps;
    }
    return 0;
}

static const q6_plugin plugin = {Q6_PLUGIN_ABI_VERSION, "bad-ap-index",
                                 "test plugin: always an out-of-range AP", NULL, decide, NULL};

const q6_plugin *q6_plugin_entry(void);
const q6_plugin *q6_plugin_entry(void) { return &plugin; }
