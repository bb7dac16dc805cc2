/* Gauss-Markov mobility (Camp, Boleng and Davies 2002, section 2.5; used
 * by paper 001 eqs. 20-21). Every step_s each node updates
 *   s_n = a s_{n-1} + (1 - a) s_mean + sqrt(1 - a^2) sd_s w_s
 *   d_n = a d_{n-1} + (1 - a) d_mean + sqrt(1 - a^2) sd_d w_d
 * with w standard normal, and moves with (s_{n-1}, d_{n-1}) in between.
 * Border handling as in Camp et al.: inside the edge zone (edge_fraction of
 * the shorter side) the mean direction turns to point away from the edge
 * (90 degrees off a side, 45 degrees out of a corner). A step that would
 * still cross the border is reflected, so nodes never leave the region.
 * Speeds are clipped at 0 (rare for sd_s << s_mean). */
#include "models/mobility/mobility_internal.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    double x, y, z;          /* position at t_step */
    double speed_mps, heading_rad, mean_heading_rad;
    double t_step;           /* time of the last update */
} gm_node;

typedef struct {
    q6_mobility_config cfg;
    size_t n;
    gsl_rng **rng;
    gm_node *nodes;
} gm_state;

/* Folds coordinate v into [0, len] by mirror reflection; *flips counts the
 * reflections so the caller can mirror the direction too. */
static double fold(double v, double len, int *flips)
{
    double period = 2.0 * len;
    double r = fmod(v, period);
    if (r < 0)
        r += period;
    long k = (long)floor(v / len);   /* number of borders crossed, signed */
    *flips = (int)(labs(k) & 1L);
    return r <= len ? r : period - r;
}

/* Position of a node moving from (x, y) for dt at (speed, heading),
 * reflected at the borders; returns the heading after the reflections. */
static double move_reflect(const q6_mobility_config *c, const gm_node *g, double dt,
                           double *x, double *y)
{
    int fx, fy;
    double vx = g->speed_mps * cos(g->heading_rad), vy = g->speed_mps * sin(g->heading_rad);
    *x = fold(g->x + vx * dt, c->area_x_m, &fx);
    *y = fold(g->y + vy * dt, c->area_y_m, &fy);
    return atan2(fy ? -vy : vy, fx ? -vx : vx);
}

/* Camp et al.: near an edge the mean direction points into the region. */
static void turn_from_edge(const q6_mobility_config *c, gm_node *g)
{
    double margin = c->gm_edge_fraction * fmin(c->area_x_m, c->area_y_m);
    int dx = (g->x < margin) - (g->x > c->area_x_m - margin);
    int dy = (g->y < margin) - (g->y > c->area_y_m - margin);
    if (dx || dy)
        g->mean_heading_rad = atan2((double)dy, (double)dx);
}

static void gm_step(const q6_mobility_config *c, gsl_rng *r, gm_node *g)
{
    double a = c->gm_alpha, b = sqrt(1.0 - a * a);
    double x, y;
    double heading_after = move_reflect(c, g, c->gm_step_s, &x, &y);
    /* The old heading was mirrored by the border: keep the update relative
     * to the mirrored direction so the memory term stays continuous. */
    double d_prev = g->heading_rad + q6_mob_wrap_angle(heading_after - g->heading_rad);
    g->x = x;
    g->y = y;
    g->t_step += c->gm_step_s;
    turn_from_edge(c, g);
    double d_mean = d_prev + q6_mob_wrap_angle(g->mean_heading_rad - d_prev);
    double s = a * g->speed_mps + (1.0 - a) * c->gm_mean_speed_mps +
               b * gsl_ran_gaussian(r, c->gm_speed_sd_mps);
    double d = a * d_prev + (1.0 - a) * d_mean + b * gsl_ran_gaussian(r, c->gm_heading_sd_rad);
    g->speed_mps = s > 0 ? s : 0.0;
    g->heading_rad = q6_mob_wrap_angle(d);
}

static int gm_advance(void *state, double t_s, q6_pose *poses, char *err, size_t errlen)
{
    gm_state *s = state;
    for (size_t i = 0; i < s->n; i++) {
        gm_node *g = &s->nodes[i];
        for (unsigned long steps = 0; t_s >= g->t_step + s->cfg.gm_step_s; steps++) {
            if (steps == Q6_MOB_MOVES_PER_ADVANCE_MAX) {
                snprintf(err, errlen, "mobility: gauss-markov node %zu needs more than %lu steps to reach t = %g s",
                         i, Q6_MOB_MOVES_PER_ADVANCE_MAX, t_s);
                return -1;
            }
            gm_step(&s->cfg, s->rng[i], g);
        }
        q6_pose *p = &poses[i];
        p->heading_rad = q6_mob_wrap_angle(move_reflect(&s->cfg, g, t_s - g->t_step, &p->x_m, &p->y_m));
        p->z_m = g->z;
        p->speed_mps = g->speed_mps;
        p->vz_mps = 0.0;
        p->present = 1;
    }
    return 0;
}

static void gm_free(void *state)
{
    gm_state *s = state;
    if (!s)
        return;
    q6_mob_free_streams(s->rng, s->n);
    free(s->nodes);
    free(s);
}

static const q6_mobility_ops gm_ops = {gm_advance, NULL, gm_free};

int q6_mob_gm_init(q6_mobility *m, uint64_t seed, uint64_t first_node_key, char *err, size_t errlen)
{
    gm_state *s = calloc(1, sizeof *s);
    if (s) {
        s->cfg = m->cfg;
        s->n = m->n;
        s->rng = q6_mob_slot_streams(m->n, seed, first_node_key);
        s->nodes = calloc(m->n ? m->n : 1, sizeof *s->nodes);
    }
    if (!s || !s->rng || !s->nodes) {
        gm_free(s);
        snprintf(err, errlen, "mobility: out of memory for %zu Gauss-Markov nodes", m->n);
        return -1;
    }
    const q6_mobility_config *c = &s->cfg;
    for (size_t i = 0; i < m->n; i++) {
        gm_node *g = &s->nodes[i];
        gsl_rng *r = s->rng[i];
        q6_mob_uniform_point(r, c, &g->x, &g->y, &g->z);
        g->mean_heading_rad = c->gm_heading_random ? (2.0 * gsl_rng_uniform(r) - 1.0) * M_PI
                                                   : q6_mob_wrap_angle(c->gm_mean_heading_rad);
        /* Start in the stationary distribution of the speed process. */
        double s0 = c->gm_mean_speed_mps + gsl_ran_gaussian(r, c->gm_speed_sd_mps);
        g->speed_mps = s0 > 0 ? s0 : 0.0;
        g->heading_rad = g->mean_heading_rad;
        g->t_step = -c->warmup_s;
    }
    m->ops = &gm_ops;
    m->state = s;
    return 0;
}
