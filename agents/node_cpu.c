/* A vehicle's own CPU: every execution on a vehicle host goes through this
 * file, which runs it in SimGrid or in an exact analytic model of the same
 * thing.
 *
 * Why an analytic model: a vehicle's CPU is shared by nothing but that
 * vehicle's own work (its local tasks, the local parts of its partial
 * offloads, its energy-market chunk), one core at a fixed speed S. SimGrid
 * shares such a core equally among the executions on it (processor
 * sharing): with n running, each progresses at S / n. That is exact to
 * compute without SimGrid's resource solver: with the work W(t) that every
 * running execution has received (dW/dt = S / n(t)), an execution started
 * when W = W0 with `flops` to do ends when W reaches W0 + flops, and the
 * executions end in the order of those targets. Bringing a node to time t
 * (advance) ends, one by one, the executions whose targets W reaches by t.
 *
 * Two kinds of executions share a node's model:
 * - a caller's (q6_node_cpu_execute: partial offloads' local parts, market
 *   chunks): the calling actor sleeps until its predicted end and, if a
 *   start delayed it meanwhile, predicts again from there; an end never
 *   moves another's prediction;
 * - a whole local task's (q6_node_cpu_start, issue 13): nothing waits for
 *   it. Its end is found when its node is next brought forward, and handed
 *   back by q6_node_cpu_collect with the time it happened; the aggregator
 *   collects before every decision, so the scheduler sees the same backlog
 *   and outcomes as when a worker actor slept through each task, while no
 *   SimGrid activity, actor switch or simcall is spent on the 90 % of a
 *   city's tasks that run locally.
 *
 * SimGrid's path stays selectable (q6_run_options.local_cpu_simgrid, CLI
 * --local-cpu simgrid); test/engine/test_local_cpu.py checks that both give
 * the same task times on several scenarios. */
#include "agents/agents.h"
#include "sim/base/alloc.h"
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double target;       /* W at which it ends */
    double flops;
    q6_task *task;       /* a whole local task's, or NULL */
    double *ended_s;     /* a caller's: set to its end time */
} cpu_exec;

typedef struct {
    cpu_exec *e;         /* running executions, targets ascending */
    size_t n, cap;
    double work;         /* W at last_s */
    double last_s;
    double speed;
    size_t lazy;         /* whole local tasks among them */
    int listed;          /* in the active list */
} node_cpu;

static struct {
    node_cpu *node;
    size_t n_nodes;
    size_t *active;          /* nodes with whole local tasks running */
    size_t n_active, cap_active;
    q6_node_cpu_done *done;  /* ended whole local tasks not yet collected */
    size_t n_done, cap_done;
    int failed;
} C;

static int cpu_init(q6_world *w)
{
    if (C.node)
        return 0;
    C.n_nodes = w->n_nodes;
    if (!(C.node = calloc(C.n_nodes ? C.n_nodes : 1, sizeof *C.node)))
        return -1;
    for (size_t i = 0; i < C.n_nodes; i++)
        C.node[i].speed = sg_host_get_speed(w->net.node_host[i]);
    return 0;
}

/* The execution at the head of c ended at end_s. */
static void end_first(node_cpu *c, double end_s)
{
    cpu_exec x = c->e[0];
    memmove(c->e, c->e + 1, (c->n - 1) * sizeof *c->e);
    c->n--;
    if (x.ended_s) {
        *x.ended_s = end_s;
        return;
    }
    c->lazy--;
    if (q6_grow_array(&C.done, &C.cap_done, C.n_done + 1, sizeof *C.done) < 0) {
        C.failed = 1;
        return;
    }
    C.done[C.n_done++] = (q6_node_cpu_done){end_s, x.flops, x.task};
}

