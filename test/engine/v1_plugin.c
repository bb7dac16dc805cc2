/* A well-behaved plugin built for ABI 1 (the oldest the engine loads): its
 * struct ends before ABI 2's `match`. Every task with a reachable AP that
 * computes goes to the edge server of the strongest such AP; others stay
 * local. test_end_to_end.py runs it end to end through the ABI-3 adapter
 * and checks its placements against the slot problem it saw. */
#include "solvers/plugin.h"

static int decide(void *state, const q6_slot_problem *p, q6_slot_decision *d)
{
    (void)state;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        uint32_t n = p->tasks[t].node, best = UINT32_MAX;
        double best_snr = p->min_snr;
        for (uint32_t a = 0; a < p->n_aps; a++) {
            double snr = p->snr[(size_t)n * p->n_aps + a];
            if (p->aps[a].cpu_flops > 0 && snr >= best_snr) {
                best = a;
                best_snr = snr;
            }
        }
        d->choices[t].where = best == UINT32_MAX ? Q6_RUN_LOCAL : Q6_RUN_AP;
        d->choices[t].ap = best == UINT32_MAX ? 0 : best;
    }
    return 0;
}

/* An ABI-1 table: the fields up to finish only. */
typedef struct {
    uint32_t abi_version;
    const char *name, *description;
    int (*init)(const q6_plugin_init_args *, void **, char *, size_t);
    int (*decide)(void *, const q6_slot_problem *, q6_slot_decision *);
    void (*finish)(void *);
} q6_plugin_v1;

static const q6_plugin_v1 plugin = {1, "strongest-edge-v1", "test plugin (ABI 1): strongest computing AP", NULL,
                                    decide, NULL};

const q6_plugin_v1 *q6_plugin_entry(void);
const q6_plugin_v1 *q6_plugin_entry(void) { return &plugin; }
