/* Carbon emissions, emissions per bit and the sustainability metric of
 * paper 003 (eqs. 11-12). Emission factors in kg CO2 per joule (SI); use
 * q6_g_per_kwh_to_kg_per_j for the customary g/kWh. NAN for invalid input. */
#ifndef Q6_MODELS_EMISSIONS_H
#define Q6_MODELS_EMISSIONS_H

/* g CO2/kWh -> kg CO2/J: divide by 1000 (g->kg) and by 3.6e6 (kWh->J). */
double q6_g_per_kwh_to_kg_per_j(double g_per_kwh);

/* c = w_u (u - u_b) + w_g (g - g_b) + w_d d (eq. 11): energies used
 * directly from renewable, grid and battery, weights per source. */
double q6_emissions_kg(double renewable_used_j, double grid_used_j, double battery_j,
                       double w_renewable_kg_per_j, double w_grid_kg_per_j,
                       double w_battery_kg_per_j);

/* Emissions per bit c / (T sum R) (paper 003, after eq. 11); slot > 0 and
 * a positive served rate. */
double q6_emissions_per_bit_kg(double emissions_kg, double slot_s, double rate_sum_bps);

/* Sustainability S = (1 - sum_k C_k^b / C_psi^b)^2 (eq. 12), with
 * C_psi^b = w_g sum E_tot / (T sum R) the per-bit emissions had all energy
 * come from the grid. grid_only_per_bit > 0. */
double q6_sustainability(double emissions_per_bit_sum_kg, double grid_only_per_bit_kg);

#endif
