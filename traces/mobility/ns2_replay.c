/* Replay of an ns-2 mobility trace (setdest format, as written by ns-2's
 * setdest tool, SUMO's traceExporter.py --ns2mobility-output and
 * BonnMotion):
 *   $node_(I) set X_ x      initial position (Y_, Z_ alike)
 *   $ns_ at T "$node_(I) setdest x y v"
 * ns-2 semantics: at T node I heads from where it is in a straight line to
 * (x, y) at v m/s and stops there. Node I lives in slot I; every node is
 * present all the time (ns-2 has no arrivals; SUMO's activity file is not
 * read). The file is loaded whole (one event per line; events are sorted
 * per node, so files sorted by node, as BonnMotion writes them, work).
 * Offsets and time offset as for FCD; z is Z_ when given, else z_min_m. */
#include "models/mobility/mobility_internal.h"
#include "traces/mobility/sources.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double t_s, x_m, y_m, speed_mps;
    size_t node, line;
} ns2_event;

typedef struct {
    double x0_m, y0_m, z_m;      /* position at t_from (after offsets) */
    double tx_m, ty_m, speed_mps; /* current destination */
    double t_from_s;
    size_t next_event;           /* index into events */
    int has_x, has_y;
    char name[24];
} ns2_node;

typedef struct {
    q6_mobility_config cfg;
    size_t n;
    ns2_node *nodes;
    ns2_event *events;
    size_t n_events;
    size_t *first_event, *end_event;   /* per node [first, end) in events */
} ns2_state;

static void ns2_free(void *state)
{
    ns2_state *s = state;
    if (!s)
        return;
    free(s->nodes);
    free(s->events);
    free(s->first_event);
    free(s->end_event);
    free(s);
}

static int cmp_event(const void *pa, const void *pb)
{
    const ns2_event *a = pa, *b = pb;
    if (a->node != b->node)
        return a->node < b->node ? -1 : 1;
    if (a->t_s != b->t_s)
        return a->t_s < b->t_s ? -1 : 1;
    return a->line < b->line ? -1 : (a->line > b->line);
}

static int finite_all(const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* Parses one line; 0 ok (blank/comment too), -1 with err. */
static int parse_line(ns2_state *s, const char *path, size_t line_no, const char *line,
                      size_t *cap, char *err, size_t errlen)
{
    while (*line == ' ' || *line == '\t')
        line++;
    if (*line == '\0' || *line == '\n' || *line == '\r' || *line == '#')
        return 0;
    unsigned long node;
    char axis;
    double v[4];
    int used = 0;
    if (sscanf(line, "$node_(%lu) set %c_ %lf %n", &node, &axis, &v[0], &used) == 3 &&
        line[used] == '\0') {
        if (node >= s->n) {
            snprintf(err, errlen, "%s:%zu: node %lu: the trace needs more than %zu nodes", path,
                     line_no, node, s->n);
            return -1;
        }
        if (axis != 'X' && axis != 'Y' && axis != 'Z') {
            snprintf(err, errlen, "%s:%zu: set %c_: expected X_, Y_ or Z_", path, line_no, axis);
            return -1;
        }
        if (!(fabs(v[0]) <= Q6_MOB_COORD_MAX_M)) {
            snprintf(err, errlen, "%s:%zu: set %c_: %g m is not within [-%g, %g] m", path, line_no, axis, v[0],
                     Q6_MOB_COORD_MAX_M, Q6_MOB_COORD_MAX_M);
            return -1;
        }
        ns2_node *nd = &s->nodes[node];
        if (axis == 'X')
            nd->x0_m = v[0] + s->cfg.offset_x_m, nd->has_x = 1;
        else if (axis == 'Y')
            nd->y0_m = v[0] + s->cfg.offset_y_m, nd->has_y = 1;
        else
            nd->z_m = v[0];
        return 0;
    }
    used = 0;
    if (sscanf(line, "$ns_ at %lf \"$node_(%lu) setdest %lf %lf %lf\" %n", &v[0], &node, &v[1],
               &v[2], &v[3], &used) == 5 && used > 0 && line[used] == '\0') {
        if (!finite_all(v, 4) || v[3] < 0) {
            snprintf(err, errlen, "%s:%zu: setdest: time, x, y must be finite and speed >= 0", path,
                     line_no);
            return -1;
        }
        if (!(fabs(v[1]) <= Q6_MOB_COORD_MAX_M) || !(fabs(v[2]) <= Q6_MOB_COORD_MAX_M)) {
            snprintf(err, errlen, "%s:%zu: setdest: x %g m, y %g m: not within [-%g, %g] m", path, line_no, v[1],
                     v[2], Q6_MOB_COORD_MAX_M, Q6_MOB_COORD_MAX_M);
            return -1;
        }
        if (v[3] > Q6_MOB_SPEED_MAX_MPS) {
            snprintf(err, errlen, "%s:%zu: setdest: speed %g m/s is above %g m/s", path, line_no, v[3],
                     Q6_MOB_SPEED_MAX_MPS);
            return -1;
        }
        if (node >= s->n) {
            snprintf(err, errlen, "%s:%zu: node %lu: the trace needs more than %zu nodes", path,
                     line_no, node, s->n);
            return -1;
        }
        if (s->n_events == *cap) {
            *cap = *cap ? 2 * *cap : 1024;
            ns2_event *e = realloc(s->events, *cap * sizeof *e);
            if (!e) {
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
            s->events = e;
        }
        s->events[s->n_events++] = (ns2_event){v[0] - s->cfg.time_offset_s, v[1] + s->cfg.offset_x_m,
                                               v[2] + s->cfg.offset_y_m, v[3], node, line_no};
        return 0;
    }
    snprintf(err, errlen, "%s:%zu: not an ns-2 mobility line (expected '$node_(I) set X_ x' or "
             "'$ns_ at T \"$node_(I) setdest x y v\"')", path, line_no);
    return -1;
}

static int load_file(ns2_state *s, char *err, size_t errlen)
{
    const char *path = s->cfg.trace_path;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t line_cap = 0, cap = 0, line_no = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &line_cap, f)) >= 0) {
        line_no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
            line[--len] = '\0';
        rc = parse_line(s, path, line_no, line, &cap, err, errlen);
    }
    free(line);
    fclose(f);
    return rc;
}

