/* Paper 004 heuristic controllers. One AP per vehicle and slot, except
 * p4-latency with dual connectivity (below). Estimates use
 * eq. 5: D / R + C D / f_cpu, where R is the AP's rate alone on its band
 * divided among the vehicles already placed there this slot (the engine
 * shares the band equally), and f_cpu waits behind the AP's queued work and
 * the work placed there earlier in the slot. Vehicles are visited in index
 * order and keep their subtasks together; ties go to the lower AP index,
 * so decisions are deterministic. */
#include "sim/base/alloc.h"
#include "solvers/paper004/paper004.h"
#include "models/vec_offload.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef enum { MODE_LATENCY, MODE_UAV_FIRST, MODE_BS_FIRST } p4_mode;

typedef struct {
    p4_mode mode;
    uint32_t *users;     /* vehicles placed per AP this slot */
    double *queued_s;    /* CPU seconds queued per AP (backlog + placed) */
    size_t cap_aps;
} p4_state;

static int p4_init(void **state, char *err, size_t errlen, p4_mode mode)
{
    p4_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->mode = mode;
    *state = s;
    return 0;
}

static int init_latency(const q6_plugin_init_args *a, void **st, char *err, size_t n)
{
    (void)a;
    return p4_init(st, err, n, MODE_LATENCY);
}
static int init_uav_first(const q6_plugin_init_args *a, void **st, char *err, size_t n)
{
    (void)a;
    return p4_init(st, err, n, MODE_UAV_FIRST);
}
static int init_bs_first(const q6_plugin_init_args *a, void **st, char *err, size_t n)
{
    (void)a;
    return p4_init(st, err, n, MODE_BS_FIRST);
}

static void p4_finish(void *state)
{
    p4_state *s = state;
    if (!s)
        return;
    free(s->users);
    free(s->queued_s);
    free(s);
}

static int usable(const q6_sched_problem *p, uint32_t node, uint32_t a)
{
    return p->aps[a].cpu_flops > 0 && p->snr[(size_t)node * p->n_aps + a] >= p->min_snr &&
           p->rate_bps[(size_t)node * p->n_aps + a] > 0;
}

/* Priority-weighted latency of node's classical tasks [t0, t1) at AP a:
 * uploads one after another on the node's share of the band, each
 * computed after the AP's queue and the earlier ones (eq. 5 per hop,
 * eq. 3 weights). */
static double cost_at_ap(const p4_state *s, const q6_sched_problem *p, uint32_t node, uint32_t a, uint32_t t0,
                         uint32_t t1)
{
    double rate = p->rate_bps[(size_t)node * p->n_aps + a] / (double)(s->users[a] + 1);
    /* Bytes still uploading from earlier slots go first. */
    double f = p->aps[a].cpu_flops, up_s = 8.0 * p->nodes[node].backlog_bytes / rate;
    double cpu_s = s->queued_s[a], cost = 0.0;
    for (uint32_t t = t0; t < t1; t++) {
        const q6_sched_task *k = &p->tasks[t];
        if (k->kind != Q6_TASK_CLASSICAL)
            continue;
        double bits = 8.0 * k->input_bytes;
        up_s += q6_hop_latency_s(bits, rate, 0, 0.0, f);
        cpu_s = fmax(cpu_s, up_s) + k->work_flops / f;
        cost += k->priority_weight * cpu_s;
    }
    return cost;
}

static double cost_local(const q6_sched_problem *p, uint32_t node, uint32_t t0, uint32_t t1)
{
    double cpu_s = p->nodes[node].backlog_s, cost = 0.0;
    for (uint32_t t = t0; t < t1; t++)
        if (p->tasks[t].kind == Q6_TASK_CLASSICAL) {
            cpu_s += p->tasks[t].work_flops / p->nodes[node].cpu_flops;
            cost += p->tasks[t].priority_weight * cpu_s;
        }
    return cost;
}

/* Best AP of one kind by rate alone on its band; UINT32_MAX when none. */
static uint32_t best_of_kind(const q6_sched_problem *p, uint32_t node, uint32_t kind)
{
    uint32_t best = UINT32_MAX;
    for (uint32_t a = 0; a < p->n_aps; a++)
        if (p->aps[a].kind == kind && usable(p, node, a) &&
            (best == UINT32_MAX ||
             p->rate_bps[(size_t)node * p->n_aps + a] > p->rate_bps[(size_t)node * p->n_aps + best]))
            best = a;
    return best;
}

