/* Static nodes: uniform random positions in the configured box, never move. */
#include "models/mobility/mobility_internal.h"
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t n;
    q6_pose poses[];
} static_state;

static int static_advance(void *state, double t_s, q6_pose *poses, char *err, size_t errlen)
{
    (void)t_s; (void)err; (void)errlen;
    static_state *s = state;
    memcpy(poses, s->poses, s->n * sizeof *poses);
    return 0;
}

static const q6_mobility_ops static_ops = {static_advance, NULL, free};

int q6_mob_static_init(q6_mobility *m, uint64_t seed, uint64_t first_node_key, char *err, size_t errlen)
{
    static_state *s = calloc(1, sizeof *s + m->n * sizeof(q6_pose));
    gsl_rng **rng = q6_mob_slot_streams(m->n, seed, first_node_key);
    if (!s || !rng) {
        free(s);
        q6_mob_free_streams(rng, m->n);
        snprintf(err, errlen, "mobility: out of memory for %zu static nodes", m->n);
        return -1;
    }
    s->n = m->n;
    for (size_t i = 0; i < m->n; i++) {
        q6_mob_uniform_point(rng[i], &m->cfg, &s->poses[i].x_m, &s->poses[i].y_m, &s->poses[i].z_m);
        s->poses[i].present = 1;
    }
    q6_mob_free_streams(rng, m->n);
    m->ops = &static_ops;
    m->state = s;
    return 0;
}
