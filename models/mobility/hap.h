/* High-altitude platforms (HAPs) in the stratosphere, 17-22 km (ITU-R
 * F.1500; paper 002's aerial layer): fixed above a point, or keeping
 * station on a circle of given radius at constant speed. Local frame as in
 * orbit.h (x east, y north, z up, metres). */
#ifndef Q6_MODELS_HAP_H
#define Q6_MODELS_HAP_H
#include "models/mobility/mobility.h"

#define Q6_HAP_ALTITUDE_MIN_M 17000.0
#define Q6_HAP_ALTITUDE_MAX_M 22000.0

typedef struct q6_hap {
    double x_m, y_m;       /* centre of the station */
    double altitude_m;     /* [17, 22] km */
    double radius_m;       /* 0: fixed; else station-keeping circle */
    double speed_mps;      /* along the circle, > 0 when radius_m > 0 */
    double phase_rad;      /* angle on the circle at t = 0, from +x */
} q6_hap;

/* 0, or -1 with the faulty field named in err. */
int q6_hap_check(const q6_hap *h, char *err, size_t errlen);

/* Pose at t: counter-clockwise on the circle, angle phase + (v/r) t. */
void q6_hap_pose(const q6_hap *h, double t_s, q6_pose *p);

#endif
