/* A vehicle's radio link: every transfer between a vehicle and an AP (the
 * upload of an offloaded input, the download of its result, a quantum
 * circuit's round trip) goes through q6_node_radio_hop, which runs it in
 * SimGrid or in an exact analytic model of the same sharing.
 *
 * Why an analytic model (issue 13): in SimGrid a vehicle's transfer crosses
 * its own link, the vehicle cluster's backbone, the cluster's link to the
 * RAN router and the AP's air link. The backbone and that link (1 PB/s,
 * never limiting) are constraints of SimGrid's max-min system shared by
 * every vehicle transfer, so all transfers in flight form one coupled
 * system that SimGrid re-solves whole at each transfer's start and end:
 * 55 % of the P3 city's time, growing with the vehicles (docs/engine.md;
 * SimGrid's routing cannot give a vehicle a route without such a shared
 * hop). Only two of the route's links can limit a transfer: the vehicle's
 * own link (its rate, set by the aggregator at each decision, shared by
 * that vehicle's transfers in both directions) and the AP's air link
 * (air_capacity_bps, 10 Gbit/s by default, a hundred times a vehicle's
 * rate). While the air link does not limit (the rates of the vehicles with
 * transfers through it add up to no more than its capacity) each vehicle's
 * link is a queue of its own, computed here as SimGrid's CM02 model (the
 * network model engine.c sets) computes it:
 * - a transfer moves whole bytes (sg_host_sendto truncates the amount);
 * - its rate is bounded from its start by the narrowest link of its route
 *   at that moment (the vehicle's own, at the rate then set), and by
 *   TCP-gamma / (2 x latency) when the route has a latency; a later rate
 *   increase does not lift that bound;
 * - it first waits the route's latency (the AP's air-link latency, paper
 *   004's coding delay, else 0), then shares the link by max-min with a
 *   sharing penalty equal to that latency (1 when it is 0): with capacity
 *   to spare every transfer runs at its bound, otherwise the link is
 *   filled in ascending order of bound x penalty, the rest sharing what is
 *   left in proportion to 1 / penalty;
 * - between two events (a start, an end, a rate change) the shares hold,
 *   so a transfer's end is predicted by ending the vehicle's transfers one
 *   by one; a start only delays the others (the caller wakes early and
 *   predicts again), a rate increase may hasten them, so the caller waits
 *   on a semaphore of its own with a timeout and a rate increase wakes it.
 * The air link's condition is checked at every start and rate change; if
 * it could limit, the run fails saying so (rerun with --radio simgrid).
 * Numbers agree with SimGrid's to its timing precision (1e-9 s). A scenario
 * with an energy market (paper 000: its messages cross vehicle links in
 * SimGrid) runs its radio in SimGrid.
 *
 * SimGrid's path stays selectable (w->radio_simgrid, CLI --radio simgrid);
 * test/engine/test_radio.py checks that both give the same task times. */
#include "agents/agents.h"
#include "sim/base/alloc.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <simgrid/semaphore.h>
#include <xbt/config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double remaining;    /* bytes left */
    double weight;       /* 1 / SimGrid's sharing penalty */
    double bound_Bps;    /* SimGrid's bound on its rate, fixed at its start */
    double rate_Bps;     /* its share now (scratch of allocate) */
    uint32_t ap;         /* whose air link it crosses */
    uint64_t id;
    sg_sem_t sem;        /* its caller waits on it: a rate increase wakes it */
    int waiting;         /* its caller is waiting (or about to) */
} flow;

typedef struct {
    flow *f;             /* running transfers */
    double *scratch;     /* predict's copy of the remaining bytes */
    unsigned char *live; /* predict's flows not yet ended */
    size_t n, cap;
    double last_s;       /* remaining bytes are as of last_s */
    double rate_Bps;     /* the link's bandwidth */
    int rate_known;
    uint64_t epoch;      /* starts and rate changes so far */
} node_radio;

static struct {
    node_radio *node;
    size_t n_nodes, n_aps;
    double *ap_sum_Bps;      /* per AP: rates of the vehicles with transfers through it */
    uint32_t *ap_vehicles;   /* per AP: how many such vehicles */
    uint64_t next_id;
    double tcp_gamma;
    sg_sem_t *all, *spare;   /* every semaphore made; the free ones (room for all) */
    size_t n_all, cap_all, n_spare;
    sg_sem_t *wake;          /* set_rate's list of semaphores to release */
    size_t cap_wake;
} R;

