/* Bounded set of the k lowest-energy distinct states. */
#include "solvers/qubo/samplers.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int q6_sample_set_init(q6_sample_set *set, size_t num_vars, size_t capacity, q6_vartype vartype)
{
    if (!set)
        return -EINVAL;
    memset(set, 0, sizeof *set);
    if (num_vars == 0 || capacity == 0 || capacity > SIZE_MAX / num_vars / 2)
        return -EINVAL;
    set->num_vars = num_vars;
    set->capacity = capacity;
    set->vartype = vartype;
    set->states = malloc(capacity * num_vars);
    set->energies = malloc(capacity * sizeof *set->energies);
    set->hashes = malloc(capacity * sizeof *set->hashes);
    if (!set->states || !set->energies || !set->hashes) {
        q6_sample_set_free(set);
        return -ENOMEM;
    }
    return 0;
}

void q6_sample_set_free(q6_sample_set *set)
{
    if (!set)
        return;
    free(set->states);
    free(set->energies);
    free(set->hashes);
    memset(set, 0, sizeof *set);
}

double q6_sample_set_threshold(const q6_sample_set *set)
{
    if (!set || set->count < set->capacity)
        return INFINITY;
    return set->energies[set->count - 1];
}

static uint64_t fnv1a(const int8_t *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int q6_sample_set_offer(q6_sample_set *set, const int8_t *state, double energy)
{
    if (!set || !state || !set->states || isnan(energy))
        return -EINVAL;
    if (set->count == set->capacity && !(energy < set->energies[set->count - 1]))
        return 0;
    size_t n = set->num_vars;
    uint64_t h = fnv1a(state, n);
    for (size_t k = 0; k < set->count; k++)
        if (set->hashes[k] == h && !memcmp(set->states + k * n, state, n))
            return 0;
    /* insertion point: after every entry with energy <= this one */
    size_t pos = set->count;
    while (pos > 0 && set->energies[pos - 1] > energy)
        pos--;
    size_t last = set->count < set->capacity ? set->count : set->capacity - 1;
    memmove(set->states + (pos + 1) * n, set->states + pos * n, (last - pos) * n);
    memmove(set->energies + pos + 1, set->energies + pos, (last - pos) * sizeof *set->energies);
    memmove(set->hashes + pos + 1, set->hashes + pos, (last - pos) * sizeof *set->hashes);
    memcpy(set->states + pos * n, state, n);
    set->energies[pos] = energy;
    set->hashes[pos] = h;
    if (set->count < set->capacity)
        set->count++;
    return 1;
}
