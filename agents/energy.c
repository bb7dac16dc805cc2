/* Energy exchange: every slot each BS bids for the energy it consumed to the
 * grid actor, which answers with its price offer. Both are energy messages
 * over the platform's BS-grid routes. The grid sends each offer without
 * waiting for it to arrive: waiting (a 64-byte message over the BS-grid
 * route, some 2.5 ms) served the BSs one after the other, so 1,000 BSs
 * took 2.6 s of simulated time per 1 s slot and fell further behind every
 * slot (issue 13, docs/engine.md). */
#include "agents/agents.h"
#include <simgrid/actor.h>
#include <simgrid/comm.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <simgrid/plugins/energy.h>

#define Q6_ENERGY_MSG_BYTES 64

void q6_actor_bs_energy(int argc, char **argv)
{
    (void)argc; (void)argv;
    q6_world *w = q6_agents_world();
    size_t h = (size_t)(uintptr_t)sg_actor_self_get_data();
    sg_host_t host = w->net.infra_host[h];
    q6_energy_msg *msg = &w->energy.msg[h];
    double prev_j = 0;
    for (uint64_t k = 0; k < w->sc->slots; k++) {
        sg_actor_sleep_until((double)(k + 1) * w->sc->slot_s);
        double now_j = sg_host_get_consumed_energy(host);
        msg->host = h;
        msg->slot = k;
        msg->energy_j = now_j - prev_j;
        prev_j = now_j;
        q6_world_event(w, Q6_EV_ENERGY_BID, k, 0, -1, -1, sg_host_get_name(host), msg->energy_j, NULL);
        sg_mailbox_put(w->net.grid_mb, msg, Q6_ENERGY_MSG_BYTES);
        sg_mailbox_get(w->net.infra_energy_mb[h]);
    }
}

void q6_actor_grid(int argc, char **argv)
{
    (void)argc; (void)argv;
    sg_actor_daemonize(sg_actor_self());
    q6_world *w = q6_agents_world();
    sg_mailbox_set_receiver(sg_mailbox_get_name(w->net.grid_mb));
    for (;;) {
        q6_energy_msg *bid = sg_mailbox_get(w->net.grid_mb);
        bid->price_per_kwh = w->sc->grid_price_per_kwh;
        q6_world_event(w, Q6_EV_ENERGY_OFFER, bid->slot, 0, -1, -1, sg_host_get_name(w->net.grid_host),
                       bid->price_per_kwh, sg_host_get_name(w->net.infra_host[bid->host]));
        sg_comm_detach(sg_mailbox_put_init(w->net.infra_energy_mb[bid->host], bid, Q6_ENERGY_MSG_BYTES), NULL);
    }
}