/* Relay hop rate p4-latency assumes: the observation carries no relay link
 * rates; 100 Mbit/s is the UAV backhaul of platforms/paper004. */
#define P4_HOP_RATE_BPS 100e6
#define P4_HOP_DELAY_S 1e-3 /* the engine's store-and-forward delay per relay hop */

static double ap_distance_m(const q6_sched_problem *p, uint32_t a, uint32_t b)
{
    const q6_sched_ap *x = &p->aps[a], *y = &p->aps[b];
    return sqrt((x->x_m - y->x_m) * (x->x_m - y->x_m) + (x->y_m - y->y_m) * (x->y_m - y->y_m) +
                (x->z_m - y->z_m) * (x->z_m - y->z_m));
}

/* One relay hop joins a and b (UAV-UAV, UAV-BS, BS-UAV within range):
 * then F1 holds for forwarding between them. */
static int one_hop(const q6_sched_problem *p, uint32_t a, uint32_t b)
{
    uint32_t ka = p->aps[a].kind, kb = p->aps[b].kind;
    int pair = (ka == Q6_AP_UAV && (kb == Q6_AP_UAV || kb == Q6_AP_BS)) || (kb == Q6_AP_UAV && ka == Q6_AP_BS);
    return a != b && pair && p->relay_range_m > 0 && ap_distance_m(p, a, b) <= p->relay_range_m;
}

/* Places node's classical tasks [t0, t1) through AP a, or a and b (dual
 * connectivity; b = UINT32_MAX: a only), each task where its estimated
 * completion is earliest: computed at a or b, or forwarded one relay hop
 * to a neighbour server (eqs. 5c-5e: + D / R_hop + hop delay). Uploads
 * share the vehicle's one radio, so they are counted one after another.
 * Returns the priority-weighted latency; with d, applies the placement. */
static double plan(p4_state *s, const q6_sched_problem *p, uint32_t node, uint32_t a, uint32_t b, uint32_t t0,
                   uint32_t t1, q6_sched_decision *d)
{
    double up_s = 0.0, cost = 0.0, *q = s->queued_s;
    uint32_t via[2] = {a, b};
    double rate[2];
    for (int k = 0; k < 2; k++)
        rate[k] = via[k] == UINT32_MAX ? 0.0 : p->rate_bps[(size_t)node * p->n_aps + via[k]] / (double)(s->users[via[k]] + 1);
    up_s = 8.0 * p->nodes[node].backlog_bytes / rate[0];
    /* Work placed here, so the estimate sees it; undone unless applied. */
    double *added = calloc(p->n_aps, sizeof *added);
    if (!added)
        return INFINITY;
    for (uint32_t t = t0; t < t1; t++) {
        const q6_sched_task *k = &p->tasks[t];
        if (k->kind != Q6_TASK_CLASSICAL)
            continue;
        double bits = 8.0 * k->input_bytes, best = INFINITY, best_up = 0.0;
        uint32_t best_via = a, best_at = a;
        for (int v = 0; v < 2; v++) {
            if (via[v] == UINT32_MAX)
                continue;
            double arrive = up_s + bits / rate[v];
            for (uint32_t c = 0; c < p->n_aps; c++) {
                if (c != via[v] && !(p->dual_connectivity || p->relay_range_m > 0))
                    continue;
                if (!(p->aps[c].cpu_flops > 0) || (c != via[v] && !one_hop(p, via[v], c)))
                    continue;
                double there = c == via[v] ? arrive
                                           : arrive + bits / P4_HOP_RATE_BPS + P4_HOP_DELAY_S +
                                                 ap_distance_m(p, via[v], c) / 299792458.0;
                double done = fmax(q[c], there) + k->work_flops / p->aps[c].cpu_flops;
                if (done < best) {
                    best = done;
                    best_via = via[v];
                    best_at = c;
                    best_up = arrive;
                }
            }
        }
        if (!isfinite(best))
            break;
        up_s = best_up;
        double w = k->work_flops / p->aps[best_at].cpu_flops;
        q[best_at] += w;
        added[best_at] += w;
        cost += k->priority_weight * best;
        if (d) {
            d->tasks[t].target = Q6_RUN_AP;
            d->tasks[t].ap = best_via;
            d->tasks[t].compute_ap = best_at == best_via ? Q6_SAME_AP : best_at;
        }
    }
    if (!d)
        for (uint32_t c = 0; c < p->n_aps; c++)
            q[c] -= added[c];
    free(added);
    return cost;
}

