/* Learning schedulers: the `agent` bridge to an external learner and the
 * policies that run exported weights in C. ABI-3 tables (solvers/abi/). */
#ifndef Q6_SOLVERS_AGENT_AGENT_H
#define Q6_SOLVERS_AGENT_AGENT_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_agent;
extern const q6_scheduler q6_sched_mlp_policy;
extern const q6_scheduler q6_sched_lstm_policy;
extern const q6_scheduler q6_sched_vqc_policy;

#endif