static int radio_init(q6_world *w)
{
    if (R.node)
        return 0;
    R.n_nodes = w->n_nodes;
    R.n_aps = w->n_aps;
    R.node = calloc(R.n_nodes ? R.n_nodes : 1, sizeof *R.node);
    R.ap_sum_Bps = calloc(R.n_aps ? R.n_aps : 1, sizeof *R.ap_sum_Bps);
    R.ap_vehicles = calloc(R.n_aps ? R.n_aps : 1, sizeof *R.ap_vehicles);
    R.tcp_gamma = sg_cfg_get_double("network/TCP-gamma");
    return R.node && R.ap_sum_Bps && R.ap_vehicles ? 0 : -1;
}

/* Max-min shares of the link among the flows whose `live` entry is set
 * (weighted by w, each at most its bound), into f[i].rate_Bps: with
 * capacity left over every flow runs at its bound; otherwise the flows
 * whose bound is below their weighted share of what the ones before them
 * left take their bound, in ascending order of bound / weight, and the
 * rest split the remainder by weight. */
static void allocate(node_radio *c, const unsigned char *live)
{
    double bounds = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!live || live[i])
            bounds += c->f[i].bound_Bps;
    if (bounds <= c->rate_Bps) {
        for (size_t i = 0; i < c->n; i++)
            c->f[i].rate_Bps = c->f[i].bound_Bps;
        return;
    }
    double left = c->rate_Bps, weights = 0;
    for (size_t i = 0; i < c->n; i++) {
        c->f[i].rate_Bps = -1; /* not yet set */
        if (!live || live[i])
            weights += c->f[i].weight;
    }
    for (;;) {
        /* The unset flow with the smallest bound / weight. */
        size_t k = c->n;
        for (size_t i = 0; i < c->n; i++)
            if ((!live || live[i]) && c->f[i].rate_Bps < 0 &&
                (k == c->n || c->f[i].bound_Bps * c->f[k].weight < c->f[k].bound_Bps * c->f[i].weight))
                k = i;
        if (k == c->n)
            return;
        if (c->f[k].bound_Bps * weights <= c->f[k].weight * left) {
            c->f[k].rate_Bps = c->f[k].bound_Bps;
            left -= c->f[k].bound_Bps;
            weights -= c->f[k].weight;
            continue;
        }
        for (size_t i = 0; i < c->n; i++)
            if ((!live || live[i]) && c->f[i].rate_Bps < 0)
                c->f[i].rate_Bps = c->f[i].weight * left / weights;
        return;
    }
}

/* Brings the remaining bytes to now: between two events nothing starts,
 * ends or changes, so the shares hold. */
static void advance(node_radio *c, double now)
{
    if (c->n && now > c->last_s) {
        allocate(c, NULL);
        for (size_t i = 0; i < c->n; i++)
            c->f[i].remaining -= c->f[i].rate_Bps * (now - c->last_s);
    }
    c->last_s = now;
}

/* End of the transfer at index k if nothing starts and the rate holds:
 * transfers end one by one, each end sharing the link anew. */
static double predict(node_radio *c, size_t k)
{
    unsigned char *live = c->live;
    for (size_t i = 0; i < c->n; i++) {
        live[i] = 1;
        c->scratch[i] = c->f[i].remaining;
    }
    double t = c->last_s;
    for (;;) {
        allocate(c, live);
        size_t j = c->n;
        double dt = 0;
        for (size_t i = 0; i < c->n; i++)
            if (live[i]) {
                double d = c->scratch[i] > 0 ? c->scratch[i] / c->f[i].rate_Bps : 0.0;
                if (j == c->n || d < dt) {
                    j = i;
                    dt = d;
                }
            }
        t += dt;
        if (j == k)
            return t;
        live[j] = 0;
        for (size_t i = 0; i < c->n; i++)
            if (live[i])
                c->scratch[i] -= c->f[i].rate_Bps * dt;
    }
}

