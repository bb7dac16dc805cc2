/* The paper-004 baselines under the paper's names (qdrl and its ablations
 * are in qdrl.c): each is one of the agents' C policies (solvers/agent) run on weights trained for the
 * paper-004 scenario, so `q6sim plugins` lists the names the paper
 * compares and a run says which it used. The policy code is not copied:
 * every call goes through the agent table. */
#include "solvers/paper004/paper004.h"
#include "solvers/agent/agent.h"

#define P4_LEARNED(var, name, desc, base)                                                                 \
    static int var##_init(const q6_plugin_init_args *a, void **st, char *err, size_t n)                   \
    {                                                                                                      \
        return base.init(a, st, err, n);                                                                   \
    }                                                                                                      \
    static int var##_decide(void *st, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t n) \
    {                                                                                                      \
        return base.decide(st, p, d, err, n);                                                              \
    }                                                                                                      \
    static void var##_finish(void *st)                                                                     \
    {                                                                                                      \
        if (base.finish)                                                                                   \
            base.finish(st);                                                                               \
    }                                                                                                      \
    const q6_scheduler var = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, name, desc},  \
                              var##_init, var##_decide, var##_finish};

P4_LEARNED(q6_sched_p4_mappo, "mappo", "paper 004 baseline: multi-agent PPO actor (weights=PATH)",
           q6_sched_mlp_policy)
P4_LEARNED(q6_sched_p4_maddpg, "maddpg",
           "paper 004 baseline: DDPG hybrid actor shared by the vehicle agents (weights=PATH)", q6_sched_mlp_policy)
