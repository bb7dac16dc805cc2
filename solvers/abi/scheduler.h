/* q6sim plugin ABI 3: the per-slot scheduler.
 *
 * Every slot the aggregator fills a q6_sched_problem (the observation: nodes,
 * APs, QPUs, tasks, channel, virtual queues, and the feedback on every task
 * that ended since the last call), presets a q6_sched_decision to the
 * engine's defaults and calls decide(). Each decision field is optional: a
 * plugin that leaves it untouched gets the default written next to it. The
 * engine checks every field it uses against a named constraint (listed at
 * each field); a violating task is dropped and reported with the plugin's
 * name and the constraint, and --strict turns it into a run failure.
 * Units are SI. Arrays the engine hands over are valid only during the call. */
#ifndef Q6_SOLVERS_ABI_SCHEDULER_H
#define Q6_SOLVERS_ABI_SCHEDULER_H
#include "solvers/abi/common.h"
#include <math.h>

/* ---- Observation -------------------------------------------------------- */

typedef struct {
    double x_m, y_m, z_m;
    double vx_mps, vy_mps, vz_mps;   /* velocity over the last slot (0 in the first) */
    double cpu_flops;                /* local CPU speed */
    double backlog_s;                /* local work queued, seconds of CPU */
    double backlog_bytes;            /* input bytes queued for upload (sent, not yet received) */
    double battery_j;                /* stored energy; NAN where batteries are not modelled */
    double battery_capacity_j;       /* 0 where batteries are not modelled */
    double tx_power_max_w;           /* transmit power limit */
    uint32_t serving_ap;             /* AP used in the last slot, UINT32_MAX none */
    int32_t present;                 /* 0: node not in the simulation this slot */
} q6_sched_node;

typedef enum { Q6_RATE_SHANNON = 0, Q6_RATE_FBL = 1 } q6_rate_model;

typedef struct {
    const char *name;
    uint32_t kind;                   /* q6_ap_kind */
    uint32_t rate_model;             /* q6_rate_model of its uplink */
    double x_m, y_m, z_m;
    double cpu_flops;                /* edge CPU speed; 0 for relay-only APs (LEO) */
    double gpu_flops;                /* edge GPU speed; 0 when the host declares no GPU */
    double backlog_s;                /* edge work queued, seconds of CPU */
    double cpu_allocated_flops;      /* sum of the CPU shares of tasks still running there */
    double bandwidth_hz;             /* uplink band, split by bandwidth fractions */
    double beta_min, beta_max;       /* bounds of one node's bandwidth fraction */
    double energy_last_slot_j;       /* energy the AP's host used in the last slot */
    double battery_j, battery_capacity_j; /* site battery (0 capacity: none) */
    double renewable_available_j;    /* renewable energy available to the site this slot */
    double grid_price_per_kwh;       /* grid price offered this slot */
    double emission_g_per_kwh;       /* grid emission factor this slot */
} q6_sched_ap;

typedef struct {
    const char *name;
    double physical_qubits;          /* capacity */
    double queue_s;                  /* work queued, seconds of QPU time */
    uint32_t queue_jobs;
    double physical_error;           /* p per operation */
    double threshold_error;          /* p_th of the error-correcting code */
    double qec_level;                /* concatenation level k */
    double code_block_size;          /* b: physical qubits per logical qubit per level */
} q6_sched_qpu;

typedef enum { Q6_TASK_CLASSICAL = 0, Q6_TASK_QUANTUM = 1 } q6_task_kind;

/* A quantum circuit (models/quantum_gate.h): per time step, average gate
 * counts per logical qubit. */
typedef struct {
    double logical_qubits;
    double depth_steps;
    double gates_1q_per_step, gates_2q_per_step, meas_per_step;
    double min_success;              /* required success probability */
} q6_circuit;

typedef struct {
    uint64_t id;
    uint32_t node;                   /* index into nodes */
    uint32_t kind;                   /* q6_task_kind */
    double arrival_s;                /* absolute simulated time */
    double input_bytes, output_bytes;
    double work_flops;               /* classical work (0 for a quantum task's QPU part) */
    double deadline_s;               /* absolute: dropped if not done by then */
    double priority_weight;          /* 1 unless the scenario gives priorities */
    uint64_t parent_id;              /* task this one is a subtask of; == id when none */
    uint32_t subtask_index, n_subtasks; /* 0 and 1 when not split */
    q6_circuit circuit;              /* kind == Q6_TASK_QUANTUM only */
} q6_sched_task;

