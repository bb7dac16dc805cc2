/* Trace replay driving shared by fuzz_fcd, fuzz_fcd_gzip and fuzz_ns2.
 *
 * Replay is capped at MAX_SLOTS node slots so one input stays cheap (a
 * trace with more vehicles is still scanned and read in full). Sample
 * times: 17 equal steps over the trace's span, then past its end.
 *
 * Invariants checked (they are what the engine relies on downstream, e.g.
 * the connectivity grid index): a scan's summary is self-consistent, and
 * every present pose a replay returns is finite. */
#include "mobility_exercise.h"
#include "fuzz_util.h"
#include "traces/mobility/fcd_reader.h"
#include "traces/mobility/ns2_scan.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SLOTS 256
#define STEPS 16

static void replay(q6_mobility_kind kind, const char *path, size_t n_slots, double t0_s, double span_s)
{
    if (n_slots == 0 || n_slots > MAX_SLOTS)
        return;
    q6_mobility_config cfg;
    q6_mobility_config_defaults(&cfg);
    cfg.kind = kind;
    snprintf(cfg.trace_path, sizeof cfg.trace_path, "%s", path);
    cfg.time_offset_s = isfinite(t0_s) ? t0_s : 0;
    if (!isfinite(span_s) || span_s < 0)
        span_s = 0;
    char err[1024];
    q6_mobility *m = q6_mobility_create(&cfg, n_slots, 1, 0, err, sizeof err);
    if (!m) {
        q6fuzz_note("replay: %s", err);
        return;
    }
    q6_pose poses[MAX_SLOTS];
    for (int k = 0; k <= STEPS + 1; k++) {
        double t = k <= STEPS ? span_s * k / STEPS : span_s + 1.0;
        if (q6_mobility_advance(m, t, poses, err, sizeof err) < 0) {
            q6fuzz_note("replay at %g s: %s", t, err);
            break;
        }
        for (size_t i = 0; i < n_slots; i++) {
            const q6_pose *p = &poses[i];
            if (p->present && !(isfinite(p->x_m) && isfinite(p->y_m) && isfinite(p->z_m) &&
                                isfinite(p->speed_mps) && isfinite(p->heading_rad)))
                q6fuzz_fail("replay returned a present pose that is not finite");
        }
    }
    q6_mobility_free(m);
}

void q6fuzz_exercise_fcd(const char *path)
{
    char err[1024];
    q6_fcd_summary sum;
    if (q6_fcd_scan(path, &sum, err, sizeof err) < 0) {
        q6fuzz_note("%s", err);
        return;
    }
    q6fuzz_note("scan: %zu steps, %zu samples, up to %zu vehicles", sum.n_steps, sum.n_samples,
                sum.max_vehicles_per_step);
    if (sum.n_steps > 0 && !(sum.first_time_s <= sum.last_time_s))
        q6fuzz_fail("fcd scan: first time after last time");
    if (sum.max_vehicles_per_step > sum.n_samples)
        q6fuzz_fail("fcd scan: more vehicles in one step than samples");

    /* The step reader on its own: the scan accepted the file, so it must
     * read to the end without error and see the same counts. */
    q6_fcd_reader *r = q6_fcd_open(path, err, sizeof err);
    if (!r)
        q6fuzz_fail("fcd: scan accepted a file open refuses");
    size_t steps = 0, samples = 0;
    double t;
    const q6_fcd_sample *s;
    size_t n;
    int rc;
    while ((rc = q6_fcd_next_step(r, &t, &s, &n, err, sizeof err)) == 1) {
        steps++;
        samples += n;
    }
    q6_fcd_close(r);
    if (rc < 0 || steps != sum.n_steps || samples != sum.n_samples)
        q6fuzz_fail("fcd: step reader disagrees with scan");

    if (sum.n_steps > 0)
        replay(Q6_MOB_FCD, path, sum.max_vehicles_per_step, sum.first_time_s,
               sum.last_time_s - sum.first_time_s);
}

void q6fuzz_exercise_ns2(const char *path)
{
    char err[1024];
    size_t n_nodes = 0;
    if (q6_ns2_count_nodes(path, &n_nodes, err, sizeof err) < 0) {
        q6fuzz_note("%s", err);
        return;
    }
    q6fuzz_note("ns2: %zu nodes", n_nodes);
    /* ns-2 gives no span up front: sample the first 1000 s. */
    replay(Q6_MOB_NS2, path, n_nodes, 0, 1000);
}
