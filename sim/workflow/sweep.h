/* Running the jobs of a sweep on a backend: local cores or a Slurm job
 * array. The command (sim/cli_sweep.c) decides which jobs run. */
#ifndef Q6_WORKFLOW_SWEEP_H
#define Q6_WORKFLOW_SWEEP_H
#include "sim/workflow/spec.h"
#include "sim/workflow/strlist.h"
#include "sim/workflow/sweepdir.h"

typedef struct {
    const q6_sweep_spec *sp;
    const q6_sweepdir *d;
    const q6_sweep_job *jobs;
    size_t n_jobs;
    const char *exe;          /* absolute path of q6sim */
    const size_t *todo;       /* indices of the jobs to run */
    size_t n_todo;
    q6_strlist failed;        /* out: "ID reason" of jobs that failed */
    int quiet;
} q6_sweep_run;

/* Runs the jobs as child processes, `parallel` at a time. Returns an exit
 * code: 0 all ran, 1 some failed or interrupted, 2 a job rejected its input
 * (no further jobs started). */
int q6_sweep_run_local(q6_sweep_run *r, unsigned parallel);

/* Slurm: writes DIR/sweep.sbatch and DIR/slurm/tasks-K.txt, submits an
 * array of the todo jobs with sbatch, records it in DIR/slurm/current and
 * follows it. dry_run: write the files and print the sbatch command only. */
int q6_sweep_run_slurm(q6_sweep_run *r, int dry_run);

/* When DIR/slurm/current names an array that squeue still lists, follows it
 * to its end (jobs of that array without a summary then go to r->failed).
 * Returns 1 when it followed one, 0 when none is active, -1 on error. */
int q6_sweep_slurm_follow_current(q6_sweep_run *r);

#endif
