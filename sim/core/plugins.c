#include "sim/core/plugins.h"
#include "solvers/baselines/baselines.h"
#include "solvers/market/market.h"
#include "solvers/offload/offload.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LOADED 32

static const q6_plugin *const builtins[] = {&q6_plugin_greedy,       &q6_plugin_random,
                                            &q6_plugin_qubo_offload, &q6_plugin_gale_shapley,
                                            &q6_plugin_exact_match,  &q6_plugin_qubo_match};
#define N_BUILTINS (sizeof builtins / sizeof builtins[0])

static struct {
    const q6_plugin *plugin;
    void *handle;
    char path[4096];
} loaded[MAX_LOADED];
static size_t n_loaded;

const q6_plugin *q6_plugins_find(const char *name)
{
    for (size_t i = 0; i < n_loaded; i++)
        if (!strcmp(loaded[i].plugin->name, name))
            return loaded[i].plugin;
    for (size_t i = 0; i < N_BUILTINS; i++)
        if (!strcmp(builtins[i]->name, name))
            return builtins[i];
    return NULL;
}

const q6_plugin *q6_plugins_at(size_t i, const char **origin)
{
    if (i < N_BUILTINS) {
        *origin = "built-in";
        return builtins[i];
    }
    i -= N_BUILTINS;
    if (i < n_loaded) {
        *origin = loaded[i].path;
        return loaded[i].plugin;
    }
    return NULL;
}

const q6_plugin *q6_plugins_load(const char *path, char *err, size_t errlen)
{
    if (n_loaded == MAX_LOADED) {
        snprintf(err, errlen, "%s: too many plugins (at most %d)", path, MAX_LOADED);
        return NULL;
    }
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(err, errlen, "%s: cannot load plugin: %s", path, dlerror());
        return NULL;
    }
    q6_plugin_entry_fn entry;
    *(void **)&entry = dlsym(h, Q6_PLUGIN_ENTRY_SYMBOL);
    const q6_plugin *p = entry ? entry() : NULL;
    const char *why = !entry ? "does not export " Q6_PLUGIN_ENTRY_SYMBOL "()"
                    : !p ? Q6_PLUGIN_ENTRY_SYMBOL "() returned NULL"
                    : p->abi_version < Q6_PLUGIN_ABI_MIN_VERSION || p->abi_version > Q6_PLUGIN_ABI_VERSION
                        ? "was built for another plugin ABI version"
                    : !p->name || !p->name[0] || !p->decide ? "has no name or no decide function"
                    : q6_plugins_find(p->name) ? "uses the name of a plugin already registered"
                    : NULL;
    if (why) {
        if (p && (p->abi_version < Q6_PLUGIN_ABI_MIN_VERSION || p->abi_version > Q6_PLUGIN_ABI_VERSION))
            snprintf(err, errlen, "%s: plugin %s (ABI %u, this q6sim loads ABI %u to %u)", path, why,
                     p->abi_version, Q6_PLUGIN_ABI_MIN_VERSION, Q6_PLUGIN_ABI_VERSION);
        else if (p && p->name && q6_plugins_find(p->name))
            snprintf(err, errlen, "%s: plugin '%s' %s", path, p->name, why);
        else
            snprintf(err, errlen, "%s: plugin %s", path, why);
        dlclose(h);
        return NULL;
    }
    loaded[n_loaded].plugin = p;
    loaded[n_loaded].handle = h;
    snprintf(loaded[n_loaded].path, sizeof loaded[n_loaded].path, "%s", path);
    n_loaded++;
    return p;
}

void q6_plugins_unload(void)
{
    for (size_t i = 0; i < n_loaded; i++)
        dlclose(loaded[i].handle);
    n_loaded = 0;
}

q6_match_fn q6_plugin_match(const q6_plugin *p)
{
    /* A version-1 struct ends before `match`: reading it would overrun. */
    return p && p->abi_version >= 2 ? p->match : NULL;
}
