#include "models/mobility/connectivity.h"
#include "models/mobility/grid_index.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SPEED_OF_LIGHT_MPS 299792458.0

struct q6_conn {
    size_t n_mobile, n_ap, n_vertices;   /* n_vertices includes the root */
    igraph_t graph;
    int have_graph;
    igraph_vector_int_t edges;           /* scratch: endpoints, pairwise */
    igraph_vector_t weights;
    igraph_vector_int_t parents, inbound;
    size_t n_edges;                      /* without the root's edges */
    q6_grid_index grid;
    int *serving;
    int *hops;
    double *delay_s;
    int *stack;                          /* scratch of fill_routes */
};

q6_conn *q6_conn_create(size_t n_mobile, size_t n_ap)
{
    q6_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n_mobile = n_mobile;
    c->n_ap = n_ap;
    c->n_vertices = n_mobile + n_ap + 1;
    int ok = igraph_vector_int_init(&c->edges, 0) == IGRAPH_SUCCESS;
    ok = ok && igraph_vector_init(&c->weights, 0) == IGRAPH_SUCCESS;
    ok = ok && igraph_vector_int_init(&c->parents, 0) == IGRAPH_SUCCESS;
    ok = ok && igraph_vector_int_init(&c->inbound, 0) == IGRAPH_SUCCESS;
    c->serving = malloc(c->n_vertices * sizeof *c->serving);
    c->hops = malloc(c->n_vertices * sizeof *c->hops);
    c->delay_s = malloc(c->n_vertices * sizeof *c->delay_s);
    c->stack = malloc(c->n_vertices * sizeof *c->stack);
    if (!ok || !c->serving || !c->hops || !c->delay_s || !c->stack) {
        q6_conn_free(c);
        return NULL;
    }
    for (size_t v = 0; v < c->n_vertices; v++) {
        c->serving[v] = -1;
        c->hops[v] = -1;
        c->delay_s[v] = INFINITY;
    }
    return c;
}

void q6_conn_free(q6_conn *c)
{
    if (!c)
        return;
    if (c->have_graph)
        igraph_destroy(&c->graph);
    igraph_vector_int_destroy(&c->edges);
    igraph_vector_destroy(&c->weights);
    igraph_vector_int_destroy(&c->parents);
    igraph_vector_int_destroy(&c->inbound);
    q6_grid_free(&c->grid);
    free(c->serving);
    free(c->hops);
    free(c->delay_s);
    free(c->stack);
    free(c);
}

static double dist3(const q6_pose *a, const q6_pose *b)
{
    return sqrt((a->x_m - b->x_m) * (a->x_m - b->x_m) + (a->y_m - b->y_m) * (a->y_m - b->y_m) +
                (a->z_m - b->z_m) * (a->z_m - b->z_m));
}

static int add_edge(q6_conn *c, size_t u, size_t v, double delay_s)
{
    if (igraph_vector_int_push_back(&c->edges, (igraph_integer_t)u) != IGRAPH_SUCCESS ||
        igraph_vector_int_push_back(&c->edges, (igraph_integer_t)v) != IGRAPH_SUCCESS ||
        igraph_vector_push_back(&c->weights, delay_s) != IGRAPH_SUCCESS)
        return -1;
    return 0;
}

/* Asks the caller about one candidate pair and records the edge. */
static int try_pair(q6_conn *c, const q6_conn_params *p, size_t u, size_t v, double d,
                    char *err, size_t errlen)
{
    if (!(d <= p->max_range_m))
        return 0;
    double delay = 0.0;
    int rc = p->link(p->ctx, u, v, d, &delay);
    if (rc < 0 || (rc == 1 && !(delay >= 0 && isfinite(delay)))) {
        snprintf(err, errlen, "connectivity: link callback failed for vertices %zu-%zu", u, v);
        return -1;
    }
    if (rc == 1 && add_edge(c, u, v, delay) < 0) {
        snprintf(err, errlen, "connectivity: out of memory");
        return -1;
    }
    return 0;
}