/* A virtual queue of the scenario's lyapunov group:
 * Q(t+1) = max(Q(t) + arrival(t) - service(t), 0), updated by the engine
 * from what happened in the slot. */
typedef enum { Q6_VQ_AP_ENERGY = 0, Q6_VQ_OFFLOAD_RATE = 1, Q6_VQ_SITE_EMISSIONS = 2 } q6_vqueue_kind;

typedef struct {
    const char *name;
    uint32_t kind;                   /* q6_vqueue_kind */
    uint32_t ap;                     /* AP the queue concerns; UINT32_MAX for system-wide */
    double backlog;                  /* Q(t) at the start of this slot */
    double last_arrival, last_service; /* of the previous slot */
    double budget;                   /* service per slot (J, g) or target rate rho */
} q6_vqueue;

typedef enum { Q6_OUTCOME_DONE = 0, Q6_OUTCOME_DROPPED = 1, Q6_OUTCOME_QPU_FAILED = 2 } q6_outcome_state;

/* What became of one task: sent once, at the first call after it ended. */
typedef struct {
    uint64_t id;
    uint32_t node;
    uint32_t state;                  /* q6_outcome_state */
    uint32_t target;                 /* q6_run_where as applied */
    int32_t qpu_success;             /* 1, 0, or -1 when no QPU run was made */
    uint64_t slot;                   /* slot it arrived in */
    double offload_fraction;
    double latency_s;                /* end - arrival (dropped: time of the drop - arrival) */
    int32_t deadline_met;
    uint32_t compute_ap;             /* target AP: the AP whose server computed it (!= the
                                        task's AP when forwarded); else UINT32_MAX. (Held in
                                        what was padding: layout and size unchanged.) */
    double energy_local_j, energy_radio_j, energy_edge_j, energy_cloud_j, energy_qpu_j;
} q6_task_outcome;

typedef struct {
    uint32_t abi_version;            /* 3 */
    uint64_t slot;
    double now_s, slot_s;
    uint32_t n_nodes;
    const q6_sched_node *nodes;
    uint32_t n_aps;
    const q6_sched_ap *aps;
    uint32_t n_tasks;
    const q6_sched_task *tasks;      /* sorted by node, then arrival time */
    /* Per (node, AP), index node * n_aps + ap:
     * snr: linear uplink SNR over the AP's whole band at the node's maximum
     *      power, fading included; below min_snr the AP is out of reach;
     * rate_bps: what the node would get alone on the AP's whole band under
     *      the AP's rate model;
     * gain: linear channel gain (received / transmitted power), so a plugin
     *      can evaluate other powers and bandwidth fractions (q6_sched_rate_bps).
     * NULL for a plugin whose header sets Q6_PLUGIN_REACH_LISTS: it reads
     * the same values from the reach lists at the end of this struct. */
    const double *snr, *rate_bps, *gain;
    double min_snr;
    double noise_psd_w_per_hz;
    double cloud_flops;              /* cloud server speed */
    uint32_t n_qpus;
    const q6_sched_qpu *qpus;
    uint32_t n_queues;
    const q6_vqueue *queues;
    double lyapunov_v;               /* weight V of the penalty; 0 when no lyapunov group */
    double weight_latency, weight_energy; /* cost = w_l * latency + w_e * energy (scenario's cost group) */
    uint32_t n_outcomes;
    const q6_task_outcome *outcomes; /* tasks ended since the last call, by task id */
    const q6_services *services;
    /* Appended after ABI 3's first release (binary-compatible additions). */
    uint32_t dual_connectivity;      /* 1: a node may use one BS and one UAV in the
                                        same slot (C5 relaxed to at most one AP of each kind) */
    double relay_range_m;            /* channel.uav_relay_range_m; 0 when no relays */
    double cpu_jitter_variance;      /* informational: eq. 4 variance; 0 when off
                                        (when on, aps[].cpu_flops is the slot's jittered speed) */
    /* Reach lists (appended to ABI 3; filled only for a plugin whose header
     * sets Q6_PLUGIN_REACH_LISTS, NULL otherwise): the pairs in reach, in
     * compressed rows. Node i's entries are k in [reach_off[i],
     * reach_off[i + 1]), APs in ascending index; entry k is AP reach_ap[k]
     * with the snr, rate_bps and gain defined above. A pair is listed when
     * the node is present and the AP covers it (within the AP's range_m,
     * docs/platform-format.md; a satellite above its elevation mask) with a
     * received power above 0 (its link is up): an unlisted pair has SNR,
     * rate and gain 0. reach_off has n_nodes + 1 entries. */
    const uint64_t *reach_off;
    const uint32_t *reach_ap;
    const double *reach_snr, *reach_rate_bps, *reach_gain;
} q6_sched_problem;

