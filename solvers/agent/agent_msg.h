/* The agent protocol's messages (agent.proto) from and to the ABI-3 types:
 * a q6_sched_problem becomes an Observation, an Action is checked and
 * written into a q6_sched_decision. Pure functions, no I/O, so they are
 * tested on hand-built problems without a process on the other end. */
#ifndef Q6_SOLVERS_AGENT_AGENT_MSG_H
#define Q6_SOLVERS_AGENT_AGENT_MSG_H
#include "solvers/abi/scheduler.h"
#include "solvers/agent/agent.pb-c.h"
#include <stddef.h>

#define Q6_AGENT_PROTOCOL_VERSION 1u

/* Bump allocator that the packed observation's arrays live in; reset once
 * per slot, so a run allocates only while problems grow. */
typedef struct q6_arena_block q6_arena_block;
typedef struct {
    q6_arena_block *blocks;
    size_t used_total;   /* bytes handed out since the last reset */
} q6_arena;

void q6_arena_reset(q6_arena *a);
void q6_arena_free(q6_arena *a);

/* Packs the EngineMessage carrying the observation of p into *out (malloc'd
 * or grown; *cap its size); returns the length, or 0 on allocation failure. */
size_t q6_agent_pack_observation(const q6_sched_problem *p, q6_arena *a, uint8_t **out, size_t *cap);

/* Packs any EngineMessage the same way. */
size_t q6_agent_pack_engine(const Q6agent__EngineMessage *m, uint8_t **out, size_t *cap);

/* Checks action against p (see docs/learning.md, "What the bridge checks")
 * and, only when all of it is valid, writes it into d: fields the action
 * leaves out keep d's presets. 0, or -1 with the reason in err and d untouched. */
int q6_agent_apply_action(const q6_sched_problem *p, const Q6agent__Action *action, q6_sched_decision *d,
                          char *err, size_t errlen);

#endif
