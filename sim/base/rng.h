/* Keyed random streams: every exogenous draw comes from a stream identified
 * by (seed, node, purpose), so no scheduler decision can shift another
 * stream's sequence. */
#ifndef Q6_SIM_RNG_H
#define Q6_SIM_RNG_H
#include <stdint.h>
#include <gsl/gsl_rng.h>

typedef enum {
    Q6_STREAM_ARRIVALS = 1,      /* task arrival counts and times */
    Q6_STREAM_TASK_SIZE = 2,     /* task input/output sizes and work */
    Q6_STREAM_MOBILITY = 3,      /* synthetic mobility models */
    Q6_STREAM_FADING = 4,        /* small-scale fading per (node, AP) */
    Q6_STREAM_INITIAL_STATE = 5, /* initial battery levels and the like */
    Q6_STREAM_ENERGY = 6,        /* renewable generation, prices */
    Q6_STREAM_QUBO = 7,          /* QUBO samplers (decision-side, not exogenous) */
    Q6_STREAM_QUANTUM = 8,       /* per task: quantum or classical, and its circuit */
    Q6_STREAM_QPU_SUCCESS = 9,   /* per quantum task: key of its QPU success draws */
    Q6_STREAM_SUBTASKS = 10,     /* per task: how many parts it splits into */
    Q6_STREAM_CONNECTIVITY = 11, /* per (node, AP) and slot: whether the link exists (paper 002) */
    Q6_STREAM_CPU_JITTER = 12,   /* per AP: its MEC CPU speed per slot (paper 004 eq. 4) */
    Q6_STREAM_PLUGIN = 100       /* decision-side randomness (not exogenous) */
} q6_stream_purpose;

/* xoshiro256** exposed as a GSL generator; its 64-bit seed is used whole. */
extern const gsl_rng_type *q6_rng_xoshiro256ss;

/* 64-bit key of a stream (splitmix64 mix of the three fields). */
uint64_t q6_stream_key(uint64_t seed, uint64_t node, uint32_t purpose);

/* A fresh generator for one stream; free with gsl_rng_free. */
gsl_rng *q6_rng_stream(uint64_t seed, uint64_t node, uint32_t purpose);

/* Reseed an existing q6 generator to another stream (no allocation). */
void q6_rng_reseed(gsl_rng *r, uint64_t seed, uint64_t node, uint32_t purpose);

#endif
