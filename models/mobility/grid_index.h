/* Uniform grid over the x-y plane for fixed-radius neighbour queries: points
 * are bucketed by cell (counting sort), a query visits the 3 x 3 cells
 * around a point. Cell side >= the query radius. */
#ifndef Q6_MODELS_GRID_INDEX_H
#define Q6_MODELS_GRID_INDEX_H
#include "models/mobility/mobility.h"
#include <stddef.h>

typedef struct q6_grid_index {
    double x0_m, y0_m, cell_m;
    double radius_m;       /* query radius (INFINITY: every cell) */
    size_t nx, ny;
    size_t *cell_start;    /* nx*ny + 1 offsets into items */
    size_t *items;         /* point indices, grouped by cell */
    size_t cap_cells, cap_items;
} q6_grid_index;

/* Buckets the present poses among pts[0..n) by (x, y) into cells of side >= radius_m (enlarged so that there are at
 * most about 4 n + 16 cells). Reuses g's arrays between calls. 0, or -1
 * when out of memory. */
int q6_grid_build(q6_grid_index *g, const q6_pose *pts, size_t n, double radius_m);

/* Range of cell coordinates a query at (x, y) must visit: the cells that
 * meet the square of half-side radius_m around it (empty when cx0 > cx1). */
void q6_grid_cells_around(const q6_grid_index *g, double x, double y,
                          size_t *cx0, size_t *cx1, size_t *cy0, size_t *cy1);

void q6_grid_free(q6_grid_index *g);

#endif
