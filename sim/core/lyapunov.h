/* Virtual queues of the scenario's `lyapunov` group (Neely's
 * drift-plus-penalty): each queue turns a long-term constraint into a
 * backlog the scheduler sees, updated once per slot from what happened in
 * the slot:  Q(t+1) = max(Q(t) + arrival(t) - service(t), 0).
 *
 *   ap-energy       arrival: energy the AP's host used in the slot (J)
 *                   service: budget_j_per_slot
 *   offload-rate    arrival: rho x tasks generated in the slot
 *                   service: tasks of the slot offloaded (target != local)
 *                   (a stable queue keeps the long-run offloaded share >= rho)
 *   site-emissions  arrival: the AP site's emissions in the slot (g CO2)
 *                   service: budget_g_per_slot
 *
 * No SimGrid here: the engine gathers a slot's inputs (sim/lyapunov_slot.h),
 * so the update is unit-testable by hand. */
#ifndef Q6_SIM_LYAPUNOV_H
#define Q6_SIM_LYAPUNOV_H
#include "sim/scenario/platform.h"
#include "sim/scenario/scenario.h"
#include "solvers/abi/scheduler.h"
#include <stddef.h>
#include <stdint.h>

typedef struct q6_lyapunov q6_lyapunov;

/* What happened in one slot. */
typedef struct {
    uint64_t slot;
    const double *ap_energy_j;      /* per AP: energy its host used in the slot */
    const double *ap_emissions_g;   /* per AP: its site's emissions in the slot */
    uint64_t tasks_generated;
    uint64_t tasks_offloaded;       /* target != local (dropped tasks are not offloaded) */
} q6_lyapunov_slot_input;

/* The queues of sc->lyapunov (none when the scenario has no such group),
 * all empty, their APs resolved against pf. NULL with "file:line: field:
 * message" in err when a queue names an AP the platform lacks. */
q6_lyapunov *q6_lyapunov_create(const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen);
void q6_lyapunov_free(q6_lyapunov *l);

/* Applies slot in->slot; slots must come in order (each once, from 0). */
void q6_lyapunov_update(q6_lyapunov *l, const q6_lyapunov_slot_input *in);

size_t q6_lyapunov_count(const q6_lyapunov *l);
double q6_lyapunov_v(const q6_lyapunov *l);

/* Fills out[0 .. count) with the queues as they stand: backlog Q(t) for
 * the next slot, the last slot's arrival and service, the budget. */
void q6_lyapunov_views(const q6_lyapunov *l, q6_vqueue *out);

/* slots.csv columns, three per queue: vq_NAME (backlog after the slot's
 * update), vq_NAME_arrival, vq_NAME_service. Fills names and values (for
 * slot `slot`; NAN for a slot never updated) when not NULL; returns the
 * number of columns. */
size_t q6_lyapunov_columns(const q6_lyapunov *l, uint64_t slot, const char **names, double *values);

#endif
