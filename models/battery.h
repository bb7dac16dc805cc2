/* Battery, energy sources and their split (paper 003 eqs. 2, 8, 13c-13e).
 * Energies in joules per slot. */
#ifndef Q6_MODELS_BATTERY_H
#define Q6_MODELS_BATTERY_H

typedef struct {
    double capacity_j;       /* b_max (13d) */
    double self_discharge;   /* eta in (0, 1]: fraction kept per slot */
    double charge_efficiency;/* mu in (0, 1]: fraction of charging energy stored */
} q6_battery_params;

/* One slot of eq. (2): b(t) = eta (b(t-1) - d) + mu (u_b + g_b). Returns
 * b(t), or NAN when an argument is invalid or a bound is broken: level
 * outside [0, capacity], d > b(t-1) (13d), or b(t) > capacity (13d). */
double q6_battery_next_j(const q6_battery_params *p, double level_j, double discharge_j,
                         double charge_renewable_j, double charge_grid_j);
/* Largest charging input (u_b + g_b) the battery accepts after
 * discharging d this slot: (capacity - eta (b - d)) / mu, floored at 0. */
double q6_battery_max_charge_input_j(const q6_battery_params *p, double level_j,
                                     double discharge_j);

/* Where one slot's energy comes from (eq. 8: E = u - u_b + g - g_b + d). */
typedef struct {
    double renewable_used_j;    /* u - u_b, consumed directly */
    double renewable_stored_j;  /* u_b */
    double renewable_spilled_j; /* available renewable neither used nor stored */
    double battery_j;           /* d */
    double grid_used_j;         /* g - g_b */
    double grid_stored_j;       /* g_b (0 in this dispatch) */
    double battery_next_j;      /* b(t) by eq. (2) */
} q6_energy_split;

/* Default dispatch of the engine (a rule, not from the papers, which
 * optimise the split): renewable first, then the battery, then the grid;
 * renewable surplus charges the battery up to capacity, the rest is
 * spilled. demand >= 0, renewable_available >= 0. Returns 0 or -1. */
int q6_energy_split_greedy(const q6_battery_params *p, double demand_j,
                           double renewable_available_j, double level_j,
                           q6_energy_split *out);

#endif
