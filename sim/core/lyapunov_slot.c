/* Gathers one slot's queue inputs from the run state. The energy booked
 * for slot k (the interval [k, k+1) x slot_s) is known at its epoch, and
 * the slot's tasks have their placements by the end of that epoch's
 * decision, so the queues a scheduler sees at epoch k+1 hold slot k. */
#include "sim/core/lyapunov_slot.h"
#include "sim/core/lyapunov.h"

void q6_lyapunov_slot_end(q6_world *w, uint64_t k)
{
    if (!q6_lyapunov_count(w->lyapunov))
        return;
    uint64_t offloaded = 0, generated = 0;
    for (uint64_t id = w->log.slot_first_task[k]; id < w->log.tasks.count; id++) {
        const q6_task *t = q6_task_get(w, id);
        generated++;
        offloaded += !t->infeasible && t->where != Q6_RUN_LOCAL;
    }
    q6_lyapunov_slot_input in = {k, w->energy.ap_slot_j, w->energy.ap_emissions_slot_g, generated, offloaded};
    q6_lyapunov_update(w->lyapunov, &in);
}
