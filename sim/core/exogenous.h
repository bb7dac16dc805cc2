/* The exogenous timeline: mobility, fading, task arrivals and sizes, drawn
 * from keyed streams (sim/rng.h) one slot at a time, in an order that no
 * scheduler decision can change. Every value drawn is fed to a SHA-256
 * digest, so two runs saw the same timeline exactly when digests match. */
#ifndef Q6_SIM_EXOGENOUS_H
#define Q6_SIM_EXOGENOUS_H
#include "models/mobility/mobility.h"
#include "sim/scenario/platform.h"
#include "sim/scenario/scenario.h"
#include "solvers/abi/scheduler.h"
#include <stddef.h>
#include <stdint.h>

/* A task as the timeline made it. Quantum tasks (kind Q6_TASK_QUANTUM)
 * carry their circuit and the key of their QPU success draws
 * (agents/qpu_exec.h); their work_flops is 0 (no classical part). */
typedef struct {
    double arrival_s, input_bytes, output_bytes, work_flops;
    uint32_t kind;           /* q6_task_kind */
    q6_circuit circuit;      /* kind == Q6_TASK_QUANTUM only */
    uint64_t qpu_key;        /* kind == Q6_TASK_QUANTUM only */
    uint32_t n_subtasks;     /* equal parts it splits into (1: whole; quantum tasks are whole) */
} q6_exo_task;

typedef struct q6_exo q6_exo;

q6_exo *q6_exo_create(const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen);
void q6_exo_free(q6_exo *x);
/* Threads for the per-vehicle radio work of each slot (default 1; at most
 * one per 1,000 vehicles is used). Every value is computed as with one:
 * each vehicle's draws come from its own stream, in its own order. */
void q6_exo_set_threads(q6_exo *x, size_t threads);

/* Drawing ahead: with 2 threads or more, slot k + 1 is drawn (and slot k
 * hashed) on a thread of its own as soon as slot k is made current; AUTO
 * (the default) from 1,000 vehicles (below, a thread per slot costs more
 * than it saves), ON at any size, OFF never. Never with an energy market
 * or UAV relays (their readers use the timeline during the slot). The
 * values of slot k handed out stay valid until slot k + 1 is made
 * current, as without; the per-slot arrays are then held twice. Set
 * both before the first q6_exo_ensure. */
typedef enum { Q6_EXO_AHEAD_AUTO = 0, Q6_EXO_AHEAD_ON, Q6_EXO_AHEAD_OFF } q6_exo_ahead_mode;
void q6_exo_set_draw_ahead(q6_exo *x, q6_exo_ahead_mode mode);

/* Who the timeline belongs to: recorded into a timeline's header, and
 * compared with a replayed one's. */
typedef struct {
    uint64_t seed;
    const char *scenario_name;
    const char *scenario_identity;   /* hex SHA-256, sim/scenario_inputs.h */
} q6_exo_identity;

/* What a replay found in the file's header (valid after a successful
 * q6_exo_set_timeline_io with a replay_path). */
typedef struct {
    int version;                     /* 1: no provenance recorded */
    uint64_t seed;
    char scenario_name[128];
    char scenario_identity[65];
    int matches;                     /* same scenario identity and seed as this run */
} q6_exo_replayed;

/* Before the first slot: record every slot to record_path, and/or read the
 * slots from replay_path instead of drawing them (traces/events/timeline.proto).
 * Either may be NULL. A replayed timeline must fit the scenario's shape
 * (vehicles, APs, slots, slot length, market) always, and must have been
 * recorded from the same scenario identity and seed unless replay_any is
 * set. Returns -1 with a message naming the file and field. */
int q6_exo_set_timeline_io(q6_exo *x, const char *record_path, const char *replay_path, const q6_exo_identity *id,
                           int replay_any, char *err, size_t errlen);
const q6_exo_replayed *q6_exo_replayed_info(const q6_exo *x);
/* Closes a recorded timeline; -1 if writing it failed. */
int q6_exo_close_timeline(q6_exo *x);

/* Makes `slot` the current slot: tasks arriving in [slot, slot+1) x slot_s,
 * positions and fading at the decision epoch (slot+1) x slot_s. Slots must
 * be requested in order; asking for the current slot again is free.
 * Returns -1 with a message (e.g. a malformed mobility trace line). */
