/* Run outputs: slots.csv, summary.json, manifest.json, and the result table. */
#ifndef Q6_SIM_OUTPUTS_H
#define Q6_SIM_OUTPUTS_H
#include "sim/core/world.h"
#include <stdio.h>

typedef struct {
    uint64_t generated, completed, dropped, infeasible, local, edge, cloud;
    double latency_mean_s, latency_p95_s;
    double energy_j[Q6_ROLE_COUNT + 1];
    double renewable_j, battery_j, grid_j, emissions_kg;
} q6_totals;

/* Per-slot metrics with latency statistics to path (CSV with header). */
int q6_write_slots_csv(q6_world *w, const char *path);
/* Totals over the run. */
void q6_compute_totals(q6_world *w, q6_totals *t);
int q6_write_summary_json(const q6_world *w, const q6_totals *t, const char *digest,
                          uint64_t events, const char *path);
/* Human-readable result table. */
void q6_print_table(FILE *f, const q6_world *w, const q6_totals *t, const char *digest);

/* Column name of an energy bucket ("vehicle", "bs", ...). */
const char *q6_energy_bucket_name(int bucket);

#endif
