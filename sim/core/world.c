#include "sim/core/world.h"
#include <simgrid/engine.h>
#include <simgrid/actor.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

q6_task *q6_task_get(q6_world *w, uint64_t id)
{
    return &w->log.tasks.pages[id / Q6_TASK_PAGE][id % Q6_TASK_PAGE];
}

q6_task *q6_task_new(q6_world *w)
{
    q6_task_store *s = &w->log.tasks;
    if (s->count == s->n_pages * Q6_TASK_PAGE) {
        q6_task **pages = realloc(s->pages, (s->n_pages + 1) * sizeof *s->pages);
        if (!pages)
            return NULL;
        s->pages = pages;
        if (!(s->pages[s->n_pages] = calloc(Q6_TASK_PAGE, sizeof(q6_task))))
            return NULL;
        s->n_pages++;
    }
    q6_task *t = q6_task_get(w, s->count);
    memset(t, 0, sizeof *t);
    t->id = s->count++;
    return t;
}

void q6_world_event_at(q6_world *w, double time_s, int kind, uint64_t slot, uint64_t task, int32_t node,
                       int32_t ap, const char *host, double value, const char *detail)
{
    if (!w->log.trace)
        return;
    q6_trace_event e = {time_s, kind, slot, task, node, ap, host, value, detail};
    q6_trace_write(w->log.trace, &e);
}

void q6_world_event(q6_world *w, int kind, uint64_t slot, uint64_t task, int32_t node,
                    int32_t ap, const char *host, double value, const char *detail)
{
    q6_world_event_at(w, simgrid_get_clock(), kind, slot, task, node, ap, host, value, detail);
}

void q6_world_task_ended(q6_world *w, const q6_task *t)
{
    if (w->plug.n_ended == w->plug.cap_ended) {
        size_t cap = w->plug.cap_ended ? 2 * w->plug.cap_ended : 1024;
        uint64_t *p = realloc(w->plug.ended_ids, cap * sizeof *p);
        if (!p) {
            q6_world_fail(w, "out of memory recording task outcomes");
            return;
        }
        w->plug.ended_ids = p;
        w->plug.cap_ended = cap;
    }
    w->plug.ended_ids[w->plug.n_ended++] = t->id;
}

void q6_world_task_part_done(q6_world *w, q6_task *t, double now_s)
{
    if (--t->parts_left <= 0)
        q6_world_task_finished(w, t, now_s);
}

void q6_world_task_finished(q6_world *w, q6_task *t, double now_s)
{
    if (t->state != Q6_TASK_PENDING)
        return;
    q6_world_task_ended(w, t);
    t->done_s = now_s;
    q6_slot_metrics *m = &w->log.metrics[t->slot];
    if (now_s <= t->deadline_s) {
        t->state = Q6_TASK_DONE;
        m->completed++;
        m->weighted_latency_s += t->priority_weight * (now_s - t->arrival_s);
        q6_world_event_at(w, now_s, Q6_EV_TASK_DONE, t->slot, t->id, (int32_t)t->node, -1, NULL,
                          now_s - t->arrival_s, NULL);
    } else {
        t->state = Q6_TASK_DROPPED;
        m->dropped++;
        q6_world_event_at(w, now_s, Q6_EV_TASK_DROPPED, t->slot, t->id, (int32_t)t->node, -1, NULL,
                          now_s - t->arrival_s, "deadline missed");
    }
}

void q6_world_violation(q6_world *w, const char *plugin, uint64_t slot, uint64_t task, int32_t node,
                        double value, const char *subject, const char *consequence, const char *constraint,
                        const char *detail)
{
    char msg[512];
    snprintf(msg, sizeof msg, "plugin '%s' violated %s: %s", plugin, constraint, detail);
    q6_world_event(w, Q6_EV_INFEASIBLE, slot, task, node, -1, NULL, value, msg);
    if (w->plug.infeasible_reported++ < 5)
        fprintf(stderr, "q6sim: slot %llu, %s: %s; %s\n", (unsigned long long)slot, subject, msg, consequence);
    if (w->plug.strict)
        q6_world_fail(w, "slot %llu: %s (--strict)", (unsigned long long)slot, msg);
}

/* Records the run's failure (the first one only); 1 if this one is it. */
static int record_failure(q6_world *w, const char *fmt, va_list ap)
{
    if (w->status.failed)
        return 0;
    vsnprintf(w->status.fail_msg, sizeof w->status.fail_msg, fmt, ap);
    w->status.failed = 1;
    return 1;
}

void q6_world_fail_soon(q6_world *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_failure(w, fmt, ap);
    va_end(ap);
}

void q6_world_fail(q6_world *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int first = record_failure(w, fmt, ap);
    va_end(ap);
    if (first)
        sg_actor_kill_all();
}

void q6_world_fail_input(q6_world *w, const char *msg)
{
    if (!w->status.failed)
        w->status.failed_on_input = 1;
    q6_world_fail(w, "%s", msg);
}
