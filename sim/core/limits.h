/* The scenario's `limits` (sim/scenario/scenario_limits.h) checked as the
 * run goes: per task and per (slot, AP) at each decision, per access link
 * when its rate is set, per (vehicle, AP) association at each slot's end,
 * and, for what is known only once tasks have ended (latency, QoS, a slot's
 * vehicle energy, an AP's load latency), over a slot's tasks once they
 * have all ended. Each limit keeps how many instances were checked, how many broke
 * it, and how many tasks were dropped to enforce it; summary.json lists
 * them under the limit's label (docs/outputs.md). No SimGrid here. */
#ifndef Q6_SIM_LIMITS_H
#define Q6_SIM_LIMITS_H
#include "sim/base/json_write.h"
#include "solvers/abi/scheduler.h"
#include <stdint.h>
#include <stdio.h>

struct q6_world;
typedef struct q6_limits q6_limits;

/* The limits of w->sc (an empty set without a `limits` group: every call
 * below then does nothing); NULL when out of memory. */
q6_limits *q6_limits_create(const struct q6_world *w);
void q6_limits_free(q6_limits *l);

/* Slot k's decision, after the ABI checks flagged bad[]: task limits on
 * the tasks left (subtask size, offloaded), the per-AP budgets of the slot
 * (cycles, processing energy), CPU speeds and AP transmit powers. A task
 * that breaks an enforced limit gets bad[t] = 1 and is reported as a
 * violation naming the limit's label (the engine drops it). */
void q6_limits_decision(struct q6_world *w, uint64_t k, const q6_sched_problem *p, const q6_sched_decision *d,
                        unsigned char *bad);
/* A serving node's access-link rate was set (rate limit). */
void q6_limits_link_rate(q6_limits *l, double rate_bps);
/* At slot k's end, the associations w->node.ap after the decision
 * (decision-change limits). */
void q6_limits_slot_end(struct q6_world *w, uint64_t k);
/* Once every task of slot k has ended (sim/core/task_log.h): latency, QoS,
 * vehicle energy and load limits over the slot's tasks. */
void q6_limits_finish_slot(struct q6_world *w, uint64_t k);

/* "limits": [{label, limit, mode, checked, violated, dropped}, ...] in
 * summary.json; nothing without a `limits` group. */
void q6_limits_write_json(const q6_limits *l, q6_jw *j);

/* Lines "LABEL violated/checked   V / C" for the run's printed table. */
void q6_limits_print(const q6_limits *l, FILE *f);

#endif
