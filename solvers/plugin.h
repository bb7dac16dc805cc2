/* q6sim scheduler plugin ABI, version 2 (version 1 plus the energy market:
 * q6_services.charge_compute and q6_plugin.match; plugins built for version
 * 1 still load and simply cannot match energy trades).
 *
 * A plugin is a `q6_plugin` struct. Built-in plugins are registered by
 * name; an external one is a shared object exporting
 *     const q6_plugin *q6_plugin_entry(void);
 * Plugins see only the types below, never engine internals. Every slot the
 * aggregator fills a q6_slot_problem and calls decide(); the engine checks
 * the decision against the constraints listed at q6_task_choice before
 * applying it. Units are SI. */
#ifndef Q6_SOLVERS_PLUGIN_H
#define Q6_SOLVERS_PLUGIN_H
#include <stddef.h>
#include <stdint.h>

#define Q6_PLUGIN_ABI_VERSION 2u
#define Q6_PLUGIN_ABI_MIN_VERSION 1u /* oldest version the engine still loads */
#define Q6_PLUGIN_ENTRY_SYMBOL "q6_plugin_entry"

typedef enum { Q6_AP_BS = 0, Q6_AP_UAV = 1, Q6_AP_HAP = 2, Q6_AP_LEO = 3 } q6_ap_kind;

typedef struct {
    double x_m, y_m, z_m;
    double cpu_flops;       /* local CPU speed */
    double backlog_s;       /* local work already queued, in seconds of CPU */
    int present;            /* 0: node not in the simulation this slot */
} q6_node_view;

typedef struct {
    const char *name;
    q6_ap_kind kind;
    double x_m, y_m, z_m;
    double cpu_flops;       /* edge server speed; 0 for relay-only APs (LEO) */
    double backlog_s;       /* edge work already queued, seconds of CPU */
    double bandwidth_hz;    /* shared equally by the nodes associated to it */
} q6_ap_view;

typedef struct {
    uint64_t id;
    uint32_t node;          /* index into nodes */
    double arrival_s;       /* absolute simulated time */
    double input_bytes, output_bytes;
    double work_flops;
    double deadline_s;      /* absolute: the task is dropped if not done by then */
} q6_task_view;

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

/* Engine services a plugin may call from decide(); they take simulated time. */
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
    uint32_t abi_version;
    uint64_t slot;
    double now_s, slot_s;
    uint32_t n_nodes;
    const q6_node_view *nodes;
    uint32_t n_aps;
    const q6_ap_view *aps;
    uint32_t n_tasks;
    const q6_task_view *tasks;  /* sorted by node, then arrival time */
    /* snr[node * n_aps + ap]: linear uplink SNR over the AP's whole bandwidth,
     * fading included; below min_snr the AP is out of reach. */
    const double *snr;
    double min_snr;
    double cloud_flops;     /* cloud server speed */
    const q6_services *services;
} q6_slot_problem;

typedef enum { Q6_RUN_LOCAL = 0, Q6_RUN_AP = 1, Q6_RUN_CLOUD = 2 } q6_run_where;

/* Where a task runs. Constraints checked by the engine:
 *   C1 where is LOCAL, AP or CLOUD;
 *   C2 ap < n_aps when where != LOCAL;
 *   C3 the node reaches the AP: snr >= min_snr;
 *   C4 where == AP only at an AP with an edge server (cpu_flops > 0);
 *   C5 one AP per node per slot: all offloaded tasks of a node use one AP. */
typedef struct {
    uint32_t where;
    uint32_t ap;
} q6_task_choice;

typedef struct {
    q6_task_choice *choices; /* n_tasks entries, preset to LOCAL */
} q6_slot_decision;

/* ---- Energy market (ABI 2, paper 000) --------------------------------
 * Every slot each EV and BS is a buyer (demand e_i) or a seller (surplus
 * e_j = SoC_j - RE_j). Pairs are one EV with one BS; the EV travels to the
 * BS, they trade e_i at the seller's price p_j and the EV computes one edge
 * chunk for the BS. Unmatched parties trade with the grid at p_G. */
