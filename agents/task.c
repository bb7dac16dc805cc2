/* Task life cycle: local execution, or offload over the node's radio link to
 * its AP, computed there or relayed to the cloud, result back the same way.
 * Every hop is a SimGrid message whose size is the data it carries.
 *
 * Partial offloading (ABI 3, offload fraction x): x of the input bytes and
 * of the work go to the server (the result is x of the output bytes), the
 * remaining (1 - x) of the work runs on the node's CPU in parallel; the task
 * is done when both parts are. A CPU share bounds the server execution
 * (sg_exec_set_bound); at an AP with a GPU the gpu_fraction of the
 * offloaded work runs on the GPU in parallel with the CPU part
 * (models/compute.h, paper 003 eqs. 3-4). Each part's energy is recorded on
 * the task for the scheduler's feedback. */
#include "agents/agents.h"
#include "models/compute.h"
#include "sim/core/energy_account.h"
#include "agents/qpu_exec.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/exec.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <simgrid/plugins/energy.h>
#include <math.h>

static void daemon_self(void) { sg_actor_daemonize(sg_actor_self()); }


/* Slot whose interval holds time t (the last one past the horizon). */
static uint64_t slot_at(const q6_world *w, double t)
{
    uint64_t k = (uint64_t)floor(t / w->sc->slot_s);
    return k < w->sc->slots ? k : w->sc->slots - 1;
}

/* Marginal energy of `flops` on a server under SimGrid's linear power
 * model: (P_max - P_idle) x flops / (speed x cores), whatever the sharing. */
static double server_energy_j(sg_host_t host, double flops)
{
    unsigned long ps = sg_host_get_pstate(host);
    double span_w = sg_host_get_wattmax_at(host, (int)ps) - sg_host_get_wattmin_at(host, (int)ps);
    return span_w * flops / (sg_host_get_speed(host) * sg_host_core_count(host));
}

/* Runs `flops` on the actor's host, at most `bound` flop/s when set. */
static void run_flops(double flops, double bound)
{
    if (bound == Q6_UNSET) {
        sg_actor_execute(flops);
        return;
    }
    sg_exec_t e = sg_actor_exec_init(flops);
    sg_exec_set_bound(e, bound);
    sg_exec_start(e);
    sg_exec_wait(e);
}

/* Runs flops of task t on host; done_flops (if not NULL) collects the AP's work. */
static void execute(q6_world *w, q6_task *t, sg_host_t host, double flops, double bound, double *backlog_flops,
                    double *done_flops)
{
    q6_world_event(w, Q6_EV_EXEC_START, t->slot, t->id, (int32_t)t->node, -1, sg_host_get_name(host), flops, NULL);
    run_flops(flops, bound);
    *backlog_flops -= flops;
    if (done_flops)
        *done_flops += flops;
    q6_world_event(w, Q6_EV_EXEC_END, t->slot, t->id, (int32_t)t->node, -1, sg_host_get_name(host), flops, NULL);
}

/* The node's own share of a task: (1 - x) of the work (all of a local task). */
static void local_part(q6_world *w, q6_task *t)
{
    double flops = t->where == Q6_RUN_LOCAL ? t->work_flops : (1 - t->offload_fraction) * t->work_flops;
    execute(w, t, w->net.node_host[t->node], flops, Q6_UNSET, &w->node.backlog_flops[t->node], NULL);
    double e_j = q6_energy_vehicle_task_j(w, flops);
    t->energy_local_j += e_j;
    w->log.metrics[slot_at(w, simgrid_get_clock())].energy_j[Q6_ENERGY_VEHICLE] += e_j;
    q6_world_task_part_done(w, t, simgrid_get_clock());
}

static void local_part_actor(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    local_part(q6_agents_world(), sg_actor_self_get_data());
}

void q6_actor_task(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    if (t->state != Q6_TASK_PENDING)
        return;
    if (t->where == Q6_RUN_QPU) { /* quantum circuit: the QPU round trip */
        q6_qpu_run_task(w, t);
        return;
    }
    if (t->where == Q6_RUN_LOCAL) {
        t->parts_left = 1;
        local_part(w, t);
        return;
    }
    double x = t->offload_fraction;
    t->parts_left = x < 1 ? 2 : 1;
    if (x < 1)
        q6_spawn("task-local", w->net.node_host[t->node], local_part_actor, t);
    t->msg = Q6_MSG_TASK_UP;
    double t0 = simgrid_get_clock(), bytes = x * t->input_bytes;
    q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->ap,
                   sg_host_get_name(w->net.node_host[t->node]), bytes, NULL);
    w->node.upload_bytes[t->node] += bytes;
    sg_mailbox_put(w->net.ap_mb[t->ap], t, (long)bytes);
    w->node.upload_bytes[t->node] -= bytes;
    double radio_j = t->tx_power_w * (simgrid_get_clock() - t0);
    t->energy_radio_j += radio_j;
    w->log.metrics[slot_at(w, t0)].energy_j[Q6_ENERGY_VEHICLE] += radio_j;
    /* Any result for this node may arrive here; it is recorded by its own id. */
    q6_task *r = sg_mailbox_get(w->net.node_res_mb[t->node]);
    q6_world_task_part_done(w, r, simgrid_get_clock());
}

