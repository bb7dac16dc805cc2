/* Emission accounting; sources in emissions.h. */
#include "models/emissions.h"
#include <math.h>

static int ok(double x) { return x >= 0.0 && isfinite(x); }

double q6_g_per_kwh_to_kg_per_j(double g_per_kwh)
{
    return ok(g_per_kwh) ? g_per_kwh / 1000.0 / 3.6e6 : NAN;
}

double q6_emissions_kg(double renewable_used_j, double grid_used_j, double battery_j,
                       double w_renewable_kg_per_j, double w_grid_kg_per_j,
                       double w_battery_kg_per_j)
{
    if (!ok(renewable_used_j) || !ok(grid_used_j) || !ok(battery_j) ||
        !ok(w_renewable_kg_per_j) || !ok(w_grid_kg_per_j) || !ok(w_battery_kg_per_j))
        return NAN;
    return w_renewable_kg_per_j * renewable_used_j + w_grid_kg_per_j * grid_used_j +
           w_battery_kg_per_j * battery_j;
}

double q6_emissions_per_bit_kg(double emissions_kg, double slot_s, double rate_sum_bps)
{
    if (!ok(emissions_kg) || !(slot_s > 0.0) || !isfinite(slot_s) || !(rate_sum_bps > 0.0) ||
        !isfinite(rate_sum_bps))
        return NAN;
    return emissions_kg / (slot_s * rate_sum_bps);
}

double q6_sustainability(double emissions_per_bit_sum_kg, double grid_only_per_bit_kg)
{
    if (!ok(emissions_per_bit_sum_kg) || !(grid_only_per_bit_kg > 0.0) ||
        !isfinite(grid_only_per_bit_kg))
        return NAN;
    double x = 1.0 - emissions_per_bit_sum_kg / grid_only_per_bit_kg;
    return x * x;
}
