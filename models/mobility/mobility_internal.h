/* Private plumbing of the mobility sources: each model or trace reader
 * fills one q6_mobility with its operations and state. */
#ifndef Q6_MODELS_MOBILITY_INTERNAL_H
#define Q6_MODELS_MOBILITY_INTERNAL_H
#include "models/mobility/mobility.h"
#include <gsl/gsl_rng.h>

typedef struct q6_mobility_ops {
    /* Writes the n poses at t_s (t_s never decreases between calls). */
    int (*advance)(void *state, double t_s, q6_pose *poses, char *err, size_t errlen);
    /* Name of the node in slot i, "" when synthetic or empty. */
    const char *(*slot_name)(const void *state, size_t i);
    void (*free)(void *state);
} q6_mobility_ops;

struct q6_mobility {
    q6_mobility_config cfg;
    size_t n;
    const q6_mobility_ops *ops;
    void *state;
    double t_last_s;
};

/* Each source: allocates its state and sets m->ops, m->state from m->cfg
 * and m->n. Returns 0, or -1 with a message in err. */
int q6_mob_static_init(q6_mobility *m, uint64_t seed, uint64_t first_node_key, char *err, size_t errlen);
int q6_mob_rwp_init(q6_mobility *m, uint64_t seed, uint64_t first_node_key, char *err, size_t errlen);
int q6_mob_gm_init(q6_mobility *m, uint64_t seed, uint64_t first_node_key, char *err, size_t errlen);

/* Uniform point of the configured box [0,X] x [0,Y] x [z_min,z_max]. */
void q6_mob_uniform_point(gsl_rng *r, const q6_mobility_config *c,
                          double *x, double *y, double *z);

/* One gsl_rng per slot from the keyed streams (seed, key0 + i, MOBILITY). */
gsl_rng **q6_mob_slot_streams(size_t n, uint64_t seed, uint64_t first_node_key);
void q6_mob_free_streams(gsl_rng **rng, size_t n);

/* Heading wrapped into (-pi, pi]. */
double q6_mob_wrap_angle(double a_rad);

#endif
