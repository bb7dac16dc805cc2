/* Aggregator: each slot collects the state reports of present nodes, builds
 * the slot problem, calls the scheduler plugin, checks its decision, sets the
 * nodes' radio link rates and sends the decisions out. */
#include "agents/agents.h"
#include "models/channel.h"
#include "sim/core/energy_account.h"
#include "sim/core/validate.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <simgrid/mailbox.h>
#include <simgrid/comm.h>
#include <simgrid/plugins/energy.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    q6_node_view *nodes;
    q6_ap_view *aps;
    q6_task_view *tasks;
    q6_task_choice *choices;
    unsigned char *bad;
    uint32_t *node_ap, *sharers;
    sg_comm_t *comms;
    void **payloads;
    size_t task_cap;
} agg_buffers;

typedef struct {
    q6_world *w;
    uint64_t slot;
    uint64_t first_task;
} violation_ctx;

static void report_violation(void *vctx, uint32_t t, const char *constraint, const char *detail)
{
    violation_ctx *c = vctx;
    q6_task *task = q6_task_get(c->w, c->first_task + t);
    char subject[64];
    snprintf(subject, sizeof subject, "task %llu", (unsigned long long)task->id);
    q6_world_violation(c->w, c->slot, task->id, (int32_t)task->node, 0, subject, "the task is dropped", constraint,
                       detail);
}

/* Visibility start/end of orbiting satellites over the scenario origin. */
static void emit_visibility(q6_world *w, uint64_t k)
{
    const int *vis = q6_exo_visible(w->exo);
    for (size_t a = 0; a < w->n_aps; a++) {
        const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
        if (!h->orbiting || vis[a] == w->ap_visible[a])
            continue;
        q6_world_event(w, vis[a] ? Q6_EV_VISIBILITY_START : Q6_EV_VISIBILITY_END, k, 0, -1, (int32_t)a,
                       h->name, q6_exo_ap_xyz(w->exo)[3 * a + 2], NULL);
        w->ap_visible[a] = vis[a];
    }
}

/* A UAV's backhaul follows its relay path to a BS: latency = path delay;
 * without a path the link is cut (a trickle of 1 B/s). Trace: LINK_RATE
 * on the backhaul link, value = path delay in s (-1 when cut). */
static void apply_uav_relays(q6_world *w, uint64_t k)
{
    const double *delay = q6_exo_uav_relay_delay_s(w->exo);
    const int *hops = q6_exo_uav_relay_hops(w->exo);
    for (size_t a = 0; a < w->n_aps; a++) {
        if (!w->uav_backhaul[a])
            continue;
        int up = isfinite(delay[a]);
        if (up)
            sg_link_set_latency(w->uav_backhaul[a], delay[a]);
        sg_link_set_bandwidth(w->uav_backhaul[a], up ? w->uav_backhaul_bw[a] : 1.0);
        char detail[96];
        snprintf(detail, sizeof detail, "uav relay path: %d hops", hops[a]);
        q6_world_event(w, Q6_EV_LINK_RATE, k, 0, -1, (int32_t)a, w->pf->hosts[w->pf->aps[a]].backhaul_link,
                       up ? delay[a] : -1.0, detail);
    }
}

