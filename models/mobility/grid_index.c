#include "models/mobility/grid_index.h"
#include <math.h>
#include <stdlib.h>

static size_t cell_coord(double v, double v0, double cell, size_t n)
{
    double c = floor((v - v0) / cell);
    if (!(c >= 0))
        return 0;
    return c >= (double)(n - 1) ? n - 1 : (size_t)c;
}

int q6_grid_build(q6_grid_index *g, const q6_pose *pts, size_t n, double radius_m)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!pts[i].present)
            continue;
        double x = pts[i].x_m, y = pts[i].y_m;
        xmin = fmin(xmin, x); xmax = fmax(xmax, x);
        ymin = fmin(ymin, y); ymax = fmax(ymax, y);
        used++;
    }
    if (used == 0)
        xmin = xmax = ymin = ymax = 0.0;
    double span = fmax(xmax - xmin, ymax - ymin);
    double cell = radius_m;
    size_t max_cells = 4 * used + 16;
    if (!(cell > 0) || !isfinite(cell))
        cell = span > 0 ? span : 1.0;
    /* Enlarge cells so that the grid stays O(n) in memory. */
    while (((xmax - xmin) / cell + 1.0) * ((ymax - ymin) / cell + 1.0) > (double)max_cells)
        cell *= 2.0;
    g->x0_m = xmin;
    g->y0_m = ymin;
    g->cell_m = cell;
    g->radius_m = radius_m;
    g->nx = (size_t)floor((xmax - xmin) / cell) + 1;
    g->ny = (size_t)floor((ymax - ymin) / cell) + 1;
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
    double lo_x = floor((x - r - g->x0_m) / g->cell_m), hi_x = floor((x + r - g->x0_m) / g->cell_m);
    double lo_y = floor((y - r - g->y0_m) / g->cell_m), hi_y = floor((y + r - g->y0_m) / g->cell_m);
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
