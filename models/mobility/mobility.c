/* Mobility source front end: configuration defaults and checks, the
 * dispatch to each model or trace reader, and time bookkeeping. */
#include "models/mobility/mobility_internal.h"
#include "sim/base/rng.h"
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    [Q6_MOB_STATIC] = "static",
    [Q6_MOB_RANDOM_WAYPOINT] = "random-waypoint",
    [Q6_MOB_GAUSS_MARKOV] = "gauss-markov",
    [Q6_MOB_FCD] = "fcd",
    [Q6_MOB_NS2] = "ns2",
};
#define N_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *q6_mobility_kind_name(q6_mobility_kind kind)
{
    return ((unsigned)kind < N_KINDS) ? kind_names[kind] : "?";
}

int q6_mobility_kind_from_name(const char *name)
{
    for (size_t k = 0; name && k < N_KINDS; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return (int)k;
    return -1;
}

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
    cfg->ascent_max_deg = 90.0;
    /* Random waypoint starts from uniform positions, which is not its
     * stationary state (mean speed decays, Yoon, Liu and Noble 2003); about
     * ten legs of warm-up at 1 km and 10 m/s reach it. */
    cfg->warmup_s = 1000.0;
    cfg->gm_alpha = 0.75;
    cfg->gm_mean_speed_mps = 10.0;
    cfg->gm_speed_sd_mps = 2.0;
    cfg->gm_heading_sd_rad = 0.5;
    cfg->gm_step_s = 1.0;
    cfg->gm_mean_heading_rad = 0.0;
    cfg->gm_heading_random = 1;
    cfg->gm_edge_fraction = 0.1;
}

#define FAIL(k, ...) do { *key = (k); snprintf(msg, msglen, __VA_ARGS__); return -1; } while (0)

int q6_mobility_config_check(const q6_mobility_config *c, const char **key,
                             char *msg, size_t msglen)
{
    static const char *none = "";
    const char *dummy;
    if (!key)
        key = &dummy;
    *key = none;
    if (!c)
        FAIL("model", "no configuration given");
    if ((unsigned)c->kind >= N_KINDS)
        FAIL("model", "unknown model %d", (int)c->kind);
    int synthetic = c->kind == Q6_MOB_STATIC || c->kind == Q6_MOB_RANDOM_WAYPOINT ||
                    c->kind == Q6_MOB_GAUSS_MARKOV;
    if (synthetic && (!(c->area_x_m > 0) || !(c->area_y_m > 0) || !(c->area_x_m <= Q6_MOB_COORD_MAX_M) ||
                      !(c->area_y_m <= Q6_MOB_COORD_MAX_M)))
        FAIL("area_m", "both sides must be > 0 m and <= %g m", Q6_MOB_COORD_MAX_M);
    if (!(fabs(c->z_min_m) <= Q6_MOB_COORD_MAX_M) || !(fabs(c->z_max_m) <= Q6_MOB_COORD_MAX_M))
        FAIL("altitude_m", "must be finite and within [-%g, %g] m", Q6_MOB_COORD_MAX_M, Q6_MOB_COORD_MAX_M);
    if (!(c->z_max_m >= c->z_min_m))
        FAIL("altitude_m", "maximum must be >= minimum");
    if (c->kind == Q6_MOB_RANDOM_WAYPOINT) {
        if (!(c->speed_min_mps > 0) || !isfinite(c->speed_min_mps))
            FAIL("speed_mps", "minimum must be > 0 m/s (a zero minimum makes the mean speed decay to 0)");
        if (!(c->speed_max_mps >= c->speed_min_mps) || !(c->speed_max_mps <= Q6_MOB_SPEED_MAX_MPS))
            FAIL("speed_mps", "maximum must be >= minimum and <= %g m/s", Q6_MOB_SPEED_MAX_MPS);
        if (!(c->pause_max_s >= 0) || !isfinite(c->pause_max_s))
            FAIL("pause_max_s", "must be finite and >= 0 s");
        if (!(c->vspeed_max_mps >= 0) || !(c->vspeed_max_mps <= Q6_MOB_SPEED_MAX_MPS))
            FAIL("vspeed_max_mps", "must be in [0, %g] m/s", Q6_MOB_SPEED_MAX_MPS);
        if (!(c->ascent_max_deg >= 0) || !(c->ascent_max_deg <= 90))
            FAIL("ascent_max_deg", "must be in [0, 90] degrees");
        if (c->z_max_m > c->z_min_m && !(c->vspeed_max_mps > 0))
            FAIL("vspeed_max_mps", "must be > 0 m/s when the altitude range is not flat");
    }
    if ((c->kind == Q6_MOB_RANDOM_WAYPOINT || c->kind == Q6_MOB_GAUSS_MARKOV) &&
        (!(c->warmup_s >= 0) || !(c->warmup_s <= Q6_MOB_WARMUP_MAX_S)))
        FAIL("warmup_s", "must be in [0, %g] s", Q6_MOB_WARMUP_MAX_S);
    if (c->kind == Q6_MOB_GAUSS_MARKOV) {
        if (!(c->gm_alpha >= 0 && c->gm_alpha <= 1))
            FAIL("alpha", "must be in [0, 1]");
        if (!(c->gm_mean_speed_mps > 0) || !(c->gm_mean_speed_mps <= Q6_MOB_SPEED_MAX_MPS))
            FAIL("mean_speed_mps", "must be > 0 m/s and <= %g m/s", Q6_MOB_SPEED_MAX_MPS);
        if (!(c->gm_speed_sd_mps >= 0) || !(c->gm_speed_sd_mps <= Q6_MOB_SPEED_MAX_MPS))
            FAIL("speed_sd_mps", "must be in [0, %g] m/s", Q6_MOB_SPEED_MAX_MPS);
        if (!(c->gm_heading_sd_rad >= 0) || !isfinite(c->gm_heading_sd_rad))
            FAIL("heading_sd_rad", "must be finite and >= 0 rad");
        if (!(c->gm_step_s >= Q6_MOB_STEP_MIN_S) || !isfinite(c->gm_step_s))
            FAIL("step_s", "must be finite and >= %g s", Q6_MOB_STEP_MIN_S);
        if (!isfinite(c->gm_mean_heading_rad))
            FAIL("mean_heading_rad", "must be finite");
        if (!(c->gm_edge_fraction >= 0 && c->gm_edge_fraction < 0.5))
            FAIL("edge_fraction", "must be in [0, 0.5)");
    }
    if (c->kind == Q6_MOB_FCD || c->kind == Q6_MOB_NS2) {
        if (c->trace_path[0] == '\0')
            FAIL("file", "a trace file is required");
        if (!(fabs(c->offset_x_m) <= Q6_MOB_COORD_MAX_M) || !(fabs(c->offset_y_m) <= Q6_MOB_COORD_MAX_M))
            FAIL("offset_m", "must be within [-%g, %g] m", Q6_MOB_COORD_MAX_M, Q6_MOB_COORD_MAX_M);
        if (!isfinite(c->time_offset_s))
            FAIL("time_offset_s", "must be finite");
    }
    return 0;
}

