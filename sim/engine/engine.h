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
    int local_cpu_simgrid;     /* 1: vehicles' own CPUs run in SimGrid; 0: the exact analytic
                                * model of the same sharing (docs/engine.md), the default */
    int radio_simgrid;         /* 1: vehicle-AP transfers run in SimGrid; 0: the exact analytic
                                * model of the vehicle's link (docs/engine.md), the default */
    uint64_t trace_kinds;      /* event kinds trace.pb holds (q6_trace_kinds_parse), when */
    int trace_kinds_set;       /* ... set; every kind otherwise */
    size_t threads;            /* threads for the timeline's per-vehicle radio work; 0: the
                                * CPUs this process may use (sim/base/parallel.h) */
    int dense_channel;         /* 1: hand the scheduler dense per-pair arrays even when it
                                * reads reach lists (docs/engine.md, "Reach lists") */
    int draw_ahead;            /* the next slot's timeline drawn on a thread of its own:
                                * 0 from 1,000 vehicles (the default), 1 at any size,
                                * -1 never (q6_exo_set_draw_ahead) */
} q6_run_options;

/* One run in four steps, for programs that embed q6sim. Each returns an
 * exit code (Q6_EXIT_*, sim/base/exit_codes.h) and says what went wrong on
 * stderr; nothing is written to the output folder until q6_sim_write
 * commits it whole. SimGrid allows one simulation per process, so one
 * process opens and runs one q6_sim.
 *   open:  reads and checks the scenario and platform, loads the plugins,
 *          stages the output folder, builds the run state and timeline;
 *          *out is set even on failure (give it to q6_sim_close);
 *   run:   simulates every slot;
 *   write: writes trace.pb, slots.csv, summary.json, manifest.json (and the
 *          market files, the recorded timeline), puts the folder in place
 *          and prints the result table unless quiet;
 *   close: frees everything; output not written is removed. */
typedef struct q6_sim q6_sim;
int q6_sim_open(const q6_run_options *o, q6_sim **out);
int q6_sim_run(q6_sim *s);
int q6_sim_write(q6_sim *s);
void q6_sim_close(q6_sim *s);

/* open, run, write and close. */
int q6_run(const q6_run_options *o);

#endif
