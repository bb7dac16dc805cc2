/* Fuzz harness: weight files of the learned policies (docs/weight-format.md,
 * solvers/agent/weights.c). Input: the file's bytes, written as w.q6w; read
 * with q6_weights_load, and handed to every built-in scheduler that takes
 * `weights=PATH` (mlp-policy, lstm-policy, vqc-policy, morl, meqc-drl,
 * qdrl and its variants, mappo, maddpg), whose init checks the model, its
 * headers and every tensor's shape, as `q6sim run` does before its first
 * slot.
 *
 * Checks beyond "no crash, no leak": an accepted file's tensors have
 * 1-4 dimensions whose product is their length, every value finite, and
 * each header key reads back its own value. */
#include "fuzz_util.h"
#include "sim/core/plugins.h"
#include "solvers/agent/weights.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static void check_accepted(const q6_weights *w)
{
    for (uint32_t i = 0; i < w->n_tensors; i++) {
        const q6_tensor *t = &w->tensors[i];
        if (t->ndim < 1 || t->ndim > 4)
            q6fuzz_fail("accepted tensor with a dimension count outside 1-4");
        size_t n = 1;
        for (uint32_t d = 0; d < t->ndim; d++)
            n *= t->dims[d];
        if (n != t->n)
            q6fuzz_fail("accepted tensor whose length is not the product of its dims");
        for (size_t k = 0; k < t->n; k++)
            if (!isfinite(t->v[k]))
                q6fuzz_fail("accepted tensor with a non-finite value");
    }
    for (uint32_t k = 0; k < w->n_keys; k++) {
        const char *v = q6_weights_get(w, w->keys[k]);
        if (!v)
            q6fuzz_fail("accepted header key that does not read back");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = q6fuzz_write("w.q6w", data, size);
    static q6_weights w;
    char err[1024];
    if (q6_weights_load(path, &w, err, sizeof err) < 0) {
        q6fuzz_note("%s", err);
        return 0;
    }
    check_accepted(&w);
    q6_weights_free(&w);
    char params[1100];
    snprintf(params, sizeof params, "weights=%s", path);
    const q6_plugin_ref *r;
    for (size_t i = 0; (r = q6_plugins_at(i)); i++) {
        if (!r->scheduler || !r->description || !strstr(r->description, "weights=") || strcmp(r->origin, "built-in"))
            continue;
        q6_plugin_init_args args = {1, params};
        void *state = NULL;
        if (r->scheduler->init(&args, &state, err, sizeof err) != 0) {
            q6fuzz_note("%s: %s", r->name, err);
            continue;
        }
        q6fuzz_note("%s: accepted", r->name);
        if (r->scheduler->finish)
            r->scheduler->finish(state);
    }
    return 0;
}
