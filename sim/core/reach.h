/* Which access points cover which vehicles in a slot (issue 13): the
 * spatial index behind the reach lists of the exogenous timeline.
 *
 * An AP covers a vehicle when the 3-D distance between them is at most the
 * AP's range_m (platform property; 0: no limit) and, for an orbiting
 * satellite, when it is at or above its minimum elevation seen from the
 * vehicle. Three kinds of AP are searched three ways:
 *   - ranged APs that do not move (BSs, fixed UAVs and HAPs): a uniform
 *     grid of cells no smaller than the largest such range, built once and
 *     rebuilt only when one of them changes position (a replayed timeline
 *     may move anything); a vehicle looks at its cell and the 8 around it;
 *   - every other AP (moving ranged ones, satellites, APs without a range):
 *     per slot, those that cover some point of the present vehicles'
 *     bounding box (a necessary condition, computed once per slot), which
 *     every vehicle then tests exactly;
 * so a vehicle's cost is the APs near it plus the slot's visible moving
 * ones, not every AP. */
#ifndef Q6_SIM_REACH_H
#define Q6_SIM_REACH_H
#include "models/mobility/mobility.h"
#include "sim/scenario/platform.h"
#include <stddef.h>
#include <stdint.h>

typedef struct q6_reach_index q6_reach_index;

/* 1 when some AP of the platform has a range_m: the timeline then keeps
 * its channel as reach lists (sim/core/exogenous.c). */
int q6_reach_any_range(const q6_platform *pf);

/* moves[a] != 0 for APs whose position changes during the run (mobile
 * UAVs, station-keeping HAPs; orbiting satellites are recognised from the
 * platform). NULL on out of memory, with a message in err. */
q6_reach_index *q6_reach_create(const q6_platform *pf, const unsigned char *moves, char *err, size_t errlen);
void q6_reach_free(q6_reach_index *r);

/* Prepares the slot: the APs' positions (3 per AP) and the present
 * vehicles. -1 (message in err) when out of memory. */
int q6_reach_slot(q6_reach_index *r, const double *ap_xyz, const q6_pose *poses, size_t n_poses, char *err,
                  size_t errlen);

/* APs covering a vehicle at (x, y, z), ascending, into out (room for every
 * AP); returns how many. (x, y, z) must be a present vehicle's position
 * of the last q6_reach_slot: the candidates were chosen for their box. */
size_t q6_reach_vehicle(const q6_reach_index *r, double x_m, double y_m, double z_m, uint32_t *out);

/* Elevation (rad) of a point xyz of the scenario frame seen from (gx, gy, gz). */
double q6_reach_elevation_rad(const double *xyz, double gx, double gy, double gz);

#endif
