/* Checks of the scenario's limits (sim/core/limits.h). Readings of the
 * quantities, all in SI units:
 * - cycles decided to an AP in a slot: x W of the slot's tasks placed there
 *   (one task-work flop is one cycle, as the scenario's flops_per_byte);
 *   processing energy: xi times those cycles (paper 004 eqs. 54-55);
 * - a subtask's latency: arrival to result back; one that never completed
 *   (deadline missed, unfinished) has an unbounded latency;
 * - a vehicle's energy of slot k: the radio (offloading) energy of its
 *   subtasks that arrived in slot k;
 * - QoS of an offloaded subtask: eq. 48 on its latency and radio energy,
 *   eq. 93 when q_max is given;
 * - decision change: Gamma_{v,z}(k) = 1 when z is vehicle v's serving AP
 *   after slot k's decision; the change probability of eq. 49,
 *   1 / (1 + exp(-steepness (|Gamma(k) - Gamma(k-1)| - max))), checked
 *   against max for every present vehicle and every AP of the kind from
 *   slot 1 on. */
#include "sim/core/limits.h"
#include "models/vec_offload.h"
#include "sim/core/world.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KIND_BS = 0, KIND_UAV = 1 };

struct q6_limits {
    const q6_limits_config *cfg;
    uint64_t checked[Q6_LIMIT_COUNT], violated[Q6_LIMIT_COUNT], dropped[Q6_LIMIT_COUNT];
    size_t n_nodes, n_aps;
    int *ap_kind;            /* per AP: KIND_BS, KIND_UAV or -1 */
    uint32_t n_of_kind[2];
    double *requested, *accepted; /* per AP: cycles of the slot decided there, and kept */
    double *load_s;          /* per AP: latency sum of a slot's subtasks */
    uint32_t *prev_ap;       /* per node: serving AP at the previous slot's end */
    unsigned char *seen;     /* per node: prev_ap is known */
};

q6_limits *q6_limits_create(const q6_world *w)
{
    q6_limits *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->cfg = &w->sc->limits;
    if (!l->cfg->enabled)
        return l;
    l->n_nodes = w->n_nodes;
    l->n_aps = w->n_aps;
    size_t na = w->n_aps ? w->n_aps : 1, nn = w->n_nodes ? w->n_nodes : 1;
    l->ap_kind = calloc(na, sizeof *l->ap_kind);
    l->requested = calloc(na, sizeof *l->requested);
    l->accepted = calloc(na, sizeof *l->accepted);
    l->load_s = calloc(na, sizeof *l->load_s);
    l->prev_ap = calloc(nn, sizeof *l->prev_ap);
    l->seen = calloc(nn, 1);
    if (!l->ap_kind || !l->requested || !l->accepted || !l->load_s || !l->prev_ap || !l->seen) {
        q6_limits_free(l);
        return NULL;
    }
    for (size_t a = 0; a < w->n_aps; a++) {
        q6_role r = w->pf->hosts[w->pf->aps[a]].role;
        l->ap_kind[a] = r == Q6_ROLE_BS ? KIND_BS : r == Q6_ROLE_UAV ? KIND_UAV : -1;
        if (l->ap_kind[a] >= 0)
            l->n_of_kind[l->ap_kind[a]]++;
    }
    return l;
}

void q6_limits_free(q6_limits *l)
{
    if (!l)
        return;
    free(l->ap_kind);
    free(l->requested);
    free(l->accepted);
    free(l->load_s);
    free(l->prev_ap);
    free(l->seen);
    free(l);
}

static const q6_limit_config *limit(const q6_limits *l, q6_limit_kind k)
{
    return l && l->cfg->enabled && l->cfg->limit[k].set ? &l->cfg->limit[k] : NULL;
}

/* One check of limit k: counted, and 1 returned when it broke. */
static int tally(q6_limits *l, q6_limit_kind k, int broke)
{
    l->checked[k]++;
    l->violated[k] += broke != 0;
    return broke != 0;
}

static int outside(const q6_limit_config *c, double v)
{
    return !(v >= c->min && v <= c->max);
}

