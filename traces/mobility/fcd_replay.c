/* Replay of a SUMO FCD trace as a mobility source. Two timesteps are held
 * (the one at or before t, "prev", and the next one); positions between
 * them are linear interpolations. A vehicle takes the lowest free slot at
 * its first timestep (in file order) and frees it after its last one; it is
 * present from its first to its last recorded time. Coordinates: scenario
 * x = SUMO x + offset_x_m (same for y); z = SUMO z when given, else
 * z_min_m (antenna height). Trace time = t + time_offset_s. Heading: SUMO's
 * angle is clockwise from north in degrees, the pose's counter-clockwise
 * from +x in radians: heading = pi/2 - angle. */
#include "models/mobility/mobility_internal.h"
#include "traces/mobility/sources.h"
#include "traces/mobility/fcd_reader.h"
#include "traces/mobility/idmap.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double x_m, y_m, z_m, speed_mps, heading_rad;
    int has_speed, has_heading;
} fcd_point;

typedef struct {
    char *id;
    int slot;               /* -1 until its first timestep becomes current */
    int in_prev, in_next;
    fcd_point prev, next;
} fcd_vehicle;

typedef struct {
    q6_mobility_config cfg;
    size_t n_slots;
    q6_fcd_reader *reader;
    fcd_vehicle *veh;           /* pool; free entries have id == NULL */
    size_t n_veh, cap_veh;
    int *free_veh;              /* stack of free pool entries */
    size_t n_free_veh;
    q6_idmap by_id;
    int *next_order, *prev_order;   /* pool entries in file order */
    size_t n_next, n_prev, cap_order;
    int *slot_owner;            /* pool entry per slot, -1 when empty */
    double t_prev_s, t_next_s;  /* trace times */
    int have_prev, have_next;
} fcd_state;

static void fcd_free(void *state)
{
    fcd_state *s = state;
    if (!s)
        return;
    q6_fcd_close(s->reader);
    for (size_t i = 0; i < s->n_veh; i++)
        free(s->veh[i].id);
    free(s->veh);
    free(s->free_veh);
    q6_idmap_free(&s->by_id);
    free(s->next_order);
    free(s->prev_order);
    free(s->slot_owner);
    free(s);
}

static int new_vehicle(fcd_state *s, const char *id)
{
    int v;
    if (s->n_free_veh > 0) {
        v = s->free_veh[--s->n_free_veh];
    } else {
        if (s->n_veh == s->cap_veh) {
            size_t cap = s->cap_veh ? 2 * s->cap_veh : 64;
            fcd_vehicle *veh = realloc(s->veh, cap * sizeof *veh);
            int *fr = veh ? realloc(s->free_veh, cap * sizeof *fr) : NULL;
            if (veh)
                s->veh = veh;
            if (!fr)
                return -1;
            s->free_veh = fr;
            s->cap_veh = cap;
        }
        v = (int)s->n_veh++;
    }
    fcd_vehicle *e = &s->veh[v];
    memset(e, 0, sizeof *e);
    e->id = strdup(id);
    e->slot = -1;
    if (!e->id || q6_idmap_put(&s->by_id, e->id, v) < 0)
        return -1;
    return v;
}

static void retire_vehicle(fcd_state *s, int v)
{
    fcd_vehicle *e = &s->veh[v];
    if (e->slot >= 0)
        s->slot_owner[e->slot] = -1;
    q6_idmap_remove(&s->by_id, e->id);
    free(e->id);
    e->id = NULL;
    s->free_veh[s->n_free_veh++] = v;
}

static fcd_point to_point(const q6_mobility_config *c, const q6_fcd_sample *f)
{
    fcd_point p;
    p.x_m = f->x_m + c->offset_x_m;
    p.y_m = f->y_m + c->offset_y_m;
    p.z_m = isnan(f->z_m) ? c->z_min_m : f->z_m;
    p.has_speed = !isnan(f->speed_mps);
    p.speed_mps = p.has_speed ? f->speed_mps : 0.0;
    p.has_heading = !isnan(f->angle_deg);
    /* Degrees are wrapped before the conversion: any finite angle then
     * gives a finite heading (angle * pi overflows above ~5.7e307). */
    p.heading_rad = p.has_heading ? q6_mob_wrap_angle(M_PI / 2.0 - fmod(f->angle_deg, 360.0) * M_PI / 180.0) : 0.0;
    return p;
}

/* Reads the next timestep into the "next" side of the vehicle records. */
static int load_next(fcd_state *s, char *err, size_t errlen)
{
    double t;
    const q6_fcd_sample *f;
    size_t n;
    int rc = q6_fcd_next_step(s->reader, &t, &f, &n, err, errlen);
    if (rc <= 0) {
        s->have_next = 0;
        return rc;
    }
    if (n > s->cap_order) {
        int *a = realloc(s->next_order, n * sizeof *a);
        if (a)
            s->next_order = a;
        int *b = a ? realloc(s->prev_order, n * sizeof *b) : NULL;
        if (!b) {
            snprintf(err, errlen, "fcd: out of memory");
            return -1;
        }
        s->prev_order = b;
        s->cap_order = n;
    }
    s->n_next = 0;
    for (size_t i = 0; i < n; i++) {
        int v = q6_idmap_get(&s->by_id, f[i].id);
        if (v < 0 && (v = new_vehicle(s, f[i].id)) < 0) {
            snprintf(err, errlen, "fcd: out of memory");
            return -1;
        }
        s->veh[v].next = to_point(&s->cfg, &f[i]);
        s->veh[v].in_next = 1;
        s->next_order[s->n_next++] = v;
    }
    s->t_next_s = t;
    s->have_next = 1;
    return 1;
}

