/* Worker pool: the actors that carry tasks, reused instead of one new actor
 * per task.
 *
 * Why: creating an actor in SimGrid 3.32 costs a context and a stack that
 * is calloc'ed (every page touched) under contexts/guard-size:0; with one
 * actor per task that was 8-13 % of a run (docs/engine.md). A worker runs
 * one job (a function on a task), puts itself on the free list and
 * suspends itself; q6_pool_run moves a free worker to the job's host and
 * resumes it, or starts a new worker when none is free. Resumed and new
 * workers join SimGrid's run queue in call order, so the order in which
 * jobs start does not depend on whether a worker was reused. */
#include "agents/agents.h"
#include <simgrid/actor.h>
#include <stdlib.h>

typedef struct q6_worker {
    sg_actor_t actor;
    q6_job_fn fn;
    q6_task *task;
    struct q6_worker *next_free;
    struct q6_worker *next_all; /* every worker of the run, to free them */
} q6_worker;

static q6_worker *free_list, *all_workers;

static void worker_main(int argc, char **argv)
{
    (void)argc; (void)argv;
    sg_actor_daemonize(sg_actor_self());
    q6_worker *me = sg_actor_self_get_data();
    for (;;) {
        me->fn(q6_agents_world(), me->task);
        me->task = NULL;
        me->next_free = free_list;
        free_list = me;
        sg_actor_suspend(sg_actor_self());
    }
}

void q6_pool_run(sg_host_t host, q6_job_fn fn, q6_task *t)
{
    q6_worker *wk = free_list;
    if (wk) {
        free_list = wk->next_free;
        wk->fn = fn;
        wk->task = t;
        sg_actor_set_host(wk->actor, host);
        sg_actor_resume(wk->actor);
        return;
    }
    wk = calloc(1, sizeof *wk);
    if (!wk) {
        q6_world_fail(q6_agents_world(), "out of memory for a worker actor (task %llu)", (unsigned long long)t->id);
        return;
    }
    wk->fn = fn;
    wk->task = t;
    wk->next_all = all_workers;
    all_workers = wk;
    wk->actor = sg_actor_init("worker", host);
    sg_actor_set_data(wk->actor, wk);
    sg_actor_start_(wk->actor, worker_main, 0, NULL);
}

void q6_pool_release(void)
{
    while (all_workers) {
        q6_worker *next = all_workers->next_all;
        free(all_workers);
        all_workers = next;
    }
    free_list = NULL;
}
