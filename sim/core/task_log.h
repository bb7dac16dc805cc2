/* The run's task log kept bounded (issue 13): a slot is *settled* once every
 * task that arrived in it has ended; its latency statistics and its
 * outcome limits are then taken, its completed latencies kept (8 bytes a
 * task, for the run's percentile), and the pages of the task store that
 * hold only settled tasks whose outcomes the scheduler has been handed are
 * released. Slots settle in order, so every sum runs over the tasks in id
 * order, as a pass over the whole log at the end would: the outputs are
 * the same bytes, while memory no longer grows with every task of the run
 * (272 bytes each; an hour of the P3 city holds 60 million). */
#ifndef Q6_SIM_TASK_LOG_H
#define Q6_SIM_TASK_LOG_H
#include "sim/core/world.h"

/* Settles slots from w->log.settled_slots on, in order, while they are
 * below `upto` (at most the slots built so far) and every task of theirs
 * has ended; with `release`, then frees the task pages the settled slots
 * leave unused. The run's last call passes release 0: the tasks dropped
 * unfinished at its end still have workers running that write to them.
 * Fails the run (q6_world_fail) when out of memory. */
void q6_task_log_settle(q6_world *w, uint64_t upto, int release);

/* Mean and nearest-rank 95th percentile of the latencies of every completed
 * task of the run (NAN when none); every slot must be settled. Sorts the
 * kept latencies in place. */
void q6_task_log_latency(q6_world *w, double *mean_s, double *p95_s);

/* Frees what the log holds (task pages, kept latencies). */
void q6_task_log_free(q6_world *w);

#endif
