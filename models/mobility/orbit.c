#include "models/mobility/orbit.h"
#include <math.h>
#include <stdio.h>

double q6_orbit_period_s(double altitude_m)
{
    double a = Q6_EARTH_RADIUS_M + altitude_m;
    return 2.0 * M_PI * sqrt(a * a * a / Q6_EARTH_MU_M3_S2);
}

int q6_orbit_check(const q6_orbit *o, char *err, size_t errlen)
{
    if (!o) {
        snprintf(err, errlen, "orbit: none given");
        return -1;
    }
    if (!(o->altitude_m > 0) || !isfinite(o->altitude_m)) {
        snprintf(err, errlen, "orbit.altitude_m: must be finite and > 0 m, got %g", o->altitude_m);
        return -1;
    }
    if (!(o->inclination_rad >= 0 && o->inclination_rad <= M_PI)) {
        snprintf(err, errlen, "orbit.inclination_rad: must be in [0, pi], got %g", o->inclination_rad);
        return -1;
    }
    if (!isfinite(o->raan_rad) || !isfinite(o->phase_rad)) {
        snprintf(err, errlen, "orbit.raan_rad/phase_rad: must be finite");
        return -1;
    }
    return 0;
}

int q6_geo_frame_init(q6_geo_frame *f, double lat, double lon, int earth_rotation,
                      char *err, size_t errlen)
{
    if (!(lat >= -M_PI / 2 && lat <= M_PI / 2)) {
        snprintf(err, errlen, "ref_lat: must be in [-90, 90] degrees, got %g rad", lat);
        return -1;
    }
    if (!(lon >= -M_PI && lon <= M_PI)) {
        snprintf(err, errlen, "ref_lon: must be in [-180, 180] degrees, got %g rad", lon);
        return -1;
    }
    double cl = cos(lat), sl = sin(lat), co = cos(lon), so = sin(lon);
    *f = (q6_geo_frame){.ref_lat_rad = lat, .ref_lon_rad = lon, .earth_rotation = earth_rotation != 0,
                        .east = {-so, co, 0.0},
                        .north = {-sl * co, -sl * so, cl},
                        .up = {cl * co, cl * so, sl}};
    for (int k = 0; k < 3; k++)
        f->origin_ecef_m[k] = Q6_EARTH_RADIUS_M * f->up[k];
    return 0;
}

void q6_orbit_eci(const q6_orbit *o, double t_s, double r[3])
{
    double a = Q6_EARTH_RADIUS_M + o->altitude_m;
    double n = sqrt(Q6_EARTH_MU_M3_S2 / (a * a * a));   /* mean motion */
    double u = o->phase_rad + n * t_s;
    double cu = cos(u), su = sin(u), cO = cos(o->raan_rad), sO = sin(o->raan_rad);
    double ci = cos(o->inclination_rad), si = sin(o->inclination_rad);
    r[0] = a * (cu * cO - su * ci * sO);
    r[1] = a * (cu * sO + su * ci * cO);
    r[2] = a * (su * si);
}

void q6_orbit_ecef(const q6_orbit *o, const q6_geo_frame *f, double t_s, double r[3])
{
    double eci[3];
    q6_orbit_eci(o, t_s, eci);
    double theta = f->earth_rotation ? Q6_EARTH_ROTATION_RAD_S * t_s : 0.0;
    double c = cos(theta), s = sin(theta);
    r[0] = c * eci[0] + s * eci[1];
    r[1] = -s * eci[0] + c * eci[1];
    r[2] = eci[2];
}

void q6_geo_local_to_ecef(const q6_geo_frame *f, double x, double y, double z, double r[3])
{
    for (int k = 0; k < 3; k++)
        r[k] = f->origin_ecef_m[k] + x * f->east[k] + y * f->north[k] + z * f->up[k];
}

