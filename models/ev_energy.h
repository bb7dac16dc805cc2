/* Electric-vehicle travel energy, paper 000 eq. (5). */
#ifndef Q6_MODELS_EV_ENERGY_H
#define Q6_MODELS_EV_ENERGY_H

#define Q6_STANDARD_GRAVITY_MPS2 9.80665

/* Energy to drive distance_m at constant speed_mps:
 *   e = (d/v) [f_g m g v_kmh / 3600 + f_a phi v_kmh^3 / 76140]  kWh
 * with v_kmh = 3.6 v and d/v in hours (the published form of eq. 5, whose
 * first term is the rolling-resistance power f_g m g v and whose second is
 * the aerodynamic power at air density ~1.226 kg/m^3), returned in joules.
 * Table II: f_g = 0.018, m = 1000 kg, f_a = 0.4, phi = 2 m^2.
 * d >= 0, v > 0, others >= 0; NAN otherwise. */
double q6_ev_travel_energy_j(double distance_m, double speed_mps, double mass_kg,
                             double rolling_coeff, double drag_coeff, double frontal_area_m2);

/* Charging time e / P_chg (paper 000, after eq. 4). */
double q6_ev_charge_time_s(double energy_j, double charge_power_w);

#endif
