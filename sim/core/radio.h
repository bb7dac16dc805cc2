/* Uplink budget of a vehicle to an access point, from the AP's path-loss
 * and fading models (models/pathloss.h, models/fading.h). */
#ifndef Q6_SIM_RADIO_H
#define Q6_SIM_RADIO_H
#include "sim/scenario/platform.h"
#include <gsl/gsl_rng.h>

/* Path loss in dB between a node at (x, y, z) and the AP. */
double q6_radio_pathloss_db(const q6_infra_host *ap, const double ap_xyz[3], double x_m,
                            double y_m, double z_m);

/* What q6_radio_pathloss_db computes per AP rather than per vehicle, kept
 * across the vehicles of one slot (the AP may move between slots). The
 * cached terms are the same operations on the same operands as in the
 * model functions, so every result is bit-identical to
 * q6_radio_pathloss_db's (test radio_terms); only the repeated work goes. */
typedef struct {
    const q6_infra_host *ap;
    double xyz[3];
    int uma_ok;           /* UMa with a valid AP height and carrier */
    double lfc_db;        /* UMa: 20 log10(fc / 1 GHz) */
    double d1_m, p1_m;    /* UMa: LoS-probability constants in force */
    double ut_m;          /* UMa: UT height of the terms below; NaN before the first */
    double bp_m, dh_m;    /* ... its breakpoint distance and AP-UT height difference */
    double far_db;        /* ... and 9 log10(bp^2 + dh^2) beyond the breakpoint */
} q6_radio_ap_terms;

void q6_radio_ap_terms_init(q6_radio_ap_terms *t, const q6_infra_host *ap, const double ap_xyz[3]);

/* q6_radio_pathloss_db(t->ap, t->xyz, x, y, z), bit for bit. */
double q6_radio_pathloss_terms_db(q6_radio_ap_terms *t, double x_m, double y_m, double z_m);

/* Small-scale power gain (mean 1 per antenna, MRC over `antennas`).
 * force: -1 uses the AP's model, else a q6_fading_kind for every AP. */
double q6_radio_fading_gain(const q6_infra_host *ap, int force, gsl_rng *rng);

#endif
