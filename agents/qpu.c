/* QPU host: serves optimisation jobs sent to its mailbox. The schedulers of
 * this build solve on the aggregator, so no job reaches it yet; the actor
 * keeps the host's mailbox served for plugins that offload. */
#include "agents/agents.h"
#include <simgrid/actor.h>
#include <simgrid/mailbox.h>

void q6_actor_qpu(int argc, char **argv)
{
    (void)argc; (void)argv;
    sg_actor_daemonize(sg_actor_self());
    q6_world *w = q6_agents_world();
    sg_mailbox_set_receiver(sg_mailbox_get_name(w->qpu_mb));
    for (;;)
        sg_mailbox_get(w->qpu_mb);
}