/* Candidate pairs via a grid of the present mobiles with cells of the
 * query radius: APs against mobiles, and/or mobiles against mobiles (each
 * pair once, u < v). */
static int grid_pairs(q6_conn *c, const q6_pose *mob, const q6_pose *aps, const q6_conn_params *p,
                      double radius_m, int want_ap, int want_mm, char *err, size_t errlen)
{
    if (q6_grid_build(&c->grid, mob, c->n_mobile, radius_m) < 0) {
        snprintf(err, errlen, "connectivity: out of memory");
        return -1;
    }
    const q6_grid_index *g = &c->grid;
    size_t n_ap_q = want_ap ? c->n_ap : 0;
    size_t n_queries = n_ap_q + (want_mm ? c->n_mobile : 0);
    for (size_t q = 0; q < n_queries; q++) {
        int is_ap = q < n_ap_q;
        size_t self = is_ap ? q : q - n_ap_q;
        const q6_pose *qp = is_ap ? &aps[self] : &mob[self];
        if (!qp->present)
            continue;
        size_t cx0, cx1, cy0, cy1;
        q6_grid_cells_around(g, qp->x_m, qp->y_m, &cx0, &cx1, &cy0, &cy1);
        for (size_t cy = cy0; cy <= cy1 && cx0 <= cx1; cy++)
            for (size_t cx = cx0; cx <= cx1; cx++) {
                size_t cell = cy * g->nx + cx;
                for (size_t k = g->cell_start[cell]; k < g->cell_start[cell + 1]; k++) {
                    size_t m = g->items[k];
                    if (!is_ap && m <= self)
                        continue;
                    if (is_ap && p->mobile_ap_open && !p->mobile_ap_open[m * c->n_ap + self])
                        continue;
                    double d = dist3(qp, &mob[m]);
                    if (!(d <= radius_m))
                        continue;
                    size_t u = is_ap ? m : self, v = is_ap ? c->n_mobile + self : m;
                    if (try_pair(c, p, u, v, d, err, errlen) < 0)
                        return -1;
                }
            }
    }
    return 0;
}

static int mobile_pairs(q6_conn *c, const q6_pose *mob, const q6_pose *aps,
                        const q6_conn_params *p, char *err, size_t errlen)
{
    int want_ap = (p->link_classes & Q6_LINK_MOBILE_AP) && c->n_ap > 0;
    int want_mm = (p->link_classes & Q6_LINK_MOBILE_MOBILE) != 0;
    double relay_m = p->relay_range_m > 0 ? fmin(p->relay_range_m, p->max_range_m) : p->max_range_m;
    if (want_ap && want_mm && relay_m == p->max_range_m)
        return grid_pairs(c, mob, aps, p, relay_m, 1, 1, err, errlen);
    if (want_ap && grid_pairs(c, mob, aps, p, p->max_range_m, 1, 0, err, errlen) < 0)
        return -1;
    if (want_mm && grid_pairs(c, mob, aps, p, relay_m, 0, 1, err, errlen) < 0)
        return -1;
    return 0;
}

static int ap_pairs(q6_conn *c, const q6_pose *aps, const q6_conn_params *p, char *err, size_t errlen)
{
    if (!(p->link_classes & Q6_LINK_AP_AP))
        return 0;
    for (size_t a = 0; a < c->n_ap; a++)
        for (size_t b = a + 1; b < c->n_ap; b++)
            if (aps[a].present && aps[b].present &&
                try_pair(c, p, c->n_mobile + a, c->n_mobile + b, dist3(&aps[a], &aps[b]), err, errlen) < 0)
                return -1;
    return 0;
}

/* Delay, hops and AP of each vertex from the Dijkstra tree rooted at the
 * virtual root (hops counted from the root, so an AP has 1). Each vertex
 * is resolved once: climb to a resolved ancestor, then fill on the way
 * back down (the stack holds the climb). */