int q6_exo_ensure(q6_exo *x, uint64_t slot, char *err, size_t errlen);

uint64_t q6_exo_slot(const q6_exo *x);
double q6_exo_epoch_s(const q6_exo *x);
const q6_pose *q6_exo_node_poses(const q6_exo *x);
/* Tasks of node i in the current slot (empty when the node is absent). */
const q6_exo_task *q6_exo_node_tasks(const q6_exo *x, size_t node, size_t *n);
size_t q6_exo_present_count(const q6_exo *x);
/* Current AP positions, 3 doubles (x, y, z) per AP. */
const double *q6_exo_ap_xyz(const q6_exo *x);
/* snr[node * n_aps + ap]: linear uplink SNR over the AP's whole band.
 * NULL when the channel is sparse (below). */
const double *q6_exo_snr(const q6_exo *x);
/* Received uplink power (W) of the same pairs; NULL when sparse. */
const double *q6_exo_rx_power_w(const q6_exo *x);
/* 1 when some AP has a coverage range (platform property range_m): the
 * timeline then keeps only the pairs in reach, as lists (q6_exo_reach),
 * and draws fading only for them; q6_exo_snr and _rx_power_w are NULL.
 * 0: every pair, dense, as before coverage ranges existed. */
int q6_exo_sparse(const q6_exo *x);
/* Sparse channel of the current slot: node i's entries are k in
 * [off[i], off[i + 1]) (the returned off, n_nodes + 1 entries), APs
 * ascending: AP ap[k], linear SNR snr[k] and received power rx_w[k] (W).
 * Only present nodes with their link up have entries. NULL when dense. */
const uint64_t *q6_exo_reach(const q6_exo *x, const uint32_t **ap, const double **snr, const double **rx_w);

/* Renewable energy generated at each AP's site during the current slot
 * (J; uniform in [0, renewable_peak_w x slot_s], BS sites only, 0 elsewhere). */
const double *q6_exo_renewable_j(const q6_exo *x);
/* Initial battery level of each AP's site, as a fraction of capacity. */
const double *q6_exo_battery_initial(const q6_exo *x);

/* Per AP: 1 when an orbiting LEO is above its minimum elevation at the
 * scenario origin at the current epoch (always 0 for other APs). */
const int *q6_exo_visible(const q6_exo *x);

/* Connectivity graph of the current slot (igraph; models/mobility/
 * connectivity.h): vehicles with a path to an AP, and the mean hop count
 * of those paths (relays when channel.relay_range_m > 0). */
size_t q6_exo_connected(const q6_exo *x);
double q6_exo_mean_hops(const q6_exo *x);

/* Per AP: delay (s) and hops of the shortest relay path from a UAV to a
 * BS over UAV-UAV and UAV-BS hops within channel.uav_relay_range_m
 * (INFINITY and 0 when none; BSs and others: 0 and 0). */
const double *q6_exo_uav_relay_delay_s(const q6_exo *x);
/* Shortest relay path of this slot from AP `from` to AP `to` over the same
 * graph (UAV-UAV, UAV-BS, BS-UAV hops within channel.uav_relay_range_m):
 * writes its AP indices (from .. to, at most n_aps) in path and returns
 * their number (0: unreachable or no relays), *delay_s its hop delays. */
long q6_exo_relay_path(q6_exo *x, uint32_t from, uint32_t to, long *path, double *delay_s);
const int *q6_exo_uav_relay_hops(const q6_exo *x);

/* Energy market (scenario group `market`; NULL without one). Parties are
 * the vehicle slots, then the BSs in access-point order. */
/* Initial charge of each party, fraction of its battery (drawn once). */
const double *q6_exo_market_soc_initial(const q6_exo *x);
/* Load of each market BS in the current slot, P_out / P_max. */
const double *q6_exo_bs_load(const q6_exo *x);

/* Hex SHA-256 of every slot made current so far (64 characters + NUL); it
 * first waits for a slot being drawn ahead, whose thread hashes the
 * current slot. */
void q6_exo_digest_hex(q6_exo *x, char out[65]);

#endif
