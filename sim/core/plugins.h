/* Plugin registry: schedulers and matchers (plugin ABI 3, solvers/abi/), built
 * in or loaded with dlopen, found by kind and name. A shared object exports
 * q6_plugin_entry3() (a NULL-terminated list of ABI-3 tables) or, built for
 * ABI 1 or 2, q6_plugin_entry() (one q6_plugin, solvers/plugin.h): such a
 * legacy plugin registers as a scheduler, and also as a matcher when it has
 * `match`; sim/plugin_run.c adapts it. */
#ifndef Q6_SIM_PLUGINS_H
#define Q6_SIM_PLUGINS_H
#include "solvers/abi/matcher.h"
#include "solvers/abi/scheduler.h"
#include "solvers/plugin.h"
#include <stddef.h>

typedef struct {
    q6_plugin_kind kind;
    const char *name, *description;
    const char *origin;              /* "built-in" or the file it came from */
    uint32_t abi_version;            /* of the table: 1, 2 or 3 */
    const q6_scheduler *scheduler;   /* ABI-3 scheduler table, or NULL */
    const q6_matcher *matcher;       /* ABI-3 matcher table, or NULL */
    const q6_plugin *legacy;         /* ABI 1/2 plugin (then both tables are NULL) */
} q6_plugin_ref;

/* Loads an external plugin file and registers every table it offers.
 * Returns how many it registered, or -1 with a message naming the file,
 * the table and what is wrong (nothing is registered then). */
int q6_plugins_load(const char *path, char *err, size_t errlen);
/* Finds a plugin of `kind` by name among built-in and loaded ones, or NULL. */
const q6_plugin_ref *q6_plugins_find(q6_plugin_kind kind, const char *name);
/* The i-th registered plugin (built-ins first), or NULL past the end. */
const q6_plugin_ref *q6_plugins_at(size_t i);
/* "a, b, c": the names of the registered plugins of `kind`, for messages. */
void q6_plugins_known(q6_plugin_kind kind, char *buf, size_t len);
/* Checks up front that every name is a scheduler plugin, with the external
 * plugins at `paths` loaded for the check and unloaded after it (so
 * commands that start runs find a misspelt name before any run starts). 0,
 * or -1 with "unknown scheduler plugin 'x' (known: ...)" or the load error. */
int q6_plugins_check_names(const char *const *names, size_t n, const char *const *paths, size_t n_paths, char *err,
                           size_t errlen);
/* Unloads external plugins. */
void q6_plugins_unload(void);

#endif