#define UNKNOWN (-2)
static void fill_routes(q6_conn *c)
{
    size_t root = c->n_vertices - 1;
    int *stack = c->stack;
    for (size_t v = 0; v < c->n_vertices; v++)
        c->hops[v] = UNKNOWN;
    c->hops[root] = 0;
    c->delay_s[root] = 0.0;
    c->serving[root] = -1;
    for (size_t v = 0; v < c->n_vertices; v++) {
        size_t depth = 0, u = v;
        while (c->hops[u] == UNKNOWN) {
            stack[depth++] = (int)u;
            igraph_integer_t par = VECTOR(c->parents)[u];
            if (par < 0) {   /* not reached from the root */
                c->hops[u] = -1;
                c->delay_s[u] = INFINITY;
                c->serving[u] = -1;
                depth--;
                break;
            }
            u = (size_t)par;
        }
        while (depth > 0) {
            size_t w = (size_t)stack[--depth];
            size_t par = (size_t)VECTOR(c->parents)[w];
            if (c->hops[par] < 0) {
                c->hops[w] = -1;
                c->delay_s[w] = INFINITY;
                c->serving[w] = -1;
                continue;
            }
            c->delay_s[w] = c->delay_s[par] + VECTOR(c->weights)[VECTOR(c->inbound)[w]];
            c->hops[w] = c->hops[par] + 1;
            c->serving[w] = par == root ? (int)(w - c->n_mobile) : c->serving[par];
        }
    }
}

