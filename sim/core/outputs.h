/* Run outputs: slots.csv, summary.json, manifest.json, and the result table. */
#ifndef Q6_SIM_OUTPUTS_H
#define Q6_SIM_OUTPUTS_H
#include "sim/base/json_write.h"
#include "sim/core/world.h"
#include <stdio.h>

typedef struct {
    uint64_t generated, completed, dropped, infeasible, local, edge, cloud;
    double latency_mean_s, latency_p95_s;
    double energy_j[Q6_ROLE_COUNT + 1];
    double renewable_j, battery_j, grid_j, emissions_kg;
    /* Plugin ABI 3 (docs/outputs.md). */
    uint64_t qpu, qpu_runs, qpu_failures, decided;
    double offload_fraction_sum, rate_sum_bps, grid_only_kg, weighted_latency_s;
    double cost;                  /* weighted latency-energy cost (scenario's cost group) */
    double *ap_energy_j;          /* per AP over the run (owned) */
} q6_totals;

/* Per-slot metrics with latency statistics to path (CSV with header). */
int q6_write_slots_csv(q6_world *w, const char *path);
/* Totals over the run; release with q6_totals_free. */
void q6_compute_totals(q6_world *w, q6_totals *t);
/* Provenance of a replayed timeline (--replay-timeline); path NULL when the
 * run drew its own. The outputs state both seeds: the run's (`seed`, which
 * still seeds the scheduler) and the one the timeline was recorded with. */
typedef struct {
    const char *path;
    int has_identity;               /* 0: a version 1 file, which records none */
    uint64_t recorded_seed;
    const char *recorded_scenario;  /* name */
    const char *recorded_identity;  /* hex SHA-256 of the scenario's inputs */
    int matches;                    /* recorded scenario identity and seed equal the run's */
} q6_replay_info;

/* Writes the member "timeline_replay" when r and r->path are set; nothing
 * otherwise. manifest.json has it for every replay; summary.json only for
 * one whose recorded seed or scenario differ from the run's (a faithful
 * replay keeps summary.json byte-identical to the recorded run's). */
void q6_write_replay_json(q6_jw *j, const q6_replay_info *r);
void q6_totals_free(q6_totals *t);
/* Weighted latency-energy cost of a slot: weight_latency x sum of priority
 * weight x latency of its completed tasks + weight_energy x its energy. */
double q6_slot_cost(const q6_world *w, const q6_slot_metrics *m);
int q6_write_summary_json(const q6_world *w, const q6_totals *t, const char *digest,
                          uint64_t events, const q6_replay_info *replay, const char *path);
/* Human-readable result table. */
void q6_print_table(FILE *f, const q6_world *w, const q6_totals *t, const char *digest);

/* Column name of an energy bucket ("vehicle", "bs", ...). */
const char *q6_energy_bucket_name(int bucket);

#endif
