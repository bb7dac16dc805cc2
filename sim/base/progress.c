#include "sim/base/progress.h"
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* Shown only once a run has lasted this long, and refreshed at most this often. */
#define SHOW_AFTER_S 2.0
#define REFRESH_S 0.5

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void q6_progress_start(q6_progress *p, int enabled)
{
    p->enabled = enabled < 0 ? isatty(STDERR_FILENO) : enabled;
    p->start_wall_s = p->last_print_s = wall_s();
    p->printed = 0;
}

void q6_progress_slot(q6_progress *p, uint64_t done, uint64_t total, double sim_s, uint64_t events)
{
    if (!p->enabled)
        return;
    double now = wall_s(), elapsed = now - p->start_wall_s;
    if (elapsed < SHOW_AFTER_S || now - p->last_print_s < REFRESH_S)
        return;
    p->last_print_s = now;
    double eta = done ? elapsed / (double)done * (double)(total - done) : 0.0;
    fprintf(stderr, "\rq6sim: slot %llu/%llu, simulated %.1f s, %.0f events/s, ETA %.0f s   ",
            (unsigned long long)done, (unsigned long long)total, sim_s, (double)events / elapsed, eta);
    fflush(stderr);
    p->printed = 1;
}

void q6_progress_end(q6_progress *p)
{
    if (p->printed)
        fputc('\n', stderr);
    p->printed = 0;
}
