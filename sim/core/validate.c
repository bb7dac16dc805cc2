/* Checks in three passes: tasks (C1-C7, Q1, Q2, F1; they fix which APs each
 * node uses), then nodes (P1, B1 at the APs of the first pass), then APs
 * (K1, E1). With dual connectivity (paper 004) a node may use two APs of
 * different kinds in a slot (C5); node_ap[n_nodes + i] holds its second. */
#include "sim/core/validate.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const q6_check_options *o;
    size_t n;
} sink;

static void flag(sink *s, q6_subject_kind kind, uint32_t index, const char *constraint, const char *detail)
{
    s->n++;
    if (s->o->report)
        s->o->report(s->o->ctx, kind, index, constraint, detail);
}

/* The constraint a task's choice breaks (detail filled), or NULL. C7's
 * running sums are in server_sum: [ap] per edge server, [n_aps] the cloud. */
static const char *check_task(const q6_sched_problem *p, const q6_sched_decision *d, uint32_t t,
                              const uint32_t *node_ap, double *server_sum, const q6_check_options *o, char *detail,
                              size_t n)
{
    const q6_sched_task_choice *c = &d->tasks[t];
    const q6_sched_task *task = &p->tasks[t];
    uint32_t node = task->node;
    if (c->target > Q6_RUN_QPU) {
        snprintf(detail, n, "target = %u is not local (0), AP (1), cloud (2) or QPU (3)", c->target);
        return "C1 valid placement";
    }
    int quantum = task->kind == Q6_TASK_QUANTUM;
    if ((c->target == Q6_RUN_QPU) != quantum) {
        snprintf(detail, n, quantum ? "a quantum task must run on a QPU, not target %u"
                                    : "a classical task cannot run on the QPU (target %u)", c->target);
        return "Q1 QPU placement";
    }
    if (c->target == Q6_RUN_QPU && c->qpu >= p->n_qpus) {
        snprintf(detail, n, "qpu = %u but there are %u QPUs", c->qpu, p->n_qpus);
        return "Q1 QPU placement";
    }
    if (c->target == Q6_RUN_QPU && o->qpu_fits && !o->qpu_fits(o->qpu_ctx, c->qpu, &task->circuit, detail, n))
        return "Q2 circuit fits the QPU";
    if (c->target == Q6_RUN_LOCAL)
        return NULL;
    if (c->ap >= p->n_aps) {
        snprintf(detail, n, "ap = %u but there are %u access points", c->ap, p->n_aps);
        return "C2 AP index in range";
    }
    double snr = q6_sched_snr(p, node, c->ap);
    if (!(snr >= p->min_snr)) {
        snprintf(detail, n, "node %u cannot reach AP '%s' (SNR %.3g < %.3g)", node, p->aps[c->ap].name, snr,
                 p->min_snr);
        return "C3 AP reachable";
    }
    uint32_t fwd = c->target == Q6_RUN_AP ? c->compute_ap : Q6_SAME_AP;
    if (fwd != Q6_SAME_AP && fwd != c->ap) {
        if (fwd >= p->n_aps) {
            snprintf(detail, n, "compute_ap = %u but there are %u access points", fwd, p->n_aps);
            return "F1 forwarding";
        }
        if (!(p->aps[fwd].cpu_flops > 0)) {
            snprintf(detail, n, "compute_ap '%s' has no edge server", p->aps[fwd].name);
            return "F1 forwarding";
        }
        if (!o->relay_hops || o->relay_hops(o->relay_ctx, c->ap, fwd) < 1) {
            snprintf(detail, n, "AP '%s' does not reach compute_ap '%s' over the relay graph this slot",
                     p->aps[c->ap].name, p->aps[fwd].name);
            return "F1 forwarding";
        }
    } else if (c->target == Q6_RUN_AP && !(p->aps[c->ap].cpu_flops > 0)) {
        snprintf(detail, n, "AP '%s' has no edge server", p->aps[c->ap].name);
        return "C4 AP computes";
    }
    uint32_t first = node_ap[node], second = p->dual_connectivity ? node_ap[p->n_nodes + node] : UINT32_MAX;
    if (first != UINT32_MAX && first != c->ap && second != c->ap) {
        if (!p->dual_connectivity) {
            snprintf(detail, n, "node %u already uses AP '%s' this slot, not '%s'", node, p->aps[first].name,
                     p->aps[c->ap].name);
            return "C5 one AP per node";
        }
        if (second != UINT32_MAX || p->aps[first].kind == p->aps[c->ap].kind) {
            snprintf(detail, n, "node %u already uses AP '%s'%s%s this slot, not '%s' (dual connectivity: one AP of "
                     "each kind)", node, p->aps[first].name, second != UINT32_MAX ? " and " : "",
                     second != UINT32_MAX ? p->aps[second].name : "", p->aps[c->ap].name);
            return "C5 one AP of each kind per node";
        }
    }
    double x = c->offload_fraction;
    if (!(x >= 0 && x <= 1) || (quantum && x != 1)) {
        snprintf(detail, n, quantum ? "offload_fraction = %g: a quantum task is offloaded whole (1)"
                                    : "offload_fraction = %g is outside [0, 1]", x);
        return "C6 offload fraction";
    }
    double share = c->cpu_share_flops;
    if (share != Q6_UNSET && c->target != Q6_RUN_QPU) {
        int cloud = c->target == Q6_RUN_CLOUD;
        uint32_t at = fwd != Q6_SAME_AP ? fwd : c->ap; /* the server that computes it */
        double cap = cloud ? p->cloud_flops : p->aps[at].cpu_flops - p->aps[at].cpu_allocated_flops;
        double *sum = &server_sum[cloud ? p->n_aps : at];
        if (!(share > 0) || !isfinite(share)) {
            snprintf(detail, n, "cpu_share_flops = %g is not positive", share);
            return "C7 CPU share";
        }
        if (*sum + share > cap * (1 + 1e-12)) {
            snprintf(detail, n, "cpu_share_flops = %g brings the shares at %s '%s' to %g flop/s, above the %g flop/s free",
                     share, cloud ? "the cloud via" : "AP", p->aps[cloud ? c->ap : at].name, *sum + share, cap);
            return "C7 CPU share";
        }
        *sum += share;
    }
    return NULL;
}