/* Moves node state forward to time t: applies every setdest up to t. */
static void node_position(const ns2_node *nd, double t, double *x, double *y, double *speed,
                          double *heading)
{
    double dx = nd->tx_m - nd->x0_m, dy = nd->ty_m - nd->y0_m, d = hypot(dx, dy);
    double travelled = nd->speed_mps * (t - nd->t_from_s);
    if (nd->speed_mps <= 0 || d == 0 || travelled >= d) {
        int arrived = nd->speed_mps > 0 && d > 0;
        *x = arrived ? nd->tx_m : nd->x0_m;
        *y = arrived ? nd->ty_m : nd->y0_m;
        *speed = 0.0;
        *heading = d > 0 ? atan2(dy, dx) : 0.0;
        return;
    }
    *x = nd->x0_m + dx * (travelled / d);
    *y = nd->y0_m + dy * (travelled / d);
    *speed = nd->speed_mps;
    *heading = atan2(dy, dx);
}

static int ns2_advance(void *state, double t_s, q6_pose *poses, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    ns2_state *s = state;
    for (size_t i = 0; i < s->n; i++) {
        ns2_node *nd = &s->nodes[i];
        while (nd->next_event < s->end_event[i] && s->events[nd->next_event].t_s <= t_s) {
            const ns2_event *e = &s->events[nd->next_event++];
            double x, y, sp, hd;
            node_position(nd, e->t_s, &x, &y, &sp, &hd);
            nd->x0_m = x; nd->y0_m = y;
            nd->tx_m = e->x_m; nd->ty_m = e->y_m;
            nd->speed_mps = e->speed_mps;
            nd->t_from_s = e->t_s;
        }
        q6_pose *p = &poses[i];
        memset(p, 0, sizeof *p);
        if (!nd->has_x && !nd->has_y && s->first_event[i] == s->end_event[i])
            continue;  /* slot not used by the trace */
        node_position(nd, t_s, &p->x_m, &p->y_m, &p->speed_mps, &p->heading_rad);
        p->z_m = nd->z_m;
        p->present = 1;
    }
    return 0;
}

static const char *ns2_slot_name(const void *state, size_t i)
{
    const ns2_state *s = state;
    return s->nodes[i].name;
}

static const q6_mobility_ops ns2_ops = {ns2_advance, ns2_slot_name, ns2_free};

int q6_mob_ns2_init(q6_mobility *m, char *err, size_t errlen)
{
    ns2_state *s = calloc(1, sizeof *s);
    size_t n = m->n ? m->n : 1;
    if (s) {
        s->cfg = m->cfg;
        s->n = m->n;
        s->nodes = calloc(n, sizeof *s->nodes);
        s->first_event = calloc(n, sizeof *s->first_event);
        s->end_event = calloc(n, sizeof *s->end_event);
    }
    if (!s || !s->nodes || !s->first_event || !s->end_event) {
        ns2_free(s);
        snprintf(err, errlen, "ns2: out of memory");
        return -1;
    }
    for (size_t i = 0; i < m->n; i++) {
        s->nodes[i].z_m = s->cfg.z_min_m;
        s->nodes[i].t_from_s = -INFINITY;
        snprintf(s->nodes[i].name, sizeof s->nodes[i].name, "%zu", i);
    }
    if (load_file(s, err, errlen) < 0) {
        ns2_free(s);
        return -1;
    }
    if (s->n_events > 0)
        qsort(s->events, s->n_events, sizeof *s->events, cmp_event);
    for (size_t k = 0, i = 0; i < m->n; i++) {
        s->first_event[i] = k;
        while (k < s->n_events && s->events[k].node == i)
            k++;
        s->end_event[i] = k;
        s->nodes[i].next_event = s->first_event[i];
        s->nodes[i].tx_m = s->nodes[i].x0_m;
        s->nodes[i].ty_m = s->nodes[i].y0_m;
    }
    m->ops = &ns2_ops;
    m->state = s;
    return 0;
}
