/* Uplink budget of a vehicle to an access point, from the AP's path-loss
 * and fading models (models/pathloss.h, models/fading.h). */
#ifndef Q6_SIM_RADIO_H
#define Q6_SIM_RADIO_H
#include "sim/scenario/platform.h"
#include <gsl/gsl_rng.h>

/* Path loss in dB between a node at (x, y, z) and the AP. */
double q6_radio_pathloss_db(const q6_infra_host *ap, const double ap_xyz[3], double x_m,
                            double y_m, double z_m);

/* Small-scale power gain (mean 1 per antenna, MRC over `antennas`).
 * force: -1 uses the AP's model, else a q6_fading_kind for every AP. */
double q6_radio_fading_gain(const q6_infra_host *ap, int force, gsl_rng *rng);

#endif
