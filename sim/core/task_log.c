/* Settling slots and releasing task pages (sim/core/task_log.h). A task's
 * record is read after it ends by: the scheduler's outcomes (ended_ids,
 * handed over at the next decision), the slot's statistics and outcome
 * limits (here, when the slot settles); every other reader (the decision,
 * dispatch, virtual queues) reads the current slot's tasks. So a page may go
 * once every task on it belongs to a settled slot and none of its ids waits
 * in ended_ids. */
#include "sim/core/task_log.h"
#include "sim/base/alloc.h"
#include "sim/core/limits.h"
#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank 95th percentile of v[0..m) (sorted in place), m > 0. */
static double p95_of(double *v, size_t m)
{
    qsort(v, m, sizeof *v, cmp_double);
    return v[(size_t)ceil(0.95 * (double)m) - 1];
}

static int slot_open(const q6_world *w, uint64_t k)
{
    const q6_slot_metrics *m = &w->log.metrics[k];
    return m->completed + m->dropped < m->generated;
}

/* Slot k's latencies appended to the kept ones, its mean and percentile
 * from them (the same sums, in the same order, as over the whole log). */
static int settle_slot(q6_world *w, uint64_t k)
{
    q6_world_log *log = &w->log;
    q6_slot_metrics *m = &log->metrics[k];
    uint64_t first = log->slot_first_task[k];
    if (log->n_latencies + m->generated > log->cap_latencies) {
        size_t cap = log->cap_latencies ? log->cap_latencies : 4096;
        while (cap < log->n_latencies + m->generated)
            cap += cap / 2;
        if (q6_resize_array(&log->latencies_s, cap, sizeof *log->latencies_s) < 0)
            return -1;
        log->cap_latencies = cap;
    }
    size_t start = log->n_latencies;
    double sum = 0;
    for (uint64_t id = first; id < first + m->generated; id++) {
        const q6_task *t = q6_task_get(w, id);
        if (t->state == Q6_TASK_DONE) {
            double lat = t->done_s - t->arrival_s;
            log->latencies_s[log->n_latencies++] = lat;
            sum += lat;
            log->latency_sum_s += lat;
        }
    }
    size_t n = log->n_latencies - start;
    if (!n) {
        m->latency_mean_s = m->latency_p95_s = NAN;
    } else {
        m->latency_mean_s = sum / (double)n;
        /* Sorting the slot's part in place leaves the multiset of the run's
         * latencies, all its percentile needs, unchanged. */
        m->latency_p95_s = p95_of(log->latencies_s + start, n);
    }
    q6_limits_finish_slot(w, k);
    return 0;
}

void q6_task_log_settle(q6_world *w, uint64_t upto, int release)
{
    q6_world_log *log = &w->log;
    q6_task_store *s = &log->tasks;
    while (log->settled_slots < upto && !slot_open(w, log->settled_slots)) {
        if (settle_slot(w, log->settled_slots) < 0) {
            q6_world_fail(w, "out of memory keeping task latencies");
            return;
        }
        log->settled_slots++;
    }
    if (!release)
        return;
    /* Tasks below `keep` are in settled slots: slots are contiguous in ids,
     * and the slot after the last settled one starts at its first task (or
     * at the next task to be made when it is not built yet). */
    uint64_t keep = log->settled_slots < upto ? log->slot_first_task[log->settled_slots] : s->count;
    for (size_t e = 0; e < w->plug.n_ended; e++)
        if (w->plug.ended_ids[e] < keep)
            keep = w->plug.ended_ids[e];
    for (; s->first_live_page < s->n_pages && (s->first_live_page + 1) * (uint64_t)Q6_TASK_PAGE <= keep;
         s->first_live_page++) {
        free(s->pages[s->first_live_page]);
        s->pages[s->first_live_page] = NULL;
    }
}

void q6_task_log_latency(q6_world *w, double *mean_s, double *p95_s)
{
    q6_world_log *log = &w->log;
    if (!log->n_latencies) {
        *mean_s = *p95_s = NAN;
        return;
    }
    *mean_s = log->latency_sum_s / (double)log->n_latencies;
    *p95_s = p95_of(log->latencies_s, log->n_latencies);
}

void q6_task_log_free(q6_world *w)
{
    for (size_t p = 0; p < w->log.tasks.n_pages; p++)
        free(w->log.tasks.pages[p]);
    free(w->log.tasks.pages);
    free(w->log.latencies_s);
    w->log.tasks.pages = NULL;
    w->log.latencies_s = NULL;
}
