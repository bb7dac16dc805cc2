/* Run-time state shared by the engine and the SimGrid actors of one run. */
#ifndef Q6_SIM_WORLD_H
#define Q6_SIM_WORLD_H
#include "sim/core/exogenous.h"
#include "sim/scenario/platform.h"
#include "sim/base/progress.h"
#include "sim/scenario/scenario.h"
#include "sim/core/plugin_run.h"
#include "traces/events/trace_io.h"
#include <simgrid/forward.h>
#include <stdint.h>

typedef enum { Q6_TASK_PENDING = 0, Q6_TASK_DONE, Q6_TASK_DROPPED } q6_task_state;

typedef struct q6_task {
    uint64_t id;
    uint32_t node;
    uint64_t slot;              /* slot the task arrived in */
    double arrival_s, input_bytes, output_bytes, work_flops, deadline_s;
    uint32_t where, ap;         /* decision (q6_run_where, AP index) */
    q6_task_state state;
    double done_s;
    int infeasible;
    /* Quantum tasks (agents/qpu_exec.h); kind Q6_TASK_CLASSICAL otherwise. */
    uint32_t kind;              /* q6_task_kind */
    q6_circuit circuit;
    uint64_t qpu_key;           /* key of its exogenous QPU success draws */
    uint32_t qpu_runs;          /* QPU runs made (retries included) */
    int32_t qpu_success;        /* of the last run: 1 or 0; meaningful when qpu_runs > 0 */
    /* Plugin ABI 3 (solvers/abi/scheduler.h). */
    uint32_t qpu;               /* QPU index (where == Q6_RUN_QPU) */
    double priority_weight;
    uint64_t parent_id;         /* first part of the task it belongs to; its own id when whole */
    uint32_t subtask_index, n_subtasks; /* 0 and 1 when whole */
    double offload_fraction;    /* x: share of the input and work offloaded (0 when local) */
    double cpu_share_flops;     /* execution bound at the server; Q6_UNSET: fair sharing */
    double gpu_fraction;        /* share of the offloaded work on the AP's GPU */
    double tx_power_w;          /* the node's uplink power in the task's slot */
    /* Paper 004 (docs/paper004.md). Forwarding (eqs. 5c-5e): the AP whose
     * server computes it (== ap when not forwarded), the relay hops from
     * ap to it, and the relay latency of the input there and of the result
     * back, fixed at the decision over that slot's relay graph. */
    uint32_t compute_ap;
    int forward_hops;
    double forward_s, back_s;
    /* Dual connectivity: bytes on the node's radio link per byte sent, so
     * that an upload to its second AP takes bytes / (that AP's rate) when
     * alone on the node's one radio (1 otherwise). */
    double air_scale;
    int parts_left;             /* parts (offloaded, local) still running */
    double energy_local_j, energy_radio_j, energy_edge_j, energy_cloud_j, energy_qpu_j;
} q6_task;

/* Tasks live in fixed pages so pointers stay valid as the store grows. */
#define Q6_TASK_PAGE 4096
typedef struct {
    q6_task **pages;
    size_t n_pages, count;
    size_t first_live_page;      /* pages below it are released (sim/core/task_log.h) */
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
    uint64_t qpu;                /* tasks sent to a QPU */
    uint64_t qpu_runs, qpu_failures; /* QPU runs (failed ones) that ended in the slot (agents/qpu_exec.c) */
    double offload_fraction_sum; /* of the decided tasks (local ones count 0) */
    uint64_t decided;            /* tasks applied (generated - infeasible) */
    double rate_sum_bps;         /* uplink rates set at this slot's decision */
    double grid_only_kg;         /* emissions had all infrastructure energy come from the grid */
    double weighted_latency_s;   /* sum of priority weight x latency of the slot's completed tasks */
    double energy_j[Q6_ROLE_COUNT + 1]; /* by role; [Q6_ROLE_COUNT] = vehicles */
    /* Infrastructure supply by source (vehicles run on their own batteries). */
    double renewable_j, battery_j, grid_j;
    double emissions_kg;
    uint64_t connected;          /* present vehicles with a path to an AP at the epoch */
    double mean_hops;            /* of those paths */
    /* Of the slot's completed tasks, taken when the slot settles
     * (sim/core/task_log.h); NAN when none completed. */
    double latency_mean_s, latency_p95_s;
} q6_slot_metrics;

#define Q6_ENERGY_VEHICLE Q6_ROLE_COUNT

/* One AP's (computing server's) share of a slot, for paper 003's per-server
 * emissions per bit C_k^b and S_k (eq. 12): the uplink rates set at its
 * decision (aggregator), its site's emissions and what they would have been
 * from the grid alone (energy accounting). */