static q6_mobility_source_init trace_sources[Q6_MOB_NS2 + 1];

int q6_mobility_register_source(q6_mobility_kind kind, q6_mobility_source_init init)
{
    if (kind != Q6_MOB_FCD && kind != Q6_MOB_NS2)
        return -1;
    trace_sources[kind] = init;
    return 0;
}

q6_mobility *q6_mobility_create(const q6_mobility_config *cfg, size_t n_nodes,
                                uint64_t seed, uint64_t first_node_key,
                                char *err, size_t errlen)
{
    const char *key;
    char msg[256];
    if (q6_mobility_config_check(cfg, &key, msg, sizeof msg) < 0) {
        snprintf(err, errlen, "mobility.%s: %s", key, msg);
        return NULL;
    }
    q6_mobility *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "mobility: out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->n = n_nodes;
    m->t_last_s = -INFINITY;
    int rc = -1;
    switch (cfg->kind) {
    case Q6_MOB_STATIC: rc = q6_mob_static_init(m, seed, first_node_key, err, errlen); break;
    case Q6_MOB_RANDOM_WAYPOINT: rc = q6_mob_rwp_init(m, seed, first_node_key, err, errlen); break;
    case Q6_MOB_GAUSS_MARKOV: rc = q6_mob_gm_init(m, seed, first_node_key, err, errlen); break;
    case Q6_MOB_FCD:
    case Q6_MOB_NS2:
        if (trace_sources[cfg->kind])
            rc = trace_sources[cfg->kind](m, err, errlen);
        else
            snprintf(err, errlen, "mobility: %s replay is not available in this program "
                                  "(traces/mobility not registered: call q6_trace_mobility_register())",
                     q6_mobility_kind_name(cfg->kind));
        break;
    }
    if (rc < 0) {
        free(m);
        return NULL;
    }
    return m;
}

int q6_mobility_advance(q6_mobility *m, double t_s, q6_pose *poses, char *err, size_t errlen)
{
    if (!m || (!poses && m->n > 0)) {
        snprintf(err, errlen, "mobility: no source or no pose array");
        return -1;
    }
    if (!isfinite(t_s)) {
        snprintf(err, errlen, "mobility: time must be finite, got %g s", t_s);
        return -1;
    }
    if (t_s < m->t_last_s) {
        snprintf(err, errlen, "mobility: time went backwards (%g s after %g s)", t_s, m->t_last_s);
        return -1;
    }
    m->t_last_s = t_s;
    return m->ops->advance(m->state, t_s, poses, err, errlen);
}

const char *q6_mobility_slot_name(const q6_mobility *m, size_t i)
{
    if (!m || i >= m->n || !m->ops->slot_name)
        return "";
    return m->ops->slot_name(m->state, i);
}

void q6_mobility_free(q6_mobility *m)
{
    if (!m)
        return;
    m->ops->free(m->state);
    free(m);
}

void q6_mob_uniform_point(gsl_rng *r, const q6_mobility_config *c, double *x, double *y, double *z)
{
    *x = gsl_rng_uniform(r) * c->area_x_m;
    *y = gsl_rng_uniform(r) * c->area_y_m;
    *z = c->z_min_m + gsl_rng_uniform(r) * (c->z_max_m - c->z_min_m);
}

gsl_rng **q6_mob_slot_streams(size_t n, uint64_t seed, uint64_t first_node_key)
{
    gsl_rng **rng = calloc(n ? n : 1, sizeof *rng);
    if (!rng)
        return NULL;
    for (size_t i = 0; i < n; i++)
        rng[i] = q6_rng_stream(seed, first_node_key + i, Q6_STREAM_MOBILITY);
    return rng;
}

void q6_mob_free_streams(gsl_rng **rng, size_t n)
{
    if (!rng)
        return;
    for (size_t i = 0; i < n; i++)
        gsl_rng_free(rng[i]);
    free(rng);
}

double q6_mob_wrap_angle(double a)
{
    a = fmod(a, 2.0 * M_PI);
    if (a <= -M_PI)
        a += 2.0 * M_PI;
    else if (a > M_PI)
        a -= 2.0 * M_PI;
    return a;
}
