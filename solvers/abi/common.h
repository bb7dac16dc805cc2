/* q6sim plugin ABI, version 3: what schedulers and matchers share.
 *
 * Version 3 splits plugins into two kinds with tables of their own (a
 * scheduler, solvers/abi/scheduler.h; a matcher for the energy market,
 * solvers/abi/matcher.h). Every table opens with a q6_plugin_header that
 * carries the table's size and ABI version, so the engine can tell what a
 * plugin built against an older or newer header offers without reading past
 * its end. A shared object exports
 *     const q6_plugin_header *const *q6_plugin_entry3(void);
 * returning a NULL-terminated list of tables (a scheduler, a matcher, or
 * both). Plugins built for ABI 1 and 2 (solvers/plugin.h, entry
 * q6_plugin_entry) still load: the engine adapts them.
 *
 * Plugins see only the types of solvers/abi/, never engine internals.
 * Units are SI (s, m, J, W, Hz, bit/s, bytes, flops). */
#ifndef Q6_SOLVERS_ABI_COMMON_H
#define Q6_SOLVERS_ABI_COMMON_H
#include <stddef.h>
#include <stdint.h>

#define Q6_ABI_VERSION 3u
#define Q6_PLUGIN_ENTRY3_SYMBOL "q6_plugin_entry3"

/* Preset of every optional continuous decision field: "leave it to the
 * engine's default". Any value the plugin writes instead is checked. */
#define Q6_UNSET (-1.0)

typedef enum { Q6_KIND_SCHEDULER = 1, Q6_KIND_MATCHER = 2 } q6_plugin_kind;

typedef struct {
    uint32_t table_size;     /* sizeof the whole table as the plugin was built */
    uint32_t abi_version;    /* Q6_ABI_VERSION */
    uint32_t kind;           /* q6_plugin_kind */
    uint32_t flags;          /* Q6_PLUGIN_* below; 0 for none (was `reserved`, always 0) */
    const char *name;        /* unique among the plugins of one kind */
    const char *description;
} q6_plugin_header;

/* Header flags. Each names what the table needs of the engine; an engine
 * refuses a table with a flag it does not know (so a plugin that needs a
 * newer engine is refused when loaded, not misled), and engines from before
 * flags existed read 0 here. A flag is only ever added, never reused.
 *  Q6_PLUGIN_REACH_LISTS (schedulers): decide()
 *   reads the channel only from the reach lists appended to q6_sched_problem
 *   (reach_off ...); the engine then leaves the dense snr, rate_bps and gain
 *   arrays NULL and need not build them (docs/plugins.md, "Reach lists"). */
#define Q6_PLUGIN_REACH_LISTS 0x1u
#define Q6_PLUGIN_KNOWN_FLAGS Q6_PLUGIN_REACH_LISTS

typedef const q6_plugin_header *const *(*q6_plugin_entry3_fn)(void);

typedef enum { Q6_AP_BS = 0, Q6_AP_UAV = 1, Q6_AP_HAP = 2, Q6_AP_LEO = 3 } q6_ap_kind;

/* Where (the offloaded part of) a task runs. Q6_RUN_QPU only in ABI 3. */
typedef enum { Q6_RUN_LOCAL = 0, Q6_RUN_AP = 1, Q6_RUN_CLOUD = 2, Q6_RUN_QPU = 3 } q6_run_where;

/* A QUBO a plugin can have solved by the engine: minimise
 * offset + sum_i linear[i] x_i + sum_k coupler[k] x_{u[k]} x_{v[k]}, x binary. */
typedef struct {
    uint32_t n_vars;
    const double *linear;
    uint32_t n_couplers;
    const uint32_t *u, *v;
    const double *coupler;
    double offset;
} q6_qubo_view;

typedef enum { Q6_QUBO_SA = 0, Q6_QUBO_TABU = 1, Q6_QUBO_EXACT = 2 } q6_qubo_solver;

typedef struct {
    q6_qubo_solver solver;
    uint32_t reads;         /* 0: sampler default */
    uint32_t sweeps;        /* 0: sampler default */
    uint64_t seed;
} q6_qubo_options;

typedef struct {
    uint8_t *assignment;    /* caller's buffer of n_vars entries (0/1) */
    double energy;          /* of the assignment, offset included */
    double solve_time_s;    /* simulated time the solve took (transfer + compute) */
    double solve_energy_j;  /* energy of the solver host during the job */
    uint64_t spin_updates;  /* counted work of the sampler */
    int fits_on_qpu;        /* 0 when the minor-embedding estimate overflows */
} q6_qubo_outcome;

/* Engine services a plugin may call from decide() or match(); they take
 * simulated time. New services are only ever appended. */
typedef struct q6_services {
    void *engine;
    /* Sends the QUBO to the QPU host over the network, samples it there
     * (time from the annealer model and a minor-embedding estimate) and
     * waits for the answer. 0, or -1 when the QUBO is malformed or no QPU host exists. */
    int (*solve_qubo_qpu)(void *engine, const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out);
    /* Samples on the aggregator's host; time from the sampler's counted work. */
    int (*solve_qubo_cpu)(void *engine, const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out);
    /* ABI 2. Charges `operations` counted by a classical plugin (e.g. proposals
     * of a matching) to the aggregator's host: simulated time at the host's
     * speed (one operation = one flop) and its energy. 0, or -1 for a
     * negative or non-finite count. */
    int (*charge_compute)(void *engine, double operations);
} q6_services;

typedef struct {
    uint64_t seed;           /* for decision-side randomness only */
    const char *params;      /* "key=value,key=value" from the scenario */
} q6_plugin_init_args;

#endif
