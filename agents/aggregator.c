/* Aggregator: each slot takes the state of present nodes (after the
 * control latency their reports would take), builds the slot problem (ABI 3
 * observation and feedback), calls the scheduler plugin, checks its
 * decision (sim/validate.c), applies it (placements, fractions, CPU shares,
 * GPU splits, radio bandwidth and power, battery dispatch) and, one control
 * latency later (the decisions reaching the nodes), starts the slot's tasks.
 *
 * Why no report or decision messages: they carried nothing the aggregator
 * did not already read from memory, and 10^4 0-byte messages into one
 * mailbox per slot made SimGrid 3.32 quadratic (docs/engine.md). The delay
 * they took, control_latency_s each way (the route vehicle - RAN router -
 * control link - cloud has no other latency), is kept as two sleeps. */
#include "agents/agents.h"
#include "models/channel.h"
#include "models/rate.h"
#include "models/vec_offload.h"
#include "sim/core/energy_account.h"
#include "agents/qpu_exec.h"
#include "sim/core/limits.h"
#include "sim/base/alloc.h"
#include "sim/base/parallel.h"
#include "sim/core/lyapunov.h"
#include "sim/core/lyapunov_slot.h"
#include "sim/core/market.h"
#include "sim/core/task_log.h"
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
    q6_sched_node *nodes;
    q6_sched_ap *aps;
    q6_sched_qpu *qpus;
    q6_vqueue *vqueues;
    q6_sched_task *tasks;
    q6_sched_task_choice *choices;
    q6_sched_node_choice *node_choices;
    q6_sched_ap_choice *ap_choices;
    q6_task_outcome *outcomes;
    size_t outcome_cap;
    /* The channel as the plugin reads it (docs/engine.md, "Reach lists"):
     * dense per (node, AP), allocated only for a plugin that reads dense
     * arrays (snr only when the timeline is sparse: else the timeline's);
     * or per entry of the reach lists, with the lists themselves when the
     * timeline is dense and they are built here. */
    int lists;                   /* the plugin reads reach lists */
    double *snr, *gain, *rate_bps;
    uint64_t *reach_off;
    uint32_t *reach_ap;
    double *reach_snr, *reach_gain, *reach_rate_bps;
    size_t reach_cap;
    double *server_sum;          /* n_aps + 1: C7 scratch */
    double *set_fraction;        /* per AP: sum of the set bandwidth fractions */
    uint32_t *unset_sharers;     /* per AP: nodes without a set fraction */
    unsigned char *bad;
    uint32_t *node_ap, *sharers; /* node_ap: 2 n_nodes (the second APs of dual connectivity after the first) */
    double *node_rate_bps;       /* 2 n_nodes: each node's rate at its first and second AP */
    long *relay_path;            /* n_aps: a relay path (forwarding, F1) */
    size_t task_cap;
} agg_buffers;

typedef struct {
    q6_world *w;
    uint64_t slot;
    uint64_t first_task;
} violation_ctx;

static void report_violation(void *vctx, q6_subject_kind kind, uint32_t index, const char *constraint,
                             const char *detail)
{
    violation_ctx *c = vctx;
    char subject[160];
    if (kind == Q6_SUBJECT_TASK) {
        q6_task *task = q6_task_get(c->w, c->first_task + index);
        snprintf(subject, sizeof subject, "task %llu", (unsigned long long)task->id);
        q6_world_violation(c->w, c->w->plug.scheduler->ref->name, c->slot, task->id, (int32_t)task->node, 0, subject,
                           "the task is dropped", constraint, detail);
    } else if (kind == Q6_SUBJECT_NODE) {
        snprintf(subject, sizeof subject, "node %u", index);
        q6_world_violation(c->w, c->w->plug.scheduler->ref->name, c->slot, 0, (int32_t)index, 0, subject,
                           "the field keeps its default", constraint, detail);
    } else {
        snprintf(subject, sizeof subject, "AP '%s'", c->w->pf->hosts[c->w->pf->aps[index]].name);
        q6_world_violation(c->w, c->w->plug.scheduler->ref->name, c->slot, 0, -1, 0, subject,
                           "the field keeps its default", constraint, detail);
    }
}

/* Visibility start/end of orbiting satellites over the scenario origin. */
static void emit_visibility(q6_world *w, uint64_t k)
{
    const int *vis = q6_exo_visible(w->exo);
    for (size_t a = 0; a < w->n_aps; a++) {
        const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
        if (!h->orbiting || vis[a] == w->ap.visible[a])
            continue;
        q6_world_event(w, vis[a] ? Q6_EV_VISIBILITY_START : Q6_EV_VISIBILITY_END, k, 0, -1, (int32_t)a,
                       h->name, q6_exo_ap_xyz(w->exo)[3 * a + 2], NULL);
        w->ap.visible[a] = vis[a];
    }
}

/* Eq. 4: each jittered AP runs slot k at pstate k + 1 (its speed that
 * slot, sim/scenario/cpu_jitter.c) from the start of slot k; executions in
 * progress there are re-shared at the new speed by SimGrid. */
static void apply_cpu_jitter(q6_world *w, uint64_t k)
{
    for (size_t a = 0; a < w->n_aps; a++)
        if (w->pf->hosts[w->pf->aps[a]].cpu_jitter_flops)
            sg_host_set_pstate(w->net.ap_host[a], (unsigned long)(k + 1));
}

/* A UAV's backhaul follows its relay path to a BS: latency = path delay;
 * without a path the link is cut (a trickle of 1 B/s). Trace: LINK_RATE
 * on the backhaul link, value = path delay in s (-1 when cut). */
