/* The output folder of a sweep: manifest.json and jobs.csv that pin the
 * job list, one folder per job (jobs/ID, written by `q6sim run`), its log
 * (logs/ID.log), the list of failed jobs (failed.txt) and a lock that keeps
 * two sweeps out of one folder. A job is finished when jobs/ID/summary.json
 * exists: q6sim run renames its outputs into place last. */
#ifndef Q6_WORKFLOW_SWEEPDIR_H
#define Q6_WORKFLOW_SWEEPDIR_H
#include "sim/workflow/spec.h"
#include "sim/workflow/strlist.h"
#include <stdio.h>

typedef struct {
    char dir[4096];
    int lock_fd;
    int created;   /* 1 when this call made the folder */
} q6_sweepdir;

/* Makes the folder (manifest.json, jobs.csv, jobs/, logs/) or, when it
 * exists, checks that the SPEC still defines the same jobs on the same
 * scenario; then takes the lock. Returns 0, else -1 with err and *code
 * (Q6_EXIT_BAD_INPUT for an incompatible SPEC, Q6_EXIT_RUN_FAILURE when
 * busy or not writable). */
int q6_sweepdir_open(q6_sweepdir *d, const q6_sweep_spec *sp, const q6_sweep_job *jobs, size_t n,
                     char *err, size_t errlen, int *code);
void q6_sweepdir_close(q6_sweepdir *d);

/* Writes jobs.csv: job,scheduler,seed, then one column per parameter. */
void q6_sweep_write_jobs_csv(FILE *f, const q6_sweep_spec *sp, const q6_sweep_job *jobs, size_t n);

/* 1 when jobs/ID/summary.json exists. */
int q6_sweepdir_job_done(const q6_sweepdir *d, const q6_sweep_job *job);
/* Removes what killed runs left in jobs/ (ID.tmp.PID, ID.old.PID). Only
 * call while no job of this sweep runs. */
void q6_sweepdir_clean_stale(const q6_sweepdir *d);

/* failed.txt: one "ID reason" line per job that failed in an earlier
 * attempt. Reads the ids (missing file: none). */
void q6_sweepdir_read_failed(const q6_sweepdir *d, q6_strlist *ids);
/* Replaces failed.txt by these lines (none: removes it). */
int q6_sweepdir_write_failed(const q6_sweepdir *d, const q6_strlist *lines);

/* argv of the job's run: EXE run SCENARIO --scheduler S --seed N
 * --out DIR/jobs/ID --quiet --no-progress [--slots N] [--set K=V]...
 * [--plugin P]... */
void q6_sweep_job_argv(const q6_sweep_spec *sp, const q6_sweep_job *job, const char *exe,
                       const char *dir, q6_strlist *argv);

#endif
