#include "sim/base/rng.h"

typedef struct { uint64_t s[4]; } xoshiro_state;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void xo_set(void *vstate, unsigned long seed)
{
    xoshiro_state *st = vstate;
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64(&x);
}

static inline uint64_t xo_next(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* GSL wants integers in [min, max]; 32 bits keep gsl_rng_uniform_int exact. */
static unsigned long xo_get(void *vstate) { return (unsigned long)(xo_next(vstate) >> 32); }

static double xo_get_double(void *vstate)
{
    return (double)(xo_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "q6-xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state),
    xo_set, xo_get, xo_get_double};

const gsl_rng_type *q6_rng_xoshiro256ss = &xoshiro_type;

uint64_t q6_stream_key(uint64_t seed, uint64_t node, uint32_t purpose)
{
    uint64_t x = seed;
    uint64_t k = splitmix64(&x);
    x = k ^ node;
    k = splitmix64(&x);
    x = k ^ ((uint64_t)purpose << 32 | purpose);
    return splitmix64(&x);
}

gsl_rng *q6_rng_stream(uint64_t seed, uint64_t node, uint32_t purpose)
{
    gsl_rng *r = gsl_rng_alloc(q6_rng_xoshiro256ss);
    if (r)
        gsl_rng_set(r, (unsigned long)q6_stream_key(seed, node, purpose));
    return r;
}

void q6_rng_reseed(gsl_rng *r, uint64_t seed, uint64_t node, uint32_t purpose)
{
    gsl_rng_set(r, (unsigned long)q6_stream_key(seed, node, purpose));
}