static void apply_uav_relays(q6_world *w, uint64_t k)
{
    const double *delay = q6_exo_uav_relay_delay_s(w->exo);
    const int *hops = q6_exo_uav_relay_hops(w->exo);
    for (size_t a = 0; a < w->n_aps; a++) {
        if (!w->net.uav_backhaul[a])
            continue;
        int up = isfinite(delay[a]);
        if (up)
            sg_link_set_latency(w->net.uav_backhaul[a], delay[a]);
        sg_link_set_bandwidth(w->net.uav_backhaul[a], up ? w->net.uav_backhaul_bw[a] : 1.0);
        char detail[96];
        snprintf(detail, sizeof detail, "uav relay path: %d hops", hops[a]);
        q6_world_event(w, Q6_EV_LINK_RATE, k, 0, -1, (int32_t)a, w->pf->hosts[w->pf->aps[a]].backhaul_link,
                       up ? delay[a] : -1.0, detail);
    }
}

/* Grows the per-task buffers to n tasks; -1 when out of memory. */
static int grow_tasks(agg_buffers *b, size_t n)
{
    if (n <= b->task_cap)
        return 0;
    size_t cap = 2 * n;
    q6_sched_task *t = realloc(b->tasks, cap * sizeof *t);
    if (t)
        b->tasks = t;
    q6_sched_task_choice *c = realloc(b->choices, cap * sizeof *c);
    if (c)
        b->choices = c;
    unsigned char *bad = realloc(b->bad, cap);
    if (bad)
        b->bad = bad;
    if (!t || !c || !bad)
        return -1;
    b->task_cap = cap;
    return 0;
}

/* Rate of a node on an AP's uplink with share_hz of its band and received
 * power rx_w, under the AP's rate model (Shannon, or finite blocklength). */
static double uplink_rate_bps(const q6_world *w, const q6_infra_host *h, double share_hz, double rx_w)
{
    double n0 = w->sc->channel.noise_psd_w_per_hz;
    if (h->rate_fbl)
        return q6_rate_fbl_bps(share_hz, rx_w / (n0 * share_hz), h->blocklength, h->error_target);
    return q6_rate_shannon_bps(share_hz, rx_w, n0, 0.0);
}

/* Node views: position, velocity over the last slot, CPU, backlogs, power. */
static void build_nodes(q6_world *w, agg_buffers *b)
{
    const q6_pose *poses = q6_exo_node_poses(w->exo);
    double slot_s = w->sc->slot_s;
    for (size_t i = 0; i < w->n_nodes; i++) {
        const q6_pose *ps = &poses[i];
        double *prev = &w->node.prev_xyz[3 * i];
        int moved = ps->present && !isnan(prev[0]);
        b->nodes[i] = (q6_sched_node){ps->x_m, ps->y_m, ps->z_m,
                                      moved ? (ps->x_m - prev[0]) / slot_s : 0.0,
                                      moved ? (ps->y_m - prev[1]) / slot_s : 0.0,
                                      moved ? (ps->z_m - prev[2]) / slot_s : 0.0,
                                      w->sc->vehicles.cpu_flops,
                                      w->node.backlog_flops[i] / w->sc->vehicles.cpu_flops,
                                      w->node.upload_bytes[i], NAN, 0.0, w->sc->vehicles.tx_power_w,
                                      w->node.ap[i], ps->present};
        prev[0] = ps->present ? ps->x_m : NAN;
        prev[1] = ps->y_m;
        prev[2] = ps->z_m;
        b->node_choices[i] = (q6_sched_node_choice){Q6_UNSET, w->sc->vehicles.tx_power_w};
    }
    /* Vehicle batteries are modelled by the energy market (its EV parties,
     * as its last slot left them); elsewhere NAN and capacity 0. */
    for (size_t p = 0; w->market && p < w->market->n_parties; p++) {
        const q6_market_party *mp = &w->market->party[p];
        if (mp->kind == Q6_PARTY_EV && mp->index < w->n_nodes) {
            b->nodes[mp->index].battery_j = mp->soc_j;
            b->nodes[mp->index].battery_capacity_j = mp->capacity_j;
        }
    }
}

static void build_aps(q6_world *w, agg_buffers *b, uint64_t k)
{
    const double *ap_xyz = q6_exo_ap_xyz(w->exo);
    const double *renewable = q6_exo_renewable_j(w->exo);
    double grid_g = q6_energy_grid_g_per_kwh(w, (double)k * w->sc->slot_s);
    for (size_t a = 0; a < w->n_aps; a++) {
        const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
        double flops = q6_role_computes(h->role) ? sg_host_get_speed(w->net.ap_host[a]) : 0.0;
        int battery = h->role == Q6_ROLE_BS && w->sc->energy.battery_capacity_j > 0;
        b->aps[a] = (q6_sched_ap){h->name, (uint32_t)h->role, h->rate_fbl ? Q6_RATE_FBL : Q6_RATE_SHANNON,
                                  ap_xyz[3 * a], ap_xyz[3 * a + 1], ap_xyz[3 * a + 2], flops,
                                  flops > 0 ? h->gpu_flops : 0.0,
                                  flops > 0 ? w->ap.backlog_flops[a] / flops : 0.0, w->ap.cpu_allocated[a],
                                  h->bandwidth_hz, h->beta_min, h->beta_max,
                                  w->energy.site_demand_j[w->pf->aps[a]],
                                  battery ? w->energy.site_battery_j[a] : 0.0,
                                  battery ? w->sc->energy.battery_capacity_j : 0.0,
                                  renewable[a], w->sc->grid_price_per_kwh, grid_g};
        b->ap_choices[a] = (q6_sched_ap_choice){0.0, Q6_UNSET, Q6_UNSET, Q6_UNSET};
    }
}