/* Brings W to now, ending in order what ends by then. */
static void advance(node_cpu *c, double now)
{
    while (c->n) {
        double end = c->last_s + (c->e[0].target - c->work) * (double)c->n / c->speed;
        if (end > now)
            break;
        c->work = c->e[0].target;
        c->last_s = end;
        end_first(c, end);
    }
    if (c->n)
        c->work += (now - c->last_s) * c->speed / (double)c->n;
    c->last_s = now;
}

/* End of the execution at index k if nothing else starts (the same steps
 * as advance). */
static double predict(const node_cpu *c, size_t k)
{
    double t = c->last_s, w = c->work;
    for (size_t i = 0; i <= k; i++) {
        t += (c->e[i].target - w) * (double)(c->n - i) / c->speed;
        w = c->e[i].target;
    }
    return t;
}

/* Starts an execution of flops on node at now; -1 when out of memory. */
static int start(node_cpu *c, double flops, q6_task *task, double *ended_s)
{
    advance(c, simgrid_get_clock());
    if (q6_grow_array(&c->e, &c->cap, c->n + 1, sizeof *c->e) < 0)
        return -1;
    /* Insert in ascending order after equal targets: equal ones end together. */
    double target = c->work + flops;
    size_t k = c->n;
    while (k > 0 && c->e[k - 1].target > target) {
        c->e[k] = c->e[k - 1];
        k--;
    }
    c->e[k] = (cpu_exec){target, flops, task, ended_s};
    c->n++;
    return 0;
}

static size_t find(const node_cpu *c, const double *ended_s)
{
    size_t k = 0;
    while (k < c->n && c->e[k].ended_s != ended_s)
        k++;
    return k;
}

static int analytic_execute(q6_world *w, size_t node, double flops)
{
    if (cpu_init(w) < 0)
        return -1;
    node_cpu *c = &C.node[node];
    double ended_s = -1;
    if (start(c, flops, NULL, &ended_s) < 0)
        return -1;
    while (ended_s < 0) {
        double end = predict(c, find(c, &ended_s));
        if (end > simgrid_get_clock())
            sg_actor_sleep_until(end);
        /* A start meanwhile moved the end later: then this is early. */
        advance(c, simgrid_get_clock());
    }
    return C.failed ? -1 : 0;
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

int q6_node_cpu_start(q6_world *w, q6_task *t, double flops)
{
    if (cpu_init(w) < 0)
        return -1;
    node_cpu *c = &C.node[t->node];
    if (start(c, flops, t, NULL) < 0)
        return -1;
    c->lazy++;
    if (!c->listed) {
        if (q6_grow_array(&C.active, &C.cap_active, C.n_active + 1, sizeof *C.active) < 0)
            return -1;
        C.active[C.n_active++] = t->node;
        c->listed = 1;
    }
    return 0;
}

static int by_end(const void *a, const void *b)
{
    const q6_node_cpu_done *x = a, *y = b;
    if (x->end_s != y->end_s)
        return x->end_s < y->end_s ? -1 : 1;
    return (x->task->id > y->task->id) - (x->task->id < y->task->id);
}

int q6_node_cpu_collect(double now, const q6_node_cpu_done **done, size_t *n)
{
    size_t keep = 0;
    for (size_t j = 0; j < C.n_active; j++) {
        node_cpu *c = &C.node[C.active[j]];
        advance(c, now);
        if (c->lazy)
            C.active[keep++] = C.active[j];
        else
            c->listed = 0;
    }
    C.n_active = keep;
    *n = 0;
    if (C.failed)
        return -1;
    /* In the order they ended (task id among equal times). */
    if (C.n_done) /* qsort of a NULL array, even of 0 items, is undefined */
        qsort(C.done, C.n_done, sizeof *C.done, by_end);
    *done = C.done;
    *n = C.n_done;
    C.n_done = 0;
    return 0;
}

void q6_node_cpu_release(void)
{
    for (size_t i = 0; i < C.n_nodes; i++)
        free(C.node[i].e);
    free(C.node);
    free(C.active);
    free(C.done);
    memset(&C, 0, sizeof C);
}
