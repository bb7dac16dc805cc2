/* Mobility sources: one interface for synthetic models and trace replay.
 * A source moves a fixed-size population of node slots; trace replay maps
 * trace vehicles onto free slots as they appear (a pool), so the engine
 * keeps one actor per slot. */
#ifndef Q6_MODELS_MOBILITY_H
#define Q6_MODELS_MOBILITY_H
#include <stddef.h>
#include <stdint.h>

/* Physical bounds of ground and air nodes (orbits are separate, see
 * orbit.h): coordinates, offsets, areas and altitudes stay within
 * |1e8| m (100,000 km; trace readers refuse positions beyond it, so no
 * NaN, infinity or 1e308 reaches the geometry), speeds at or below 1e4 m/s
 * (ten times a rifle bullet; 1e12 m/s used to make random waypoint run
 * forever). */
#define Q6_MOB_COORD_MAX_M 1e8
#define Q6_MOB_SPEED_MAX_MPS 1e4
/* Longest warm-up before t = 0 and shortest Gauss-Markov step: together
 * with the speed bound they keep the number of legs or steps finite. */
#define Q6_MOB_WARMUP_MAX_S 1e6
#define Q6_MOB_STEP_MIN_S 1e-3
/* Legs (random waypoint) or steps (Gauss-Markov) one node may take in one
 * advance; more is an error, not a hang. */
#define Q6_MOB_MOVES_PER_ADVANCE_MAX 10000000UL

typedef struct q6_pose {
    double x_m, y_m, z_m;  /* scenario frame, metres */
    double speed_mps;      /* ground speed */
    double heading_rad;    /* direction of travel, 0 = +x, counter-clockwise */
    int present;           /* 0 when the slot holds no node at this time */
    double vz_mps;         /* vertical speed, + up (3-D models; 0 otherwise) */
} q6_pose;

typedef enum {
    Q6_MOB_STATIC = 0,          /* uniform random positions, never move */
    Q6_MOB_RANDOM_WAYPOINT = 1, /* random waypoint (2-D, or 3-D when z range > 0) */
    Q6_MOB_GAUSS_MARKOV = 2,
    Q6_MOB_FCD = 3,             /* SUMO --fcd-output replay */
    Q6_MOB_NS2 = 4              /* ns-2 setdest replay */
} q6_mobility_kind;

/* Scenario name of a kind ("static", "random-waypoint", "gauss-markov",
 * "fcd", "ns2") and back; name_to_kind returns -1 for an unknown name. */
const char *q6_mobility_kind_name(q6_mobility_kind kind);
int q6_mobility_kind_from_name(const char *name);

typedef struct q6_mobility_config {
    q6_mobility_kind kind;
    double area_x_m, area_y_m;      /* region [0,area_x] x [0,area_y] */
    double z_min_m, z_max_m;        /* altitude range (equal: flat) */
    double speed_min_mps, speed_max_mps;
    double pause_max_s;             /* random waypoint pause, uniform [0, max] */
    double vspeed_max_mps;          /* 3-D random waypoint vertical speed bound */
    double warmup_s;                /* model time run before t = 0 */
    double gm_alpha;                /* Gauss-Markov memory in [0,1] */
    double gm_mean_speed_mps;
    double gm_speed_sd_mps;
    double gm_heading_sd_rad;
    double gm_step_s;               /* Gauss-Markov update interval */
    double gm_mean_heading_rad;     /* mean direction when gm_heading_random = 0 */
    int gm_heading_random;          /* 1: each node draws its mean direction */
    double gm_edge_fraction;        /* border zone, fraction of the shorter side */
    char trace_path[4096];          /* FCD / ns-2 file */
    double offset_x_m, offset_y_m;  /* added to trace coordinates */
    double time_offset_s;           /* trace time at simulation t = 0 */
    double ascent_max_deg;          /* 3-D random waypoint: bound on the ascent or
                                     * descent angle phi of eq. 10 (paper 004), 90: none */
} q6_mobility_config;

/* Checks cfg for the kind it names. Returns 0, or -1 with the scenario key
 * at fault in *key (e.g. "speed_mps") and the reason in msg (e.g.
 * "minimum must be > 0 m/s"), so callers can point at a file line. */
int q6_mobility_config_check(const q6_mobility_config *cfg, const char **key,
                             char *msg, size_t msglen);

typedef struct q6_mobility q6_mobility;

/* Fills cfg with documented defaults (static nodes on a 1 km square). */
void q6_mobility_config_defaults(q6_mobility_config *cfg);

/* Trace replay lives above models/ (traces/mobility): its sources register
 * here, so this layer never calls up into traces/. A source initialiser
 * reads its file from the config and sets the source's state. */
typedef int (*q6_mobility_source_init)(q6_mobility *m, char *err, size_t errlen);
/* Registers the initialiser of a trace kind (Q6_MOB_FCD, Q6_MOB_NS2);
 * registering again replaces it. Returns 0, or -1 for a synthetic kind. */
int q6_mobility_register_source(q6_mobility_kind kind, q6_mobility_source_init init);

/* Creates a source for n_nodes slots. Randomness comes from the keyed
 * stream (seed, first_node_key + i, Q6_STREAM_MOBILITY) of slot i.
 * Returns NULL and a message in err on failure. */
q6_mobility *q6_mobility_create(const q6_mobility_config *cfg, size_t n_nodes,
                                uint64_t seed, uint64_t first_node_key,
                                char *err, size_t errlen);

/* Advances to t_s (non-decreasing between calls) and writes n_nodes poses.
 * Returns 0, or -1 with a message in err (e.g. malformed trace line). */
int q6_mobility_advance(q6_mobility *m, double t_s, q6_pose *poses,
                        char *err, size_t errlen);

/* Name of the node currently in slot i (trace id, or "" when synthetic). */
const char *q6_mobility_slot_name(const q6_mobility *m, size_t i);

void q6_mobility_free(q6_mobility *m);

#endif
