/* greedy: each node uses its strongest-signal AP; a task runs locally when
 * that finishes sooner than offloading it (to the AP's edge server, or to
 * the cloud through a relay-only AP). Finish times use the queued work of
 * this slot's earlier choices.
 * Energy market: feasible pairs (C1-C5) with a positive welfare gain, by
 * gain descending, each taken while its buyer and seller are both free.
 * Reads the channel from the reach lists (Q6_PLUGIN_REACH_LISTS), or the
 * dense arrays when the engine hands those (--dense-channel): the same
 * decisions either way (q6_strongest_ap, q6_equal_share_rate_bps). */
#include "solvers/baselines/baselines.h"
#include "solvers/market/market.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t *node_ap;       /* strongest AP per node, or UINT32_MAX */
    uint32_t *ap_users;      /* nodes choosing each AP this slot */
    double *node_busy_s, *ap_busy_s;
    size_t cap_nodes, cap_aps;
} greedy_state;

static int greedy_init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    (void)a; (void)err; (void)errlen;
    *state = calloc(1, sizeof(greedy_state));
    return *state ? 0 : -1;
}

static void grow(greedy_state *s, uint32_t n_nodes, uint32_t n_aps)
{
    if (n_nodes > s->cap_nodes) {
        s->node_ap = realloc(s->node_ap, n_nodes * sizeof *s->node_ap);
        s->node_busy_s = realloc(s->node_busy_s, n_nodes * sizeof *s->node_busy_s);
        s->cap_nodes = n_nodes;
    }
    if (n_aps > s->cap_aps) {
        s->ap_users = realloc(s->ap_users, n_aps * sizeof *s->ap_users);
        s->ap_busy_s = realloc(s->ap_busy_s, n_aps * sizeof *s->ap_busy_s);
        s->cap_aps = n_aps;
    }
}

static int greedy_decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    greedy_state *s = state;
    grow(s, p->n_nodes, p->n_aps);
    if (p->n_aps)
        memset(s->ap_users, 0, p->n_aps * sizeof *s->ap_users);
    for (uint32_t a = 0; a < p->n_aps; a++)
        s->ap_busy_s[a] = p->aps[a].backlog_s;
    for (uint32_t n = 0; n < p->n_nodes; n++) {
        s->node_ap[n] = q6_strongest_ap(p, n);
        s->node_busy_s[n] = p->nodes[n].backlog_s;
    }
    /* Users per AP: nodes with at least one task (an upper bound on sharers). */
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        uint32_t n = p->tasks[t].node;
        if (s->node_ap[n] != UINT32_MAX && (t == 0 || p->tasks[t - 1].node != n))
            s->ap_users[s->node_ap[n]]++;
    }
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *task = &p->tasks[t];
        if (task->kind == Q6_TASK_QUANTUM)
            continue; /* its preset: QPU 0 through the AP the node hears best */
        uint32_t n = task->node, a = s->node_ap[n];
        double local_s = s->node_busy_s[n] + task->work_flops / p->nodes[n].cpu_flops;
        d->tasks[t].target = Q6_RUN_LOCAL;
        d->tasks[t].ap = 0;
        if (a != UINT32_MAX) {
            double rate = q6_equal_share_rate_bps(p, n, a, s->ap_users[a]);
            double air_s = 8.0 * (task->input_bytes + task->output_bytes) / rate;
            int edge = p->aps[a].cpu_flops > 0;
            double server_flops = edge ? p->aps[a].cpu_flops : p->cloud_flops;
            double queue_s = edge ? s->ap_busy_s[a] : 0.0;
            double off_s = air_s + queue_s + task->work_flops / server_flops;
            if (off_s < local_s) {
                d->tasks[t].target = edge ? Q6_RUN_AP : Q6_RUN_CLOUD;
                d->tasks[t].ap = a;
                if (edge)
                    s->ap_busy_s[a] += task->work_flops / server_flops;
                continue;
            }
        }
        s->node_busy_s[n] = local_s;
    }
    q6_sched_route_quantum(p, d);
    return 0;
}

static void greedy_finish(void *state)
{
    greedy_state *s = state;
    if (!s)
        return;
    free(s->node_ap);
    free(s->ap_users);
    free(s->node_busy_s);
    free(s->ap_busy_s);
    free(s);
}

static int greedy_match(void *state, const q6_market_problem *p, q6_market_decision *d, char *err, size_t errlen)
{
    (void)state;
    uint32_t *pairs = malloc(((size_t)p->n_buyers * p->n_sellers + 1) * sizeof *pairs);
    if (!pairs) {
        snprintf(err, errlen, "out of memory for %u x %u pairs", p->n_buyers, p->n_sellers);
        return -ENOMEM;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < p->n_buyers; i++) {
        d->seller_of[i] = -1;
        for (uint32_t j = 0; j < p->n_sellers; j++)
            if (q6_market_feasible(p, i, j) && q6_market_gain(p, i, j) > 0.0)
                pairs[n++] = (uint32_t)q6_market_pair(p, i, j);
    }
    uint64_t ops = (uint64_t)p->n_buyers * p->n_sellers;
    int rc = q6_market_take_best(p, pairs, n, d->seller_of, NULL, &ops);
    free(pairs);
    if (rc != 0)
        snprintf(err, errlen, "out of memory sorting %zu pairs", n);
    q6_market_charge(p, ops);
    return rc;
}

const q6_scheduler q6_sched_greedy = {
    .h = {sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, Q6_PLUGIN_REACH_LISTS, "greedy",
          "strongest-signal AP; run locally when that finishes sooner than offloading"},
    .init = greedy_init, .decide = greedy_decide, .finish = greedy_finish};

const q6_matcher q6_match_greedy = {
    .h = {sizeof(q6_matcher), Q6_ABI_VERSION, Q6_KIND_MATCHER, 0, "greedy",
          "energy market: feasible pairs with a positive welfare gain, largest gain first"},
    .match = greedy_match};
