/* Scheduler plugin registry: built-ins by name, external ones by dlopen. */
#ifndef Q6_SIM_PLUGINS_H
#define Q6_SIM_PLUGINS_H
#include "solvers/plugin.h"
#include <stddef.h>

/* Loads an external plugin and registers it. Returns it, or NULL with a
 * message naming the file and what is wrong. */
const q6_plugin *q6_plugins_load(const char *path, char *err, size_t errlen);
/* Finds a plugin by name among built-in and loaded ones, or NULL. */
const q6_plugin *q6_plugins_find(const char *name);
/* Lists plugins: i-th plugin (NULL past the end) and where it came from. */
const q6_plugin *q6_plugins_at(size_t i, const char **origin);
typedef int (*q6_match_fn)(void *state, const q6_market_problem *problem, q6_market_decision *decision);
/* The plugin's energy-market matcher, or NULL (ABI 1 plugins have none). */
q6_match_fn q6_plugin_match(const q6_plugin *p);
/* Unloads external plugins. */
void q6_plugins_unload(void);

#endif
