#include "agents/agents.h"
#include <simgrid/actor.h>
#include <simgrid/host.h>

static q6_world *bound;

void q6_agents_bind(q6_world *w) { bound = w; }
q6_world *q6_agents_world(void) { return bound; }

void q6_spawn(const char *name, sg_host_t host, void (*fn)(int, char **), void *data)
{
    sg_actor_t a = sg_actor_init(name, host);
    sg_actor_set_data(a, data);
    sg_actor_start_(a, fn, 0, NULL);
}

void q6_hop(sg_host_t to, double bytes)
{
    sg_actor_t self = sg_actor_self();
    sg_host_sendto(sg_actor_get_host(self), to, bytes);
    sg_actor_set_host(self, to);
}