int q6_conn_update(q6_conn *c, const q6_pose *mobiles, const q6_pose *aps,
                   const q6_conn_params *p, char *err, size_t errlen)
{
    if (!c || !p || !p->link || (c->n_mobile && !mobiles) || (c->n_ap && !aps)) {
        snprintf(err, errlen, "connectivity: missing graph, parameters, callback or positions");
        return -1;
    }
    if (!(p->max_range_m > 0)) {
        snprintf(err, errlen, "connectivity: max_range_m must be > 0 m (INFINITY for all pairs)");
        return -1;
    }
    if (!(p->relay_range_m >= 0)) {
        snprintf(err, errlen, "connectivity: relay_range_m must be >= 0 m");
        return -1;
    }
    igraph_vector_int_clear(&c->edges);
    igraph_vector_clear(&c->weights);
    if (mobile_pairs(c, mobiles, aps, p, err, errlen) < 0 || ap_pairs(c, aps, p, err, errlen) < 0)
        return -1;
    c->n_edges = (size_t)igraph_vector_size(&c->weights);
    size_t root = c->n_vertices - 1;
    for (size_t a = 0; a < c->n_ap; a++)
        if (aps[a].present && add_edge(c, root, c->n_mobile + a, 0.0) < 0) {
            snprintf(err, errlen, "connectivity: out of memory");
            return -1;
        }
    if (c->have_graph)
        igraph_destroy(&c->graph);
    c->have_graph = 0;
    if (igraph_create(&c->graph, &c->edges, (igraph_integer_t)c->n_vertices, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        snprintf(err, errlen, "connectivity: igraph_create failed");
        return -1;
    }
    c->have_graph = 1;
    /* Unreachable vertices are expected (nodes out of coverage): silence
     * igraph's warning for this call only. */
    igraph_warning_handler_t *old = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_error_t rc = igraph_get_shortest_paths_dijkstra(&c->graph, NULL, NULL, (igraph_integer_t)root,
                                                           igraph_vss_all(), &c->weights, IGRAPH_ALL,
                                                           &c->parents, &c->inbound);
    igraph_set_warning_handler(old);
    if (rc != IGRAPH_SUCCESS) {
        snprintf(err, errlen, "connectivity: igraph Dijkstra failed");
        return -1;
    }
    fill_routes(c);
    return 0;
}

const igraph_t *q6_conn_graph(const q6_conn *c)
{
    return c && c->have_graph ? &c->graph : NULL;
}

const igraph_vector_t *q6_conn_weights(const q6_conn *c)
{
    return c ? &c->weights : NULL;
}

size_t q6_conn_edge_count(const q6_conn *c)
{
    return c ? c->n_edges : 0;
}

static int valid_vertex(const q6_conn *c, size_t v)
{
    return c && c->have_graph && v + 1 < c->n_vertices;
}

int q6_conn_serving_ap(const q6_conn *c, size_t v)
{
    return valid_vertex(c, v) ? c->serving[v] : -1;
}

double q6_conn_delay_s(const q6_conn *c, size_t v)
{
    return valid_vertex(c, v) ? c->delay_s[v] : INFINITY;
}

int q6_conn_hops(const q6_conn *c, size_t v)
{
    /* The root's edge to the AP is not a hop. */
    return valid_vertex(c, v) && c->hops[v] >= 1 ? c->hops[v] - 1 : -1;
}

long q6_conn_next_hop(const q6_conn *c, size_t v)
{
    if (!valid_vertex(c, v) || c->hops[v] < 2)
        return -1;
    return (long)VECTOR(c->parents)[v];
}

long q6_conn_path(const q6_conn *c, size_t from, size_t to, long *path, size_t cap,
                  double *delay_s, char *err, size_t errlen)
{
    if (!valid_vertex(c, from) || !valid_vertex(c, to) || (cap && !path) || !delay_s) {
        snprintf(err, errlen, "connectivity: path needs an updated graph, vertices < %zu and outputs",
                 c ? c->n_vertices - 1 : 0);
        return -1;
    }
    /* Paths must not cut through the virtual root: drop its edges. */
    igraph_vector_t w;
    if (igraph_vector_init_copy(&w, &c->weights) != IGRAPH_SUCCESS) {
        snprintf(err, errlen, "connectivity: out of memory");
        return -1;
    }
    for (igraph_integer_t e = (igraph_integer_t)c->n_edges; e < igraph_vector_size(&w); e++)
        VECTOR(w)[e] = INFINITY;
    igraph_vector_int_t verts, edges;
    igraph_vector_int_init(&verts, 0);
    igraph_vector_int_init(&edges, 0);
    long n = -1;
    igraph_warning_handler_t *old = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_error_t rc = igraph_get_shortest_path_dijkstra(&c->graph, &verts, &edges, (igraph_integer_t)from,
                                                          (igraph_integer_t)to, &w, IGRAPH_ALL);
    igraph_set_warning_handler(old);
    if (rc == IGRAPH_SUCCESS) {
        n = (long)igraph_vector_int_size(&verts);
        double d = 0.0;
        for (igraph_integer_t k = 0; k < igraph_vector_int_size(&edges); k++)
            d += VECTOR(w)[VECTOR(edges)[k]];
        *delay_s = n > 0 ? d : INFINITY;
        for (long k = 0; k < n && (size_t)k < cap; k++)
            path[k] = (long)VECTOR(verts)[k];
    } else {
        snprintf(err, errlen, "connectivity: igraph shortest path failed");
    }
    igraph_vector_int_destroy(&verts);
    igraph_vector_int_destroy(&edges);
    igraph_vector_destroy(&w);
    return n;
}

int q6_conn_matrix_link(void *ctx, size_t u, size_t v, double dist_m, double *delay_s)
{
    const q6_conn_matrix *m = ctx;
    if (!m || !delay_s || u >= v)
        return -1;
    int u_mobile = u < m->n_mobile, v_mobile = v < m->n_mobile;
    int closes;
    if (u_mobile && !v_mobile) {
        size_t a = v - m->n_mobile;
        if (a >= m->n_ap || !m->metric)
            return -1;
        closes = m->metric[u * m->n_ap + a] >= m->threshold;
    } else if (u_mobile && v_mobile) {
        closes = dist_m <= m->relay_range_m;
    } else {
        closes = 1;   /* AP-AP backhaul within the candidate range */
    }
    *delay_s = m->hop_s + dist_m / SPEED_OF_LIGHT_MPS;
    return closes;
}

size_t q6_conn_handovers(const int *prev_ap, const int *cur_ap, size_t n, q6_handover *out, size_t cap)
{
    size_t count = 0;
    if (!prev_ap || !cur_ap)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (prev_ap[i] != cur_ap[i]) {
            if (out && count < cap)
                out[count] = (q6_handover){i, prev_ap[i], cur_ap[i]};
            count++;
        }
    return count;
}