typedef enum { Q6_PARTY_EV = 0, Q6_PARTY_BS = 1 } q6_party_kind;

typedef struct {
    q6_party_kind kind;
    uint32_t index;          /* vehicle index (EV) or AP index (BS) */
    double energy_j;         /* buyer: demand e_i; seller: surplus e_j = SoC_j - RE_j */
    double soc_j;            /* stored energy at the start of the slot */
    double reserve_j;        /* RE_j: one hour of the party's own consumption */
    /* Its outside option: the utility of trading with the grid (eqs. 7-8,
     * grid case) when that is positive, else 0 (it does not trade). */
    double grid_utility;
} q6_party_view;

typedef struct {
    uint32_t abi_version;
    uint64_t slot;
    double now_s;
    uint32_t n_buyers, n_sellers;
    const q6_party_view *buyers, *sellers;
    /* Per pair, index i * n_sellers + j: */
    const double *buyer_utility;   /* U_i when buyer i is matched with seller j (eq. 7) */
    const double *seller_utility;  /* U_j when seller j is matched with buyer i (eq. 8) */
    const double *travel_energy_j; /* e_EV^trv of the pair's EV to the pair's BS (eq. 5) */
    /* 1 where the pair may trade: one EV and one BS, and C3-C5 of eq. (9)
     * hold. C1-C2 (U_i >= 0, U_j >= 0) are left to the plugin. */
    const uint8_t *admissible;
    double qubo_penalty;           /* scenario's penalty weight P; 0: the plugin's own rule */
    const q6_services *services;
} q6_market_problem;

/* Constraints the engine checks on a matching (report names them):
 *   M1 seller_of[i] is -1 or < n_sellers;  M2 each seller has one buyer at most;
 *   C1 U_i >= 0 and C2 U_j >= 0 for every matched pair;
 *   C3-C5 the pair is admissible. */
typedef struct {
    int32_t *seller_of;      /* n_buyers entries, preset to -1 (trade with the grid) */
} q6_market_decision;

typedef struct {
    uint64_t seed;           /* for decision-side randomness only */
    const char *params;      /* "key=value,key=value" from the scenario */
} q6_plugin_init_args;

typedef struct q6_plugin {
    uint32_t abi_version;    /* Q6_PLUGIN_ABI_VERSION */
    const char *name;
    const char *description;
    /* Returns 0, or non-zero with a message in err. May be NULL (no state). */
    int (*init)(const q6_plugin_init_args *args, void **state, char *err, size_t errlen);
    /* Returns 0, or non-zero when the plugin cannot decide (run failure). */
    int (*decide)(void *state, const q6_slot_problem *problem, q6_slot_decision *decision);
    void (*finish)(void *state); /* may be NULL */
    /* ABI 2: matches energy buyers with sellers. NULL: the plugin does not
     * trade energy (scenarios with a market then refuse it). Read only when
     * abi_version >= 2. Returns 0, or non-zero when it cannot decide. */
    int (*match)(void *state, const q6_market_problem *problem, q6_market_decision *decision);
} q6_plugin;

typedef const q6_plugin *(*q6_plugin_entry_fn)(void);

/* Helpers plugins may use (header-only, no engine state). */
#include <math.h>
/* Shannon rate a node gets from an AP when `sharers` nodes split its
 * bandwidth equally (OFDMA: noise scales with the share, so the SNR on a
 * 1/k share is k times the whole-band SNR). The engine uses the same rule. */
static inline double q6_plugin_rate_bps(const q6_slot_problem *p, uint32_t node, uint32_t ap,
                                        uint32_t sharers)
{
    double snr = p->snr[(size_t)node * p->n_aps + ap];
    if (sharers == 0)
        sharers = 1;
    return p->aps[ap].bandwidth_hz / sharers * log2(1.0 + snr * sharers);
}

#endif
