/* The nearest-edge example written for the legacy plugin ABI 2
 * (solvers/plugin.h, entry q6_plugin_entry): the engine adapts it to ABI 3.
 * Kept to show (and test) that such plugins still load; new plugins use
 * ABI 3 as nearest_edge.c does. Registered as "nearest-edge-abi2". */
#include "solvers/plugin.h"
#include <math.h>

static int decide(void *state, const q6_slot_problem *p, q6_slot_decision *d)
{
    (void)state;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        uint32_t n = p->tasks[t].node, best = UINT32_MAX;
        double best_d = INFINITY;
        for (uint32_t a = 0; a < p->n_aps; a++) {
            if (!(p->aps[a].cpu_flops > 0) || p->snr[(size_t)n * p->n_aps + a] < p->min_snr)
                continue;
            double dist = hypot(hypot(p->nodes[n].x_m - p->aps[a].x_m, p->nodes[n].y_m - p->aps[a].y_m),
                                p->nodes[n].z_m - p->aps[a].z_m);
            if (dist < best_d) {
                best_d = dist;
                best = a;
            }
        }
        d->choices[t].where = best == UINT32_MAX ? Q6_RUN_LOCAL : Q6_RUN_AP;
        d->choices[t].ap = best == UINT32_MAX ? 0 : best;
    }
    return 0;
}

static const q6_plugin plugin = {.abi_version = Q6_PLUGIN_ABI_VERSION, .name = "nearest-edge-abi2",
                                 .description = "example external plugin: edge server of the nearest reachable AP",
                                 .decide = decide};

const q6_plugin *q6_plugin_entry(void);
const q6_plugin *q6_plugin_entry(void) { return &plugin; }
