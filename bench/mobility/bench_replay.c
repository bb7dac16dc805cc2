/* Replays a SUMO FCD trace from its first to its last timestep, sampling
 * every step_s, and prints the wall time (peak memory: run under
 * /usr/bin/time -v). Usage: bench_mobility_replay TRACE [STEP_S] */
#include "models/mobility/mobility.h"
#include "traces/mobility/fcd_reader.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s TRACE [STEP_S]\n", argv[0]);
        return 2;
    }
    double step_s = argc > 2 ? atof(argv[2]) : 1.0;
    if (!(step_s > 0)) {
        fprintf(stderr, "STEP_S must be > 0\n");
        return 2;
    }
    char err[1024];
    double t0 = wall_s();
    q6_fcd_summary sum;
    if (q6_fcd_scan(argv[1], &sum, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double t_scan = wall_s() - t0;
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_FCD;
    snprintf(c.trace_path, sizeof c.trace_path, "%s", argv[1]);
    size_t n = sum.max_vehicles_per_step;
    q6_pose *poses = calloc(n ? n : 1, sizeof *poses);
    t0 = wall_s();
    q6_mobility *m = q6_mobility_create(&c, n, 1, 0, err, sizeof err);
    if (!m || !poses) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    long samples = 0, present = 0;
    for (double t = sum.first_time_s; t <= sum.last_time_s; t += step_s) {
        if (q6_mobility_advance(m, t, poses, err, sizeof err) < 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        samples++;
        for (size_t i = 0; i < n; i++)
            present += poses[i].present;
    }
    double t_replay = wall_s() - t0;
    printf("trace: %zu timesteps %.0f..%.0f s, %zu records, at most %zu vehicles at once\n",
           sum.n_steps, sum.first_time_s, sum.last_time_s, sum.n_samples, n);
    printf("scan (sizing pass): %.3f s\n", t_scan);
    printf("replay: %ld samples every %g s, %ld vehicle positions, %.3f s wall (%.1f us per sample)\n",
           samples, step_s, present, t_replay, 1e6 * t_replay / samples);
    q6_mobility_free(m);
    free(poses);
    return 0;
}
