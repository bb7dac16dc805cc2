/* The spatial index of sim/core/reach.h. Correctness does not depend on
 * the index: it only narrows the candidates, and every candidate passes
 * the same exact test (covers) a scan of all APs would apply. */
#include "sim/core/reach.h"
#include "sim/base/alloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct q6_reach_index {
    const q6_platform *pf;
    size_t n_aps;
    const double *ap_xyz;        /* positions of the current slot */
    unsigned char *in_grid;      /* per AP: ranged, fixed, not orbiting */
    size_t n_grid;
    double *grid_xyz;            /* positions the grid was built at */
    int built;
    double x0, y0, cell_m;
    size_t nx, ny;
    size_t *cell_off;            /* nx * ny + 1, once built */
    uint32_t *cell_ap;           /* grid APs by cell, ascending within a cell */
    uint32_t *others;            /* this slot's candidates outside the grid, ascending */
    unsigned char *others_all;   /* per candidate: covers every point of the vehicles' box */
    size_t n_others;
};

int q6_reach_any_range(const q6_platform *pf)
{
    for (size_t a = 0; a < pf->n_aps; a++)
        if (pf->hosts[pf->aps[a]].range_m > 0)
            return 1;
    return 0;
}

double q6_reach_elevation_rad(const double *xyz, double gx, double gy, double gz)
{
    double dx = xyz[0] - gx, dy = xyz[1] - gy, dz = xyz[2] - gz;
    return atan2(dz, hypot(dx, dy));
}

q6_reach_index *q6_reach_create(const q6_platform *pf, const unsigned char *moves, char *err, size_t errlen)
{
    q6_reach_index *r = q6_calloc_checked(1, sizeof *r, "the reach index", err, errlen);
    if (!r)
        return NULL;
    r->pf = pf;
    r->n_aps = pf->n_aps;
    if (!(r->in_grid = q6_calloc_checked(r->n_aps, 1, "the reach index", err, errlen)) ||
        !(r->grid_xyz = q6_calloc_checked(3 * r->n_aps, sizeof *r->grid_xyz, "the reach index", err, errlen)) ||
        !(r->cell_ap = q6_calloc_checked(r->n_aps, sizeof *r->cell_ap, "the reach index", err, errlen)) ||
        !(r->others = q6_calloc_checked(r->n_aps, sizeof *r->others, "the reach index", err, errlen)) ||
        !(r->others_all = q6_calloc_checked(r->n_aps, 1, "the reach index", err, errlen))) {
        q6_reach_free(r);
        return NULL;
    }
    for (size_t a = 0; a < r->n_aps; a++) {
        const q6_infra_host *h = &pf->hosts[pf->aps[a]];
        r->in_grid[a] = h->range_m > 0 && !h->orbiting && !(moves && moves[a]);
        r->n_grid += r->in_grid[a];
    }
    return r;
}

void q6_reach_free(q6_reach_index *r)
{
    if (!r)
        return;
    free(r->in_grid);
    free(r->grid_xyz);
    free(r->cell_off);
    free(r->cell_ap);
    free(r->others);
    free(r->others_all);
    free(r);
}

/* The exact coverage test. */
static int covers(const q6_reach_index *r, size_t a, double x, double y, double z)
{
    const q6_infra_host *h = &r->pf->hosts[r->pf->aps[a]];
    const double *p = &r->ap_xyz[3 * a];
    if (h->range_m > 0) {
        double dx = p[0] - x, dy = p[1] - y, dz = p[2] - z;
        if (!(dx * dx + dy * dy + dz * dz <= h->range_m * h->range_m))
            return 0;
    }
    return !h->orbiting || q6_reach_elevation_rad(p, x, y, z) >= h->min_elevation_rad;
}

static double cell_coord(double v, double v0, double cell) { return floor((v - v0) / cell); }

/* Cells of at least the largest range (a little more, so rounding in the
 * division cannot put an AP in reach two cells away), enlarged when the
 * APs are so spread out that the grid would have far more cells than APs. */
static int build_grid(q6_reach_index *r, char *err, size_t errlen)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, range = 0;
    for (size_t a = 0; a < r->n_aps; a++) {
        if (!r->in_grid[a])
            continue;
        const double *p = &r->ap_xyz[3 * a];
        x0 = fmin(x0, p[0]), x1 = fmax(x1, p[0]);
        y0 = fmin(y0, p[1]), y1 = fmax(y1, p[1]);
        range = fmax(range, r->pf->hosts[r->pf->aps[a]].range_m);
        memcpy(&r->grid_xyz[3 * a], p, 3 * sizeof *p);
    }
    double cell = range * (1 + 1e-9) + 1e-6;
    double most = 4.0 * (double)r->n_grid + 64.0;
    while ((floor((x1 - x0) / cell) + 1) * (floor((y1 - y0) / cell) + 1) > most)
        cell *= 2;
    r->x0 = x0, r->y0 = y0, r->cell_m = cell;
    r->nx = (size_t)cell_coord(x1, x0, cell) + 1;
    r->ny = (size_t)cell_coord(y1, y0, cell) + 1;
    free(r->cell_off);
    if (!(r->cell_off = q6_calloc_checked(r->nx * r->ny + 1, sizeof *r->cell_off, "the reach grid", err, errlen)))
        return -1;
    for (size_t a = 0; a < r->n_aps; a++)
        if (r->in_grid[a]) {
            const double *p = &r->ap_xyz[3 * a];
            r->cell_off[(size_t)cell_coord(p[1], y0, cell) * r->nx + (size_t)cell_coord(p[0], x0, cell) + 1]++;
        }
    for (size_t c = 0; c < r->nx * r->ny; c++)
        r->cell_off[c + 1] += r->cell_off[c];
    /* Counting sort in AP order: each cell's APs stay ascending. */
    size_t *fill = calloc(r->nx * r->ny + 1, sizeof *fill);
    if (!fill) {
        snprintf(err, errlen, "out of memory for the reach grid of %zu cells", r->nx * r->ny);
        return -1;
    }
    for (size_t a = 0; a < r->n_aps; a++)
        if (r->in_grid[a]) {
            const double *p = &r->ap_xyz[3 * a];
            size_t c = (size_t)cell_coord(p[1], y0, cell) * r->nx + (size_t)cell_coord(p[0], x0, cell);
            r->cell_ap[r->cell_off[c] + fill[c]++] = (uint32_t)a;
        }
    free(fill);
    r->built = 1;
    return 0;
}