/* Creates the slot's tasks (node order, then arrival order) and the views. */
static uint32_t build_problem(q6_world *w, agg_buffers *b, uint64_t k, q6_slot_problem *p)
{
    const q6_pose *poses = q6_exo_node_poses(w->exo);
    const double *ap_xyz = q6_exo_ap_xyz(w->exo);
    uint32_t n_tasks = 0;
    w->slot_first_task[k] = w->tasks.count;
    for (size_t i = 0; i < w->n_nodes; i++) {
        size_t n;
        const q6_exo_task *et = q6_exo_node_tasks(w->exo, i, &n);
        w->node_first_task[i] = w->tasks.count;
        b->nodes[i] = (q6_node_view){poses[i].x_m, poses[i].y_m, poses[i].z_m, w->sc->vehicles.cpu_flops,
                                     w->node_backlog_flops[i] / w->sc->vehicles.cpu_flops, poses[i].present};
        for (size_t j = 0; j < n; j++) {
            q6_task *t = q6_task_new(w);
            t->node = (uint32_t)i;
            t->slot = k;
            t->arrival_s = et[j].arrival_s;
            t->input_bytes = et[j].input_bytes;
            t->output_bytes = et[j].output_bytes;
            t->work_flops = et[j].work_flops;
            t->deadline_s = et[j].arrival_s + w->sc->task.deadline_s;
            q6_trace_event e = {t->arrival_s, Q6_EV_TASK_ARRIVAL, k, t->id, (int32_t)i, -1, NULL, t->input_bytes, NULL};
            q6_trace_write(w->trace, &e);
            n_tasks++;
        }
    }
    if (n_tasks > b->task_cap) {
        b->task_cap = 2 * n_tasks;
        b->tasks = realloc(b->tasks, b->task_cap * sizeof *b->tasks);
        b->choices = realloc(b->choices, b->task_cap * sizeof *b->choices);
        b->bad = realloc(b->bad, b->task_cap);
    }
    for (uint32_t t = 0; t < n_tasks; t++) {
        const q6_task *task = q6_task_get(w, w->slot_first_task[k] + t);
        b->tasks[t] = (q6_task_view){task->id, task->node, task->arrival_s, task->input_bytes,
                                     task->output_bytes, task->work_flops, task->deadline_s};
        b->choices[t] = (q6_task_choice){Q6_RUN_LOCAL, 0};
    }
    for (size_t a = 0; a < w->n_aps; a++) {
        const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
        double flops = q6_role_computes(h->role) ? sg_host_get_speed(w->ap_host[a]) : 0.0;
        b->aps[a] = (q6_ap_view){h->name, (q6_ap_kind)h->role, ap_xyz[3 * a], ap_xyz[3 * a + 1], ap_xyz[3 * a + 2],
                                 flops, flops > 0 ? w->ap_backlog_flops[a] / flops : 0.0, h->bandwidth_hz};
    }
    *p = (q6_slot_problem){Q6_PLUGIN_ABI_VERSION, k, simgrid_get_clock(), w->sc->slot_s,
                           (uint32_t)w->n_nodes, b->nodes, (uint32_t)w->n_aps, b->aps, n_tasks, b->tasks,
                           q6_exo_snr(w->exo), w->sc->channel.min_snr_linear, sg_host_get_speed(w->cloud_host),
                           &w->services};
    return n_tasks;
}

/* Applies valid choices, drops invalid ones, sets radio link rates. */
static void apply(q6_world *w, agg_buffers *b, uint64_t k, uint32_t n_tasks)
{
    q6_slot_metrics *m = &w->metrics[k];
    uint64_t first = w->slot_first_task[k];
    for (size_t i = 0; i < w->n_nodes; i++)
        b->node_ap[i] = UINT32_MAX;
    memset(b->sharers, 0, w->n_aps * sizeof *b->sharers);
    for (uint32_t t = 0; t < n_tasks; t++) {
        q6_task *task = q6_task_get(w, first + t);
        m->generated++;
        if (b->bad[t]) {
            task->state = Q6_TASK_DROPPED;
            task->infeasible = 1;
            m->infeasible++;
            m->dropped++;
            continue;
        }
        task->where = b->choices[t].where;
        task->ap = b->choices[t].ap;
        q6_world_event(w, Q6_EV_TASK_DECIDED, k, task->id, (int32_t)task->node,
                       task->where == Q6_RUN_LOCAL ? -1 : (int32_t)task->ap, NULL, task->where, NULL);
        if (task->where == Q6_RUN_LOCAL) {
            m->local++;
            w->node_backlog_flops[task->node] += task->work_flops;
            continue;
        }
        if (task->where == Q6_RUN_AP) {
            m->edge++;
            w->ap_backlog_flops[task->ap] += task->work_flops;
        } else {
            m->cloud++;
        }
        if (b->node_ap[task->node] == UINT32_MAX) {
            b->node_ap[task->node] = task->ap;
            b->sharers[task->ap]++;
        }
    }
    memcpy(w->ap_users, b->sharers, w->n_aps * sizeof *w->ap_users);
    const double *rx_w = q6_exo_rx_power_w(w->exo);
    for (size_t i = 0; i < w->n_nodes; i++) {
        uint32_t a = b->node_ap[i];
        if (a == UINT32_MAX)
            continue;
        const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
        double share_hz = h->bandwidth_hz / b->sharers[a];
        double rate_bps = q6_rate_shannon_bps(share_hz, rx_w[i * w->n_aps + a], w->sc->channel.noise_psd_w_per_hz, 0.0);
        sg_link_set_bandwidth(w->node_link[i], rate_bps / 8.0);
        q6_world_event(w, Q6_EV_LINK_RATE, k, 0, (int32_t)i, (int32_t)a, NULL, rate_bps, NULL);
        if (w->node_ap[i] != a) {
            if (w->node_ap[i] != UINT32_MAX)
                q6_world_event(w, Q6_EV_HANDOVER, k, 0, (int32_t)i, (int32_t)a, h->name, w->node_ap[i], NULL);
            w->node_ap[i] = a;
        }
    }
}

