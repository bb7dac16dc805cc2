/* EV travel energy; source in ev_energy.h. */
#include "models/ev_energy.h"
#include <math.h>
#include <stddef.h>

double q6_ev_travel_energy_j(double distance_m, double speed_mps, double mass_kg,
                             double rolling_coeff, double drag_coeff, double frontal_area_m2)
{
    const double v[] = {distance_m, mass_kg, rolling_coeff, drag_coeff, frontal_area_m2};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!(v[i] >= 0.0) || !isfinite(v[i]))
            return NAN;
    if (!(speed_mps > 0.0) || !isfinite(speed_mps))
        return NAN;
    double v_kmh = 3.6 * speed_mps;
    double power_kw = rolling_coeff * mass_kg * Q6_STANDARD_GRAVITY_MPS2 * v_kmh / 3600.0 +
                      drag_coeff * frontal_area_m2 * v_kmh * v_kmh * v_kmh / 76140.0;
    double hours = (distance_m / speed_mps) / 3600.0;
    return power_kw * hours * 3.6e6; /* kWh -> J */
}

double q6_ev_charge_time_s(double energy_j, double charge_power_w)
{
    if (!(energy_j >= 0.0) || !isfinite(energy_j) || !(charge_power_w > 0.0) ||
        !isfinite(charge_power_w))
        return NAN;
    return energy_j / charge_power_w;
}
