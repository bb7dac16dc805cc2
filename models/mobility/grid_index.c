#include "models/mobility/grid_index.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>

/* Offset v - v0 in cells. Computed on halves, (v/2 - v0/2) / cell * 2,
 * which equals (v - v0) / cell bit for bit for ordinary values (scaling by
 * 2 is exact) but cannot overflow when v and v0 are finite values of
 * opposite sign near DBL_MAX. */
static double cells_from(double v, double v0, double cell)
{
    return floor((v * 0.5 - v0 * 0.5) / cell * 2.0);
}

/* Cell coordinate clamped to [0, n) before any conversion to size_t, so
 * NaN, infinite or far-away positions land in an edge cell. */
static size_t clamp_cell(double c, size_t n)
{
    if (!(c >= 0))
        return 0;
    return c >= (double)(n - 1) ? n - 1 : (size_t)c;
}

static size_t cell_coord(double v, double v0, double cell, size_t n)
{
    return clamp_cell(cells_from(v, v0, cell), n);
}

int q6_grid_build(q6_grid_index *g, const q6_pose *pts, size_t n, double radius_m)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    size_t used = 0;
    size_t finite = 0;
    for (size_t i = 0; i < n; i++) {
        if (!pts[i].present)
            continue;
        used++;
        double x = pts[i].x_m, y = pts[i].y_m;
        if (!isfinite(x) || !isfinite(y))
            continue;   /* clamped into an edge cell below */
        xmin = fmin(xmin, x); xmax = fmax(xmax, x);
        ymin = fmin(ymin, y); ymax = fmax(ymax, y);
        finite++;
    }
    if (finite == 0)
        xmin = xmax = ymin = ymax = 0.0;
    /* Extents as cell counts are computed on halves (cells_from), so that
     * even -DBL_MAX .. DBL_MAX gives finite numbers. */
    double half_x = xmax * 0.5 - xmin * 0.5, half_y = ymax * 0.5 - ymin * 0.5;
    double cell = radius_m;
    size_t max_cells = 4 * used + 16;
    if (!(cell > 0) || !isfinite(cell))
        cell = fmax(half_x, half_y) > 0 ? 2.0 * fmax(half_x, half_y) : 1.0;
    if (!isfinite(cell))
        cell = DBL_MAX;
    /* Enlarge cells so that the grid stays O(n) in memory; a cell of
     * DBL_MAX holds any finite extent (halves <= DBL_MAX / 2 + DBL_MAX / 2). */
    while (cell < DBL_MAX &&
           (half_x / cell * 2.0 + 1.0) * (half_y / cell * 2.0 + 1.0) > (double)max_cells)
        cell = cell > DBL_MAX / 2 ? DBL_MAX : cell * 2.0;
    g->x0_m = xmin;
    g->y0_m = ymin;
    g->cell_m = cell;
    g->radius_m = radius_m;
    double nxd = floor(half_x / cell * 2.0) + 1.0, nyd = floor(half_y / cell * 2.0) + 1.0;
    g->nx = nxd >= 1.0 && nxd <= (double)max_cells ? (size_t)nxd : 1;
    g->ny = nyd >= 1.0 && nyd <= (double)max_cells ? (size_t)nyd : 1;
    if (g->nx > max_cells / g->ny) /* cannot happen after the loop; keeps the product bounded */
        g->nx = g->ny = 1;
    size_t cells = g->nx * g->ny;
    if (cells + 1 > g->cap_cells) {
        size_t *p = realloc(g->cell_start, (cells + 1) * sizeof *p);
        if (!p)
            return -1;
        g->cell_start = p;
        g->cap_cells = cells + 1;
    }
    if (used > g->cap_items || !g->items) {
        size_t *p = realloc(g->items, (used ? used : 1) * sizeof *p);
        if (!p)
            return -1;
        g->items = p;
        g->cap_items = used ? used : 1;
    }
    for (size_t c = 0; c <= cells; c++)
        g->cell_start[c] = 0;
    for (size_t i = 0; i < n; i++) {
        if (!pts[i].present)
            continue;
        size_t c = cell_coord(pts[i].y_m, g->y0_m, cell, g->ny) * g->nx +
                   cell_coord(pts[i].x_m, g->x0_m, cell, g->nx);
        g->cell_start[c + 1]++;
    }
    for (size_t c = 0; c < cells; c++)
        g->cell_start[c + 1] += g->cell_start[c];
    /* Fill using cell_start as a cursor, then shift back. */
    for (size_t i = 0; i < n; i++) {
        if (!pts[i].present)
            continue;
        size_t c = cell_coord(pts[i].y_m, g->y0_m, cell, g->ny) * g->nx +
                   cell_coord(pts[i].x_m, g->x0_m, cell, g->nx);
        g->items[g->cell_start[c]++] = i;
    }
    for (size_t c = cells; c > 0; c--)
        g->cell_start[c] = g->cell_start[c - 1];
    g->cell_start[0] = 0;
    return 0;
}

void q6_grid_cells_around(const q6_grid_index *g, double x, double y,
                          size_t *cx0, size_t *cx1, size_t *cy0, size_t *cy1)
{
    double r = g->radius_m;
    double lo_x = cells_from(x - r, g->x0_m, g->cell_m), hi_x = cells_from(x + r, g->x0_m, g->cell_m);
    double lo_y = cells_from(y - r, g->y0_m, g->cell_m), hi_y = cells_from(y + r, g->y0_m, g->cell_m);
    lo_x = fmax(lo_x, 0.0); hi_x = fmin(hi_x, (double)g->nx - 1);
    lo_y = fmax(lo_y, 0.0); hi_y = fmin(hi_y, (double)g->ny - 1);
    if (!(hi_x >= lo_x) || !(hi_y >= lo_y)) {   /* nothing within reach */
        *cx0 = 1; *cx1 = 0; *cy0 = 1; *cy1 = 0;
        return;
    }
    *cx0 = (size_t)lo_x; *cx1 = (size_t)hi_x;
    *cy0 = (size_t)lo_y; *cy1 = (size_t)hi_y;
}

void q6_grid_free(q6_grid_index *g)
{
    free(g->cell_start);
    free(g->items);
    g->cell_start = NULL;
    g->items = NULL;
    g->cap_cells = g->cap_items = 0;
}
