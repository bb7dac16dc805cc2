/* Paper 001 (hybrid mobile edge-quantum computing): the WSET cost model the
 * paper-001 schedulers rank options with. WSET = weight_latency x delay +
 * weight_energy x energy of one task in one of the four modes (local,
 * cloud CPU, cloud QPU, partial with fraction x), predicted from the
 * scheduler's observation the way the engine will execute it
 * (docs/paper001.md gives every equation and where it comes from).
 * Pure functions: no engine state, no allocation. */
#ifndef Q6_SOLVERS_PAPER001_WSET_H
#define Q6_SOLVERS_PAPER001_WSET_H
#include "solvers/abi/scheduler.h"

/* What the observation does not carry; plugin_params, defaults in wset.c. */
typedef struct {
    double kappa;             /* device DVFS constant, W/Hz^3 (scenario energy.vehicle_kappa) */
    double cloud_j_per_flop;  /* cloud CPU marginal energy, J/flop ((P_max - P_idle) / speed) */
    double wired_s;           /* AP <-> cloud fibre latency, one way, s */
    double fraction_step;     /* grid of the continuous fraction x, in (0, 1] */
} q6_p001_params;

q6_p001_params q6_p001_defaults(void);

/* Parses "kappa=..,cloud_j_per_flop=..,wired_s=..,fraction_step=..";
 * 0, or -1 with a message naming the key. */
int q6_p001_parse(const char *params, q6_p001_params *out, char *err, size_t errlen);

typedef struct {
    double delay_s;           /* arrival to result back */
    double energy_j;          /* device CPU + radio + server (CPU or QPU) */
    double cost;              /* w_l delay + w_e energy */
} q6_wset;

/* Per-task context: the rate the node gets on its AP, the cloud CPU
 * share the task is given (the paper's constant per-device frequency), and
 * what the node's earlier tasks of this slot were given: their upload bytes
 * and local work queue ahead of this task, like the observation's backlogs. */
typedef struct {
    double rate_bps;          /* uplink rate (the result returns at the same rate) */
    double tx_power_w;
    double cloud_share_flops;
    double slot_bytes;        /* bytes of this slot's earlier tasks of the node, to upload */
    double slot_local_s;      /* local CPU seconds of this slot's earlier tasks of the node */
} q6_p001_link;

/* Classical task, fraction x in [0, 1] to the cloud CPU (x = 0: local,
 * x = 1: whole task to the cloud, else partial in parallel). */
q6_wset q6_p001_classical(const q6_sched_problem *p, const q6_p001_params *par, const q6_sched_task *t,
                          const q6_p001_link *l, double x);

/* Quantum task on QPU q: T1 + queue + QPU run (models/quantum_gate) + T3.
 * Returns 0, or -1 when the circuit does not fit (Q2: qubits or success). */
int q6_p001_quantum(const q6_sched_problem *p, const q6_p001_params *par, const q6_sched_task *t,
                    const q6_p001_link *l, uint32_t qpu, q6_wset *out);

#endif
