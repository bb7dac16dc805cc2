/* Outputs of the energy market: OUT/market.csv (per slot), OUT/edge_tasks.csv
 * (per edge chunk, with the Theorem 1 check), the "market" object of
 * summary.json and the lines of the result table. */
#ifndef Q6_SIM_MARKET_OUTPUTS_H
#define Q6_SIM_MARKET_OUTPUTS_H
#include "sim/base/json_write.h"
#include "sim/core/market.h"
#include <stdio.h>

typedef struct {
    uint64_t buyers, sellers, matched, rejected, chunks, chunks_done, bound_violations;
    double welfare, welfare_grid_only, flow_j[Q6_FLOW_COUNT];
    double opt_time_s, opt_energy_j, opt_co2_kg;
    double opt_energy_system_j, opt_energy_process_j, opt_pairs;
    uint64_t rounds;
    double task_mean_s;            /* mean t_task^comp of finished chunks (NAN: none) */
} q6_market_totals;

void q6_market_totals_compute(const q6_market *m, uint64_t slots, q6_market_totals *t);
int q6_market_write_slots_csv(const q6_market *m, uint64_t slots, double slot_s, const char *path);
int q6_market_write_edge_csv(const q6_market *m, const char *path);
/* Writes the member "market": {...} of the object open in j. */
void q6_market_write_json(q6_jw *j, const q6_market_totals *t);
void q6_market_print_table(FILE *f, const q6_market_totals *t);

#endif