/* Room for n list entries; -1 when out of memory. */
static int reserve_lists(agg_buffers *b, size_t n, int own_lists)
{
    if (n <= b->reach_cap)
        return 0;
    size_t cap = n + n / 2 + 16;
    if (q6_resize_array(&b->reach_gain, cap, sizeof *b->reach_gain) < 0 ||
        q6_resize_array(&b->reach_rate_bps, cap, sizeof *b->reach_rate_bps) < 0)
        return -1;
    if (own_lists && (q6_resize_array(&b->reach_ap, cap, sizeof *b->reach_ap) < 0 ||
                      q6_resize_array(&b->reach_snr, cap, sizeof *b->reach_snr) < 0))
        return -1;
    b->reach_cap = cap;
    return 0;
}

/* Each listed pair's rate and gain, entries split into parts for threads
 * (sim/base/parallel.h): every entry is its own, so the values do not
 * depend on the split. */
typedef struct {
    q6_world *w;
    agg_buffers *b;
    const uint32_t *ap;
    const double *rx;
    size_t n;
} list_rates_ctx;

static void list_rates(void *ctx, size_t part, size_t n_parts)
{
    const list_rates_ctx *c = ctx;
    double p_max = c->w->sc->vehicles.tx_power_w;
    size_t lo, hi;
    q6_parallel_range(c->n, part, n_parts, &lo, &hi);
    for (size_t k = lo; k < hi; k++) {
        const q6_infra_host *h = &c->w->pf->hosts[c->w->pf->aps[c->ap[k]]];
        c->b->reach_rate_bps[k] = uplink_rate_bps(c->w, h, h->bandwidth_hz, c->rx[k]);
        c->b->reach_gain[k] = p_max > 0 ? c->rx[k] / p_max : 0.0;
    }
}

/* Channel: gain = received / transmitted power; rate alone on the whole
 * band at full power under the AP's rate model, for every pair the plugin
 * reads. -1 when out of memory. */
static int build_channel(q6_world *w, agg_buffers *b, q6_sched_problem *p)
{
    double p_max = w->sc->vehicles.tx_power_w;
    const uint32_t *ap;
    const double *snr, *rx;
    const uint64_t *off = q6_exo_reach(w->exo, &ap, &snr, &rx);
    if (!b->lists) {
        const double *rx_w = q6_exo_rx_power_w(w->exo);
        if (!rx_w) { /* a sparse timeline: every unlisted pair is 0 */
            size_t na = w->n_nodes * w->n_aps;
            memset(b->snr, 0, na * sizeof *b->snr);
            memset(b->gain, 0, na * sizeof *b->gain);
            memset(b->rate_bps, 0, na * sizeof *b->rate_bps);
            for (size_t i = 0; i < w->n_nodes; i++)
                for (uint64_t k = off[i]; k < off[i + 1]; k++) {
                    size_t ia = i * w->n_aps + ap[k];
                    const q6_infra_host *h = &w->pf->hosts[w->pf->aps[ap[k]]];
                    b->snr[ia] = snr[k];
                    b->gain[ia] = p_max > 0 ? rx[k] / p_max : 0.0;
                    b->rate_bps[ia] = uplink_rate_bps(w, h, h->bandwidth_hz, rx[k]);
                }
            p->snr = b->snr;
        } else {
            for (size_t i = 0; i < w->n_nodes; i++)
                for (size_t a = 0; a < w->n_aps; a++) {
                    size_t ia = i * w->n_aps + a;
                    const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
                    b->gain[ia] = p_max > 0 ? rx_w[ia] / p_max : 0.0;
                    b->rate_bps[ia] = uplink_rate_bps(w, h, h->bandwidth_hz, rx_w[ia]);
                }
            p->snr = q6_exo_snr(w->exo);
        }
        p->rate_bps = b->rate_bps;
        p->gain = b->gain;
        return 0;
    }
    if (!off) { /* a dense timeline: list the pairs that carry something */
        const double *rx_w = q6_exo_rx_power_w(w->exo), *snr_d = q6_exo_snr(w->exo);
        const q6_pose *poses = q6_exo_node_poses(w->exo);
        size_t m = 0;
        b->reach_off[0] = 0;
        for (size_t i = 0; i < w->n_nodes; i++) {
            for (size_t a = 0; poses[i].present && a < w->n_aps; a++) {
                size_t ia = i * w->n_aps + a;
                if (!(rx_w[ia] > 0))
                    continue;
                if (reserve_lists(b, m + 1, 1) < 0)
                    return -1;
                b->reach_ap[m] = (uint32_t)a;
                b->reach_snr[m] = snr_d[ia];
                b->reach_gain[m++] = rx_w[ia]; /* received power until the pass below */
            }
            b->reach_off[i + 1] = m;
        }
        off = b->reach_off, ap = b->reach_ap, snr = b->reach_snr, rx = b->reach_gain;
    } else if (reserve_lists(b, off[w->n_nodes], 0) < 0) {
        return -1;
    }
    list_rates_ctx c = {w, b, ap, rx, off[w->n_nodes]};
    size_t parts = w->threads < c.n / 10000 ? w->threads : c.n / 10000; /* >= 10^4 entries each */
    q6_parallel_run(parts ? parts : 1, list_rates, &c);
    p->reach_off = off;
    p->reach_ap = ap;
    p->reach_snr = snr;
    p->reach_rate_bps = b->reach_rate_bps;
    p->reach_gain = b->reach_gain;
    return 0;
}

/* Received power (W) of node i on AP a, from the timeline's dense arrays
 * or its reach lists (0 when unlisted). */