/* Enforcement: flags task t (slot k) and reports the violation under the label. */
static void drop(q6_world *w, uint64_t k, const q6_sched_problem *p, unsigned char *bad, uint32_t t,
                 q6_limit_kind kind, const char *detail)
{
    q6_limits *l = w->limits;
    char subject[64], constraint[96];
    bad[t] = 1;
    l->dropped[kind]++;
    snprintf(subject, sizeof subject, "task %llu", (unsigned long long)p->tasks[t].id);
    snprintf(constraint, sizeof constraint, "%s (limits.%s)", l->cfg->limit[kind].label, q6_limit_key(kind));
    q6_world_violation(w, w->plug.scheduler->ref->name, k, p->tasks[t].id, (int32_t)p->tasks[t].node, 0, subject,
                       "the task is dropped", constraint, detail);
}

/* Per task: the subtask size, then whether it is offloaded. */
static void check_tasks(q6_world *w, uint64_t k, const q6_sched_problem *p, const q6_sched_decision *d,
                        unsigned char *bad)
{
    q6_limits *l = w->limits;
    const q6_limit_config *size = limit(l, Q6_LIMIT_SUBTASK_BYTES), *off = limit(l, Q6_LIMIT_OFFLOADED);
    char detail[160];
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        if (bad[t])
            continue;
        const q6_sched_task *task = &p->tasks[t];
        const q6_sched_task_choice *c = &d->tasks[t];
        if (size && tally(l, Q6_LIMIT_SUBTASK_BYTES, task->input_bytes > size->max) && size->enforce) {
            snprintf(detail, sizeof detail, "input %g B is above %g B", task->input_bytes, size->max);
            drop(w, k, p, bad, t, Q6_LIMIT_SUBTASK_BYTES, detail);
            continue;
        }
        if (!off || task->kind != Q6_TASK_CLASSICAL)
            continue;
        int offloaded = (c->target == Q6_RUN_AP || c->target == Q6_RUN_CLOUD) && c->offload_fraction > 0;
        if (tally(l, Q6_LIMIT_OFFLOADED, !offloaded) && off->enforce)
            drop(w, k, p, bad, t, Q6_LIMIT_OFFLOADED, "the subtask is not offloaded to a BS or UAV");
    }
}

/* The AP whose server computes an AP task: compute_ap when the task is
 * forwarded between edge servers, else the AP it goes through (budgets and
 * loads belong to the server that does the work). */
static uint32_t choice_server(const q6_sched_task_choice *c)
{
    return c->compute_ap == Q6_SAME_AP ? c->ap : c->compute_ap;
}
static uint32_t task_server(const q6_task *t) { return t->compute_ap; }

/* Per (slot, AP of a kind): cycles and processing energy decided there, in
 * task order; an enforced budget drops the task that would pass it. */
static void check_budgets(q6_world *w, uint64_t k, const q6_sched_problem *p, const q6_sched_decision *d,
                          unsigned char *bad)
{
    q6_limits *l = w->limits;
    static const q6_limit_kind cyc_kind[2] = {Q6_LIMIT_BS_CYCLES_PER_SLOT, Q6_LIMIT_UAV_CYCLES_PER_SLOT};
    static const q6_limit_kind en_kind[2] = {Q6_LIMIT_BS_PROCESSING_ENERGY_PER_SLOT_J,
                                             Q6_LIMIT_UAV_PROCESSING_ENERGY_PER_SLOT_J};
    memset(l->requested, 0, l->n_aps * sizeof *l->requested);
    memset(l->accepted, 0, l->n_aps * sizeof *l->accepted);
    char detail[200];
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task_choice *c = &d->tasks[t];
        if (bad[t] || c->target != Q6_RUN_AP || !(c->offload_fraction > 0))
            continue;
        uint32_t a = choice_server(c);
        int kind = l->ap_kind[a];
        if (kind < 0)
            continue;
        double cycles = c->offload_fraction * p->tasks[t].work_flops;
        l->requested[a] += cycles;
        const q6_limit_config *cyc = limit(l, cyc_kind[kind]), *en = limit(l, en_kind[kind]);
        double after = l->accepted[a] + cycles;
        if (cyc && cyc->enforce && after > cyc->max) {
            snprintf(detail, sizeof detail, "%g cycles at AP '%s' this slot pass %g", after, p->aps[a].name,
                     cyc->max);
            drop(w, k, p, bad, t, cyc_kind[kind], detail);
        } else if (en && en->enforce && en->xi_j_per_cycle * after > en->max) {
            snprintf(detail, sizeof detail, "processing energy %g J at AP '%s' this slot passes %g J",
                     en->xi_j_per_cycle * after, p->aps[a].name, en->max);
            drop(w, k, p, bad, t, en_kind[kind], detail);
        } else {
            l->accepted[a] = after;
        }
    }
    static const q6_limit_kind pw_kind[2] = {Q6_LIMIT_BS_TX_POWER_W, Q6_LIMIT_UAV_TX_POWER_W};
    const q6_limit_config *cpu = limit(l, Q6_LIMIT_CPU_HZ);
    for (size_t a = 0; a < l->n_aps; a++) {
        int kind = l->ap_kind[a];
        if (kind < 0)
            continue;
        const q6_limit_config *cyc = limit(l, cyc_kind[kind]), *en = limit(l, en_kind[kind]);
        const q6_limit_config *pw = limit(l, pw_kind[kind]);
        if (cyc)
            tally(l, cyc_kind[kind], l->requested[a] > cyc->max);
        if (en)
            tally(l, en_kind[kind], en->xi_j_per_cycle * l->requested[a] > en->max);
        if (cpu && p->aps[a].cpu_flops > 0) /* one flop per cycle: the speed is the frequency */
            tally(l, Q6_LIMIT_CPU_HZ, outside(cpu, p->aps[a].cpu_flops));
        if (pw)
            tally(l, pw_kind[kind], outside(pw, w->pf->hosts[w->pf->aps[a]].tx_power_w));
    }
}

