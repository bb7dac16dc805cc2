/* Plugin registry: a flat list of (kind, name) entries, the built-ins
 * first, then those of loaded files in load order. */
#include "sim/core/plugins.h"
#include "solvers/agent/agent.h"
#include "solvers/baselines/baselines.h"
#include "solvers/benders/plugins.h"
#include "solvers/market/market.h"
#include "solvers/offload/offload.h"
#include "solvers/paper003/paper003.h"
#include "solvers/paper003/morl/morl.h"
#include "solvers/paper001/paper001.h"
#include "solvers/paper004/paper004.h"
#include "solvers/meqc/meqc.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 32
#define MAX_REFS 128

static const q6_plugin_header *const builtins[] = {
    &q6_sched_greedy.h,       &q6_sched_random.h, &q6_sched_qubo_offload.h, &q6_match_gale_shapley.h,
    &q6_match_exact.h,        &q6_match_qubo.h,   &q6_match_greedy.h,       &q6_match_random.h,
    &q6_sched_agent.h,        &q6_sched_mlp_policy.h, &q6_sched_lstm_policy.h, &q6_sched_vqc_policy.h,
    &q6_sched_gbd.h,          &q6_sched_hqcgbd.h, &q6_sched_sat_heuristic.h, &q6_sched_myopic.h,
    &q6_sched_p3_energy_efficiency.h, &q6_sched_p3_rer.h, &q6_sched_p3_morl_scalarised.h, &q6_sched_p3_morl_mb.h, &q6_sched_p3_morl.h,
    &q6_sched_cpu_discrete.h, &q6_sched_cpu_continuous.h, &q6_sched_qpu_discrete.h, &q6_sched_qpu_continuous.h,
    &q6_sched_meqc_dpp.h, &q6_sched_meqc_drl.h, &q6_sched_p4_latency.h, &q6_sched_p4_uav_first.h,
    &q6_sched_p4_bs_first.h,  &q6_sched_p4_qdrl.h, &q6_sched_p4_mappo.h, &q6_sched_p4_maddpg.h,
    &q6_sched_p4_sa_qdrl.h, &q6_sched_p4_qdrl_no_lstm.h, &q6_sched_p4_qdrl_no_dt.h};
#define N_BUILTINS (sizeof builtins / sizeof builtins[0])

static q6_plugin_ref refs[MAX_REFS];
static size_t n_refs, n_builtin_refs;
static struct {
    void *handle;
    char path[4096];
} files[MAX_FILES];
static size_t n_files;

static q6_plugin_ref ref_of_table(const q6_plugin_header *h, const char *origin)
{
    q6_plugin_ref r = {(q6_plugin_kind)h->kind, h->name, h->description, origin, h->abi_version, NULL, NULL, NULL};
    if (h->kind == Q6_KIND_SCHEDULER)
        r.scheduler = (const q6_scheduler *)h;
    else
        r.matcher = (const q6_matcher *)h;
    return r;
}

static void register_builtins(void)
{
    if (n_builtin_refs)
        return;
    for (size_t i = 0; i < N_BUILTINS; i++)
        refs[i] = ref_of_table(builtins[i], "built-in");
    n_refs = n_builtin_refs = N_BUILTINS;
}

const q6_plugin_ref *q6_plugins_find(q6_plugin_kind kind, const char *name)
{
    register_builtins();
    for (size_t i = 0; i < n_refs; i++)
        if (refs[i].kind == kind && !strcmp(refs[i].name, name))
            return &refs[i];
    return NULL;
}

const q6_plugin_ref *q6_plugins_at(size_t i)
{
    register_builtins();
    return i < n_refs ? &refs[i] : NULL;
}

/* Why an ABI-3 table cannot be used, or NULL. The engine reads whole
 * tables of this header's size, so a smaller one would be overrun. */
