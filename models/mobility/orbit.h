/* LEO satellites on circular orbits around a spherical Earth, seen from
 * ground nodes placed in a local east-north-up frame (x = east, y = north,
 * z = up, metres) around a reference latitude/longitude the scenario sets.
 * Frames: ECI with its x axis through longitude 0 at t = 0 (Greenwich
 * sidereal angle 0 at t = 0); ECEF = Rz(-omega_E t) ECI when the Earth
 * rotates. Sources: Vallado, Fundamentals of Astrodynamics, 4th ed.,
 * eqs. 1-27 (period), 2-84 (perifocal to ECI with argument of latitude u
 * for circular orbits), 3-28 (topocentric look angles); Walker (1984),
 * J. Br. Interplanet. Soc. 37, delta pattern T/P/F. */
#ifndef Q6_MODELS_ORBIT_H
#define Q6_MODELS_ORBIT_H
#include <stddef.h>

#define Q6_EARTH_RADIUS_M 6371000.0          /* mean radius, spherical model */
#define Q6_EARTH_MU_M3_S2 3.986004418e14     /* WGS-84 GM */
#define Q6_EARTH_ROTATION_RAD_S 7.2921150e-5 /* sidereal rotation rate */

typedef struct q6_orbit {
    double altitude_m;        /* above Q6_EARTH_RADIUS_M, > 0 */
    double inclination_rad;   /* [0, pi] */
    double raan_rad;          /* right ascension of the ascending node */
    double phase_rad;         /* argument of latitude at t = 0 */
} q6_orbit;

typedef struct q6_geo_frame {
    double ref_lat_rad, ref_lon_rad;
    int earth_rotation;       /* 1: ECEF turns at Q6_EARTH_ROTATION_RAD_S */
    double origin_ecef_m[3], east[3], north[3], up[3];
} q6_geo_frame;

typedef struct q6_look {
    double elevation_rad;     /* above the ground node's horizon */
    double slant_range_m;
    double azimuth_rad;       /* clockwise from north */
} q6_look;

typedef struct q6_window {
    double start_s, end_s;    /* elevation >= minimum in [start, end] */
} q6_window;

/* Kepler's third law: T = 2 pi sqrt(a^3 / mu), a = R_E + altitude. */
double q6_orbit_period_s(double altitude_m);

/* 0, or -1 with the faulty field named in err. */
int q6_orbit_check(const q6_orbit *o, char *err, size_t errlen);

/* Frame around (lat, lon) in radians; -1 + err for out-of-range input. */
int q6_geo_frame_init(q6_geo_frame *f, double ref_lat_rad, double ref_lon_rad,
                      int earth_rotation, char *err, size_t errlen);

/* Satellite position at t in ECI, ECEF and the local frame (metres). */
void q6_orbit_eci(const q6_orbit *o, double t_s, double r_m[3]);
void q6_orbit_ecef(const q6_orbit *o, const q6_geo_frame *f, double t_s, double r_m[3]);
void q6_orbit_local(const q6_orbit *o, const q6_geo_frame *f, double t_s,
                    double *x_m, double *y_m, double *z_m);

/* Local frame <-> ECEF (a local point is origin + x east + y north + z up). */
void q6_geo_local_to_ecef(const q6_geo_frame *f, double x_m, double y_m, double z_m, double r_m[3]);

/* Elevation, slant range, azimuth of the satellite from a ground node at
 * local (x, y, z); the horizon is the sphere's tangent plane there. */
void q6_orbit_look(const q6_orbit *o, const q6_geo_frame *f, double t_s,
                   double gx_m, double gy_m, double gz_m, q6_look *look);

/* Walker delta shell T/P/F: plane p has RAAN 2 pi p / P, satellite k of it
 * phase 2 pi k / (T/P) + 2 pi F p / T. Writes T orbits to out (cap >= T).
 * Returns T, or -1 + err (T not a multiple of P, F outside [0, P-1], ...). */
int q6_walker_shell(int total, int planes, int phasing, double altitude_m,
                    double inclination_rad, q6_orbit *out, size_t cap,
                    char *err, size_t errlen);

/* Visibility windows of one satellite over a ground node in [t0, t1]:
 * elevation sampled every step_s, each crossing of min_elevation refined by
 * bisection to 1 ms. Windows shorter than step_s may be missed. Writes up
 * to cap windows, returns how many exist (may exceed cap), -1 + err. */
int q6_orbit_visibility(const q6_orbit *o, const q6_geo_frame *f,
                        double gx_m, double gy_m, double gz_m,
                        double min_elevation_rad, double t0_s, double t1_s,
                        double step_s, q6_window *out, size_t cap,
                        char *err, size_t errlen);

#endif