void q6_limits_decision(q6_world *w, uint64_t k, const q6_sched_problem *p, const q6_sched_decision *d,
                        unsigned char *bad)
{
    if (!w->limits || !w->limits->cfg->enabled)
        return;
    check_tasks(w, k, p, d, bad);
    check_budgets(w, k, p, d, bad);
}

void q6_limits_link_rate(q6_limits *l, double rate_bps)
{
    const q6_limit_config *c = limit(l, Q6_LIMIT_RATE_BPS);
    if (c)
        tally(l, Q6_LIMIT_RATE_BPS, !(rate_bps >= c->min));
}

/* Eq. 49's probability of a change |dGamma| in {0, 1}. */
static double change_probability(const q6_limit_config *c, double d_gamma)
{
    return 1.0 / (1.0 + exp(-c->steepness * (d_gamma - c->max)));
}

void q6_limits_slot_end(q6_world *w, uint64_t k)
{
    q6_limits *l = w->limits;
    static const q6_limit_kind ch_kind[2] = {Q6_LIMIT_BS_DECISION_CHANGE, Q6_LIMIT_UAV_DECISION_CHANGE};
    if (!limit(l, ch_kind[KIND_BS]) && !limit(l, ch_kind[KIND_UAV]))
        return;
    const q6_pose *poses = q6_exo_node_poses(w->exo);
    for (size_t i = 0; i < l->n_nodes; i++) {
        if (!poses[i].present)
            continue;
        uint32_t cur = w->node.ap[i], prev = l->prev_ap[i];
        for (int kind = 0; kind < 2 && k > 0 && l->seen[i]; kind++) {
            const q6_limit_config *c = limit(l, ch_kind[kind]);
            if (!c)
                continue;
            /* A change flips Gamma of the old and of the new AP; every other
             * AP of the kind keeps Gamma (0 -> 0). */
            uint32_t changed = 0;
            if (cur != prev)
                changed = (cur != UINT32_MAX && l->ap_kind[cur] == kind) + (prev != UINT32_MAX && l->ap_kind[prev] == kind);
            uint32_t n = l->n_of_kind[kind];
            l->checked[ch_kind[kind]] += n;
            l->violated[ch_kind[kind]] += (change_probability(c, 1) > c->max ? changed : 0) +
                                          (change_probability(c, 0) > c->max ? n - changed : 0);
        }
        l->prev_ap[i] = cur;
        l->seen[i] = 1;
    }
}

/* Latency of a subtask: unbounded when it did not complete. */
static double latency_s(const q6_task *t)
{
    return t->state == Q6_TASK_DONE ? t->done_s - t->arrival_s : INFINITY;
}

