/* Vehicle: each slot reports its state and new tasks to the aggregator,
 * waits for the decision on its tasks, and starts one task actor each. */
#include "agents/agents.h"
#include <simgrid/actor.h>
#include <simgrid/mailbox.h>

void q6_actor_vehicle(int argc, char **argv)
{
    (void)argc; (void)argv;
    q6_world *w = q6_agents_world();
    size_t i = (size_t)(uintptr_t)sg_actor_self_get_data();
    for (uint64_t k = 0; k < w->sc->slots; k++) {
        sg_actor_sleep_until((double)(k + 1) * w->sc->slot_s);
        char err[512];
        if (q6_exo_ensure(w->exo, k, err, sizeof err) < 0) {
            q6_world_fail_input(w, err);
            return;
        }
        if (!q6_exo_node_poses(w->exo)[i].present)
            continue;
        size_t n;
        q6_exo_node_tasks(w->exo, i, &n);
        sg_mailbox_put(w->net.agg_mb, &w->node.index[i], 0);
        if (n == 0)
            continue;
        sg_mailbox_get(w->net.node_ctl_mb[i]);
        /* The aggregator made the slot's tasks (a split task is several). */
        for (uint64_t id = w->node.first_task[i]; id < w->node.first_task[i] + w->node.task_count[i]; id++)
            q6_spawn("task", w->net.node_host[i], q6_actor_task, q6_task_get(w, id));
    }
}