static void check_nodes(const q6_sched_problem *p, q6_sched_decision *d, const uint32_t *node_ap, sink *s)
{
    char detail[200];
    for (uint32_t i = 0; i < p->n_nodes; i++) {
        q6_sched_node_choice *c = &d->nodes[i];
        double pmax = p->nodes[i].tx_power_max_w;
        if (c->tx_power_w != pmax && !(c->tx_power_w > 0 && c->tx_power_w <= pmax)) {
            snprintf(detail, sizeof detail, "tx_power_w = %g is outside (0, %g]", c->tx_power_w, pmax);
            c->tx_power_w = pmax;
            flag(s, Q6_SUBJECT_NODE, i, "P1 transmit power", detail);
        }
        double b = c->bandwidth_fraction;
        /* With dual connectivity the fraction holds at each of its APs. */
        for (int k = 0; k < (p->dual_connectivity ? 2 : 1); k++) {
            uint32_t a = node_ap[(size_t)k * p->n_nodes + i];
            if (b == Q6_UNSET || a == UINT32_MAX)
                continue;
            if (!(b > 0 && b >= p->aps[a].beta_min && b <= p->aps[a].beta_max)) {
                snprintf(detail, sizeof detail, "bandwidth_fraction = %g is outside AP '%s' bounds [%g, %g] (and must be > 0)",
                         b, p->aps[a].name, p->aps[a].beta_min, p->aps[a].beta_max);
                c->bandwidth_fraction = b = Q6_UNSET;
                flag(s, Q6_SUBJECT_NODE, i, "B1 bandwidth fraction", detail);
            }
        }
    }
    int ways = p->dual_connectivity ? 2 : 1;
    /* Per AP: the set fractions sum to at most 1, leaving some band to the
     * unset ones when there are any; otherwise every set one is reverted.
     * The sums in one pass over the nodes (each AP's in node order, as an
     * AP-by-AP scan adds them), not one pass per AP: that was
     * nodes x APs per slot, a city's largest loop after the channel. */
    double *sums = calloc(p->n_aps + 1, sizeof *sums);
    uint32_t *unsets = calloc(p->n_aps + 1, sizeof *unsets);
    for (uint32_t j = 0; sums && unsets && j < ways * p->n_nodes; j++) {
        uint32_t i = j % p->n_nodes, a = node_ap[j];
        if (a == UINT32_MAX)
            continue;
        if (d->nodes[i].bandwidth_fraction == Q6_UNSET)
            unsets[a]++;
        else
            sums[a] += d->nodes[i].bandwidth_fraction;
    }
    for (uint32_t a = 0; a < p->n_aps; a++) {
        double sum = 0;
        uint32_t unset = 0;
        if (sums && unsets) {
            sum = sums[a];
            unset = unsets[a];
        } else { /* out of memory for the sums: the scan per AP */
            for (uint32_t i = 0; i < p->n_nodes; i++)
                if (node_ap[i] == a || (ways == 2 && node_ap[p->n_nodes + i] == a)) {
                    if (d->nodes[i].bandwidth_fraction == Q6_UNSET)
                        unset++;
                    else
                        sum += d->nodes[i].bandwidth_fraction;
                }
        }
        if (sum <= 1 + 1e-12 && !(unset && sum >= 1))
            continue;
        for (uint32_t i = 0; i < p->n_nodes; i++)
            if ((node_ap[i] == a || (ways == 2 && node_ap[p->n_nodes + i] == a)) &&
                d->nodes[i].bandwidth_fraction != Q6_UNSET) {
                snprintf(detail, sizeof detail, "the fractions at AP '%s' sum to %g%s", p->aps[a].name, sum,
                         unset ? " leaving nothing to the nodes without one" : " > 1");
                d->nodes[i].bandwidth_fraction = Q6_UNSET;
                flag(s, Q6_SUBJECT_NODE, i, "B1 bandwidth fraction", detail);
            }
    }
    free(sums);
    free(unsets);
}

