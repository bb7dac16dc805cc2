/* The engine's side of the virtual queues: what happened in a slot,
 * gathered from the run state, fed to sim/lyapunov.h. */
#ifndef Q6_SIM_LYAPUNOV_SLOT_H
#define Q6_SIM_LYAPUNOV_SLOT_H
#include "sim/core/world.h"

/* At the end of slot k's decision (its epoch): updates w->lyapunov with
 * the energy and emissions booked for slot k (sim/energy_account.h, per
 * AP), the tasks that arrived in slot k and how many of them were
 * offloaded. Does nothing without queues. */
void q6_lyapunov_slot_end(q6_world *w, uint64_t k);

#endif
