/* q6sim plugin ABI, versions 1 and 2 (legacy, frozen).
 *
 * Plugins written for these versions keep compiling against this header and
 * keep loading: the engine adapts them to ABI 3 (solvers/abi/). New plugins
 * use ABI 3: a scheduler (solvers/abi/scheduler.h) or a matcher
 * (solvers/abi/matcher.h); see docs/plugins.md.
 *
 * A legacy plugin is a `q6_plugin` struct returned by
 *     const q6_plugin *q6_plugin_entry(void);
 * Every slot the engine fills a q6_slot_problem (the version-2 view: no
 * velocities, batteries, quantum tasks or feedback) and calls decide(); its
 * choices (local / AP / cloud per task) are checked against C1-C5 as for
 * ABI 3. Version 2 added the energy-market `match` and
 * q6_services.charge_compute. Shared types (QUBO views, services, market
 * problem) are those of solvers/abi/, whose layouts are append-only. */
#ifndef Q6_SOLVERS_PLUGIN_H
#define Q6_SOLVERS_PLUGIN_H
#include "solvers/abi/common.h"
#include "solvers/abi/matcher.h"
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define Q6_PLUGIN_ABI_VERSION 2u
#define Q6_PLUGIN_ABI_MIN_VERSION 1u /* oldest version the engine still loads */
#define Q6_PLUGIN_ENTRY_SYMBOL "q6_plugin_entry"

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
