/* Battery recursion and source split; sources in battery.h. */
#include "models/battery.h"
#include <math.h>

/* Relative slack for floating-point round-off at the capacity bound. */
#define CAPACITY_SLACK 1e-12

static int params_ok(const q6_battery_params *p)
{
    return p && p->capacity_j >= 0.0 && isfinite(p->capacity_j) &&
           p->self_discharge > 0.0 && p->self_discharge <= 1.0 &&
           p->charge_efficiency > 0.0 && p->charge_efficiency <= 1.0;
}

static int level_ok(const q6_battery_params *p, double level)
{
    return level >= 0.0 && level <= p->capacity_j * (1.0 + CAPACITY_SLACK);
}

double q6_battery_next_j(const q6_battery_params *p, double level_j, double discharge_j,
                         double charge_renewable_j, double charge_grid_j)
{
    if (!params_ok(p) || !level_ok(p, level_j) || !(discharge_j >= 0.0) ||
        !(charge_renewable_j >= 0.0) || !(charge_grid_j >= 0.0) ||
        !isfinite(charge_renewable_j) || !isfinite(charge_grid_j) || discharge_j > level_j)
        return NAN;
    double next = p->self_discharge * (level_j - discharge_j) +
                  p->charge_efficiency * (charge_renewable_j + charge_grid_j);
    if (!level_ok(p, next))
        return NAN;
    return fmin(next, p->capacity_j);
}

double q6_battery_max_charge_input_j(const q6_battery_params *p, double level_j,
                                     double discharge_j)
{
    if (!params_ok(p) || !level_ok(p, level_j) || !(discharge_j >= 0.0) ||
        discharge_j > level_j)
        return NAN;
    double room = p->capacity_j - p->self_discharge * (level_j - discharge_j);
    return fmax(room, 0.0) / p->charge_efficiency;
}

int q6_energy_split_greedy(const q6_battery_params *p, double demand_j,
                           double renewable_available_j, double level_j,
                           q6_energy_split *out)
{
    if (!out || !params_ok(p) || !level_ok(p, level_j) || !(demand_j >= 0.0) ||
        !isfinite(demand_j) || !(renewable_available_j >= 0.0) ||
        !isfinite(renewable_available_j))
        return -1;
    q6_energy_split s = {0};
    s.renewable_used_j = fmin(demand_j, renewable_available_j);
    double rest = demand_j - s.renewable_used_j;
    s.battery_j = fmin(rest, level_j);
    s.grid_used_j = rest - s.battery_j;
    double surplus = renewable_available_j - s.renewable_used_j;
    double room = q6_battery_max_charge_input_j(p, level_j, s.battery_j);
    s.renewable_stored_j = fmin(surplus, room);
    s.renewable_spilled_j = surplus - s.renewable_stored_j;
    s.battery_next_j = q6_battery_next_j(p, level_j, s.battery_j, s.renewable_stored_j, 0.0);
    if (isnan(s.battery_next_j))
        return -1;
    *out = s;
    return 0;
}
