/* Observation packing and action checking for the agent bridge. The
 * observation is structure-of-arrays (one packed array per field of
 * q6_sched_problem); the arrays are carved from an arena that is reset each
 * slot. The action is checked completely before anything is written, so a
 * rejected action leaves the decision exactly as the engine preset it. */
#include "solvers/agent/agent_msg.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct q6_arena_block {
    q6_arena_block *next;
    size_t size, used;
    max_align_t data[];
};

static void *arena_take(q6_arena *a, size_t bytes)
{
    bytes = (bytes + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!bytes)
        bytes = sizeof(max_align_t);
    q6_arena_block *b = a->blocks;
    if (!b || b->size - b->used < bytes) {
        size_t size = bytes > 65536 ? bytes : 65536;
        q6_arena_block *nb = malloc(sizeof *nb + size);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->size = size;
        nb->used = 0;
        a->blocks = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += bytes;
    a->used_total += bytes;
    return p;
}

void q6_arena_free(q6_arena *a)
{
    for (q6_arena_block *b = a->blocks, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    a->blocks = NULL;
    a->used_total = 0;
}

void q6_arena_reset(q6_arena *a)
{
    /* Several blocks: replace them by one that holds the whole slot. */
    if (a->blocks && a->blocks->next) {
        size_t total = a->used_total;
        q6_arena_free(a);
        q6_arena_block *nb = malloc(sizeof *nb + total);
        if (nb) {
            nb->next = NULL;
            nb->size = total;
            nb->used = 0;
            a->blocks = nb;
        }
    }
    if (a->blocks)
        a->blocks->used = 0;
    a->used_total = 0;
}

/* Fills msg.field (n entries of type T) with expr evaluated for i = 0..n-1;
 * jumps to oom when the arena cannot grow. */
#define SOA(msg, field, T, n, expr)                                   \
    do {                                                              \
        (msg).n_##field = (n);                                        \
        (msg).field = arena_take(a, (size_t)(n) * sizeof(T));         \
        if (!(msg).field)                                             \
            goto oom;                                                 \
        for (size_t i = 0; i < (size_t)(n); i++)                      \
            (msg).field[i] = (T)(expr);                               \
    } while (0)

size_t q6_agent_pack_engine(const Q6agent__EngineMessage *m, uint8_t **out, size_t *cap)
{
    size_t len = q6agent__engine_message__get_packed_size(m);
    if (len > *cap || !*out) {
        uint8_t *b = realloc(*out, len ? len : 1);
        if (!b)
            return 0;
        *out = b;
        *cap = len ? len : 1;
    }
    return q6agent__engine_message__pack(m, *out);
}

size_t q6_agent_pack_observation(const q6_sched_problem *p, q6_arena *a, uint8_t **out, size_t *cap)
{
    q6_arena_reset(a);
    Q6agent__Nodes nodes = Q6AGENT__NODES__INIT;
    Q6agent__Aps aps = Q6AGENT__APS__INIT;
    Q6agent__Qpus qpus = Q6AGENT__QPUS__INIT;
    Q6agent__Tasks tasks = Q6AGENT__TASKS__INIT;
    Q6agent__Queues queues = Q6AGENT__QUEUES__INIT;
    Q6agent__Outcomes oc = Q6AGENT__OUTCOMES__INIT;
    Q6agent__Observation o = Q6AGENT__OBSERVATION__INIT;
    const uint32_t nn = p->n_nodes, na = p->n_aps, nt = p->n_tasks, nq = p->n_qpus, nv = p->n_queues,
                   no = p->n_outcomes;
    const size_t npair = (size_t)nn * na;

    SOA(nodes, x_m, double, nn, p->nodes[i].x_m);
    SOA(nodes, y_m, double, nn, p->nodes[i].y_m);
    SOA(nodes, z_m, double, nn, p->nodes[i].z_m);
    SOA(nodes, vx_mps, double, nn, p->nodes[i].vx_mps);
    SOA(nodes, vy_mps, double, nn, p->nodes[i].vy_mps);
    SOA(nodes, vz_mps, double, nn, p->nodes[i].vz_mps);
    SOA(nodes, cpu_flops, double, nn, p->nodes[i].cpu_flops);
    SOA(nodes, backlog_s, double, nn, p->nodes[i].backlog_s);
    SOA(nodes, backlog_bytes, double, nn, p->nodes[i].backlog_bytes);
    SOA(nodes, battery_j, double, nn, p->nodes[i].battery_j);
    SOA(nodes, battery_capacity_j, double, nn, p->nodes[i].battery_capacity_j);
    SOA(nodes, tx_power_max_w, double, nn, p->nodes[i].tx_power_max_w);
    SOA(nodes, serving_ap, uint32_t, nn, p->nodes[i].serving_ap);
    SOA(nodes, present, protobuf_c_boolean, nn, p->nodes[i].present != 0);

    SOA(aps, name, char *, na, p->aps[i].name ? p->aps[i].name : "");
    SOA(aps, kind, uint32_t, na, p->aps[i].kind);
    SOA(aps, rate_model, uint32_t, na, p->aps[i].rate_model);
    SOA(aps, x_m, double, na, p->aps[i].x_m);
    SOA(aps, y_m, double, na, p->aps[i].y_m);
    SOA(aps, z_m, double, na, p->aps[i].z_m);
    SOA(aps, cpu_flops, double, na, p->aps[i].cpu_flops);
    SOA(aps, gpu_flops, double, na, p->aps[i].gpu_flops);
    SOA(aps, backlog_s, double, na, p->aps[i].backlog_s);
    SOA(aps, cpu_allocated_flops, double, na, p->aps[i].cpu_allocated_flops);
    SOA(aps, bandwidth_hz, double, na, p->aps[i].bandwidth_hz);
    SOA(aps, beta_min, double, na, p->aps[i].beta_min);
    SOA(aps, beta_max, double, na, p->aps[i].beta_max);
    SOA(aps, energy_last_slot_j, double, na, p->aps[i].energy_last_slot_j);
    SOA(aps, battery_j, double, na, p->aps[i].battery_j);
    SOA(aps, battery_capacity_j, double, na, p->aps[i].battery_capacity_j);
    SOA(aps, renewable_available_j, double, na, p->aps[i].renewable_available_j);
    SOA(aps, grid_price_per_kwh, double, na, p->aps[i].grid_price_per_kwh);
    SOA(aps, emission_g_per_kwh, double, na, p->aps[i].emission_g_per_kwh);

    SOA(qpus, name, char *, nq, p->qpus[i].name ? p->qpus[i].name : "");
    SOA(qpus, physical_qubits, double, nq, p->qpus[i].physical_qubits);
    SOA(qpus, queue_s, double, nq, p->qpus[i].queue_s);
    SOA(qpus, queue_jobs, uint32_t, nq, p->qpus[i].queue_jobs);
    SOA(qpus, physical_error, double, nq, p->qpus[i].physical_error);
    SOA(qpus, threshold_error, double, nq, p->qpus[i].threshold_error);
    SOA(qpus, qec_level, double, nq, p->qpus[i].qec_level);
    SOA(qpus, code_block_size, double, nq, p->qpus[i].code_block_size);

    SOA(tasks, id, uint64_t, nt, p->tasks[i].id);
    SOA(tasks, node, uint32_t, nt, p->tasks[i].node);
    SOA(tasks, kind, uint32_t, nt, p->tasks[i].kind);
    SOA(tasks, arrival_s, double, nt, p->tasks[i].arrival_s);
    SOA(tasks, input_bytes, double, nt, p->tasks[i].input_bytes);
    SOA(tasks, output_bytes, double, nt, p->tasks[i].output_bytes);
    SOA(tasks, work_flops, double, nt, p->tasks[i].work_flops);
    SOA(tasks, deadline_s, double, nt, p->tasks[i].deadline_s);
    SOA(tasks, priority_weight, double, nt, p->tasks[i].priority_weight);
    SOA(tasks, parent_id, uint64_t, nt, p->tasks[i].parent_id);
    SOA(tasks, subtask_index, uint32_t, nt, p->tasks[i].subtask_index);
    SOA(tasks, n_subtasks, uint32_t, nt, p->tasks[i].n_subtasks);
    SOA(tasks, logical_qubits, double, nt, p->tasks[i].circuit.logical_qubits);
    SOA(tasks, depth_steps, double, nt, p->tasks[i].circuit.depth_steps);
    SOA(tasks, gates_1q_per_step, double, nt, p->tasks[i].circuit.gates_1q_per_step);
    SOA(tasks, gates_2q_per_step, double, nt, p->tasks[i].circuit.gates_2q_per_step);
    SOA(tasks, meas_per_step, double, nt, p->tasks[i].circuit.meas_per_step);
    SOA(tasks, min_success, double, nt, p->tasks[i].circuit.min_success);

    SOA(queues, name, char *, nv, p->queues[i].name ? p->queues[i].name : "");
    SOA(queues, kind, uint32_t, nv, p->queues[i].kind);
    SOA(queues, ap, uint32_t, nv, p->queues[i].ap);
    SOA(queues, backlog, double, nv, p->queues[i].backlog);
    SOA(queues, last_arrival, double, nv, p->queues[i].last_arrival);
    SOA(queues, last_service, double, nv, p->queues[i].last_service);
    SOA(queues, budget, double, nv, p->queues[i].budget);

    SOA(oc, id, uint64_t, no, p->outcomes[i].id);
    SOA(oc, node, uint32_t, no, p->outcomes[i].node);
    SOA(oc, state, uint32_t, no, p->outcomes[i].state);
    SOA(oc, target, uint32_t, no, p->outcomes[i].target);
    SOA(oc, qpu_success, int32_t, no, p->outcomes[i].qpu_success);
    SOA(oc, slot, uint64_t, no, p->outcomes[i].slot);
    SOA(oc, offload_fraction, double, no, p->outcomes[i].offload_fraction);
    SOA(oc, latency_s, double, no, p->outcomes[i].latency_s);
    SOA(oc, deadline_met, protobuf_c_boolean, no, p->outcomes[i].deadline_met != 0);
    SOA(oc, energy_local_j, double, no, p->outcomes[i].energy_local_j);
    SOA(oc, energy_radio_j, double, no, p->outcomes[i].energy_radio_j);
    SOA(oc, energy_edge_j, double, no, p->outcomes[i].energy_edge_j);
    SOA(oc, energy_cloud_j, double, no, p->outcomes[i].energy_cloud_j);
    SOA(oc, energy_qpu_j, double, no, p->outcomes[i].energy_qpu_j);

    /* A problem without APs may carry NULL channel arrays. */
    SOA(o, snr, double, npair, p->snr[i]);
    SOA(o, rate_bps, double, npair, p->rate_bps[i]);
    SOA(o, gain, double, npair, p->gain[i]);

#define SET(field, v) (o.has_##field = 1, o.field = (v))
    SET(abi_version, p->abi_version);
    SET(slot, p->slot);
    SET(now_s, p->now_s);
    SET(slot_s, p->slot_s);
    SET(n_nodes, nn);
    SET(n_aps, na);
    SET(min_snr, p->min_snr);
    SET(noise_psd_w_per_hz, p->noise_psd_w_per_hz);
    SET(cloud_flops, p->cloud_flops);
    SET(lyapunov_v, p->lyapunov_v);
    SET(weight_latency, p->weight_latency);
    SET(weight_energy, p->weight_energy);
    SET(dual_connectivity, p->dual_connectivity);
    SET(relay_range_m, p->relay_range_m);
    SET(cpu_jitter_variance, p->cpu_jitter_variance);
#undef SET
    o.nodes = &nodes;
    o.aps = &aps;
    o.tasks = &tasks;
    o.qpus = &qpus;
    o.queues = &queues;
    o.outcomes = &oc;
    Q6agent__EngineMessage m = Q6AGENT__ENGINE_MESSAGE__INIT;
    m.kind_case = Q6AGENT__ENGINE_MESSAGE__KIND_OBSERVATION;
    m.observation = &o;
    return q6_agent_pack_engine(&m, out, cap);
oom:
    return 0;
}

/* ---- Action ------------------------------------------------------------ */

static int bad(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* A present field must be finite and in [lo, hi] (open at lo when lo_open). */
static int range_ok(double v, double lo, int lo_open, double hi)
{
    return isfinite(v) && (lo_open ? v > lo : v >= lo) && v <= hi;
}

int q6_agent_apply_action(const q6_sched_problem *p, const Q6agent__Action *act, q6_sched_decision *d,
                          char *err, size_t errlen)
{
    if (!act->has_slot || act->slot != p->slot)
        return act->has_slot
                   ? bad(err, errlen, "action is for slot %llu, the observation was slot %llu",
                         (unsigned long long)act->slot, (unsigned long long)p->slot)
                   : bad(err, errlen, "action has no slot (it must echo the observation's slot %llu)",
                         (unsigned long long)p->slot);
    if (act->n_tasks && act->n_tasks != p->n_tasks)
        return bad(err, errlen, "action has %zu task choices, the observation has %u tasks (give all or none)",
                   act->n_tasks, p->n_tasks);
    if (act->n_nodes && act->n_nodes != p->n_nodes)
        return bad(err, errlen, "action has %zu node choices, the observation has %u nodes (give all or none)",
                   act->n_nodes, p->n_nodes);
    if (act->n_aps && act->n_aps != p->n_aps)
        return bad(err, errlen, "action has %zu AP choices, the observation has %u APs (give all or none)",
                   act->n_aps, p->n_aps);
    for (size_t t = 0; t < act->n_tasks; t++) {
        const Q6agent__TaskChoice *c = act->tasks[t];
        const q6_sched_task *task = &p->tasks[t];
        if (c->has_id && c->id != task->id)
            return bad(err, errlen, "task choice %zu names task %llu, the observation's task %zu is %llu", t,
                       (unsigned long long)c->id, t, (unsigned long long)task->id);
        if (c->has_target && c->target > Q6_RUN_QPU)
            return bad(err, errlen, "task %llu: target %u is not 0 local, 1 AP, 2 cloud or 3 QPU",
                       (unsigned long long)task->id, c->target);
        uint32_t target = c->has_target ? c->target : d->tasks[t].target;
        uint32_t ap = c->has_ap ? c->ap : d->tasks[t].ap;
        if ((c->has_ap || target != Q6_RUN_LOCAL) && ap >= p->n_aps)
            return bad(err, errlen, "task %llu: ap %u is out of range (%u APs)", (unsigned long long)task->id, ap,
                       p->n_aps);
        /* F1 itself (a server, reachable over relays) is the engine's check. */
        if (c->has_compute_ap && c->compute_ap != Q6_SAME_AP && c->compute_ap >= p->n_aps)
            return bad(err, errlen, "task %llu: compute_ap %u is out of range (%u APs)", (unsigned long long)task->id,
                       c->compute_ap, p->n_aps);
        if (c->has_qpu && c->qpu >= p->n_qpus)
            return bad(err, errlen, "task %llu: qpu %u is out of range (%u QPUs)", (unsigned long long)task->id,
                       c->qpu, p->n_qpus);
        if (c->has_offload_fraction && !range_ok(c->offload_fraction, 0.0, 0, 1.0))
            return bad(err, errlen, "task %llu: offload_fraction %g is not in [0, 1]", (unsigned long long)task->id,
                       c->offload_fraction);
        if (c->has_cpu_share_flops && !range_ok(c->cpu_share_flops, 0.0, 1, INFINITY))
            return bad(err, errlen, "task %llu: cpu_share_flops %g is not a positive finite number",
                       (unsigned long long)task->id, c->cpu_share_flops);
    }
    for (size_t n = 0; n < act->n_nodes; n++) {
        const Q6agent__NodeChoice *c = act->nodes[n];
        if (c->has_bandwidth_fraction && !range_ok(c->bandwidth_fraction, 0.0, 1, 1.0))
            return bad(err, errlen, "node %zu: bandwidth_fraction %g is not in (0, 1]", n, c->bandwidth_fraction);
        if (c->has_tx_power_w && !range_ok(c->tx_power_w, 0.0, 1, p->nodes[n].tx_power_max_w))
            return bad(err, errlen, "node %zu: tx_power_w %g is not in (0, tx_power_max_w = %g]", n, c->tx_power_w,
                       p->nodes[n].tx_power_max_w);
    }
    for (size_t a = 0; a < act->n_aps; a++) {
        const Q6agent__ApChoice *c = act->aps[a];
        if (c->has_gpu_fraction && !range_ok(c->gpu_fraction, 0.0, 0, 1.0))
            return bad(err, errlen, "AP %zu: gpu_fraction %g is not in [0, 1]", a, c->gpu_fraction);
        const char *what = c->has_charge_renewable_j && !range_ok(c->charge_renewable_j, 0.0, 0, INFINITY)
                               ? "charge_renewable_j"
                           : c->has_charge_grid_j && !range_ok(c->charge_grid_j, 0.0, 0, INFINITY) ? "charge_grid_j"
                           : c->has_discharge_j && !range_ok(c->discharge_j, 0.0, 0, INFINITY)     ? "discharge_j"
                                                                                                  : NULL;
        if (what)
            return bad(err, errlen, "AP %zu: %s is not a finite number >= 0", a, what);
    }
    /* All valid: write. */
    for (size_t t = 0; t < act->n_tasks; t++) {
        const Q6agent__TaskChoice *c = act->tasks[t];
        q6_sched_task_choice *o = &d->tasks[t];
        if (c->has_target) o->target = c->target;
        if (c->has_ap) o->ap = c->ap;
        if (c->has_qpu) o->qpu = c->qpu;
        if (c->has_compute_ap) o->compute_ap = c->compute_ap;
        if (c->has_offload_fraction) o->offload_fraction = c->offload_fraction;
        if (c->has_cpu_share_flops) o->cpu_share_flops = c->cpu_share_flops;
    }
    for (size_t n = 0; n < act->n_nodes; n++) {
        const Q6agent__NodeChoice *c = act->nodes[n];
        if (c->has_bandwidth_fraction) d->nodes[n].bandwidth_fraction = c->bandwidth_fraction;
        if (c->has_tx_power_w) d->nodes[n].tx_power_w = c->tx_power_w;
    }
    for (size_t a = 0; a < act->n_aps; a++) {
        const Q6agent__ApChoice *c = act->aps[a];
        if (c->has_gpu_fraction) d->aps[a].gpu_fraction = c->gpu_fraction;
        if (c->has_charge_renewable_j) d->aps[a].charge_renewable_j = c->charge_renewable_j;
        if (c->has_charge_grid_j) d->aps[a].charge_grid_j = c->charge_grid_j;
        if (c->has_discharge_j) d->aps[a].discharge_j = c->discharge_j;
    }
    return 0;
}