typedef struct {
    double rate_bps, emissions_kg, grid_only_kg;
} q6_ap_slot_record;

/* The run state, in owned parts: each part is written by one side of the
 * engine (named at each), so a reader sees where a value comes from. */

/* SimGrid objects of the run: hosts, links and mailboxes, bound by the
 * engine (sim/engine/engine.c) before the actors start. */
typedef struct {
    sg_host_t *node_host;        /* per node */
    sg_link_t *node_link;        /* per node: its radio link, rate set each slot */
    sg_host_t *ap_host;          /* per AP */
    sg_host_t cloud_host, qpu_host, grid_host;
    sg_host_t *infra_host;       /* per platform host, same order as pf->hosts */
    sg_mailbox_t grid_mb, qpu_mb, qpu_reply_mb;
    sg_mailbox_t market_mb;      /* bids and offers of the market's parties */
    sg_mailbox_t *infra_energy_mb;
    sg_link_t *uav_backhaul;     /* per AP: UAV backhaul link following its relay path, or NULL */
    double *uav_backhaul_bw;     /* its declared bandwidth, B/s */
    double *air_latency_s;       /* per AP: its generated air link's latency, s */
    double *air_capacity_Bps;    /* per AP: that link's bandwidth, B/s */
} q6_world_net;

/* Per-node state, arrays of n_nodes (aggregator and task actors). */
typedef struct {
    double *backlog_flops;       /* local work queued */
    uint32_t *ap;                /* serving AP, UINT32_MAX none */
    uint64_t *first_task;        /* first task id of each node in the current slot */
    uint32_t *task_count;        /* tasks of each node in the current slot (subtasks counted) */
    double *prev_xyz;            /* position at the last epoch (velocities); 3 per node */
    double *upload_bytes;        /* input bytes sent, not yet received */
    uint32_t *radio_uploads;     /* uploads on the air now (agents/radio.c) */
    double *radio_share_s;       /* integral of 1 / radio_uploads over time, s */
    double *radio_last_s;        /* time radio_share_s was advanced to, s */
} q6_world_nodes;

/* Per-AP state, arrays of n_aps (aggregator, task actors, accounting). */
typedef struct {
    double *backlog_flops;       /* edge work queued */
    double *cpu_allocated;       /* sum of CPU shares of tasks running there */
    double *exec_flops;          /* flops finished this slot */
    double *gpu_energy_j;        /* GPU energy of the slot being accounted */
    uint32_t *users;             /* nodes served since the last epoch */
    int *visible;                /* last visibility reported (satellites) */
    /* The scheduler's battery decision of the current slot (charge_renewable,
     * charge_grid, discharge; Q6_UNSET = default dispatch). */
    double (*battery_choice)[3];
} q6_world_aps;

/* Energy accounting (sim/core/energy_account.c). */
typedef struct {
    double *ap_j;                /* per slot and AP, [slot * n_aps + ap]: energy of its host (site) */
    double *site_demand_j;       /* per platform host: energy of the slot being booked */
    double *site_battery_j;      /* per AP: battery level of its site */
    double *infra_prev_j;        /* per platform host: energy at the last booking */
    double vehicles_booked_s;    /* when vehicles' idle energy was last booked */
    double *ap_slot_j;           /* per AP: energy its host used in the last booked slot */
    double *ap_emissions_slot_g; /* per AP: its site's emissions in that slot, g CO2 */
    q6_energy_msg *msg;          /* per platform host: its bid / offer to the grid */
    double qpu_j;                /* energy of every QUBO job so far */
    double qpu_wait_s;           /* time the aggregator waited for QUBO jobs so far */
    double qpu_access_s;         /* QPU access time billed so far */
    double qpu_job_unbooked_j;   /* gate-model QPU runs ended since the last booking */
    double qpu_unaccounted_j;    /* QUBO jobs' energy above the host's idle draw, not yet booked */
    struct q6_emission_series *emission_series;
} q6_world_energy;

/* The plugins of the run and what they are told (sim/core/plugin_run.c). */
typedef struct {
    const char *label;           /* the run's scheduler name as given (outputs, trace) */
    q6_plugin_run *scheduler;    /* started by the engine */
    q6_plugin_run *matcher;      /* NULL without a market */
    q6_services services;        /* what plugins may call */
    uint64_t *ended_ids;         /* feedback: tasks that ended since the last decide() */
    size_t n_ended, cap_ended;
    int strict;                  /* a violation fails the run */
    uint64_t infeasible_reported;
} q6_world_plugins;

