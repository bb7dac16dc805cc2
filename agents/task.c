/* Task life cycle: local execution, or offload over the node's radio link to
 * its AP, computed there or relayed to the cloud, result back the same way.
 * Every hop is a SimGrid message whose size is the data it carries. */
#include "agents/agents.h"
#include "sim/core/energy_account.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <math.h>

static void daemon_self(void) { sg_actor_daemonize(sg_actor_self()); }


/* Slot whose interval holds time t (the last one past the horizon). */
static uint64_t slot_at(const q6_world *w, double t)
{
    uint64_t k = (uint64_t)floor(t / w->sc->slot_s);
    return k < w->sc->slots ? k : w->sc->slots - 1;
}

/* Runs the task on host; done_flops (if not NULL) collects the AP's work. */
static void execute(q6_world *w, q6_task *t, sg_host_t host, double *backlog_flops, double *done_flops)
{
    q6_world_event(w, Q6_EV_EXEC_START, t->slot, t->id, (int32_t)t->node, -1, sg_host_get_name(host), t->work_flops, NULL);
    sg_actor_execute(t->work_flops);
    *backlog_flops -= t->work_flops;
    if (done_flops)
        *done_flops += t->work_flops;
    q6_world_event(w, Q6_EV_EXEC_END, t->slot, t->id, (int32_t)t->node, -1, sg_host_get_name(host), t->work_flops, NULL);
}

void q6_actor_task(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    if (t->state != Q6_TASK_PENDING)
        return;
    if (t->where == Q6_RUN_LOCAL) {
        execute(w, t, w->node_host[t->node], &w->node_backlog_flops[t->node], NULL);
        w->metrics[slot_at(w, simgrid_get_clock())].energy_j[Q6_ENERGY_VEHICLE] +=
            q6_energy_vehicle_task_j(w, t->work_flops);
        q6_world_task_finished(w, t, simgrid_get_clock());
        return;
    }
    t->msg = Q6_MSG_TASK_UP;
    double t0 = simgrid_get_clock();
    q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->ap,
                   sg_host_get_name(w->node_host[t->node]), t->input_bytes, NULL);
    sg_mailbox_put(w->ap_mb[t->ap], t, (long)t->input_bytes);
    w->metrics[slot_at(w, t0)].energy_j[Q6_ENERGY_VEHICLE] += w->sc->vehicles.tx_power_w * (simgrid_get_clock() - t0);
    /* Any result for this node may arrive here; it is recorded by its own id. */
    q6_task *r = sg_mailbox_get(w->node_res_mb[t->node]);
    q6_world_task_finished(w, r, simgrid_get_clock());
}

/* At an AP: compute the task, send the result down to the node. */
static void ap_compute(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    execute(w, t, w->ap_host[t->ap], &w->ap_backlog_flops[t->ap], &w->ap_exec_flops[t->ap]);
    t->msg = Q6_MSG_RESULT_DOWN;
    sg_mailbox_put(w->node_res_mb[t->node], t, (long)t->output_bytes);
}

/* At an AP: relay the input up to the cloud. */
static void ap_relay_up(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->ap,
                   sg_host_get_name(w->ap_host[t->ap]), t->input_bytes, "to cloud");
    sg_mailbox_put(w->cloud_mb, t, (long)t->input_bytes);
}

/* At an AP: relay a cloud result down to the node. */
static void ap_relay_down(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    sg_mailbox_put(w->node_res_mb[t->node], t, (long)t->output_bytes);
}

void q6_actor_ap(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    size_t a = (size_t)(uintptr_t)sg_actor_self_get_data();
    sg_host_t host = w->ap_host[a];
    sg_mailbox_set_receiver(sg_mailbox_get_name(w->ap_mb[a]));
    for (;;) {
        q6_task *t = sg_mailbox_get(w->ap_mb[a]);
        if (t->msg == Q6_MSG_RESULT_DOWN)
            q6_spawn("relay-down", host, ap_relay_down, t);
        else if (t->where == Q6_RUN_AP)
            q6_spawn("compute", host, ap_compute, t);
        else
            q6_spawn("relay-up", host, ap_relay_up, t);
    }
}

/* In the cloud: compute, then send the result back to the task's AP. */
static void cloud_compute(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    double unused_backlog = 0;
    execute(w, t, w->cloud_host, &unused_backlog, NULL);
    t->msg = Q6_MSG_RESULT_DOWN;
    sg_mailbox_put(w->ap_mb[t->ap], t, (long)t->output_bytes);
}

void q6_actor_cloud(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    sg_mailbox_set_receiver(sg_mailbox_get_name(w->cloud_mb));
    for (;;) {
        q6_task *t = sg_mailbox_get(w->cloud_mb);
        q6_spawn("compute", w->cloud_host, cloud_compute, t);
    }
}
