#include "models/mobility/hap.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int q6_hap_check(const q6_hap *h, char *err, size_t errlen)
{
    if (!h) {
        snprintf(err, errlen, "hap: none given");
        return -1;
    }
    if (!isfinite(h->x_m) || !isfinite(h->y_m) || !isfinite(h->phase_rad)) {
        snprintf(err, errlen, "hap.position_m/phase_rad: must be finite");
        return -1;
    }
    if (!(h->altitude_m >= Q6_HAP_ALTITUDE_MIN_M && h->altitude_m <= Q6_HAP_ALTITUDE_MAX_M)) {
        snprintf(err, errlen, "hap.altitude_m: must be in [17000, 22000] m, got %g", h->altitude_m);
        return -1;
    }
    if (!(h->radius_m >= 0) || !isfinite(h->radius_m)) {
        snprintf(err, errlen, "hap.radius_m: must be finite and >= 0 m, got %g", h->radius_m);
        return -1;
    }
    if (h->radius_m > 0 && (!(h->speed_mps > 0) || !isfinite(h->speed_mps))) {
        snprintf(err, errlen, "hap.speed_mps: must be finite and > 0 m/s on a circle, got %g", h->speed_mps);
        return -1;
    }
    return 0;
}

void q6_hap_pose(const q6_hap *h, double t_s, q6_pose *p)
{
    memset(p, 0, sizeof *p);
    p->present = 1;
    p->z_m = h->altitude_m;
    if (h->radius_m <= 0) {
        p->x_m = h->x_m;
        p->y_m = h->y_m;
        return;
    }
    double angle = h->phase_rad + h->speed_mps / h->radius_m * t_s;
    p->x_m = h->x_m + h->radius_m * cos(angle);
    p->y_m = h->y_m + h->radius_m * sin(angle);
    p->speed_mps = h->speed_mps;
    p->heading_rad = atan2(cos(angle), -sin(angle));   /* tangent, counter-clockwise */
}
