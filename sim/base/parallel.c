/* Threads for q6_parallel_run (sim/base/parallel.h). A thread per part and
 * call: a slot's timeline takes milliseconds to tens of milliseconds, a
 * thread start some tens of microseconds, so a pool would not pay for its
 * synchronisation code. */
#include "sim/base/parallel.h"
#include <pthread.h>
#include <sched.h>

typedef struct {
    void (*fn)(void *ctx, size_t part, size_t n_parts);
    void *ctx;
    size_t part, n_parts;
} part_call;

static void *run_part(void *arg)
{
    part_call *c = arg;
    c->fn(c->ctx, c->part, c->n_parts);
    return NULL;
}

void q6_parallel_run(size_t n_parts, void (*fn)(void *ctx, size_t part, size_t n_parts), void *ctx)
{
    enum { MAX_PARTS = 64 };
    if (n_parts > MAX_PARTS)
        n_parts = MAX_PARTS;
    pthread_t tid[MAX_PARTS];
    part_call call[MAX_PARTS];
    int started[MAX_PARTS] = {0};
    for (size_t p = 1; p < n_parts; p++) {
        call[p] = (part_call){fn, ctx, p, n_parts};
        started[p] = pthread_create(&tid[p], NULL, run_part, &call[p]) == 0;
    }
    fn(ctx, 0, n_parts);
    for (size_t p = 1; p < n_parts; p++) {
        if (started[p])
            pthread_join(tid[p], NULL);
        else
            fn(ctx, p, n_parts);
    }
}

void q6_parallel_range(size_t n, size_t part, size_t n_parts, size_t *lo, size_t *hi)
{
    size_t base = n / n_parts, extra = n % n_parts;
    *lo = part * base + (part < extra ? part : extra);
    *hi = *lo + base + (part < extra);
}

size_t q6_parallel_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? (size_t)n : 1;
}