/* ---- Action ------------------------------------------------------------- */

/* q6_sched_task_choice.compute_ap: computed at the AP the task goes through. */
#define Q6_SAME_AP UINT32_MAX

/* Per task. Constraints:
 *   C1 target is LOCAL, AP, CLOUD or QPU;
 *   C2 ap < n_aps when target != LOCAL (the AP the task goes through);
 *   C3 the node reaches the AP: snr >= min_snr;
 *   C4 target == AP only at an AP with an edge server (cpu_flops > 0);
 *   C5 one AP per node per slot (problem->dual_connectivity: at most one AP
 *      of each kind, one BS and one UAV);
 *   C6 offload_fraction in [0, 1] (target != LOCAL; the rest runs locally in
 *      parallel, the task is done when both parts are); quantum tasks are whole;
 *   C7 cpu_share_flops > 0 and the shares of one server's tasks of this slot
 *      sum to at most its speed minus cpu_allocated_flops;
 *   Q1 target == QPU only for a quantum task, qpu < n_qpus; a quantum task
 *      only on the QPU;  Q2 the circuit fits the QPU's qubits (error-corrected);
 *   F1 compute_ap == Q6_SAME_AP, or (target == AP) compute_ap < n_aps, has an
 *      edge server (cpu_flops > 0) and is reachable from ap over the relay
 *      graph (UAV-UAV, UAV-BS, BS-UAV hops within relay_range_m): the input
 *      goes over the air to ap, then hop by hop to compute_ap (eqs. 5c-5e). */
typedef struct {
    uint32_t target;                 /* q6_run_where; preset LOCAL (quantum tasks: QPU 0) */
    uint32_t ap;                     /* preset 0 */
    uint32_t qpu;                    /* preset 0 */
    uint32_t compute_ap;             /* preset Q6_SAME_AP: computed at ap; else the AP
                                        whose edge server computes it (F1) */
    double offload_fraction;         /* preset 1 */
    double cpu_share_flops;          /* preset Q6_UNSET: the server's fair sharing */
} q6_sched_task_choice;

/* Per node. Constraints:
 *   B1 bandwidth_fraction in [beta_min, beta_max] of its AP, and the
 *      fractions of one AP's nodes sum to at most 1 (unset ones share what
 *      the set ones leave equally);
 *   P1 0 < tx_power_w <= tx_power_max_w. */
typedef struct {
    double bandwidth_fraction;       /* preset Q6_UNSET: equal share */
    double tx_power_w;               /* preset tx_power_max_w */
} q6_sched_node_choice;

/* Per AP. Constraints:
 *   K1 gpu_fraction in [0, 1], only where the AP declares a GPU;
 *   E1 charges and discharge >= 0, discharge <= battery level, the
 *      renewable charge <= what is available, and the battery's level after
 *      eq. (2) of paper 003 <= its capacity. */
typedef struct {
    double gpu_fraction;             /* 1 - kappa: share of each task's work on the GPU; preset the host's default */
    double charge_renewable_j;       /* preset Q6_UNSET: the engine's dispatch rule */
    double charge_grid_j;            /* preset Q6_UNSET */
    double discharge_j;              /* preset Q6_UNSET */
} q6_sched_ap_choice;

typedef struct {
    q6_sched_task_choice *tasks;     /* n_tasks entries */
    q6_sched_node_choice *nodes;     /* n_nodes entries */
    q6_sched_ap_choice *aps;         /* n_aps entries */
} q6_sched_decision;

