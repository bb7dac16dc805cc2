/* Data-parallel loops over a few POSIX threads, for the per-vehicle work of
 * the exogenous timeline (issue 13). A part must not call SimGrid (only the
 * simulation's own thread may) and must write only what it owns, so the
 * results do not depend on how many threads ran them. */
#ifndef Q6_BASE_PARALLEL_H
#define Q6_BASE_PARALLEL_H
#include <stddef.h>

/* fn(ctx, part, n_parts) for every part in 0..n_parts-1: part 0 on the
 * calling thread, the others on threads of their own, returning when all
 * have; a part whose thread cannot be started runs on the calling thread. */
void q6_parallel_run(size_t n_parts, void (*fn)(void *ctx, size_t part, size_t n_parts), void *ctx);

/* [*lo, *hi) of n items for part `part` of n_parts: contiguous, in order,
 * sizes differing by at most one. */
void q6_parallel_range(size_t n, size_t part, size_t n_parts, size_t *lo, size_t *hi);

/* The CPUs this process may run on (sched_getaffinity), at least 1. */
size_t q6_parallel_cpus(void);

#endif