/* Makes the next timestep current: retires vehicles that vanished, gives
 * slots to those that appeared, and reads one more timestep. */
static int shift(fcd_state *s, char *err, size_t errlen)
{
    for (size_t i = 0; i < s->n_prev; i++) {
        int v = s->prev_order[i];
        if (!s->veh[v].in_next)
            retire_vehicle(s, v);
    }
    size_t slot_hint = 0;
    for (size_t i = 0; i < s->n_next; i++) {
        fcd_vehicle *e = &s->veh[s->next_order[i]];
        e->prev = e->next;
        e->in_prev = 1;
        e->in_next = 0;
        if (e->slot >= 0)
            continue;
        while (slot_hint < s->n_slots && s->slot_owner[slot_hint] >= 0)
            slot_hint++;
        if (slot_hint == s->n_slots) {
            snprintf(err, errlen, "%s: more than %zu vehicles at %g s: raise the node count",
                     s->cfg.trace_path, s->n_slots, s->t_next_s);
            return -1;
        }
        e->slot = (int)slot_hint;
        s->slot_owner[slot_hint] = s->next_order[i];
    }
    int *tmp = s->prev_order;
    s->prev_order = s->next_order;
    s->next_order = tmp;
    s->n_prev = s->n_next;
    s->n_next = 0;
    s->t_prev_s = s->t_next_s;
    s->have_prev = 1;
    return load_next(s, err, errlen) < 0 ? -1 : 0;
}

/* Weighted form: finite for any finite a, b and f in [0, 1] (a + f (b - a)
 * overflows when b - a does, e.g. from -1e308 to 1e308), exact at both ends. */
static double lerp(double a, double b, double f)
{
    return (1.0 - f) * a + f * b;
}

static void vehicle_pose(const fcd_state *s, const fcd_vehicle *e, double tau, q6_pose *p)
{
    memset(p, 0, sizeof *p);
    int at_prev = tau == s->t_prev_s;
    if (!e->in_prev || (!at_prev && !e->in_next))
        return;  /* not yet or no longer in the trace */
    p->present = 1;
    if (at_prev) {
        p->x_m = e->prev.x_m; p->y_m = e->prev.y_m; p->z_m = e->prev.z_m;
    }
    const fcd_point *a = &e->prev, *b = e->in_next ? &e->next : &e->prev;
    double dt = s->t_next_s - s->t_prev_s;
    double f = at_prev ? 0.0 : (tau - s->t_prev_s) / dt;
    if (!at_prev) {
        p->x_m = lerp(a->x_m, b->x_m, f);
        p->y_m = lerp(a->y_m, b->y_m, f);
        p->z_m = lerp(a->z_m, b->z_m, f);
    }
    int has_seg = e->in_next && dt > 0;
    double seg_speed = has_seg ? hypot(b->x_m - a->x_m, b->y_m - a->y_m) / dt : 0.0;
    p->speed_mps = a->has_speed ? lerp(a->speed_mps, b->has_speed ? b->speed_mps : a->speed_mps, f)
                                : seg_speed;
    if (a->has_heading) {
        double hb = b->has_heading ? b->heading_rad : a->heading_rad;
        p->heading_rad = q6_mob_wrap_angle(a->heading_rad + f * q6_mob_wrap_angle(hb - a->heading_rad));
    } else if (has_seg && seg_speed > 0) {
        p->heading_rad = atan2(b->y_m - a->y_m, b->x_m - a->x_m);
    }
    p->vz_mps = has_seg ? (b->z_m - a->z_m) / dt : 0.0;
}

static int fcd_advance(void *state, double t_s, q6_pose *poses, char *err, size_t errlen)
{
    fcd_state *s = state;
    double tau = t_s + s->cfg.time_offset_s;
    while (s->have_next && tau >= s->t_next_s)
        if (shift(s, err, errlen) < 0)
            return -1;
    for (size_t i = 0; i < s->n_slots; i++) {
        int v = s->slot_owner[i];
        if (v < 0 || !s->have_prev || tau < s->t_prev_s)
            memset(&poses[i], 0, sizeof poses[i]);
        else
            vehicle_pose(s, &s->veh[v], tau, &poses[i]);
    }
    return 0;
}

static const char *fcd_slot_name(const void *state, size_t i)
{
    const fcd_state *s = state;
    int v = s->slot_owner[i];
    return v >= 0 ? s->veh[v].id : "";
}

static const q6_mobility_ops fcd_ops = {fcd_advance, fcd_slot_name, fcd_free};

int q6_mob_fcd_init(q6_mobility *m, char *err, size_t errlen)
{
    fcd_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "fcd: out of memory");
        return -1;
    }
    s->cfg = m->cfg;
    s->n_slots = m->n;
    s->slot_owner = malloc((m->n ? m->n : 1) * sizeof *s->slot_owner);
    if (!s->slot_owner || q6_idmap_init(&s->by_id) < 0) {
        fcd_free(s);
        snprintf(err, errlen, "fcd: out of memory");
        return -1;
    }
    for (size_t i = 0; i < m->n; i++)
        s->slot_owner[i] = -1;
    s->reader = q6_fcd_open(s->cfg.trace_path, err, errlen);
    if (!s->reader || load_next(s, err, errlen) < 0) {
        fcd_free(s);
        return -1;
    }
    m->ops = &fcd_ops;
    m->state = s;
    return 0;
}
