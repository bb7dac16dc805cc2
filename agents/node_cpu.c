/* A vehicle's own CPU: every execution on a vehicle host goes through
 * q6_node_cpu_execute, which runs it in SimGrid or in an exact analytic
 * model of the same thing.
 *
 * Why an analytic model: a vehicle's CPU is shared by nothing but that
 * vehicle's own work (its local tasks, the local parts of its partial
 * offloads, its energy-market chunk), one core at a fixed speed S. SimGrid
 * shares such a core equally among the executions on it (processor
 * sharing): with n running, each progresses at S / n. That is exact to
 * compute without SimGrid's resource solver: with the work W(t) that every
 * running execution has received (dW/dt = S / n(t)), an execution started
 * when W = W0 with `flops` to do ends when W reaches W0 + flops, and the
 * executions end in the order of those targets. Only the starts change the
 * prediction, so each caller sleeps until its predicted end and, if a start
 * happened meanwhile (the node's epoch moved), predicts again from there;
 * an end never moves another's prediction.
 *
 * SimGrid's path stays selectable (q6_run_options.local_cpu_simgrid, CLI
 * --local-cpu simgrid); test/engine/test_local_cpu.py checks that both give
 * the same task times on several scenarios. */
#include "agents/agents.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdlib.h>

typedef struct {
    double *target;      /* W at which each running execution ends, ascending */
    size_t n, cap;
    double work;         /* W at last_s: work each running execution has received */
    double last_s;
    uint64_t epoch;      /* starts so far */
} node_cpu;

static node_cpu *cpus;
static size_t n_cpus;

/* Brings W to now: between two events nothing starts or ends. */
static void advance(node_cpu *c, double speed, double now)
{
    if (c->n)
        c->work += (now - c->last_s) * speed / (double)c->n;
    c->last_s = now;
}

/* End of the execution whose target is at index k, if nothing else starts. */
static double predict(const node_cpu *c, double speed, size_t k)
{
    double t = c->last_s, w = c->work;
    for (size_t i = 0; i <= k; i++) {
        t += (c->target[i] - w) * (double)(c->n - i) / speed;
        w = c->target[i];
    }
    return t;
}

static size_t find(const node_cpu *c, double target)
{
    size_t k = 0;
    while (k < c->n && c->target[k] != target)
        k++;
    return k;
}

static int analytic_execute(q6_world *w, size_t node, double flops)
{
    if (!cpus) {
        n_cpus = w->n_nodes;
        if (!(cpus = calloc(n_cpus ? n_cpus : 1, sizeof *cpus)))
            return -1;
    }
    node_cpu *c = &cpus[node];
    double speed = sg_host_get_speed(w->net.node_host[node]);
    advance(c, speed, simgrid_get_clock());
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        double *t = realloc(c->target, cap * sizeof *t);
        if (!t)
            return -1;
        c->target = t;
        c->cap = cap;
    }
    /* Insert in ascending order; equal targets end together. */
    double target = c->work + flops;
    size_t k = c->n;
    while (k > 0 && c->target[k - 1] > target) {
        c->target[k] = c->target[k - 1];
        k--;
    }
    c->target[k] = target;
    c->n++;
    c->epoch++;
    for (;;) {
        uint64_t epoch = c->epoch;
        double end = predict(c, speed, find(c, target));
        sg_actor_sleep_until(end);
        if (c->epoch == epoch)
            break;
        advance(c, speed, simgrid_get_clock());
    }
    advance(c, speed, simgrid_get_clock());
    k = find(c, target);
    for (size_t i = k + 1; i < c->n; i++)
        c->target[i - 1] = c->target[i];
    c->n--;
    return 0;
}

void q6_node_cpu_execute(q6_world *w, size_t node, double flops)
{
    if (w->local_cpu_simgrid) {
        sg_actor_set_host(sg_actor_self(), w->net.node_host[node]);
        sg_actor_execute(flops);
        return;
    }
    if (analytic_execute(w, node, flops) < 0)
        q6_world_fail(w, "out of memory for the CPU of node %zu", node);
}

void q6_node_cpu_release(void)
{
    for (size_t i = 0; i < n_cpus; i++)
        free(cpus[i].target);
    free(cpus);
    cpus = NULL;
    n_cpus = 0;
}
