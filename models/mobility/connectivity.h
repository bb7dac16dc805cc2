/* Connectivity graph of one slot, built with igraph from node positions,
 * and shortest-delay relay paths to the access network (paper 004's
 * multi-hop forwarding BS <-> UAV <-> UAV). The channel model stays with
 * the caller: a callback (or the matrix helper below) says whether a
 * candidate pair's link budget closes and what one hop over it costs.
 *
 * Vertex layout: mobiles 0 .. n_mobile-1, access points (BSs, HAPs,
 * satellites) n_mobile .. n_mobile+n_ap-1, and one virtual root
 * n_mobile+n_ap joined to every AP at zero delay, so that one Dijkstra run
 * gives each node its best path to any AP. Absent poses get no edges. */
#ifndef Q6_MODELS_CONNECTIVITY_H
#define Q6_MODELS_CONNECTIVITY_H
#include "models/mobility/mobility.h"
#include <igraph/igraph.h>
#include <stddef.h>

enum {
    Q6_LINK_MOBILE_AP = 1u,      /* access links */
    Q6_LINK_MOBILE_MOBILE = 2u,  /* relays (UAV-UAV, V2V); grid range query */
    Q6_LINK_AP_AP = 4u           /* backhaul between APs */
};

/* u < v vertex ids, dist_m their 3-D distance. Returns 1 and the hop delay
 * (>= 0 s) when the link closes, 0 when it does not, -1 on error. */
typedef int (*q6_link_fn)(void *ctx, size_t u, size_t v, double dist_m, double *delay_s);

typedef struct q6_conn_params {
    double max_range_m;     /* pairs farther apart are never candidates;
                               INFINITY: every pair (satellites) */
    unsigned link_classes;  /* Q6_LINK_* bits */
    q6_link_fn link;
    void *ctx;
    double relay_range_m;   /* mobile-mobile candidates within this range
                               (0: max_range_m); keep it short, it sets
                               the cost of the relay query */
    const unsigned char *mobile_ap_open; /* optional, n_mobile x n_ap: 0 marks
                               a mobile-AP pair the link callback refuses,
                               which is then skipped before its distance is
                               computed; NULL: every pair is asked */
} q6_conn_params;

typedef struct q6_conn q6_conn;

q6_conn *q6_conn_create(size_t n_mobile, size_t n_ap);
void q6_conn_free(q6_conn *c);

/* Rebuilds the graph for this slot and the best route of every vertex to
 * the APs. 0, or -1 + err (bad parameter, callback error, no memory). */
int q6_conn_update(q6_conn *c, const q6_pose *mobiles, const q6_pose *aps,
                   const q6_conn_params *p, char *err, size_t errlen);

const igraph_t *q6_conn_graph(const q6_conn *c);
const igraph_vector_t *q6_conn_weights(const q6_conn *c);  /* hop delays, per edge */
size_t q6_conn_edge_count(const q6_conn *c);                /* root edges excluded */

/* Per vertex v (mobile or AP) after an update: the AP (0 .. n_ap-1) its
 * shortest-delay path ends at, or -1 when none is reachable; the path's
 * delay (INFINITY when unreachable); its number of hops; and the next
 * vertex on it (-1 at an AP or when unreachable). */
int q6_conn_serving_ap(const q6_conn *c, size_t v);
double q6_conn_delay_s(const q6_conn *c, size_t v);
int q6_conn_hops(const q6_conn *c, size_t v);
long q6_conn_next_hop(const q6_conn *c, size_t v);

/* Shortest-delay path between two vertices: writes up to cap vertex ids
 * (from .. to) in path and returns the number of vertices (0 when not
 * connected, -1 + err on error); *delay_s gets its delay. */
long q6_conn_path(const q6_conn *c, size_t from, size_t to, long *path, size_t cap,
                  double *delay_s, char *err, size_t errlen);

/* Link predicate over a caller's matrix of a link metric per (mobile, AP),
 * row-major metric[m * n_ap + a]: SNR in dB from its channel model, or the
 * elevation angle in radians for satellites. The link closes when
 * metric >= threshold; a hop costs hop_s plus the propagation time
 * dist / c. Mobile-mobile and AP-AP pairs use relay_threshold_m /
 * backhaul: a plain range test at hop_s + dist / c. */
typedef struct q6_conn_matrix {
    const double *metric;
    size_t n_mobile, n_ap;
    double threshold;
    double hop_s;
    double relay_range_m;     /* mobile-mobile links within this range */
} q6_conn_matrix;
int q6_conn_matrix_link(void *ctx, size_t u, size_t v, double dist_m, double *delay_s);

/* Handover detection: serving AP per node at the previous and the current
 * slot (-1: none). Writes each change (attach -1 -> a, detach a -> -1,
 * handover a -> b) to out (up to cap) and returns how many changed. */
typedef struct q6_handover {
    size_t node;
    int from_ap, to_ap;
} q6_handover;
size_t q6_conn_handovers(const int *prev_ap, const int *cur_ap, size_t n,
                         q6_handover *out, size_t cap);

#endif
