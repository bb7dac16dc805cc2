/* Task life cycle: local execution, or offload over the node's radio link to
 * its AP, computed there or relayed to the cloud, result back the same way.
 * A task is a job of one pooled worker actor (agents/pool.c) that starts on
 * the node and moves with the task: every hop is a SimGrid host-to-host
 * transfer whose size is the data it carries, every computation a SimGrid
 * execution on the host it reaches. No AP or cloud actor receives anything:
 * each hop starts when the one before it ends, so a task never waits
 * behind another one's transfer (docs/engine.md).
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
#include <simgrid/plugins/energy.h>
#include <math.h>
#include <stdio.h>

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

/* Runs `flops` on the actor's host, at most `bound` flop/s when set; on
 * the task's node (node_cpu) through the node's own CPU model. */
static void run_flops(q6_world *w, q6_task *t, int node_cpu, double flops, double bound)
{
    if (node_cpu) {
        q6_node_cpu_execute(w, t->node, flops);
        return;
    }
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
    run_flops(w, t, host == w->net.node_host[t->node], flops, bound);
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

/* The task's node's host name for an event of `kind`, looked up only when
 * the trace keeps that kind (a lookup per local task was 2 % of a
 * 100,000-vehicle slot: one host object each, seldom in cache). */
static const char *node_name(const q6_world *w, const q6_task *t, int kind)
{
    return q6_trace_wants(w->log.trace, kind) ? sg_host_get_name(w->net.node_host[t->node]) : NULL;
}

int q6_task_local_start(q6_world *w, q6_task *t)
{
    if (t->state != Q6_TASK_PENDING)
        return 0;
    t->parts_left = 1;
    q6_world_event(w, Q6_EV_EXEC_START, t->slot, t->id, (int32_t)t->node, -1, node_name(w, t, Q6_EV_EXEC_START),
                   t->work_flops, NULL);
    return q6_node_cpu_start(w, t, t->work_flops);
}

/* local_part's end for a task that no worker carried, at the time it ended. */
void q6_task_local_done(q6_world *w, const q6_node_cpu_done *d)
{
    q6_task *t = d->task;
    w->node.backlog_flops[t->node] -= d->flops;
    q6_world_event_at(w, d->end_s, Q6_EV_EXEC_END, t->slot, t->id, (int32_t)t->node, -1,
                      node_name(w, t, Q6_EV_EXEC_END), d->flops, NULL);
    double e_j = q6_energy_vehicle_task_j(w, d->flops);
    t->energy_local_j += e_j;
    w->log.metrics[slot_at(w, d->end_s)].energy_j[Q6_ENERGY_VEHICLE] += e_j;
    q6_world_task_part_done(w, t, d->end_s);
}

/* The local part of a partially offloaded task, on a worker of its own so
 * that it runs in parallel with the offloaded part. */
static void local_part_job(q6_world *w, q6_task *t) { local_part(w, t); }

/* At an AP with a GPU: the CPU part (kappa = 1 - gpu_fraction) runs on the
 * host while the GPU part takes (1 - kappa) W / f_G; the model's GPU energy
 * is booked on the AP's site. */
static void execute_cpu_gpu(q6_world *w, q6_task *t, double flops)
{
    size_t a = t->compute_ap;
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

/* At the AP that computes the task (the worker has moved there): compute
 * x of the work. */
static void ap_compute(q6_world *w, q6_task *t)
{
    double flops = t->offload_fraction * t->work_flops;
    uint32_t a = t->compute_ap;
    if (t->gpu_fraction > 0) {
        execute_cpu_gpu(w, t, flops);
    } else {
        execute(w, t, w->net.ap_host[a], flops, t->cpu_share_flops, &w->ap.backlog_flops[a], &w->ap.exec_flops[a]);
        t->energy_edge_j += server_energy_j(w->net.ap_host[a], flops);
    }
    if (t->cpu_share_flops != Q6_UNSET)
        w->ap.cpu_allocated[a] -= t->cpu_share_flops;
}

/* Forwarding (eqs. 5c-5e): from the task's AP over the relay path fixed at
 * the decision to the AP that computes it, the result back the same way.
 * The hops' latencies are paid as such (aggregator.c, plan_forward): relay
 * hops are not shared between tasks. */
static void forwarded_compute(q6_world *w, q6_task *t, double bytes)
{
    sg_host_t ap = w->net.ap_host[t->ap], at = w->net.ap_host[t->compute_ap];
    char detail[96];
    snprintf(detail, sizeof detail, "forward over %d relay hops", t->forward_hops);
    q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->compute_ap, sg_host_get_name(ap),
                   bytes, detail);
    sg_actor_sleep_for(t->forward_s);
    sg_actor_set_host(sg_actor_self(), at);
    ap_compute(w, t);
    sg_actor_sleep_for(t->back_s);
    sg_actor_set_host(sg_actor_self(), ap);
}

/* In the cloud (the worker has moved there): compute x of the work. */
static void cloud_compute(q6_world *w, q6_task *t)
{
    double unused_backlog = 0, flops = t->offload_fraction * t->work_flops;
    execute(w, t, w->net.cloud_host, flops, t->cpu_share_flops, &unused_backlog, NULL);
    t->energy_cloud_j += server_energy_j(w->net.cloud_host, flops);
}

/* Offloaded share: x of the input up to the AP (and on to the cloud), x of
 * the work there, x of the output back the same way. */
static void offload_part(q6_world *w, q6_task *t)
{
    double x = t->offload_fraction;
    sg_host_t ap = w->net.ap_host[t->ap];
    double t0 = simgrid_get_clock(), bytes = x * t->input_bytes, out_bytes = x * t->output_bytes;
    q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->ap,
                   sg_host_get_name(w->net.node_host[t->node]), bytes, NULL);
    w->node.upload_bytes[t->node] += bytes;
    double radio = q6_radio_begin(w, t->node);
    q6_node_radio_hop(w, t->node, t->ap, ap, bytes * t->air_scale); /* dual connectivity: aggregator.c, apply_radio */
    w->node.upload_bytes[t->node] -= bytes;
    double radio_j = t->tx_power_w * q6_radio_end(w, t->node, radio);
    t->energy_radio_j += radio_j;
    w->log.metrics[slot_at(w, t0)].energy_j[Q6_ENERGY_VEHICLE] += radio_j;
    if (t->where == Q6_RUN_AP && t->compute_ap != t->ap) {
        forwarded_compute(w, t, bytes);
    } else if (t->where == Q6_RUN_AP) {
        ap_compute(w, t);
    } else {
        q6_world_event(w, Q6_EV_TASK_SENT, t->slot, t->id, (int32_t)t->node, (int32_t)t->ap, sg_host_get_name(ap),
                       bytes, "to cloud");
        q6_hop(w->net.cloud_host, bytes);
        cloud_compute(w, t);
        q6_hop(ap, out_bytes);
    }
    q6_node_radio_hop(w, t->node, t->ap, w->net.node_host[t->node], out_bytes);
    q6_world_task_part_done(w, t, simgrid_get_clock());
}

void q6_task_job(q6_world *w, q6_task *t)
{
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
        q6_pool_run(w->net.node_host[t->node], local_part_job, t);
    offload_part(w, t);
}