typedef struct q6_scheduler {
    q6_plugin_header h;              /* kind = Q6_KIND_SCHEDULER, table_size = sizeof(q6_scheduler) */
    /* Returns 0, or non-zero with a message in err. May be NULL (no state). */
    int (*init)(const q6_plugin_init_args *args, void **state, char *err, size_t errlen);
    /* Returns 0, or non-zero when it cannot decide, saying why in err (a
     * run failure naming the plugin and the message). */
    int (*decide)(void *state, const q6_sched_problem *problem, q6_sched_decision *decision, char *err,
                  size_t errlen);
    void (*finish)(void *state);     /* may be NULL */
} q6_scheduler;

/* ---- Helpers (header-only, no engine state) ----------------------------- */

/* Entry of (node, ap) in the reach lists, or UINT64_MAX when unlisted
 * (binary search: the APs of a node are ascending). */
static inline uint64_t q6_sched_reach_find(const q6_sched_problem *p, uint32_t node, uint32_t ap)
{
    uint64_t lo = p->reach_off[node], hi = p->reach_off[node + 1];
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (p->reach_ap[mid] < ap)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->reach_off[node + 1] && p->reach_ap[lo] == ap ? lo : UINT64_MAX;
}

/* SNR, rate_bps and gain of (node, ap) from whichever form the problem
 * carries (dense arrays, or the reach lists); 0 for an unlisted pair. */
static inline double q6_sched_pair_value(const q6_sched_problem *p, const double *dense, const double *listed,
                                         uint32_t node, uint32_t ap)
{
    if (dense)
        return dense[(size_t)node * p->n_aps + ap];
    uint64_t k = q6_sched_reach_find(p, node, ap);
    return k == UINT64_MAX ? 0.0 : listed[k];
}
static inline double q6_sched_snr(const q6_sched_problem *p, uint32_t node, uint32_t ap)
{
    return q6_sched_pair_value(p, p->snr, p->reach_snr, node, ap);
}
static inline double q6_sched_gain(const q6_sched_problem *p, uint32_t node, uint32_t ap)
{
    return q6_sched_pair_value(p, p->gain, p->reach_gain, node, ap);
}
static inline double q6_sched_alone_rate_bps(const q6_sched_problem *p, uint32_t node, uint32_t ap)
{
    return q6_sched_pair_value(p, p->rate_bps, p->reach_rate_bps, node, ap);
}

/* Shannon rate of node on ap with a bandwidth fraction beta and transmit
 * power tx_power_w: beta B log2(1 + P g / (N0 beta B)). The engine uses the
 * same rule for Shannon-model APs. */
static inline double q6_sched_rate_bps(const q6_sched_problem *p, uint32_t node, uint32_t ap,
                                       double beta, double tx_power_w)
{
    double band_hz = beta * p->aps[ap].bandwidth_hz;
    if (!(band_hz > 0))
        return 0.0;
    double g = q6_sched_gain(p, node, ap);
    return band_hz * log2(1.0 + tx_power_w * g / (p->noise_psd_w_per_hz * band_hz));
}

/* For schedulers that leave quantum tasks at their preset (QPU 0): sends
 * each through the AP its node's offloaded classical tasks use in this
 * decision, if any, so that C5 (one AP per node per slot) holds; else it
 * keeps the preset AP (the one the node hears best). */
static inline void q6_sched_route_quantum(const q6_sched_problem *p, q6_sched_decision *d)
{
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        if (p->tasks[t].kind != Q6_TASK_QUANTUM || d->tasks[t].target != Q6_RUN_QPU)
            continue;
        for (uint32_t u = 0; u < p->n_tasks; u++)
            if (p->tasks[u].node == p->tasks[t].node && p->tasks[u].kind != Q6_TASK_QUANTUM &&
                d->tasks[u].target != Q6_RUN_LOCAL) {
                d->tasks[t].ap = d->tasks[u].ap;
                break;
            }
    }
}

/* Drift-plus-penalty objective of one candidate decision (Neely):
 * V * penalty + sum_q Q_q * y_q, where y_q = arrival_q - service_q is what
 * the candidate would add to queue q this slot. */
static inline double q6_dpp_objective(const q6_sched_problem *p, double penalty, const double *y)
{
    double s = p->lyapunov_v * penalty;
    for (uint32_t q = 0; q < p->n_queues; q++)
        s += p->queues[q].backlog * y[q];
    return s;
}

#endif
