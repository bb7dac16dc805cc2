/* Reader of q6sim weight files (docs/weight-format.md): a text header of
 * key-value lines and named tensors of doubles, written by the Python
 * exporter (python/agents/export.py) and read by the C policies. */
#ifndef Q6_SOLVERS_AGENT_WEIGHTS_H
#define Q6_SOLVERS_AGENT_WEIGHTS_H
#include <stddef.h>
#include <stdint.h>

#define Q6_WEIGHTS_MAX_KEYS 32
#define Q6_WEIGHTS_MAX_TENSORS 64

typedef struct {
    char name[64];
    uint32_t ndim;
    uint32_t dims[4];
    size_t n;            /* product of dims */
    double *v;           /* row-major */
} q6_tensor;

typedef struct {
    char path[1024];
    uint32_t n_keys;
    char keys[Q6_WEIGHTS_MAX_KEYS][32], values[Q6_WEIGHTS_MAX_KEYS][64];
    uint32_t n_tensors;
    q6_tensor tensors[Q6_WEIGHTS_MAX_TENSORS];
} q6_weights;

/* 0, or -1 with "PATH:LINE: reason" in err (and nothing to free). */
int q6_weights_load(const char *path, q6_weights *w, char *err, size_t errlen);
void q6_weights_free(q6_weights *w);
/* The value of a header key, or NULL. */
const char *q6_weights_get(const q6_weights *w, const char *key);
/* An integer header key in [lo, hi]: 0, or -1 with the reason in err. */
int q6_weights_int(const q6_weights *w, const char *key, long lo, long hi, long *out, char *err, size_t errlen);
/* Whether a tensor of that name exists (for optional ones: present means checked). */
int q6_weights_has(const q6_weights *w, const char *name);
/* The tensor `name` with ndim dims; dims[i] of 0 take any size, others must
 * match. NULL with the reason in err. */
const q6_tensor *q6_weights_tensor(const q6_weights *w, const char *name, uint32_t ndim, const uint32_t *dims,
                                   char *err, size_t errlen);

#endif
