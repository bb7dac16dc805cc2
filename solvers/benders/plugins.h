/* Paper 002's schedulers as plugin ABI 3 tables (solvers/abi/scheduler.h):
 *   gbd               classical GBD, GLPK MILP master
 *   hqcgbd            GBD with the master as a QUBO (cuts=K multi-cut,
 *                     solver=sa|tabu|exact, host=qpu|cpu)
 *   satin-heuristic   max-SNR AP, random onboard or cloud, equal allocation
 *   myopic            minimum slot delay, energy queues ignored (V -> inf)
 * docs/paper002.md lists their plugin_params. */
#ifndef Q6_SOLVERS_BENDERS_PLUGINS_H
#define Q6_SOLVERS_BENDERS_PLUGINS_H
#include "solvers/abi/scheduler.h"
#include "solvers/benders/benders.h"

extern const q6_scheduler q6_sched_gbd, q6_sched_hqcgbd, q6_sched_sat_heuristic, q6_sched_myopic;

/* The record of the last decide() of a gbd/hqcgbd/myopic state (iterations,
 * bounds per iteration, master times, gap); NULL before the first slot or
 * for the heuristic. Valid until the next decide() or finish(). */
const q6_bd_record *q6_bd_plugin_last_record(const void *state);

#endif
