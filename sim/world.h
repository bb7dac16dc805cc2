/* Run-time state shared by the engine and the SimGrid actors of one run. */
#ifndef Q6_SIM_WORLD_H
#define Q6_SIM_WORLD_H
#include "sim/exogenous.h"
#include "sim/platform.h"
#include "sim/progress.h"
#include "sim/scenario.h"
#include "solvers/plugin.h"
#include "traces/events/trace_io.h"
#include <simgrid/forward.h>
#include <stdint.h>

typedef enum { Q6_TASK_PENDING = 0, Q6_TASK_DONE, Q6_TASK_DROPPED } q6_task_state;

typedef enum { Q6_MSG_TASK_UP = 0, Q6_MSG_RESULT_DOWN = 1 } q6_msg_kind;

typedef struct q6_task {
    uint64_t id;
    uint32_t node;
    uint64_t slot;              /* slot the task arrived in */
    double arrival_s, input_bytes, output_bytes, work_flops, deadline_s;
    uint32_t where, ap;         /* decision (q6_run_where, AP index) */
    q6_task_state state;
    q6_msg_kind msg;            /* what the task's current message carries */
    double done_s;
    int infeasible;
} q6_task;

/* Tasks live in fixed pages so pointers stay valid as the store grows. */
#define Q6_TASK_PAGE 4096
typedef struct {
    q6_task **pages;
    size_t n_pages, count;
} q6_task_store;

/* Energy message between a BS and the grid: a bid for the energy the BS
 * used in a slot, answered by the grid's price offer. */
typedef struct {
    size_t host;                 /* platform host index of the bidder */
    uint64_t slot;
    double energy_j;
    double price_per_kwh;
} q6_energy_msg;

typedef struct {
    uint64_t generated, completed, dropped, infeasible, local, edge, cloud;
    double energy_j[Q6_ROLE_COUNT + 1]; /* by role; [Q6_ROLE_COUNT] = vehicles */
    /* Infrastructure supply by source (vehicles run on their own batteries). */
    double renewable_j, battery_j, grid_j;
    double emissions_kg;
    uint64_t connected;          /* present vehicles with a path to an AP at the epoch */
    double mean_hops;            /* of those paths */
} q6_slot_metrics;

#define Q6_ENERGY_VEHICLE Q6_ROLE_COUNT

typedef struct q6_world {
    const q6_scenario *sc;
    const q6_platform *pf;
    q6_exo *exo;
    size_t n_nodes, n_aps;
    sg_host_t *node_host;
    sg_link_t *node_link;
    sg_host_t *ap_host;
    sg_host_t cloud_host, qpu_host, grid_host;
    sg_host_t *infra_host;       /* per platform host, same order as pf->hosts */
    sg_mailbox_t agg_mb, cloud_mb, grid_mb, qpu_mb, qpu_reply_mb;
    q6_services services;        /* what plugins may call */
    sg_mailbox_t *node_ctl_mb, *node_res_mb, *ap_mb, *infra_energy_mb;
    const q6_plugin *plugin;
    void *plugin_state;
    int strict;
    q6_task_store tasks;
    uint64_t *slot_first_task;   /* per slot: first task id, tasks are contiguous */
    uint64_t *slot_task_count;
    q6_slot_metrics *metrics;    /* per slot */
    double *node_backlog_flops, *ap_backlog_flops;
    uint32_t *node_ap;           /* serving AP per node, UINT32_MAX none */
    uint32_t *node_index;        /* i at [i]: stable message payloads */
    uint64_t *node_first_task;   /* first task id of each node in the current slot */
    q6_energy_msg *energy_msg;   /* per platform host: its bid / offer */
    double *infra_energy_prev_j, *node_energy_prev_j;
    /* Energy accounting (sim/energy_account.c). */
    double *ap_exec_flops;       /* flops finished at each AP this slot */
    uint32_t *ap_users;          /* nodes served by each AP since the last epoch */
    double *site_battery_j;      /* battery level of each AP's site */
    int *ap_visible;             /* last visibility reported per AP */
    sg_link_t *uav_backhaul;     /* per AP: UAV backhaul link following its relay path, or NULL */
    double *uav_backhaul_bw;     /* its declared bandwidth, B/s */
    struct q6_emission_series *emission_series;
    struct q6_market *market;    /* paper-000 energy market, or NULL */
    sg_mailbox_t market_mb;      /* bids and offers of the market's parties */
    double qpu_energy_j;         /* energy of every QPU job so far */
    double qpu_wait_s;           /* time the aggregator waited for QPU jobs so far */
    double qpu_access_s;         /* QPU access time billed so far */
    q6_trace_writer *trace;
    q6_progress progress;
    uint64_t infeasible_reported;
    int failed;                  /* a run failure stopped the simulation */
    int failed_on_input;         /* ... caused by bad input (trace, timeline): exit 2 */
    char fail_msg[1024];
} q6_world;

q6_task *q6_task_get(q6_world *w, uint64_t id);
q6_task *q6_task_new(q6_world *w);

/* Trace helper: records an event at the current simulated time. */
void q6_world_event(q6_world *w, int kind, uint64_t slot, uint64_t task, int32_t node,
                    int32_t ap, const char *host, double value, const char *detail);

/* Records a task's end (done in time, or dropped) once. */
void q6_world_task_finished(q6_world *w, q6_task *t, double now_s);

/* A plugin decision broke a constraint: records an INFEASIBLE event
 * (task, node, value as given), says so on stderr for the first five,
 * e.g. "slot 3, task 12: plugin 'x' violated C3: ...; the task is dropped",
 * where `subject` is "task 12" and `consequence` "the task is dropped",
 * and stops the run under --strict. */
void q6_world_violation(q6_world *w, uint64_t slot, uint64_t task, int32_t node, double value,
                        const char *subject, const char *consequence, const char *constraint,
                        const char *detail);

/* Stops the run because an input file read during the run is bad. */
void q6_world_fail_input(q6_world *w, const char *msg);

/* Stops the run with a message (plugin failure, strict infeasibility). */
void q6_world_fail(q6_world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
