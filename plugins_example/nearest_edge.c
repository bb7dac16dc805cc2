/* Example external q6sim scheduler (plugin ABI 3): every task goes to the
 * edge server of the geometrically nearest reachable AP that has one; a
 * task stays local when no such AP is in reach. It uses only the headers
 * of solvers/abi/, so it builds against an installed q6sim:
 *     cc -shared -fPIC $(pkg-config --cflags q6sim) nearest_edge.c -o libnearest_edge.so -lm
 *     q6sim run SCENARIO --plugin ./libnearest_edge.so --scheduler nearest-edge
 * Every decision field it does not write keeps the engine's default. */
#include "solvers/abi/scheduler.h"
#include <math.h>
#include <stdio.h>

static int decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)state;
    if (p->abi_version < 3) {
        snprintf(err, errlen, "needs a problem of ABI 3, got %u", p->abi_version);
        return -1;
    }
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
        d->tasks[t].target = best == UINT32_MAX ? Q6_RUN_LOCAL : Q6_RUN_AP;
        d->tasks[t].ap = best == UINT32_MAX ? 0 : best;
    }
    return 0;
}

static const q6_scheduler scheduler = {
    .h = {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "nearest-edge",
          "example external plugin: edge server of the nearest reachable AP"},
    .decide = decide};

static const q6_plugin_header *const tables[] = {&scheduler.h, NULL};

const q6_plugin_header *const *q6_plugin_entry3(void);
const q6_plugin_header *const *q6_plugin_entry3(void) { return tables; }
