#include "models/mobility/mobility.h"
#include "sim/rng.h"
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Random waypoint leg state of one node. */
typedef struct {
    double x, y, z;          /* position at leg start */
    double tx, ty, tz;       /* waypoint */
    double t_start, t_arrive, t_leave; /* leg start, arrival, end of pause */
    double speed;
} rwp_leg;

struct q6_mobility {
    q6_mobility_config cfg;
    size_t n;
    gsl_rng **rng;
    rwp_leg *legs;
    q6_pose *static_poses;
    double t_last;
};

void q6_mobility_config_defaults(q6_mobility_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->kind = Q6_MOB_STATIC;
    cfg->area_x_m = 1000.0;
    cfg->area_y_m = 1000.0;
    cfg->z_min_m = cfg->z_max_m = 1.5;
    cfg->speed_min_mps = 5.0;
    cfg->speed_max_mps = 15.0;
    cfg->pause_max_s = 0.0;
    cfg->vspeed_max_mps = 0.0;
    cfg->warmup_s = 0.0;
    cfg->gm_alpha = 0.75;
    cfg->gm_mean_speed_mps = 10.0;
    cfg->gm_speed_sd_mps = 2.0;
    cfg->gm_heading_sd_rad = 0.5;
    cfg->gm_step_s = 1.0;
}

static void uniform_point(gsl_rng *r, const q6_mobility_config *c, double *x, double *y, double *z)
{
    *x = gsl_rng_uniform(r) * c->area_x_m;
    *y = gsl_rng_uniform(r) * c->area_y_m;
    *z = c->z_min_m + gsl_rng_uniform(r) * (c->z_max_m - c->z_min_m);
}

static void rwp_new_leg(gsl_rng *r, const q6_mobility_config *c, rwp_leg *l, double t)
{
    l->x = l->tx; l->y = l->ty; l->z = l->tz;
    uniform_point(r, c, &l->tx, &l->ty, &l->tz);
    /* Speed drawn with a positive minimum: avoids the known decay of RWP. */
    l->speed = c->speed_min_mps + gsl_rng_uniform(r) * (c->speed_max_mps - c->speed_min_mps);
    double d = hypot(hypot(l->tx - l->x, l->ty - l->y), l->tz - l->z);
    l->t_start = t;
    l->t_arrive = t + d / l->speed;
    l->t_leave = l->t_arrive + gsl_rng_uniform(r) * c->pause_max_s;
}

static void rwp_pose(const rwp_leg *l, double t, q6_pose *p)
{
    p->present = 1;
    if (t >= l->t_arrive) {
        p->x_m = l->tx; p->y_m = l->ty; p->z_m = l->tz;
        p->speed_mps = 0.0;
        p->heading_rad = atan2(l->ty - l->y, l->tx - l->x);
        return;
    }
    double f = (l->t_arrive > l->t_start) ? (t - l->t_start) / (l->t_arrive - l->t_start) : 1.0;
    p->x_m = l->x + f * (l->tx - l->x);
    p->y_m = l->y + f * (l->ty - l->y);
    p->z_m = l->z + f * (l->tz - l->z);
    p->speed_mps = l->speed;
    p->heading_rad = atan2(l->ty - l->y, l->tx - l->x);
}

static int check_cfg(const q6_mobility_config *c, char *err, size_t errlen)
{
    if (!(c->area_x_m > 0) || !(c->area_y_m > 0)) {
        snprintf(err, errlen, "mobility.area_m: both sides must be > 0 m");
        return -1;
    }
    if (!(c->z_max_m >= c->z_min_m)) {
        snprintf(err, errlen, "mobility.altitude_m: max must be >= min");
        return -1;
    }
    if (c->kind == Q6_MOB_RANDOM_WAYPOINT &&
        (!(c->speed_min_mps > 0) || !(c->speed_max_mps >= c->speed_min_mps))) {
        snprintf(err, errlen, "mobility.speed_mps: need 0 < min <= max");
        return -1;
    }
    if (!(c->pause_max_s >= 0)) {
        snprintf(err, errlen, "mobility.pause_max_s: must be >= 0 s");
        return -1;
    }
    return 0;
}

q6_mobility *q6_mobility_create(const q6_mobility_config *cfg, size_t n_nodes,
                                uint64_t seed, uint64_t first_node_key,
                                char *err, size_t errlen)
{
    if (check_cfg(cfg, err, errlen) < 0)
        return NULL;
    if (cfg->kind != Q6_MOB_STATIC && cfg->kind != Q6_MOB_RANDOM_WAYPOINT) {
        snprintf(err, errlen, "mobility.model: this build supports only 'static' and 'random-waypoint'");
        return NULL;
    }
    q6_mobility *m = calloc(1, sizeof *m);
    m->cfg = *cfg;
    m->n = n_nodes;
    m->rng = calloc(n_nodes ? n_nodes : 1, sizeof *m->rng);
    m->legs = calloc(n_nodes ? n_nodes : 1, sizeof *m->legs);
    m->static_poses = calloc(n_nodes ? n_nodes : 1, sizeof *m->static_poses);
    for (size_t i = 0; i < n_nodes; i++) {
        m->rng[i] = q6_rng_stream(seed, first_node_key + i, Q6_STREAM_MOBILITY);
        rwp_leg *l = &m->legs[i];
        uniform_point(m->rng[i], cfg, &l->tx, &l->ty, &l->tz);
        q6_pose *p = &m->static_poses[i];
        p->x_m = l->tx; p->y_m = l->ty; p->z_m = l->tz; p->present = 1;
        if (cfg->kind == Q6_MOB_RANDOM_WAYPOINT) {
            rwp_new_leg(m->rng[i], cfg, l, -cfg->warmup_s);
        }
    }
    m->t_last = -INFINITY;
    return m;
}

int q6_mobility_advance(q6_mobility *m, double t_s, q6_pose *poses, char *err, size_t errlen)
{
    if (t_s < m->t_last) {
        snprintf(err, errlen, "mobility: time went backwards (%g s after %g s)", t_s, m->t_last);
        return -1;
    }
    m->t_last = t_s;
    for (size_t i = 0; i < m->n; i++) {
        if (m->cfg.kind == Q6_MOB_STATIC) {
            poses[i] = m->static_poses[i];
            continue;
        }
        rwp_leg *l = &m->legs[i];
        while (t_s >= l->t_leave)
            rwp_new_leg(m->rng[i], &m->cfg, l, l->t_leave);
        rwp_pose(l, t_s, &poses[i]);
    }
    return 0;
}

const char *q6_mobility_slot_name(const q6_mobility *m, size_t i)
{
    (void)m; (void)i;
    return "";
}

void q6_mobility_free(q6_mobility *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        gsl_rng_free(m->rng[i]);
    free(m->rng);
    free(m->legs);
    free(m->static_poses);
    free(m);
}
