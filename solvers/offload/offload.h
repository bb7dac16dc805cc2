/* Built-in offloading optimisers beyond the baselines. */
#ifndef Q6_SOLVERS_OFFLOAD_H
#define Q6_SOLVERS_OFFLOAD_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_qubo_offload;

#endif
