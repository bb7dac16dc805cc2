/* One simulation run: scenario -> SimGrid platform and actors -> outputs. */
#ifndef Q6_SIM_ENGINE_H
#define Q6_SIM_ENGINE_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *scenario_path;
    const char *const *overrides; /* "dotted.key=value" scenario overrides */
    size_t n_overrides;
    const char *scheduler;     /* overrides the scenario's, or NULL */
    int has_seed;
    uint64_t seed;
    int has_slots;
    uint64_t slots;
    const char *out_dir;       /* NULL: out/<scenario>-<scheduler>-s<seed> */
    int overwrite;             /* may replace a non-q6sim folder / an existing timeline file */
    const char *const *plugin_paths;
    size_t n_plugin_paths;
    int strict;                /* an infeasible decision fails the run */
    const char *record_timeline; /* write the exogenous timeline here, or NULL */
    const char *replay_timeline; /* read it from here instead of drawing, or NULL */
    int replay_any_timeline;   /* accept a timeline of another scenario or seed */
    int progress;              /* 1: progress line on stderr; -1: only when a terminal */
    int quiet;                 /* no result table on stdout */
    int argc;                  /* command line, recorded in the manifest */
    char **argv;
    const char *matcher;       /* energy-market matcher, overrides the scenario's, or NULL */
} q6_run_options;

/* Runs and returns an exit code (Q6_EXIT_*); messages go to stderr. SimGrid
 * allows one simulation per process. */
int q6_run(const q6_run_options *o);

#endif