static const char *table_problem(const q6_plugin_header *h, char *why, size_t n)
{
    size_t need = h->kind == Q6_KIND_SCHEDULER ? sizeof(q6_scheduler) : sizeof(q6_matcher);
    if (h->kind != Q6_KIND_SCHEDULER && h->kind != Q6_KIND_MATCHER)
        snprintf(why, n, "has kind %u (1 scheduler, 2 matcher)", h->kind);
    else if (h->abi_version < Q6_ABI_VERSION)
        snprintf(why, n, "declares ABI %u in an ABI-%u table list", h->abi_version, Q6_ABI_VERSION);
    else if (h->table_size < need)
        snprintf(why, n, "is %u bytes, smaller than the %zu bytes of an ABI-%u table", h->table_size, need,
                 Q6_ABI_VERSION);
    else if (!h->name || !h->name[0])
        snprintf(why, n, "has no name");
    else if (h->flags & ~Q6_PLUGIN_KNOWN_FLAGS)
        snprintf(why, n, "sets header flags 0x%x that this q6sim does not know (a newer q6sim is needed)",
                 h->flags & ~Q6_PLUGIN_KNOWN_FLAGS);
    else if (h->kind == Q6_KIND_SCHEDULER ? !((const q6_scheduler *)h)->decide : !((const q6_matcher *)h)->match)
        snprintf(why, n, "has no %s function", h->kind == Q6_KIND_SCHEDULER ? "decide" : "match");
    else if (q6_plugins_find((q6_plugin_kind)h->kind, h->name))
        snprintf(why, n, "uses the name of a %s already registered",
                 h->kind == Q6_KIND_SCHEDULER ? "scheduler" : "matcher");
    else
        return NULL;
    return why;
}

static int load_entry3(q6_plugin_entry3_fn entry, const char *path, char *err, size_t errlen)
{
    const q6_plugin_header *const *list = entry();
    if (!list || !list[0]) {
        snprintf(err, errlen, "%s: " Q6_PLUGIN_ENTRY3_SYMBOL "() returned no table", path);
        return -1;
    }
    size_t first = n_refs;
    for (size_t i = 0; list[i]; i++) {
        char why[160];
        if (n_refs == MAX_REFS) {
            snprintf(err, errlen, "%s: too many plugins (at most %d)", path, MAX_REFS);
        } else if (table_problem(list[i], why, sizeof why)) {
            snprintf(err, errlen, "%s: table %zu ('%s') %s", path, i, list[i]->name ? list[i]->name : "", why);
        } else {
            refs[n_refs++] = ref_of_table(list[i], files[n_files].path);
            continue;
        }
        n_refs = first;
        return -1;
    }
    return (int)(n_refs - first);
}

static int load_legacy(q6_plugin_entry_fn entry, const char *path, char *err, size_t errlen)
{
    const q6_plugin *p = entry();
    const char *why = !p ? Q6_PLUGIN_ENTRY_SYMBOL "() returned NULL"
                    : p->abi_version < Q6_PLUGIN_ABI_MIN_VERSION || p->abi_version > Q6_PLUGIN_ABI_VERSION
                        ? "was built for another plugin ABI version"
                    : !p->name || !p->name[0] || !p->decide ? "has no name or no decide function"
                    : q6_plugins_find(Q6_KIND_SCHEDULER, p->name) ? "uses the name of a scheduler already registered"
                    : NULL;
    /* A version-1 struct ends before `match`: reading it would overrun. */
    int matches = !why && p->abi_version >= 2 && p->match;
    if (!why && matches && q6_plugins_find(Q6_KIND_MATCHER, p->name))
        why = "uses the name of a matcher already registered";
    if (!why && n_refs + 2 > MAX_REFS)
        why = "does not fit: too many plugins";
    if (why) {
        if (p && (p->abi_version < Q6_PLUGIN_ABI_MIN_VERSION || p->abi_version > Q6_PLUGIN_ABI_VERSION))
            snprintf(err, errlen, "%s: plugin %s (ABI %u, this q6sim loads ABI %u to %u)", path, why, p->abi_version,
                     Q6_PLUGIN_ABI_MIN_VERSION, Q6_ABI_VERSION);
        else if (p && p->name && p->name[0])
            snprintf(err, errlen, "%s: plugin '%s' %s", path, p->name, why);
        else
            snprintf(err, errlen, "%s: plugin %s", path, why);
        return -1;
    }
    const char *origin = files[n_files].path;
    refs[n_refs++] = (q6_plugin_ref){Q6_KIND_SCHEDULER, p->name, p->description, origin, p->abi_version, NULL, NULL, p};
    if (matches)
        refs[n_refs++] = (q6_plugin_ref){Q6_KIND_MATCHER, p->name, p->description, origin, p->abi_version, NULL, NULL, p};
    return matches ? 2 : 1;
}

