/* Random waypoint in 2-D or 3-D (paper 004, eqs. 8-10): each leg has a
 * horizontal speed V and direction theta towards a uniform waypoint, and a
 * vertical rate V_z sin(phi) that reaches the waypoint's altitude in the
 * same time, limited to vspeed_max_mps and to the ascent angle
 * ascent_max_deg (the target altitude is pulled in when the climb would be
 * faster or steeper). Pauses are uniform in [0, pause_max_s].
 * Guard against the speed decay of RWP (Yoon, Liu and Noble 2003): the
 * minimum speed is > 0 (checked) and the model runs warmup_s before t = 0,
 * after which the time-average speed is stationary at 1/E[1/V]. */
#include "models/mobility/mobility_internal.h"
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    double x, y, z;                     /* position at leg start */
    double tx, ty, tz;                  /* waypoint */
    double t_start, t_arrive, t_leave;  /* leg start, arrival, end of pause */
    double speed_mps;                   /* horizontal speed of the leg */
    double heading_rad;                 /* direction of the leg (once per leg, not per pose) */
} rwp_leg;

typedef struct {
    q6_mobility_config cfg;
    size_t n;
    gsl_rng **rng;
    rwp_leg *legs;
} rwp_state;

static void rwp_new_leg(gsl_rng *r, const q6_mobility_config *c, rwp_leg *l, double t)
{
    l->x = l->tx; l->y = l->ty; l->z = l->tz;
    q6_mob_uniform_point(r, c, &l->tx, &l->ty, &l->tz);
    l->speed_mps = c->speed_min_mps + gsl_rng_uniform(r) * (c->speed_max_mps - c->speed_min_mps);
    double d_h = hypot(l->tx - l->x, l->ty - l->y);
    double leg_s = d_h / l->speed_mps;
    double dz = l->tz - l->z, dz_max = c->vspeed_max_mps * leg_s;
    /* Ascent-angle bound |phi| <= phi_max of eqs. 8-10: climb at most
     * tan(phi_max) per metre travelled (slopes for vehicles, climb angle
     * for UAVs). 90 degrees leaves only the vertical speed bound. */
    if (c->ascent_max_deg < 90.0)
        dz_max = fmin(dz_max, d_h * tan(c->ascent_max_deg * M_PI / 180.0));
    if (fabs(dz) > dz_max)
        l->tz = l->z + copysign(dz_max, dz);
    l->heading_rad = atan2(l->ty - l->y, l->tx - l->x);
    l->t_start = t;
    l->t_arrive = t + leg_s;
    l->t_leave = l->t_arrive + gsl_rng_uniform(r) * c->pause_max_s;
}

static void rwp_pose(const rwp_leg *l, double t, q6_pose *p)
{
    p->present = 1;
    p->heading_rad = l->heading_rad;
    if (t >= l->t_arrive) {
        p->x_m = l->tx; p->y_m = l->ty; p->z_m = l->tz;
        p->speed_mps = 0.0;
        p->vz_mps = 0.0;
        return;
    }
    double leg_s = l->t_arrive - l->t_start;
    double f = (t - l->t_start) / leg_s;
    p->x_m = l->x + f * (l->tx - l->x);
    p->y_m = l->y + f * (l->ty - l->y);
    p->z_m = l->z + f * (l->tz - l->z);
    p->speed_mps = l->speed_mps;
    p->vz_mps = (l->tz - l->z) / leg_s;
}

static int rwp_advance(void *state, double t_s, q6_pose *poses, char *err, size_t errlen)
{
    rwp_state *s = state;
    for (size_t i = 0; i < s->n; i++) {
        rwp_leg *l = &s->legs[i];
        /* Bounded: legs shorter than the clock's resolution would never
         * move t_leave on. */
        for (unsigned long legs = 0; t_s >= l->t_leave; legs++) {
            if (legs == Q6_MOB_MOVES_PER_ADVANCE_MAX) {
                snprintf(err, errlen, "mobility: random-waypoint node %zu needs more than %lu legs to reach t = %g s "
                                      "(speeds too high for the area)", i, Q6_MOB_MOVES_PER_ADVANCE_MAX, t_s);
                return -1;
            }
            rwp_new_leg(s->rng[i], &s->cfg, l, l->t_leave);
        }
        rwp_pose(l, t_s, &poses[i]);
    }
    return 0;
}

static void rwp_free(void *state)
{
    rwp_state *s = state;
    if (!s)
        return;
    q6_mob_free_streams(s->rng, s->n);
    free(s->legs);
    free(s);
}

static const q6_mobility_ops rwp_ops = {rwp_advance, NULL, rwp_free};

int q6_mob_rwp_init(q6_mobility *m, uint64_t seed, uint64_t first_node_key, char *err, size_t errlen)
{
    rwp_state *s = calloc(1, sizeof *s);
    if (s) {
        s->cfg = m->cfg;
        s->n = m->n;
        s->rng = q6_mob_slot_streams(m->n, seed, first_node_key);
        s->legs = calloc(m->n ? m->n : 1, sizeof *s->legs);
    }
    if (!s || !s->rng || !s->legs) {
        rwp_free(s);
        snprintf(err, errlen, "mobility: out of memory for %zu random-waypoint nodes", m->n);
        return -1;
    }
    for (size_t i = 0; i < m->n; i++) {
        rwp_leg *l = &s->legs[i];
        q6_mob_uniform_point(s->rng[i], &s->cfg, &l->tx, &l->ty, &l->tz);
        rwp_new_leg(s->rng[i], &s->cfg, l, -s->cfg.warmup_s);
    }
    m->ops = &rwp_ops;
    m->state = s;
    return 0;
}
