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

/* Declares ABI 1 (no energy market) so the loader's backward compatibility is exercised. */
static const q6_plugin plugin = {.abi_version = 1, .name = "bad-ap-index",
                                 .description = "test plugin: always an out-of-range AP", .decide = decide};

const q6_plugin *q6_plugin_entry(void);
const q6_plugin *q6_plugin_entry(void) { return &plugin; }