static size_t find(const node_radio *c, uint64_t id)
{
    size_t k = 0;
    while (k < c->n && c->f[k].id != id)
        k++;
    return k;
}

static size_t flows_via(const node_radio *c, uint32_t ap)
{
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++)
        m += c->f[i].ap == ap;
    return m;
}

/* The model's condition (file comment); a failed run when it breaks. */
static int check_air(q6_world *w, const node_radio *c)
{
    for (size_t i = 0; i < c->n; i++) {
        uint32_t a = c->f[i].ap;
        double cap = w->net.air_capacity_Bps[a];
        if (R.ap_sum_Bps[a] > cap * (1 + 1e-12)) {
            q6_world_fail_soon(w, "at t = %.9g s the vehicles with transfers through the air link of AP '%s' "
                          "have rates adding up to %.6g bit/s, above its air_capacity_bps %.6g: the analytic "
                          "radio model (docs/engine.md) assumes that link never limits them; rerun with "
                          "--radio simgrid", simgrid_get_clock(), sg_host_get_name(w->net.ap_host[a]),
                          8 * R.ap_sum_Bps[a], 8 * cap);
            return -1;
        }
    }
    return 0;
}

static node_radio *node_state(q6_world *w, size_t node)
{
    node_radio *c = &R.node[node];
    if (!c->rate_known) {
        c->rate_Bps = sg_link_get_bandwidth(w->net.node_link[node]);
        c->rate_known = 1;
    }
    return c;
}

/* A semaphore for one transfer's caller to wait on: free ones are reused
 * (a wake it did not consume only makes its next user predict again). A
 * semaphore, not a condition: a release before the wait begins is kept,
 * and no mutex is involved (SimGrid 3.32 leaks what an actor killed while
 * waiting on one holds). NULL when out of memory. */
static sg_sem_t take_sem(void)
{
    if (R.n_spare)
        return R.spare[--R.n_spare];
    if (R.n_all == R.cap_all) {
        size_t cap = R.cap_all ? 2 * R.cap_all : 64;
        if (q6_resize_array(&R.all, cap, sizeof *R.all) < 0 || q6_resize_array(&R.spare, cap, sizeof *R.spare) < 0)
            return NULL;
        R.cap_all = cap;
    }
    sg_sem_t s = sg_sem_init(0);
    if (s)
        R.all[R.n_all++] = s;
    return s;
}

static void give_sem(sg_sem_t s) { R.spare[R.n_spare++] = s; } /* spare has room for all */

/* After the latency: a transfer of `bytes` with its weight and bound, its
 * caller waiting on sem. */
static int transfer(q6_world *w, size_t node, uint32_t ap, double bytes, double weight, double bound_Bps,
                    sg_sem_t sem)
{
    node_radio *c = node_state(w, node);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        if (q6_resize_array(&c->f, cap, sizeof *c->f) < 0 || q6_resize_array(&c->scratch, cap, sizeof *c->scratch) < 0 ||
            q6_resize_array(&c->live, cap, sizeof *c->live) < 0)
            return -1;
        c->cap = cap;
    }
    advance(c, simgrid_get_clock());
    uint64_t id = R.next_id++;
    c->f[c->n++] = (flow){bytes, weight, bound_Bps, 0, ap, id, sem, 0};
    c->epoch++;
    if (flows_via(c, ap) == 1) {
        R.ap_sum_Bps[ap] += c->rate_Bps;
        R.ap_vehicles[ap]++;
    }
    /* A broken condition fails the run (which ends it); the rest tidies up. */
    int ok = check_air(w, c) == 0;
    while (ok) {
        uint64_t epoch = c->epoch;
        double end = predict(c, find(c, id)), now = simgrid_get_clock();
        if (end > now) {
            c->f[find(c, id)].waiting = 1;
            sg_sem_acquire_timeout(sem, end - now);
            c->f[find(c, id)].waiting = 0;
        }
        advance(c, simgrid_get_clock());
        /* Done when it reached its end with nothing changed meanwhile; a
         * start or rate change (or a stray wake) predicts again. */
        if (c->epoch == epoch && simgrid_get_clock() >= end)
            break;
    }
    size_t k = find(c, id);
    c->f[k] = c->f[--c->n];
    if (flows_via(c, ap) == 0)
        R.ap_sum_Bps[ap] = --R.ap_vehicles[ap] ? R.ap_sum_Bps[ap] - c->rate_Bps : 0.0;
    return 0;
}

