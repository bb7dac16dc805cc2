/* Per-slot energy accounting of a run: host CPU energy from SimGrid's
 * energy plugin, the BS power model of paper 000 (eq. 1) on top of each BS's
 * edge server, DVFS energy of vehicle tasks, and the renewable / battery /
 * grid split with emissions of paper 003 (eqs. 2, 11). */
#ifndef Q6_SIM_ENERGY_ACCOUNT_H
#define Q6_SIM_ENERGY_ACCOUNT_H
#include "models/battery.h"
#include "sim/core/world.h"

/* Allocates the accounting state; loads the emission series if any.
 * Returns -1 with "file:line: field ..." in err. */
int q6_energy_account_init(q6_world *w, char *err, size_t errlen);
void q6_energy_account_free(q6_world *w);

/* Books slot k's energy at its end (the epoch (k+1) x slot_s): by role,
 * per AP (w->energy.ap_j) and the site demand the dispatch splits. */
void q6_energy_account_slot(q6_world *w, uint64_t k);
/* Supplies slot k's infrastructure energy (after the scheduler's decision
 * of slot k): BS sites by the scheduler's battery decision (E1-checked,
 * paper 003 eqs. 2, 8) or, where it left them unset, by the default rule
 * (renewable, battery, grid); other hosts from the grid; emissions by eq. 11. */
void q6_energy_account_dispatch(q6_world *w, uint64_t k);
/* Battery physics of the BS sites. */
q6_battery_params q6_energy_site_battery(const q6_world *w);
/* Grid emission factor (g/kWh) at time t_s. */
double q6_energy_grid_g_per_kwh(const q6_world *w, double t_s);

/* DVFS energy of running `flops` on a vehicle CPU (one flop per cycle). */
double q6_energy_vehicle_task_j(const q6_world *w, double flops);

#endif
