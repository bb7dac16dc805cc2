/* Analysis of a `q6sim compare` run folder: every scheduler ran every
 * replication r with seed seeds[r], outputs in RUNS/<scheduler>/rep<r>/.
 * Reads summary.json and slots.csv of each run, checks that the timeline
 * digests agree within each replication, and writes the statistics. */
#ifndef Q6_WORKFLOW_COMPARE_H
#define Q6_WORKFLOW_COMPARE_H
#include "sim/workflow/strlist.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    size_t n_sched, n_rep;
    char *const *sched;      /* scheduler names; the first is the reference of paired differences */
    const uint64_t *seeds;   /* seed of each replication */
    const char *dir;         /* the compare folder; runs are in DIR/runs/<s>/rep<r> */
} q6_compare_layout;

typedef struct {
    q6_strlist metrics;      /* numeric summary.json members (nested ones dotted) */
    double *val;             /* [(m * n_sched + s) * n_rep + r]; NaN: null */
    char (*digest)[65];      /* [s * n_rep + r] */
    q6_strlist slot_cols;    /* numeric slots.csv columns after slot and t_start_s */
    size_t n_slots;
    double *t_start;         /* [k] */
    double *slot_val;        /* [((c * n_sched + s) * n_rep + r) * n_slots + k] */
} q6_compare_data;

/* The run directory of scheduler s, replication r. */
void q6_compare_run_dir(const q6_compare_layout *L, size_t s, size_t r, char *out, size_t outlen);

int q6_compare_load(const q6_compare_layout *L, q6_compare_data *D, char *err, size_t errlen);
void q6_compare_free(q6_compare_data *D);

/* Prints one line per replication with its seed and digest to f. Returns
 * 0 when all schedulers saw the same digest in every replication; else
 * -1, after listing the digests of the replications that differ. */
int q6_compare_check_digests(const q6_compare_layout *L, const q6_compare_data *D, FILE *f);

/* Writes DIR/compare.csv, DIR/replications.csv and DIR/slots_ci.csv. */
int q6_compare_write_csv(const q6_compare_layout *L, const q6_compare_data *D, char *err, size_t errlen);

/* The readable table of the main metrics: mean, 95% CI, paired
 * difference against the first scheduler and its 95% CI. */
void q6_compare_print_table(const q6_compare_layout *L, const q6_compare_data *D, FILE *f);

/* Index of a metric or slot column, or -1. */
long q6_compare_metric(const q6_compare_data *D, const char *name);
long q6_compare_slot_col(const q6_compare_data *D, const char *name);

/* Physical range of a summary.json metric or slots.csv column, by name:
 * [0, 1] for completion_ratio; [0, inf) for durations (_s), energies (_j,
 * energy_*, supply_*), masses (_kg), task counts (tasks_*) and other counts
 * (vehicles, events, hops, market pairs ...); unbounded otherwise (e.g.
 * market welfare). */
void q6_metric_range(const char *name, double *lo, double *hi);
/* Clamps a confidence interval to that range: a Student-t interval of a
 * few replications is symmetric and may reach past it (a negative latency
 * with 3 replications). Paired differences are not clamped. */
void q6_metric_clamp(const char *name, double *lo, double *hi);

/* Mean and interval of metric m for scheduler s at 95%, clamped to the
 * metric's physical range; lo/hi NaN when fewer than 2 values. */
void q6_compare_ci(const q6_compare_layout *L, const q6_compare_data *D, size_t m, size_t s, size_t *n,
                   double *mean, double *lo, double *hi);

#endif
