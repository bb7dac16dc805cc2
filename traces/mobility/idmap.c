#include "traces/mobility/idmap.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short ids, no adversarial input. */
static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

int q6_idmap_init(q6_idmap *m)
{
    m->cap = 64;
    m->count = 0;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->values = calloc(m->cap, sizeof *m->values);
    return (m->keys && m->values) ? 0 : -1;
}

static size_t find_slot(const q6_idmap *m, const char *key)
{
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

int q6_idmap_get(const q6_idmap *m, const char *key)
{
    size_t i = find_slot(m, key);
    return m->keys[i] ? m->values[i] : -1;
}

static int grow(q6_idmap *m)
{
    q6_idmap bigger = {calloc(2 * m->cap, sizeof(char *)), calloc(2 * m->cap, sizeof(int)), 2 * m->cap, 0};
    if (!bigger.keys || !bigger.values) {
        free(bigger.keys);
        free(bigger.values);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = find_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.values[j] = m->values[i];
            bigger.count++;
        }
    q6_idmap_free(m);
    *m = bigger;
    return 0;
}

int q6_idmap_put(q6_idmap *m, const char *key, int value)
{
    if (2 * (m->count + 1) > m->cap && grow(m) < 0)
        return -1;
    size_t i = find_slot(m, key);
    if (!m->keys[i])
        m->count++;
    m->keys[i] = key;
    m->values[i] = value;
    return 0;
}

void q6_idmap_remove(q6_idmap *m, const char *key)
{
    size_t i = find_slot(m, key);
    if (!m->keys[i])
        return;
    m->keys[i] = NULL;
    m->count--;
    /* Backward-shift: move later entries of the probe run into the hole. */
    size_t hole = i, j = i;
    for (;;) {
        j = (j + 1) & (m->cap - 1);
        if (!m->keys[j])
            return;
        size_t home = hash_str(m->keys[j]) & (m->cap - 1);
        /* Entry j may move to hole when its home is not in (hole, j]. */
        int in_between = (hole <= j) ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!in_between) {
            m->keys[hole] = m->keys[j];
            m->values[hole] = m->values[j];
            m->keys[j] = NULL;
            hole = j;
        }
    }
}

void q6_idmap_clear(q6_idmap *m)
{
    if (m->keys)
        memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->count = 0;
}

void q6_idmap_free(q6_idmap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->cap = m->count = 0;
}