void q6_node_radio_hop(q6_world *w, size_t node, uint32_t ap, sg_host_t to, double bytes)
{
    if (w->radio_simgrid) {
        q6_hop(to, bytes);
        return;
    }
    if (radio_init(w) < 0) {
        q6_world_fail_soon(w, "out of memory for the radio links of %zu vehicles", w->n_nodes);
        return;
    }
    /* Made (a simcall) before the transfer's start is read. */
    sg_sem_t sem = take_sem();
    if (!sem) {
        q6_world_fail_soon(w, "out of memory for the transfers of vehicle %zu", node);
        return;
    }
    /* CM02: the rate bound is fixed at the start (the route's narrowest
     * link then, the node's own; and TCP-gamma / (2 latency)); then the
     * latency; then a sharing penalty equal to it (1 without). */
    double lat = w->net.air_latency_s[ap];
    double bound = node_state(w, node)->rate_Bps;
    if (bound > w->net.air_capacity_Bps[ap])
        bound = w->net.air_capacity_Bps[ap];
    if (lat > 0 && R.tcp_gamma > 0 && R.tcp_gamma / (2.0 * lat) < bound)
        bound = R.tcp_gamma / (2.0 * lat);
    if (lat > 0)
        sg_actor_sleep_for(lat);
    /* sg_host_sendto moves whole bytes: it truncates the amount. */
    bytes = floor(bytes);
    int rc = bytes > 0 ? transfer(w, node, ap, bytes, lat > 0 ? 1.0 / lat : 1.0, bound, sem) : 0;
    give_sem(sem);
    if (rc < 0)
        q6_world_fail_soon(w, "out of memory for the transfers of vehicle %zu", node);
    sg_actor_set_host(sg_actor_self(), to);
}

void q6_node_radio_set_rate(q6_world *w, size_t node, double bytes_per_s)
{
    if (w->radio_simgrid) {
        sg_link_set_bandwidth(w->net.node_link[node], bytes_per_s);
        return;
    }
    if (radio_init(w) < 0) {
        q6_world_fail(w, "out of memory for the radio links of %zu vehicles", w->n_nodes);
        return;
    }
    node_radio *c = node_state(w, node);
    if (c->rate_Bps == bytes_per_s)
        return;
    advance(c, simgrid_get_clock());
    /* The vehicle's rate counts once for each AP its transfers cross. */
    for (size_t i = 0; i < c->n; i++) {
        size_t j = 0;
        while (j < i && c->f[j].ap != c->f[i].ap)
            j++;
        if (j == i)
            R.ap_sum_Bps[c->f[i].ap] += bytes_per_s - c->rate_Bps;
    }
    int faster = bytes_per_s > c->rate_Bps;
    c->rate_Bps = bytes_per_s;
    if (c->n) {
        c->epoch++;
        check_air(w, c);
        /* A lower rate only delays them: they wake early and predict again.
         * The semaphores are listed first: each release is a simcall, during
         * which the node's transfers may end and move in its array. */
        size_t m = 0;
        for (size_t i = 0; faster && i < c->n; i++)
            if (c->f[i].waiting) {
                if (q6_grow_array(&R.wake, &R.cap_wake, m + 1, sizeof *R.wake) < 0) {
                    q6_world_fail(w, "out of memory for the transfers of vehicle %zu", node);
                    return;
                }
                R.wake[m++] = c->f[i].sem;
            }
        for (size_t j = 0; j < m; j++)
            sg_sem_release(R.wake[j]);
    }
}

void q6_node_radio_release(void)
{
    for (size_t i = 0; R.node && i < R.n_nodes; i++) {
        free(R.node[i].f);
        free(R.node[i].scratch);
        free(R.node[i].live);
    }
    for (size_t i = 0; i < R.n_all; i++)
        sg_sem_destroy(R.all[i]);
    free(R.all);
    free(R.spare);
    free(R.wake);
    free(R.node);
    free(R.ap_sum_Bps);
    free(R.ap_vehicles);
    memset(&R, 0, sizeof R);
}