/* Slot k's tasks (ids first..first+n, node-ordered) against the outcome limits. */
static void finish_slot(q6_world *w, uint64_t first, uint64_t n)
{
    q6_limits *l = w->limits;
    static const q6_limit_kind lat_kind[2] = {Q6_LIMIT_BS_LATENCY_S, Q6_LIMIT_UAV_LATENCY_S};
    static const q6_limit_kind load_kind[2] = {Q6_LIMIT_BS_LOAD_LATENCY_S, Q6_LIMIT_UAV_LOAD_LATENCY_S};
    const q6_limit_config *energy = limit(l, Q6_LIMIT_VEHICLE_ENERGY_PER_SLOT_J), *qos = limit(l, Q6_LIMIT_QOS);
    memset(l->load_s, 0, l->n_aps * sizeof *l->load_s);
    double vehicle_j = 0;
    int vehicle_tasks = 0;
    for (uint64_t id = first; id < first + n; id++) {
        const q6_task *t = q6_task_get(w, id);
        if (!t->infeasible) {
            vehicle_j += t->energy_radio_j;
            vehicle_tasks = 1;
            int kind = t->where == Q6_RUN_AP ? l->ap_kind[task_server(t)] : -1;
            if (kind >= 0) {
                const q6_limit_config *lat = limit(l, lat_kind[kind]);
                if (lat)
                    tally(l, lat_kind[kind], latency_s(t) > lat->max);
                l->load_s[task_server(t)] += latency_s(t);
            }
            if (qos && (t->where == Q6_RUN_AP || t->where == Q6_RUN_CLOUD)) {
                double q = q6_qos(qos->weight_latency, latency_s(t), qos->weight_energy, t->energy_radio_j);
                if (!isnan(qos->q_max))
                    q = q6_qos_normalised(q, qos->min, qos->q_max);
                tally(l, Q6_LIMIT_QOS, !(q >= qos->min));
            }
        }
        /* The node's last task of the slot: its energy of the slot. */
        if (id + 1 == first + n || q6_task_get(w, id + 1)->node != t->node) {
            if (energy && vehicle_tasks)
                tally(l, Q6_LIMIT_VEHICLE_ENERGY_PER_SLOT_J, vehicle_j > energy->max);
            vehicle_j = 0;
            vehicle_tasks = 0;
        }
    }
    for (size_t a = 0; a < l->n_aps; a++) {
        const q6_limit_config *load = l->ap_kind[a] >= 0 ? limit(l, load_kind[l->ap_kind[a]]) : NULL;
        if (load)
            tally(l, load_kind[l->ap_kind[a]], l->load_s[a] > load->max);
    }
}

void q6_limits_finish_slot(q6_world *w, uint64_t k)
{
    if (!w->limits || !w->limits->cfg->enabled)
        return;
    finish_slot(w, w->log.slot_first_task[k], w->log.metrics[k].generated);
}

void q6_limits_write_json(const q6_limits *l, q6_jw *j)
{
    if (!l || !l->cfg->enabled)
        return;
    q6_jw_key(j, "limits");
    q6_jw_begin_array(j, 0);
    for (int k = 0; k < Q6_LIMIT_COUNT; k++) {
        const q6_limit_config *c = limit(l, (q6_limit_kind)k);
        if (!c)
            continue;
        q6_jw_begin_object(j, 1);
        q6_jw_kstring(j, "label", c->label);
        q6_jw_kstring(j, "limit", q6_limit_key((q6_limit_kind)k));
        q6_jw_kstring(j, "mode", c->enforce ? "enforce" : "count");
        q6_jw_kuint(j, "checked", l->checked[k]);
        q6_jw_kuint(j, "violated", l->violated[k]);
        q6_jw_kuint(j, "dropped", l->dropped[k]);
        q6_jw_end_object(j);
    }
    q6_jw_end_array(j);
}

void q6_limits_print(const q6_limits *l, FILE *f)
{
    for (int k = 0; l && l->cfg->enabled && k < Q6_LIMIT_COUNT; k++) {
        const q6_limit_config *c = limit(l, (q6_limit_kind)k);
        if (!c)
            continue;
        char name[96], value[64];
        snprintf(name, sizeof name, "%s%s violated/checked", c->label, c->enforce ? " (enforced)" : "");
        snprintf(value, sizeof value, "%llu / %llu", (unsigned long long)l->violated[k],
                 (unsigned long long)l->checked[k]);
        fprintf(f, "%-28s %14s\n", name, value);
    }
}