static void check_aps(const q6_sched_problem *p, q6_sched_decision *d, sink *s)
{
    char detail[512];
    const q6_battery_params *bp = s->o->battery;
    for (uint32_t a = 0; a < p->n_aps; a++) {
        q6_sched_ap_choice *c = &d->aps[a];
        const q6_sched_ap *ap = &p->aps[a];
        double g = c->gpu_fraction;
        if (g != s->o->gpu_fraction_default && !(g >= 0 && g <= 1 && (ap->gpu_flops > 0 || g == 0))) {
            snprintf(detail, sizeof detail, ap->gpu_flops > 0 ? "gpu_fraction = %g is outside [0, 1]"
                                                              : "gpu_fraction = %g at an AP without a GPU", g);
            c->gpu_fraction = s->o->gpu_fraction_default;
            flag(s, Q6_SUBJECT_AP, a, "K1 CPU/GPU split", detail);
        }
        double ur = c->charge_renewable_j, ug = c->charge_grid_j, dis = c->discharge_j;
        if (ur == Q6_UNSET && ug == Q6_UNSET && dis == Q6_UNSET)
            continue;
        /* Fields left unset count 0 once any is set. */
        ur = ur == Q6_UNSET ? 0 : ur;
        ug = ug == Q6_UNSET ? 0 : ug;
        dis = dis == Q6_UNSET ? 0 : dis;
        const char *why = NULL;
        if (!(ap->battery_capacity_j > 0) || !bp)
            why = "the site has no battery";
        else if (!(ur >= 0 && ug >= 0 && dis >= 0) || !isfinite(ur + ug + dis))
            why = "charges and discharge must be finite and >= 0";
        else if (ur > ap->renewable_available_j * (1 + 1e-12))
            why = "the renewable charge exceeds the renewable energy available";
        else if (dis > ap->battery_j)
            why = "the discharge exceeds the battery level";
        else if (dis > ap->energy_last_slot_j * (1 + 1e-12))
            why = "the discharge exceeds the site's demand";
        else if (isnan(q6_battery_next_j(bp, ap->battery_j, dis, ur, ug)))
            why = "the level after eq. (2) exceeds the capacity";
        if (!why)
            continue;
        snprintf(detail, sizeof detail, "AP '%.100s': charge_renewable %g J, charge_grid %g J, discharge %g J "
                 "(level %g J, capacity %g J, renewable %g J, demand %g J): %s", ap->name, ur, ug, dis,
                 ap->battery_j, ap->battery_capacity_j, ap->renewable_available_j, ap->energy_last_slot_j, why);
        c->charge_renewable_j = c->charge_grid_j = c->discharge_j = Q6_UNSET;
        flag(s, Q6_SUBJECT_AP, a, "E1 battery", detail);
    }
}

size_t q6_decision_check(const q6_sched_problem *p, q6_sched_decision *d, unsigned char *bad, uint32_t *node_ap,
                         double *server_sum, const q6_check_options *o)
{
    sink s = {o, 0};
    char detail[240];
    if (p->n_tasks) /* bad may be NULL when no task exists */
        memset(bad, 0, p->n_tasks);
    for (uint32_t n = 0; n < (p->dual_connectivity ? 2 : 1) * p->n_nodes; n++)
        node_ap[n] = UINT32_MAX;
    memset(server_sum, 0, (p->n_aps + 1) * sizeof *server_sum);
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const char *why = check_task(p, d, t, node_ap, server_sum, o, detail, sizeof detail);
        if (why) {
            bad[t] = 1;
            flag(&s, Q6_SUBJECT_TASK, t, why, detail);
        } else if (d->tasks[t].target != Q6_RUN_LOCAL) {
            uint32_t node = p->tasks[t].node, a = d->tasks[t].ap;
            if (node_ap[node] == UINT32_MAX)
                node_ap[node] = a;
            else if (p->dual_connectivity && node_ap[node] != a)
                node_ap[p->n_nodes + node] = a; /* C5 held: a free slot of another kind */
        }
    }
    check_nodes(p, d, node_ap, &s);
    check_aps(p, d, &s);
    return s.n;
}
