/* String -> index map (open addressing, linear probing, backward-shift
 * deletion) for trace vehicle ids. Keys are borrowed: the caller keeps each
 * key string alive while it is in the map. */
#ifndef Q6_TRACES_IDMAP_H
#define Q6_TRACES_IDMAP_H
#include <stddef.h>

typedef struct q6_idmap {
    const char **keys;
    int *values;
    size_t cap, count;   /* cap is a power of two */
} q6_idmap;

int q6_idmap_init(q6_idmap *m);                          /* 0, or -1: no memory */
int q6_idmap_get(const q6_idmap *m, const char *key);    /* value, or -1 */
int q6_idmap_put(q6_idmap *m, const char *key, int value); /* 0, or -1: no memory */
void q6_idmap_remove(q6_idmap *m, const char *key);
void q6_idmap_clear(q6_idmap *m);                        /* keeps capacity */
void q6_idmap_free(q6_idmap *m);

#endif
