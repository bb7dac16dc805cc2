/* Internal helpers shared by the samplers (not a public header): a binary
 * view of the model, local fields, the inlined RNG, the clock, result
 * bookkeeping. */
#ifndef Q6_SOLVERS_QUBO_SAMPLER_CORE_H
#define Q6_SOLVERS_QUBO_SAMPLER_CORE_H
#include "solvers/qubo/samplers.h"

/* Binary (QUBO) view: delta of flipping i is (1 - 2 x_i) f_i with the local
 * field f_i = h_i + sum_j J_ij x_j. */
typedef struct {
    const q6_bqm *model;   /* caller's model (energies reported in it) */
    q6_bqm owned;          /* binary copy when the model is spin */
    const q6_bqm *bin;     /* binary model walked by the samplers */
    size_t n;
    int8_t *out_state;     /* scratch row in the model's variable type */
} q6_qubo_core;

int q6_core_init(q6_qubo_core *c, const q6_bqm *bqm, const q6_sampler_params *p, q6_sample_set *out,
                 q6_sampler_stats *stats);
void q6_core_free(q6_qubo_core *c);

/* f from x; returns the energy of x. */
double q6_core_fields(const q6_qubo_core *c, const int8_t *x, double *f);

/* Offer binary state x to the set (converted, exact energy recomputed). */
int q6_core_offer(q6_qubo_core *c, q6_sample_set *out, const int8_t *x);

/* Monotonic wall clock in seconds (reported / time limits only). */
double q6_core_wall_s(void);

/* Stop checks between sweeps: time limit and target. */
int q6_core_time_up(const q6_sampler_params *p, double t0);
void q6_core_note_energy(const q6_sampler_params *p, q6_sampler_stats *st, double energy, double t0);

/* xoshiro256+ (Blackman & Vigna 2018) inlined for the hot loops, seeded
 * from the keyed stream (seed, stream, Q6_STREAM_PLUGIN) of sim/rng.h. */
typedef struct { uint64_t s[4]; } q6_xo;
void q6_xo_seed(q6_xo *r, uint64_t seed, uint64_t stream);

static inline uint64_t q6_xo_next(q6_xo *r)
{
    uint64_t *s = r->s;
    uint64_t result = s[0] + s[3];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform double in [0, 1). */
static inline double q6_xo_uniform(q6_xo *r) { return (double)(q6_xo_next(r) >> 11) * 0x1.0p-53; }

/* Uniform integer in [0, n) (n > 0), Lemire's multiply-shift (bias < n/2^64). */
static inline size_t q6_xo_below(q6_xo *r, size_t n)
{
    return (size_t)(((unsigned __int128)q6_xo_next(r) * n) >> 64);
}

#endif