int q6_reach_slot(q6_reach_index *r, const double *ap_xyz, const q6_pose *poses, size_t n_poses, char *err,
                  size_t errlen)
{
    r->ap_xyz = ap_xyz;
    int moved = !r->built;
    for (size_t a = 0; a < r->n_aps && !moved && r->n_grid; a++)
        moved = r->in_grid[a] && memcmp(&r->grid_xyz[3 * a], &ap_xyz[3 * a], 3 * sizeof *ap_xyz) != 0;
    if (moved && r->n_grid && build_grid(r, err, errlen) < 0)
        return -1;
    r->built = 1;
    /* The present vehicles' bounding box, and the APs outside the grid that
     * cover some point of it: no vehicle is covered by any other. */
    double x0 = INFINITY, y0 = INFINITY, z0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, z1 = -INFINITY;
    for (size_t i = 0; i < n_poses; i++) {
        const q6_pose *p = &poses[i];
        if (!p->present)
            continue;
        x0 = fmin(x0, p->x_m), x1 = fmax(x1, p->x_m);
        y0 = fmin(y0, p->y_m), y1 = fmax(y1, p->y_m);
        z0 = fmin(z0, p->z_m), z1 = fmax(z1, p->z_m);
    }
    r->n_others = 0;
    if (!(x0 <= x1))
        return 0; /* nobody present */
    for (size_t a = 0; a < r->n_aps; a++) {
        if (r->in_grid[a])
            continue;
        const q6_infra_host *h = &r->pf->hosts[r->pf->aps[a]];
        const double *p = &ap_xyz[3 * a];
        double dx = fmax(fmax(x0 - p[0], p[0] - x1), 0.0), dy = fmax(fmax(y0 - p[1], p[1] - y1), 0.0);
        double hd = hypot(dx, dy);
        /* Slack for rounding: the exact test decides; this only must not
         * leave out an AP that covers someone. */
        if (h->range_m > 0 && hd > h->range_m * (1 + 1e-9) + 1e-6)
            continue;
        if (h->orbiting && atan2(p[2] - z0, hd) < h->min_elevation_rad - 1e-9)
            continue;
        /* A satellite seen at least 1e-9 rad above its mask from the box's
         * farthest, highest corner is above it for every vehicle in the box
         * (elevation falls with horizontal distance and height; rounding
         * moves the exact test's angle by ~1e-15 rad), so the exact test
         * (an arctangent per vehicle) would pass for all of them. */
        double far_dx = fmax(fabs(x0 - p[0]), fabs(x1 - p[0])), far_dy = fmax(fabs(y0 - p[1]), fabs(y1 - p[1]));
        r->others_all[r->n_others] = h->orbiting && !(h->range_m > 0) &&
                                     atan2(p[2] - z1, hypot(far_dx, far_dy)) >= h->min_elevation_rad + 1e-9;
        r->others[r->n_others++] = (uint32_t)a;
    }
    return 0;
}

size_t q6_reach_vehicle(const q6_reach_index *r, double x_m, double y_m, double z_m, uint32_t *out)
{
    size_t n = 0;
    for (size_t k = 0; k < r->n_others; k++)
        if (r->others_all[k] || covers(r, r->others[k], x_m, y_m, z_m))
            out[n++] = r->others[k];
    size_t from_grid = n;
    if (r->n_grid) {
        double fx = cell_coord(x_m, r->x0, r->cell_m), fy = cell_coord(y_m, r->y0, r->cell_m);
        double xlo = fmax(fx - 1, 0), xhi = fmin(fx + 1, (double)r->nx - 1);
        double ylo = fmax(fy - 1, 0), yhi = fmin(fy + 1, (double)r->ny - 1);
        for (double cy = ylo; cy <= yhi; cy++)
            for (double cx = xlo; cx <= xhi; cx++) {
                size_t c = (size_t)cy * r->nx + (size_t)cx;
                for (size_t k = r->cell_off[c]; k < r->cell_off[c + 1]; k++)
                    if (covers(r, r->cell_ap[k], x_m, y_m, z_m))
                        out[n++] = r->cell_ap[k];
            }
    }
    /* Ascending: insertion sort of the grid's few into the sorted rest. */
    for (size_t i = from_grid ? from_grid : 1; i < n; i++) {
        uint32_t v = out[i];
        size_t j = i;
        for (; j > 0 && out[j - 1] > v; j--)
            out[j] = out[j - 1];
        out[j] = v;
    }
    return n;
}