int q6_plugins_load(const char *path, char *err, size_t errlen)
{
    register_builtins();
    if (n_files == MAX_FILES) {
        snprintf(err, errlen, "%s: too many plugin files (at most %d)", path, MAX_FILES);
        return -1;
    }
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(err, errlen, "%s: cannot load plugin: %s", path, dlerror());
        return -1;
    }
    snprintf(files[n_files].path, sizeof files[n_files].path, "%s", path);
    q6_plugin_entry3_fn entry3;
    q6_plugin_entry_fn entry;
    *(void **)&entry3 = dlsym(h, Q6_PLUGIN_ENTRY3_SYMBOL);
    *(void **)&entry = dlsym(h, Q6_PLUGIN_ENTRY_SYMBOL);
    int n = -1;
    if (entry3)
        n = load_entry3(entry3, path, err, errlen);
    else if (entry)
        n = load_legacy(entry, path, err, errlen);
    else
        snprintf(err, errlen, "%s: plugin does not export " Q6_PLUGIN_ENTRY3_SYMBOL "() (ABI 3) or "
                 Q6_PLUGIN_ENTRY_SYMBOL "() (ABI 1, 2)", path);
    if (n < 0) {
        dlclose(h);
        return -1;
    }
    files[n_files++].handle = h;
    return n;
}

void q6_plugins_unload(void)
{
    for (size_t i = 0; i < n_files; i++)
        dlclose(files[i].handle);
    n_files = 0;
    n_refs = n_builtin_refs;
}

void q6_plugins_known(q6_plugin_kind kind, char *buf, size_t len)
{
    size_t used = 0;
    const q6_plugin_ref *r;
    buf[0] = 0;
    for (size_t i = 0; (r = q6_plugins_at(i)) && used < len; i++) {
        if (r->kind != kind)
            continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", r->name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

int q6_plugins_check_names(const char *const *names, size_t n, const char *const *paths, size_t n_paths, char *err,
                           size_t errlen)
{
    int rc = 0;
    for (size_t i = 0; i < n_paths && rc == 0; i++)
        if (q6_plugins_load(paths[i], err, errlen) < 0)
            rc = -1;
    for (size_t i = 0; i < n && rc == 0; i++)
        /* A market scenario's `scheduler` may name a matcher (docs/plugins.md),
         * so either kind passes here; the run resolves the role. */
        if (!q6_plugins_find(Q6_KIND_SCHEDULER, names[i]) && !q6_plugins_find(Q6_KIND_MATCHER, names[i])) {
            char known[1024], known_m[512];
            q6_plugins_known(Q6_KIND_SCHEDULER, known, sizeof known);
            q6_plugins_known(Q6_KIND_MATCHER, known_m, sizeof known_m);
            snprintf(err, errlen, "unknown scheduler plugin '%s' (known: %s; matchers for market scenarios: %s%s)",
                     names[i], known, known_m, n_paths ? "" : "; an external one needs --plugin PATH");
            rc = -1;
        }
    q6_plugins_unload();
    return rc;
}
