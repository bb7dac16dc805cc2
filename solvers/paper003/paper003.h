/* Built-in controllers of paper 003 (plugin ABI 3): docs/paper003.md. */
#ifndef Q6_SOLVERS_PAPER003_H
#define Q6_SOLVERS_PAPER003_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_p3_energy_efficiency;
extern const q6_scheduler q6_sched_p3_rer;
extern const q6_scheduler q6_sched_p3_morl_scalarised;
extern const q6_scheduler q6_sched_p3_morl_mb;

#endif