static double pair_rx_w(const q6_world *w, size_t i, uint32_t a)
{
    const double *rx_w = q6_exo_rx_power_w(w->exo);
    if (rx_w)
        return rx_w[i * w->n_aps + a];
    const uint32_t *ap;
    const double *snr, *rx;
    const uint64_t *off = q6_exo_reach(w->exo, &ap, &snr, &rx);
    for (uint64_t lo = off[i], hi = off[i + 1]; lo < hi;) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (ap[mid] == a)
            return rx[mid];
        if (ap[mid] < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0.0;
}

/* The AP a quantum task is preset to go through: the one its node hears
 * best (q6_qpu_preset_ap's rule over the node's listed APs when sparse). */
static uint32_t quantum_preset_ap(const q6_world *w, uint32_t node)
{
    double min_snr = w->sc->channel.min_snr_linear;
    const double *snr_d = q6_exo_snr(w->exo);
    if (snr_d)
        return q6_qpu_preset_ap(&snr_d[(size_t)node * w->n_aps], (uint32_t)w->n_aps, min_snr);
    const uint32_t *ap;
    const double *snr, *rx;
    const uint64_t *off = q6_exo_reach(w->exo, &ap, &snr, &rx);
    uint64_t best = UINT64_MAX;
    for (uint64_t k = off[node]; k < off[node + 1]; k++)
        if (snr[k] >= min_snr && (best == UINT64_MAX || snr[k] > snr[best]))
            best = k;
    return best == UINT64_MAX ? UINT32_MAX : ap[best];
}

/* QPU views: capacity, queue and error figures (agents/qpu_exec.c). */
static uint32_t build_qpus(q6_world *w, agg_buffers *b)
{
    return (uint32_t)q6_qpu_views(w, b->qpus);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Outcomes of the tasks that ended since the last call, by task id. */
static uint32_t build_outcomes(q6_world *w, agg_buffers *b)
{
    if (w->plug.n_ended > b->outcome_cap) {
        q6_task_outcome *o = realloc(b->outcomes, 2 * w->plug.n_ended * sizeof *o);
        if (!o) {
            q6_world_fail(w, "out of memory for %zu task outcomes", w->plug.n_ended);
            return 0;
        }
        b->outcomes = o;
        b->outcome_cap = 2 * w->plug.n_ended;
    }
    if (w->plug.n_ended)
        qsort(w->plug.ended_ids, w->plug.n_ended, sizeof *w->plug.ended_ids, cmp_u64);
    for (size_t e = 0; e < w->plug.n_ended; e++) {
        const q6_task *t = q6_task_get(w, w->plug.ended_ids[e]);
        b->outcomes[e] = (q6_task_outcome){t->id, t->node, t->state == Q6_TASK_DONE ? Q6_OUTCOME_DONE
                                                           : t->qpu_success == 0 ? Q6_OUTCOME_QPU_FAILED
                                                                                 : Q6_OUTCOME_DROPPED,
                                           t->where, t->qpu_success, t->slot, t->offload_fraction,
                                           t->done_s - t->arrival_s, t->state == Q6_TASK_DONE,
                                           t->where == Q6_RUN_AP && !t->infeasible ? t->compute_ap : UINT32_MAX,
                                           t->energy_local_j, t->energy_radio_j, t->energy_edge_j,
                                           t->energy_cloud_j, t->energy_qpu_j};
    }
    return (uint32_t)w->plug.n_ended;
}

/* The largest eq. 4 variance of the platform's APs (0: no jitter). */
static double cpu_jitter_variance(const q6_world *w)
{
    double v = 0;
    for (size_t a = 0; a < w->n_aps; a++)
        v = fmax(v, w->pf->hosts[w->pf->aps[a]].cpu_jitter_variance);
    return v;
}

/* Priority weight of part `part` of a task of node i split into `parts`
 * equal subtasks: the node's priority_weights entry, or with
 * task.subtask_priority paper 004's eq. 1 over the subtasks' complexities
 * (cycles per bit, one per task) and sizes, that entry being chi. */
static double task_priority(const q6_task_model *tm, size_t i, const q6_task *t, uint32_t parts, uint32_t part)
{
    double chi = tm->n_priority_weights ? tm->priority_weights[i % tm->n_priority_weights] : 1.0;
    if (!tm->subtask_priority_on)
        return chi;
    double cycles_per_bit[Q6_MAX_SUBTASKS], bits[Q6_MAX_SUBTASKS];
    for (uint32_t j = 0; j < parts && j < Q6_MAX_SUBTASKS; j++) {
        cycles_per_bit[j] = tm->flops_per_byte > 0 ? tm->flops_per_byte / 8.0 : 1.0;
        bits[j] = t->input_bytes > 0 ? 8.0 * t->input_bytes : 1.0;
    }
    q6_priority_weights w = {tm->prio_alpha, tm->prio_beta, tm->prio_gamma};
    return q6_subtask_priority(&w, cycles_per_bit, bits, parts, part, chi, tm->prio_complexity_weight,
                               tm->prio_size_weight);
}

/* Creates the slot's tasks (node order, then arrival order) and the problem. */
static uint32_t build_problem(q6_world *w, agg_buffers *b, uint64_t k, q6_sched_problem *p)
{
    uint32_t n_tasks = 0;
    const q6_task_model *tm = &w->sc->task;
    w->log.slot_first_task[k] = w->log.tasks.count;
    for (size_t i = 0; i < w->n_nodes; i++) {
        size_t n;
        const q6_exo_task *et = q6_exo_node_tasks(w->exo, i, &n);
        w->node.first_task[i] = w->log.tasks.count;
        w->node.task_count[i] = 0;
        for (size_t j = 0; j < n; j++) {
            /* A task the timeline splits becomes n_subtasks equal parts,
             * tasks of their own that share its arrival and deadline. */
            uint32_t parts = et[j].n_subtasks ? et[j].n_subtasks : 1;
            uint64_t parent = w->log.tasks.count;
            for (uint32_t part = 0; part < parts; part++) {
                q6_task *t = q6_task_new(w);
                if (!t) {
                    q6_world_fail(w, "out of memory for the tasks of slot %llu", (unsigned long long)k);
                    return 0;
                }
                t->node = (uint32_t)i;
                t->slot = k;
                t->arrival_s = et[j].arrival_s;
                t->input_bytes = et[j].input_bytes / parts;
                t->output_bytes = et[j].output_bytes / parts;
                t->work_flops = et[j].work_flops / parts;
                t->deadline_s = et[j].arrival_s + tm->deadline_s;
                q6_qpu_task_from_exo(t, &et[j]); /* kind, circuit, key of its success draws */
                t->priority_weight = task_priority(tm, i, t, parts, part);
                t->parent_id = parent;
                t->subtask_index = part;
                t->n_subtasks = parts;
                t->qpu_success = -1;
                if (t->kind == Q6_TASK_QUANTUM && !w->net.qpu_host) {
                    q6_world_fail_input(w, "the timeline holds quantum tasks, but the platform has no QPU host");
                    return 0;
                }
                q6_trace_event e = {t->arrival_s, Q6_EV_TASK_ARRIVAL, k, t->id, (int32_t)i, -1, NULL, t->input_bytes,
                                    NULL};
                q6_trace_write(w->log.trace, &e);
                n_tasks++;
                w->node.task_count[i]++;
            }
        }
    }
    if (grow_tasks(b, n_tasks) < 0) {
        q6_world_fail(w, "out of memory for the %u tasks of slot %llu", n_tasks, (unsigned long long)k);
        return 0;
    }
    for (uint32_t t = 0; t < n_tasks; t++) {
        const q6_task *task = q6_task_get(w, w->log.slot_first_task[k] + t);
        b->tasks[t] = (q6_sched_task){task->id, task->node, task->kind, task->arrival_s, task->input_bytes,
                                      task->output_bytes, task->work_flops, task->deadline_s,
                                      task->priority_weight, task->parent_id, task->subtask_index,
                                      task->n_subtasks, task->circuit};
        /* Quantum tasks are preset to QPU 0 through the AP the node hears
         * best (none in reach: AP 0, which C3 then reports). */
        int quantum = task->kind == Q6_TASK_QUANTUM;
        uint32_t ap = 0;
        if (quantum) {
            uint32_t best = quantum_preset_ap(w, task->node);
            ap = best == UINT32_MAX ? 0 : best;
        }
        b->choices[t] = (q6_sched_task_choice){quantum ? Q6_RUN_QPU : Q6_RUN_LOCAL, ap, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
    }
    build_nodes(w, b);
    build_aps(w, b, k);
    uint32_t n_qpus = build_qpus(w, b);
    uint32_t n_queues = (uint32_t)q6_lyapunov_count(w->lyapunov);
    q6_lyapunov_views(w->lyapunov, b->vqueues);
    uint32_t n_outcomes = build_outcomes(w, b);
    *p = (q6_sched_problem){Q6_ABI_VERSION, k, simgrid_get_clock(), w->sc->slot_s,
                            (uint32_t)w->n_nodes, b->nodes, (uint32_t)w->n_aps, b->aps, n_tasks, b->tasks,
                            NULL, NULL, NULL, w->sc->channel.min_snr_linear,
                            w->sc->channel.noise_psd_w_per_hz, sg_host_get_speed(w->net.cloud_host),
                            n_qpus, b->qpus,
                            n_queues, b->vqueues, q6_lyapunov_v(w->lyapunov),
                            w->sc->weight_latency, w->sc->weight_energy,
                            n_outcomes, b->outcomes, &w->plug.services,
                            w->sc->channel.dual_connectivity ? 1u : 0u, w->sc->channel.uav_relay_range_m,
                            cpu_jitter_variance(w), NULL, NULL, NULL, NULL, NULL};
    if (build_channel(w, b, p) < 0) {
        q6_world_fail(w, "out of memory for the channel of slot %llu", (unsigned long long)k);
        return 0;
    }
    return n_tasks;
}

/* Drops a task the checker flagged: reported as infeasible, its outcome
 * goes to the next call. */
static void drop_infeasible(q6_world *w, q6_task *task, q6_slot_metrics *m)
{
    task->state = Q6_TASK_DROPPED;
    task->infeasible = 1;
    task->done_s = simgrid_get_clock();
    m->infeasible++;
    m->dropped++;
    q6_world_task_ended(w, task);
}

/* F1 for the checker: relay hops from AP `from` to AP `to` this slot. */
typedef struct {
    q6_world *w;
    long *path;
} relay_ctx;

static int relay_hops(void *vctx, uint32_t from, uint32_t to)
{
    relay_ctx *c = vctx;
    double delay_s;
    long n = q6_exo_relay_path(c->w->exo, from, to, c->path, &delay_s);
    return n > 1 ? (int)(n - 1) : 0;
}

/* Rate of the relay hop between APs u and v: the UAV backhaul bandwidth of
 * its UAV end (the lower of two UAVs'); INFINITY when neither end declares
 * one (the hop then costs only its forwarding and propagation delay). */
static double hop_rate_bps(const q6_world *w, long u, long v)
{
    double r = INFINITY;
    if (w->net.uav_backhaul_bw[u] > 0)
        r = fmin(r, 8.0 * w->net.uav_backhaul_bw[u]);
    if (w->net.uav_backhaul_bw[v] > 0)
        r = fmin(r, 8.0 * w->net.uav_backhaul_bw[v]);
    return r;
}

/* Forwarding (eqs. 5c-5e): the relay path of this slot from the task's AP
 * to the AP that computes it; each hop costs D / R_hop (q6_hop_latency_s,
 * not processed) plus its forwarding and propagation delay, for the input
 * there and for the result back. */
static void plan_forward(q6_world *w, agg_buffers *b, q6_task *t)
{
    double delay_s;
    long n = q6_exo_relay_path(w->exo, t->ap, t->compute_ap, b->relay_path, &delay_s);
    double in_bits = 8.0 * t->offload_fraction * t->input_bytes, out_bits = 8.0 * t->offload_fraction * t->output_bytes;
    t->forward_hops = n > 1 ? (int)(n - 1) : 0;
    t->forward_s = t->back_s = delay_s;
    for (long h = 0; h + 1 < n; h++) {
        double r = hop_rate_bps(w, b->relay_path[h], b->relay_path[h + 1]);
        if (isfinite(r)) {
            t->forward_s += q6_hop_latency_s(in_bits, r, 0, 0.0, 0.0);
            t->back_s += q6_hop_latency_s(out_bits, r, 0, 0.0, 0.0);
        }
    }
}

/* Applies valid task choices, drops invalid ones. */
static void apply_tasks(q6_world *w, agg_buffers *b, uint64_t k, uint32_t n_tasks)
{
    q6_slot_metrics *m = &w->log.metrics[k];
    uint64_t first = w->log.slot_first_task[k];
    size_t nn = w->n_nodes;
    for (size_t i = 0; i < 2 * nn; i++)
        b->node_ap[i] = UINT32_MAX;
    memset(b->sharers, 0, w->n_aps * sizeof *b->sharers);
    for (uint32_t t = 0; t < n_tasks; t++) {
        q6_task *task = q6_task_get(w, first + t);
        const q6_sched_task_choice *c = &b->choices[t];
        m->generated++;
        if (b->bad[t]) {
            drop_infeasible(w, task, m);
            continue;
        }
        /* An offloaded task with x = 0 offloads nothing: it runs locally. */
        task->where = c->target != Q6_RUN_LOCAL && c->offload_fraction == 0 ? Q6_RUN_LOCAL : c->target;
        task->ap = c->ap;
        task->compute_ap = task->where == Q6_RUN_AP && c->compute_ap != Q6_SAME_AP ? c->compute_ap : c->ap;
        task->air_scale = 1.0;
        task->qpu = c->qpu;
        task->offload_fraction = task->where == Q6_RUN_LOCAL ? 0.0 : c->offload_fraction;
        task->cpu_share_flops = c->cpu_share_flops;
        task->tx_power_w = b->node_choices[task->node].tx_power_w;
        task->gpu_fraction = task->where == Q6_RUN_AP ? b->ap_choices[task->compute_ap].gpu_fraction : 0.0;
        m->decided++;
        m->offload_fraction_sum += task->offload_fraction;
        char fwd[200] = "";
        if (task->compute_ap != task->ap) {
            plan_forward(w, b, task);
            snprintf(fwd, sizeof fwd, "computed at '%s' (%d relay hops)",
                     w->pf->hosts[w->pf->aps[task->compute_ap]].name, task->forward_hops);
        }
        q6_world_event(w, Q6_EV_TASK_DECIDED, k, task->id, (int32_t)task->node,
                       task->where == Q6_RUN_LOCAL ? -1 : (int32_t)task->ap, NULL, task->where, fwd[0] ? fwd : NULL);
        if (task->where == Q6_RUN_LOCAL) {
            m->local++;
            w->node.backlog_flops[task->node] += task->work_flops;
            continue;
        }
        double x = task->offload_fraction;
        if (x < 1)
            w->node.backlog_flops[task->node] += (1 - x) * task->work_flops;
        if (task->where == Q6_RUN_AP) {
            m->edge++;
            w->ap.backlog_flops[task->compute_ap] += x * task->work_flops;
            if (task->cpu_share_flops != Q6_UNSET)
                w->ap.cpu_allocated[task->compute_ap] += task->cpu_share_flops;
        } else if (task->where == Q6_RUN_QPU) {
            m->qpu++;
        } else {
            m->cloud++;
        }
        /* The checker let a node use a second AP only with dual connectivity. */
        uint32_t *first = &b->node_ap[task->node], *second = &b->node_ap[nn + task->node];
        if (*first == UINT32_MAX) {
            *first = task->ap;
            b->sharers[task->ap]++;
        } else if (*first != task->ap && *second == UINT32_MAX) {
            *second = task->ap;
            b->sharers[task->ap]++;
        }
    }
    memcpy(w->ap.users, b->sharers, w->n_aps * sizeof *w->ap.users);
}

/* Sets each serving node's radio link: its bandwidth fraction (set, or an
 * equal share of what the set ones leave) and its transmit power give the
 * rate under the AP's rate model. */
static void apply_radio(q6_world *w, agg_buffers *b, uint64_t k)
{
    q6_slot_metrics *m = &w->log.metrics[k];
    size_t nn = w->n_nodes;
    memset(b->set_fraction, 0, w->n_aps * sizeof *b->set_fraction);
    memset(b->unset_sharers, 0, w->n_aps * sizeof *b->unset_sharers);
    for (size_t j = 0; j < 2 * nn; j++) {
        size_t i = j % nn;
        uint32_t a = b->node_ap[j];
        if (a == UINT32_MAX)
            continue;
        double f = b->node_choices[i].bandwidth_fraction;
        if (f == Q6_UNSET)
            b->unset_sharers[a]++;
        else
            b->set_fraction[a] += f;
    }
    double p_max = w->sc->vehicles.tx_power_w;
    for (size_t j = 0; j < 2 * nn; j++) {
        size_t i = j % nn;
        uint32_t a = b->node_ap[j];
        if (a == UINT32_MAX)
            continue;
        const q6_infra_host *h = &w->pf->hosts[w->pf->aps[a]];
        double f = b->node_choices[i].bandwidth_fraction;
        /* Without set fractions: B / sharers, exactly as before ABI 3. */
        double share_hz = f != Q6_UNSET ? f * h->bandwidth_hz
                        : b->set_fraction[a] == 0 ? h->bandwidth_hz / b->sharers[a]
                                                  : h->bandwidth_hz * (1 - b->set_fraction[a]) / b->unset_sharers[a];
        double p = b->node_choices[i].tx_power_w;
        double rx = p_max > 0 ? pair_rx_w(w, i, a) * (p / p_max) : 0.0;
        double rate_bps = uplink_rate_bps(w, h, share_hz, rx);
        b->node_rate_bps[j] = rate_bps > 0 ? rate_bps : 8e-3;
        if (j < nn) /* the node's one radio link runs at its first AP's rate */
            q6_node_radio_set_rate(w, i, rate_bps > 0 ? rate_bps / 8.0 : 1e-3);
        m->rate_sum_bps += rate_bps;
        q6_limits_link_rate(w->limits, rate_bps);
        w->log.ap_slots[k * w->n_aps + a].rate_bps += rate_bps;
        q6_world_event(w, Q6_EV_LINK_RATE, k, 0, (int32_t)i, (int32_t)a, NULL, rate_bps, NULL);
        if (j < nn && w->node.ap[i] != a) {
            if (w->node.ap[i] != UINT32_MAX)
                q6_world_event(w, Q6_EV_HANDOVER, k, 0, (int32_t)i, (int32_t)a, h->name, w->node.ap[i], NULL);
            w->node.ap[i] = a;
        }
    }
    /* Dual connectivity, one shared radio: an upload to the second AP puts
     * rate_first / rate_second bytes on the radio link per byte, so alone
     * it takes bytes / rate_second, and uploads on air together share the
     * radio's time equally, whichever AP each goes to. */
    uint64_t first_task = w->log.slot_first_task[k];
    for (uint64_t id = first_task; nn && id < w->log.tasks.count; id++) {
        q6_task *t = q6_task_get(w, id);
        if (t->state == Q6_TASK_PENDING && t->where != Q6_RUN_LOCAL && t->ap == b->node_ap[nn + t->node] &&
            t->ap != b->node_ap[t->node])
            t->air_scale = b->node_rate_bps[t->node] / b->node_rate_bps[nn + t->node];
    }
    for (size_t a = 0; a < w->n_aps; a++) {
        w->ap.battery_choice[a][0] = b->ap_choices[a].charge_renewable_j;
        w->ap.battery_choice[a][1] = b->ap_choices[a].charge_grid_j;
        w->ap.battery_choice[a][2] = b->ap_choices[a].discharge_j;
    }
}

/* Q2 for the checker: the QPU model of the platform's QPU host. */
static int qpu_fits(void *ctx, uint32_t qpu, const q6_circuit *c, char *why, size_t n)
{
    return q6_qpu_fits(ctx, qpu, c, why, n);
}

/* The decisions reach every node with tasks this slot together, one
 * control latency after the decision; each node's tasks then start, node
 * by node in arrival order (a split task is several). A whole local task
 * on the analytic CPU needs no worker (agents/node_cpu.c). */
static void start_tasks(q6_world *w)
{
    int any = 0;
    for (size_t i = 0; i < w->n_nodes && !any; i++)
        any = w->node.task_count[i] > 0;
    if (!any)
        return;
    sg_actor_sleep_for(w->sc->control_latency_s);
    for (size_t i = 0; i < w->n_nodes; i++)
        for (uint64_t id = w->node.first_task[i]; id < w->node.first_task[i] + w->node.task_count[i]; id++) {
            q6_task *t = q6_task_get(w, id);
            if (w->local_cpu_simgrid || t->where != Q6_RUN_LOCAL)
                q6_pool_run(w->net.node_host[i], q6_task_job, t);
            else if (q6_task_local_start(w, t) < 0)
                q6_world_fail(w, "out of memory for the CPU of node %zu", i);
        }
}

/* Whole local tasks that ended by now, at the times they ended: before
 * each decision (the scheduler sees their backlog gone and their outcomes)
 * and before the run's end. */
static void collect_local(q6_world *w)
{
    if (w->local_cpu_simgrid)
        return;
    size_t n;
    const q6_node_cpu_done *d = NULL;
    if (q6_node_cpu_collect(simgrid_get_clock(), &d, &n) < 0) {
        q6_world_fail(w, "out of memory for the ends of local tasks");
        return;
    }
    for (size_t j = 0; j < n; j++)
        q6_task_local_done(w, &d[j]);
}

static void run_slot(q6_world *w, agg_buffers *b, uint64_t k)
{
    char err[512];
    if (q6_exo_ensure(w->exo, k, err, sizeof err) < 0) {
        q6_world_fail_input(w, err);
        return;
    }
    q6_energy_account_slot(w, k);
    apply_cpu_jitter(w, k);
    emit_visibility(w, k);
    apply_uav_relays(w, k);
    w->log.metrics[k].connected = q6_exo_connected(w->exo);
    w->log.metrics[k].mean_hops = q6_exo_mean_hops(w->exo);
    /* The present nodes' reports, sent in parallel, arrive together. */
    if (q6_exo_present_count(w->exo))
        sg_actor_sleep_for(w->sc->control_latency_s);
    collect_local(w);
    q6_sched_problem p;
    uint32_t n_tasks = build_problem(w, b, k, &p);
    if (w->status.failed)
        return;
    q6_sched_decision d = {b->choices, b->node_choices, b->ap_choices};
    /* Called every slot (an ABI 1/2 plugin only in slots with tasks), so
     * feedback and battery decisions never wait for a task. */
    if (q6_plugin_decide(w->plug.scheduler, &p, &d, err, sizeof err) != 0) {
        q6_world_fail(w, "slot %llu: plugin '%s' failed: %s", (unsigned long long)k, w->plug.scheduler->ref->name, err);
        return;
    }
    if (n_tasks || !w->plug.scheduler->ref->legacy)
        w->plug.n_ended = 0; /* handed over */
    violation_ctx vc = {w, k, w->log.slot_first_task[k]};
    q6_battery_params batt = q6_energy_site_battery(w);
    relay_ctx rc = {w, b->relay_path};
    q6_check_options co = {report_violation, &vc, &batt, 0.0, qpu_fits, w, relay_hops, &rc};
    q6_decision_check(&p, &d, b->bad, b->node_ap, b->server_sum, &co);
    q6_limits_decision(w, k, &p, &d, b->bad); /* the scenario's limits (sim/core/limits.h) */
    if (w->status.failed)
        return;
    apply_tasks(w, b, k, n_tasks);
    apply_radio(w, b, k);
    q6_limits_slot_end(w, k);
    q6_energy_account_dispatch(w, k);
    q6_world_event(w, Q6_EV_SLOT_DECIDED, k, 0, -1, -1, NULL, n_tasks, NULL);
    start_tasks(w);
    q6_lyapunov_slot_end(w, k); /* the virtual queues: Q(t+1) from what happened */
    if (w->market && !w->status.failed)
        q6_market_run_slot(w, k);
    q6_task_log_settle(w, k + 1, 1); /* the log keeps what is still needed */
}

/* Scratch space of the one aggregator of a run; released by the engine
 * after the simulation, so a killed aggregator leaks nothing. */
static agg_buffers scratch;

void q6_aggregator_release(void)
{
    free(scratch.nodes);
    free(scratch.aps);
    free(scratch.qpus);
    free(scratch.vqueues);
    free(scratch.node_choices);
    free(scratch.ap_choices);
    free(scratch.outcomes);
    free(scratch.snr);
    free(scratch.gain);
    free(scratch.rate_bps);
    free(scratch.reach_off);
    free(scratch.reach_ap);
    free(scratch.reach_snr);
    free(scratch.reach_gain);
    free(scratch.reach_rate_bps);
    free(scratch.server_sum);
    free(scratch.set_fraction);
    free(scratch.unset_sharers);
    free(scratch.node_ap);
    free(scratch.sharers);
    free(scratch.node_rate_bps);
    free(scratch.relay_path);
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
    size_t na = w->n_aps ? w->n_aps : 1;
    b->nodes = calloc(nn, sizeof *b->nodes);
    b->aps = calloc(na, sizeof *b->aps);
    b->qpus = calloc(1, sizeof *b->qpus);
    b->vqueues = calloc(q6_lyapunov_count(w->lyapunov) + 1, sizeof *b->vqueues);
    b->node_choices = calloc(nn, sizeof *b->node_choices);
    b->ap_choices = calloc(na, sizeof *b->ap_choices);
    b->lists = q6_plugin_reads_lists(w->plug.scheduler) && !w->dense_channel;
    int dense = !b->lists, sparse = q6_exo_sparse(w->exo);
    b->gain = dense ? calloc(nn * na, sizeof *b->gain) : NULL;
    b->rate_bps = dense ? calloc(nn * na, sizeof *b->rate_bps) : NULL;
    b->snr = dense && sparse ? calloc(nn * na, sizeof *b->snr) : NULL;
    b->reach_off = b->lists && !sparse ? calloc(nn + 1, sizeof *b->reach_off) : NULL;
    b->server_sum = calloc(na + 1, sizeof *b->server_sum);
    b->set_fraction = calloc(na, sizeof *b->set_fraction);
    b->unset_sharers = calloc(na, sizeof *b->unset_sharers);
    b->node_ap = calloc(2 * nn, sizeof *b->node_ap);
    b->node_rate_bps = calloc(2 * nn, sizeof *b->node_rate_bps);
    b->relay_path = calloc(na, sizeof *b->relay_path);
    b->sharers = calloc(na, sizeof *b->sharers);
    if (!b->nodes || !b->aps || !b->qpus || !b->vqueues || !b->node_choices || !b->ap_choices ||
        (dense && (!b->gain || !b->rate_bps || (sparse && !b->snr))) || (b->lists && !sparse && !b->reach_off) ||
        !b->server_sum || !b->set_fraction || !b->unset_sharers || !b->node_ap || !b->sharers || !b->node_rate_bps ||
        !b->relay_path) {
        q6_world_fail(w, "out of memory for the aggregator of %zu nodes and %zu APs", w->n_nodes, w->n_aps);
        return;
    }
    for (uint64_t k = 0; k < w->sc->slots && !w->status.failed; k++) {
        sg_actor_sleep_until((double)(k + 1) * w->sc->slot_s);
        run_slot(w, b, k);
        q6_progress_slot(&w->log.progress, k + 1, w->sc->slots, simgrid_get_clock(), q6_trace_count(w->log.trace));
    }
    if (!w->status.failed) {
        /* Every deadline has passed by then: what is still pending is dropped. */
        sg_actor_sleep_until((double)w->sc->slots * w->sc->slot_s + w->sc->task.deadline_s);
        collect_local(w);
        uint64_t first_live = (uint64_t)w->log.tasks.first_live_page * Q6_TASK_PAGE;
        for (uint64_t id = first_live; id < w->log.tasks.count; id++) {
            q6_task *t = q6_task_get(w, id);
            if (t->state == Q6_TASK_PENDING) {
                t->state = Q6_TASK_DROPPED;
                w->log.metrics[t->slot].dropped++;
                q6_world_event(w, Q6_EV_TASK_DROPPED, t->slot, t->id, (int32_t)t->node, -1, NULL, 0,
                               "unfinished at the end of the run");
            }
        }
        q6_task_log_settle(w, w->sc->slots, 0);
    }
}