static double dot3(const double a[3], const double b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

void q6_orbit_local(const q6_orbit *o, const q6_geo_frame *f, double t_s,
                    double *x, double *y, double *z)
{
    double r[3], d[3];
    q6_orbit_ecef(o, f, t_s, r);
    for (int k = 0; k < 3; k++)
        d[k] = r[k] - f->origin_ecef_m[k];
    *x = dot3(d, f->east);
    *y = dot3(d, f->north);
    *z = dot3(d, f->up);
}

void q6_orbit_look(const q6_orbit *o, const q6_geo_frame *f, double t_s,
                   double gx, double gy, double gz, q6_look *look)
{
    double sat[3], g[3], d[3];
    q6_orbit_ecef(o, f, t_s, sat);
    q6_geo_local_to_ecef(f, gx, gy, gz, g);
    for (int k = 0; k < 3; k++)
        d[k] = sat[k] - g[k];
    double range = sqrt(dot3(d, d)), gr = sqrt(dot3(g, g));
    /* Local vertical at the ground node (sphere normal), and its own
     * east/north for the azimuth. */
    double up[3] = {g[0] / gr, g[1] / gr, g[2] / gr};
    double horiz = hypot(up[0], up[1]);
    double east[3] = {horiz > 0 ? -up[1] / horiz : 0.0, horiz > 0 ? up[0] / horiz : 1.0, 0.0};
    double north[3] = {up[1] * east[2] - up[2] * east[1], up[2] * east[0] - up[0] * east[2],
                       up[0] * east[1] - up[1] * east[0]};
    double s_up = dot3(d, up) / range;
    look->slant_range_m = range;
    look->elevation_rad = asin(fmax(-1.0, fmin(1.0, s_up)));
    look->azimuth_rad = atan2(dot3(d, east), dot3(d, north));
    if (look->azimuth_rad < 0)
        look->azimuth_rad += 2.0 * M_PI;
}

int q6_walker_shell(int total, int planes, int phasing, double altitude_m,
                    double inclination_rad, q6_orbit *out, size_t cap, char *err, size_t errlen)
{
    if (total <= 0 || planes <= 0 || total % planes != 0) {
        snprintf(err, errlen, "walker: total (%d) must be a positive multiple of planes (%d)", total, planes);
        return -1;
    }
    if (phasing < 0 || phasing >= planes) {
        snprintf(err, errlen, "walker.phasing: must be in [0, planes-1] = [0, %d], got %d", planes - 1, phasing);
        return -1;
    }
    if (!out || cap < (size_t)total) {
        snprintf(err, errlen, "walker: room for %zu orbits, need %d", cap, total);
        return -1;
    }
    int per_plane = total / planes;
    for (int p = 0; p < planes; p++)
        for (int k = 0; k < per_plane; k++) {
            q6_orbit *o = &out[p * per_plane + k];
            o->altitude_m = altitude_m;
            o->inclination_rad = inclination_rad;
            o->raan_rad = 2.0 * M_PI * p / planes;
            o->phase_rad = fmod(2.0 * M_PI * k / per_plane + 2.0 * M_PI * phasing * p / total, 2.0 * M_PI);
            if (q6_orbit_check(o, err, errlen) < 0)
                return -1;
        }
    return total;
}

static double elevation_margin(const q6_orbit *o, const q6_geo_frame *f, double t,
                               const double g[3], double min_el)
{
    q6_look look;
    q6_orbit_look(o, f, t, g[0], g[1], g[2], &look);
    return look.elevation_rad - min_el;
}

/* Crossing time of the margin's sign in (a, b), to 1 ms. */
static double refine(const q6_orbit *o, const q6_geo_frame *f, const double g[3], double min_el,
                     double a, double b)
{
    int rising = elevation_margin(o, f, a, g, min_el) < 0;
    while (b - a > 1e-3) {
        double mid = 0.5 * (a + b);
        int below = elevation_margin(o, f, mid, g, min_el) < 0;
        if (below == rising)
            a = mid;
        else
            b = mid;
    }
    return 0.5 * (a + b);
}

int q6_orbit_visibility(const q6_orbit *o, const q6_geo_frame *f, double gx, double gy, double gz,
                        double min_el, double t0, double t1, double step_s,
                        q6_window *out, size_t cap, char *err, size_t errlen)
{
    if (q6_orbit_check(o, err, errlen) < 0)
        return -1;
    if (!(min_el >= -M_PI / 2 && min_el <= M_PI / 2)) {
        snprintf(err, errlen, "visibility: min_elevation must be in [-90, 90] degrees");
        return -1;
    }
    if (!isfinite(t0) || !isfinite(t1) || !(t1 >= t0) || !(step_s > 0)) {
        snprintf(err, errlen, "visibility: need finite t0 <= t1 and step_s > 0");
        return -1;
    }
    if (!isfinite(gx) || !isfinite(gy) || !isfinite(gz)) {
        snprintf(err, errlen, "visibility: ground position must be finite");
        return -1;
    }
    double g[3] = {gx, gy, gz};
    int count = 0;
    double t = t0, start = t0;
    int visible = elevation_margin(o, f, t0, g, min_el) >= 0;
    while (t < t1) {
        double tn = fmin(t + step_s, t1);
        int vis_n = elevation_margin(o, f, tn, g, min_el) >= 0;
        if (vis_n != visible) {
            double tc = refine(o, f, g, min_el, t, tn);
            if (vis_n) {
                start = tc;
            } else {
                if ((size_t)count < cap)
                    out[count] = (q6_window){start, tc};
                count++;
            }
            visible = vis_n;
        }
        t = tn;
    }
    if (visible) {
        if ((size_t)count < cap)
            out[count] = (q6_window){start, t1};
        count++;
    }
    return count;
}