/* What happened: the tasks of the slots not yet settled, the per-slot
 * records and the completed tasks' latencies (sim/core/task_log.h). */
typedef struct {
    q6_task_store tasks;
    uint64_t settled_slots;      /* slots [0, settled_slots) have settled */
    double *latencies_s;         /* completed tasks of settled slots, in id order (slot parts sorted) */
    size_t n_latencies, cap_latencies;
    double latency_sum_s;        /* their sum, added in id order */
    uint64_t *slot_first_task;   /* per slot: first task id, tasks are contiguous */
    uint64_t *slot_task_count;
    q6_slot_metrics *metrics;    /* per slot */
    q6_ap_slot_record *ap_slots; /* per slot and AP, [slot * n_aps + ap] */
    q6_trace_writer *trace;
    q6_progress progress;
} q6_world_log;

/* Why the run stopped early, if it did. */
typedef struct {
    int failed;                  /* a run failure stopped the simulation */
    int failed_on_input;         /* ... caused by bad input (trace, timeline): exit 2 */
    char fail_msg[1024];
} q6_world_status;

typedef struct q6_world {
    const q6_scenario *sc;
    const q6_platform *pf;
    q6_exo *exo;                 /* the exogenous timeline */
    size_t n_nodes, n_aps;
    q6_world_net net;
    q6_world_nodes node;
    q6_world_aps ap;
    q6_world_energy energy;
    q6_world_plugins plug;
    q6_world_log log;
    q6_world_status status;
    struct q6_market *market;    /* paper-000 energy market, or NULL */
    struct q6_qpu_exec *qpu_exec; /* gate-model QPU running quantum tasks (agents/qpu_exec.h) */
    struct q6_lyapunov *lyapunov; /* virtual queues (sim/core/lyapunov.h); none without a lyapunov group */
    struct q6_limits *limits;    /* the scenario's limits, checked and counted (sim/core/limits.h) */
    int local_cpu_simgrid;       /* vehicles' own CPUs in SimGrid, not the analytic model (agents/node_cpu.c) */
    int radio_simgrid;           /* vehicle-AP transfers in SimGrid, not the analytic model (agents/node_radio.c) */
    size_t threads;              /* for per-vehicle and per-pair loops (sim/base/parallel.h), >= 1 */
    int dense_channel;           /* dense per-pair arrays even to a plugin that reads reach lists */
} q6_world;

q6_task *q6_task_get(q6_world *w, uint64_t id);
q6_task *q6_task_new(q6_world *w);

/* Trace helper: records an event at time_s (a time that has passed: an
 * analytic model's end found later, agents/node_cpu.c; the trace is read in
 * time order, traces/events/trace_io.h). */
void q6_world_event_at(q6_world *w, double time_s, int kind, uint64_t slot, uint64_t task, int32_t node,
                       int32_t ap, const char *host, double value, const char *detail);
/* Trace helper: records an event at the current simulated time. */
void q6_world_event(q6_world *w, int kind, uint64_t slot, uint64_t task, int32_t node,
                    int32_t ap, const char *host, double value, const char *detail);

/* Records a task's end (done in time, or dropped) once, and queues its
 * outcome for the scheduler's next call. */
void q6_world_task_finished(q6_world *w, q6_task *t, double now_s);
/* One part of a task (its offloaded or its local share) finished at now_s;
 * the task finishes with its last part. */
void q6_world_task_part_done(q6_world *w, q6_task *t, double now_s);
/* Queues a task's outcome for the next decide() (any end: done, dropped). */
void q6_world_task_ended(q6_world *w, const q6_task *t);

/* A decision of plugin `plugin` broke a constraint: records an INFEASIBLE event
 * (task, node, value as given), says so on stderr for the first five,
 * e.g. "slot 3, task 12: plugin 'x' violated C3: ...; the task is dropped",
 * where `subject` is "task 12" and `consequence` "the task is dropped",
 * and stops the run under --strict. */
void q6_world_violation(q6_world *w, const char *plugin, uint64_t slot, uint64_t task, int32_t node,
                        double value, const char *subject, const char *consequence, const char *constraint,
                        const char *detail);

/* Stops the run because an input file read during the run is bad. */
void q6_world_fail_input(q6_world *w, const char *msg);

/* Stops the run with a message (plugin failure, strict infeasibility). */
void q6_world_fail(q6_world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same from a task's worker: the run fails with this message, but ends
 * when the aggregator next looks (its slot loop stops) rather than by
 * killing every actor at once, which leaks in SimGrid 3.32 the workers
 * the aggregator has just created and that have not run yet. */
void q6_world_fail_soon(q6_world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
