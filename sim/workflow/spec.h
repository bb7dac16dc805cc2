/* The SPEC file of `q6sim sweep` (libconfig; docs/workflow.md) and its
 * expansion into jobs: parameter grid x seeds x schedulers. */
#ifndef Q6_WORKFLOW_SPEC_H
#define Q6_WORKFLOW_SPEC_H
#include "sim/workflow/strlist.h"
#include <stddef.h>
#include <stdint.h>

enum { Q6_SWEEP_LOCAL = 0, Q6_SWEEP_SLURM = 1 };

typedef struct {
    char key[256];       /* scenario field, as for q6sim run --set */
    q6_strlist values;   /* each as passed to --set KEY=VALUE */
    int line;
} q6_sweep_param;

typedef struct {
    char partition[128];     /* "" : the cluster's default */
    char time[64];           /* --time limit per task, "" : none given */
    unsigned cpus_per_task;  /* default 1 */
    uint64_t mem_mb;         /* 0: not given */
    unsigned max_parallel;   /* array throttle %N; 0: none */
    double poll_s;           /* squeue interval, s */
    q6_strlist sbatch_args;  /* extra sbatch options, verbatim */
} q6_slurm_options;

typedef struct {
    char path[4096];         /* the SPEC file as given */
    char scenario[4096];     /* absolute */
    char out_dir[4096];      /* resolved against the SPEC's folder */
    q6_strlist schedulers;
    uint64_t *seeds;
    size_t n_seeds;
    q6_sweep_param *params;
    size_t n_params;
    q6_strlist sets;         /* fixed --set overrides of every job */
    q6_strlist plugins;      /* absolute plugin paths */
    int has_slots;
    uint64_t slots;
    int backend;             /* Q6_SWEEP_LOCAL or Q6_SWEEP_SLURM */
    unsigned jobs;           /* local parallel runs; 0: all cores */
    q6_slurm_options slurm;
    int line_scenario, line_grid, line_set, line_slots, line_plugins;
} q6_sweep_spec;

typedef struct {
    char id[24];             /* zero-padded index, also the folder name */
    const char *scheduler;
    uint64_t seed;
    const char **values;     /* one per spec parameter (borrowed from the spec) */
} q6_sweep_job;

/* Reads and checks a SPEC; every error is "file:line: field: message".
 * Also loads the scenario with each grid point's overrides, so that a bad
 * key or value is reported before anything runs. Returns -1 on error. */
int q6_sweep_spec_load(const char *path, q6_sweep_spec *sp, char *err, size_t errlen);
void q6_sweep_spec_free(q6_sweep_spec *sp);

/* The jobs, in id order: grid points (first parameter slowest), then
 * seeds, then schedulers. Free with q6_sweep_jobs_free. */
q6_sweep_job *q6_sweep_expand(const q6_sweep_spec *sp, size_t *n);
void q6_sweep_jobs_free(q6_sweep_job *jobs, size_t n);

#endif