static int p4_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    p4_state *s = state;
    if (p->n_aps > s->cap_aps) {
        if (q6_resize_array(&s->users, p->n_aps, sizeof *s->users) < 0 ||
            q6_resize_array(&s->queued_s, p->n_aps, sizeof *s->queued_s) < 0) {
            snprintf(err, errlen, "out of memory for %u APs", p->n_aps);
            return -1;
        }
        s->cap_aps = p->n_aps;
    }
    for (uint32_t a = 0; a < p->n_aps; a++) {
        s->users[a] = 0;
        s->queued_s[a] = p->aps[a].backlog_s;
    }
    /* Tasks are sorted by node: [t0, t1) are one node's. */
    for (uint32_t t0 = 0, t1; t0 < p->n_tasks; t0 = t1) {
        uint32_t node = p->tasks[t0].node;
        for (t1 = t0; t1 < p->n_tasks && p->tasks[t1].node == node; t1++)
            ;
        uint32_t pick = UINT32_MAX;
        if (s->mode == MODE_LATENCY) {
            double best = cost_local(p, node, t0, t1);
            for (uint32_t a = 0; a < p->n_aps; a++) {
                if (!usable(p, node, a))
                    continue;
                double c = cost_at_ap(s, p, node, a, t0, t1);
                if (c < best) {
                    best = c;
                    pick = a;
                }
            }
        } else {
            uint32_t first = s->mode == MODE_UAV_FIRST ? Q6_AP_UAV : Q6_AP_BS;
            pick = best_of_kind(p, node, first);
            if (pick == UINT32_MAX)
                pick = best_of_kind(p, node, first == Q6_AP_UAV ? Q6_AP_BS : Q6_AP_UAV);
        }
        if (pick == UINT32_MAX)
            continue; /* no AP in reach (or local is best): the preset, local */
        if (s->mode == MODE_LATENCY && (p->dual_connectivity || p->relay_range_m > 0)) {
            /* Paper 004's extras: forwarding to a less loaded neighbour
             * server, and with dual connectivity the vehicle's best BS and
             * best UAV together, when that lowers the estimate. */
            uint32_t second = UINT32_MAX;
            double c1 = plan(s, p, node, pick, UINT32_MAX, t0, t1, NULL);
            if (p->dual_connectivity) {
                uint32_t other = p->aps[pick].kind == Q6_AP_BS ? Q6_AP_UAV : Q6_AP_BS;
                uint32_t o = UINT32_MAX;
                double oc = INFINITY;
                for (uint32_t a = 0; a < p->n_aps; a++)
                    if (p->aps[a].kind == other && usable(p, node, a)) {
                        double c = cost_at_ap(s, p, node, a, t0, t1);
                        if (c < oc) {
                            oc = c;
                            o = a;
                        }
                    }
                if (o != UINT32_MAX && plan(s, p, node, pick, o, t0, t1, NULL) < c1)
                    second = o;
            }
            plan(s, p, node, pick, second, t0, t1, d);
            s->users[pick]++;
            if (second != UINT32_MAX)
                s->users[second]++;
            continue;
        }
        for (uint32_t t = t0; t < t1; t++) {
            if (p->tasks[t].kind != Q6_TASK_CLASSICAL)
                continue;
            d->tasks[t].target = Q6_RUN_AP;
            d->tasks[t].ap = pick;
            s->queued_s[pick] += p->tasks[t].work_flops / p->aps[pick].cpu_flops;
        }
        s->users[pick]++;
    }
    return 0;
}

#define P4_TABLE(var, name, desc, init)                                                            \
    const q6_scheduler var = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, name, desc}, \
                              init, p4_decide, p4_finish};
P4_TABLE(q6_sched_p4_latency, "p4-latency",
         "paper 004 heuristic: per vehicle the BS, UAV or local CPU of lowest priority-weighted latency (eqs. 3, 5)",
         init_latency)
P4_TABLE(q6_sched_p4_uav_first, "p4-uav-first", "paper 004 heuristic: best UAV in reach, else best BS",
         init_uav_first)
P4_TABLE(q6_sched_p4_bs_first, "p4-bs-first", "paper 004 heuristic: best BS in reach, else best UAV",
         init_bs_first)