static void run_slot(q6_world *w, agg_buffers *b, uint64_t k)
{
    char err[512];
    if (q6_exo_ensure(w->exo, k, err, sizeof err) < 0) {
        q6_world_fail_input(w, err);
        return;
    }
    q6_energy_account_slot(w, k);
    emit_visibility(w, k);
    apply_uav_relays(w, k);
    w->metrics[k].connected = q6_exo_connected(w->exo);
    w->metrics[k].mean_hops = q6_exo_mean_hops(w->exo);
    /* All receives are posted at once, so the reports travel in parallel. */
    size_t present = q6_exo_present_count(w->exo);
    for (size_t r = 0; r < present; r++)
        b->comms[r] = sg_mailbox_get_async(w->agg_mb, &b->payloads[r]);
    sg_comm_wait_all(b->comms, present);
    q6_slot_problem p;
    uint32_t n_tasks = build_problem(w, b, k, &p);
    q6_slot_decision d = {b->choices};
    if (n_tasks && w->plugin->decide(w->plugin_state, &p, &d) != 0) {
        q6_world_fail(w, "slot %llu: plugin '%s' failed to decide", (unsigned long long)k, w->plugin->name);
        return;
    }
    violation_ctx vc = {w, k, w->slot_first_task[k]};
    q6_decision_check(&p, &d, b->bad, b->node_ap, report_violation, &vc);
    if (w->failed)
        return;
    apply(w, b, k, n_tasks);
    q6_world_event(w, Q6_EV_SLOT_DECIDED, k, 0, -1, -1, NULL, n_tasks, NULL);
    size_t nc = 0;
    for (size_t i = 0; i < w->n_nodes; i++) {
        size_t n;
        q6_exo_node_tasks(w->exo, i, &n);
        if (n)
            b->comms[nc++] = sg_mailbox_put_async(w->node_ctl_mb[i], &w->node_index[i], 0);
    }
    sg_comm_wait_all(b->comms, nc);
    if (w->market && !w->failed)
        q6_market_run_slot(w, k);
}

/* Scratch space of the one aggregator of a run; released by the engine
 * after the simulation, so a killed aggregator leaks nothing. */
static agg_buffers scratch;

void q6_aggregator_release(void)
{
    free(scratch.nodes);
    free(scratch.aps);
    free(scratch.node_ap);
    free(scratch.sharers);
    free(scratch.comms);
    free(scratch.payloads);
    free(scratch.tasks);
    free(scratch.choices);
    free(scratch.bad);
    memset(&scratch, 0, sizeof scratch);
}

void q6_actor_aggregator(int argc, char **argv)
{
    (void)argc; (void)argv;
    q6_world *w = q6_agents_world();
    agg_buffers *b = &scratch;
    size_t nn = w->n_nodes ? w->n_nodes : 1;
    b->nodes = calloc(nn, sizeof *b->nodes);
    b->aps = calloc(w->n_aps, sizeof *b->aps);
    b->node_ap = calloc(nn, sizeof *b->node_ap);
    b->sharers = calloc(w->n_aps, sizeof *b->sharers);
    b->comms = calloc(nn, sizeof *b->comms);
    b->payloads = calloc(nn, sizeof *b->payloads);
    for (uint64_t k = 0; k < w->sc->slots && !w->failed; k++) {
        sg_actor_sleep_until((double)(k + 1) * w->sc->slot_s);
        run_slot(w, b, k);
        q6_progress_slot(&w->progress, k + 1, w->sc->slots, simgrid_get_clock(), q6_trace_count(w->trace));
    }
    if (!w->failed) {
        /* Every deadline has passed by then: what is still pending is dropped. */
        sg_actor_sleep_until((double)w->sc->slots * w->sc->slot_s + w->sc->task.deadline_s);
        for (uint64_t id = 0; id < w->tasks.count; id++) {
            q6_task *t = q6_task_get(w, id);
            if (t->state == Q6_TASK_PENDING) {
                t->state = Q6_TASK_DROPPED;
                w->metrics[t->slot].dropped++;
                q6_world_event(w, Q6_EV_TASK_DROPPED, t->slot, t->id, (int32_t)t->node, -1, NULL, 0,
                               "unfinished at the end of the run");
            }
        }
    }
}
