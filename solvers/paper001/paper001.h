/* Paper 001 schedulers (plugin ABI 3): the baselines cpu-discrete,
 * cpu-continuous, qpu-discrete, qpu-continuous, and meqc-dpp, the
 * drift-plus-penalty core of the paper's proposed method (docs/paper001.md). */
#ifndef Q6_SOLVERS_PAPER001_H
#define Q6_SOLVERS_PAPER001_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_cpu_discrete;
extern const q6_scheduler q6_sched_cpu_continuous;
extern const q6_scheduler q6_sched_qpu_discrete;
extern const q6_scheduler q6_sched_qpu_continuous;
extern const q6_scheduler q6_sched_meqc_dpp;

#endif