/* At an AP with a GPU: the CPU part (kappa = 1 - gpu_fraction) runs on the
 * host while the GPU part takes (1 - kappa) W / f_G; the model's GPU energy
 * is booked on the AP's site. */
static void execute_cpu_gpu(q6_world *w, q6_task *t, double flops)
{
    size_t a = t->ap;
    sg_host_t host = w->net.ap_host[a];
    const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
    double kappa = 1 - t->gpu_fraction;
    q6_cpu_gpu_params gp = {1, sg_host_get_speed(host), 1, h->gpu_flops, 0, 1, 0, 0, 0, 0, h->gpu_power_w, 0};
    q6_cpu_gpu_result r;
    if (q6_cpu_gpu_split(&gp, flops, kappa, &r) < 0) {
        q6_world_fail(w, "task %llu: invalid CPU/GPU split %g at AP '%s'", (unsigned long long)t->id, kappa, h->name);
        return;
    }
    q6_world_event(w, Q6_EV_EXEC_START, t->slot, t->id, (int32_t)t->node, -1, sg_host_get_name(host), flops, "cpu+gpu");
    double cpu_flops = kappa * flops;
    sg_exec_t e = sg_actor_exec_init(cpu_flops);
    if (t->cpu_share_flops != Q6_UNSET)
        sg_exec_set_bound(e, t->cpu_share_flops);
    sg_exec_start(e);
    sg_actor_sleep_for(r.gpu_time_s);
    sg_exec_wait(e);
    w->ap.backlog_flops[a] -= flops;
    w->ap.exec_flops[a] += cpu_flops;
    w->ap.gpu_energy_j[a] += r.gpu_energy_j;
    t->energy_edge_j += server_energy_j(host, cpu_flops) + r.gpu_energy_j;
    q6_world_event(w, Q6_EV_EXEC_END, t->slot, t->id, (int32_t)t->node, -1, sg_host_get_name(host), flops, "cpu+gpu");
}

/* At an AP: compute the task, send the result down to the node. */
static void ap_compute(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    double flops = t->offload_fraction * t->work_flops;
    if (t->gpu_fraction > 0) {
        execute_cpu_gpu(w, t, flops);
    } else {
        execute(w, t, w->net.ap_host[t->ap], flops, t->cpu_share_flops, &w->ap.backlog_flops[t->ap],
                &w->ap.exec_flops[t->ap]);
        t->energy_edge_j += server_energy_j(w->net.ap_host[t->ap], flops);
    }
    if (t->cpu_share_flops != Q6_UNSET)
        w->ap.cpu_allocated[t->ap] -= t->cpu_share_flops;
    t->msg = Q6_MSG_RESULT_DOWN;
    sg_mailbox_put(w->net.node_res_mb[t->node], t, (long)(t->offload_fraction * t->output_bytes));
}

/* At an AP: relay the input up to the cloud. */
static void ap_relay_up(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    double bytes = t->offload_fraction * t->input_bytes;
    q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->ap,
                   sg_host_get_name(w->net.ap_host[t->ap]), bytes, "to cloud");
    sg_mailbox_put(w->net.cloud_mb, t, (long)bytes);
}

/* At an AP: relay a cloud result down to the node. */
static void ap_relay_down(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    q6_task *t = sg_actor_self_get_data();
    sg_mailbox_put(w->net.node_res_mb[t->node], t, (long)(t->offload_fraction * t->output_bytes));
}

void q6_actor_ap(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    size_t a = (size_t)(uintptr_t)sg_actor_self_get_data();
    sg_host_t host = w->net.ap_host[a];
    sg_mailbox_set_receiver(sg_mailbox_get_name(w->net.ap_mb[a]));
    for (;;) {
        q6_task *t = sg_mailbox_get(w->net.ap_mb[a]);
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
    double unused_backlog = 0, flops = t->offload_fraction * t->work_flops;
    execute(w, t, w->net.cloud_host, flops, t->cpu_share_flops, &unused_backlog, NULL);
    t->energy_cloud_j += server_energy_j(w->net.cloud_host, flops);
    t->msg = Q6_MSG_RESULT_DOWN;
    sg_mailbox_put(w->net.ap_mb[t->ap], t, (long)(t->offload_fraction * t->output_bytes));
}

void q6_actor_cloud(int argc, char **argv)
{
    (void)argc; (void)argv;
    daemon_self();
    q6_world *w = q6_agents_world();
    sg_mailbox_set_receiver(sg_mailbox_get_name(w->net.cloud_mb));
    for (;;) {
        q6_task *t = sg_mailbox_get(w->net.cloud_mb);
        q6_spawn("compute", w->net.cloud_host, cloud_compute, t);
    }
}
