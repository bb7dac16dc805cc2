#include "sim/workflow/spec.h"
#include "sim/core/plugins.h"
#include "sim/base/cfgread.h"
#include "sim/scenario/scenario.h"
#include <errno.h>
#include <libconfig.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* path resolved against dir unless absolute; made absolute with realpath
 * when it exists (must_exist: an error when it does not). */
static int resolve(const q6_cfgctx *c, const config_setting_t *s, const char *dir, const char *path,
                   int must_exist, char *out, size_t outlen)
{
    char joined[8300];
    if (path[0] == '/')
        snprintf(joined, sizeof joined, "%s", path);
    else
        snprintf(joined, sizeof joined, "%s/%s", dir, path);
    char real[PATH_MAX];
    if (realpath(joined, real)) {
        snprintf(out, outlen, "%s", real);
        return 0;
    }
    if (must_exist)
        return q6_cfg_fail(c, s, "%s: %s", joined, strerror(errno));
    if (strlen(joined) >= outlen)
        return q6_cfg_fail(c, s, "path too long");
    snprintf(out, outlen, "%s", joined);
    return 0;
}

static int safe_name(const char *s, const char *extra)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr(extra, *s)))
            return 0;
    return 1;
}

/* A scalar setting as text for --set: integers as written, floats in the
 * shortest form that reads back the same, strings as they are. */
static int scalar_text(const q6_cfgctx *c, const config_setting_t *e, char *out, size_t outlen)
{
    switch (config_setting_type(e)) {
    case CONFIG_TYPE_INT:
        snprintf(out, outlen, "%d", config_setting_get_int(e));
        return 0;
    case CONFIG_TYPE_INT64:
        snprintf(out, outlen, "%lld", config_setting_get_int64(e));
        return 0;
    case CONFIG_TYPE_FLOAT: {
        double v = config_setting_get_float(e);
        if (!isfinite(v))
            return q6_cfg_fail(c, e, "value must be finite");
        for (int prec = 6; prec <= 17; prec++) {
            snprintf(out, outlen, "%.*g", prec, v);
            if (strtod(out, NULL) == v)
                break;
        }
        return 0;
    }
    case CONFIG_TYPE_STRING: {
        const char *v = config_setting_get_string(e);
        if (!*v || strpbrk(v, "\r\n"))
            return q6_cfg_fail(c, e, "value must be non-empty and on one line");
        if (strlen(v) >= outlen)
            return q6_cfg_fail(c, e, "value too long");
        snprintf(out, outlen, "%s", v);
        return 0;
    }
    default:
        return q6_cfg_fail(c, e, "expected a number or a string");
    }
}

static int string_list(const q6_cfgctx *c, const config_setting_t *s, int required_nonempty,
                       q6_strlist *out)
{
    if (!config_setting_is_aggregate(s))
        return q6_cfg_fail(c, s, "expected a list of strings, e.g. [\"a\", \"b\"]");
    int n = config_setting_length(s);
    if (required_nonempty && n == 0)
        return q6_cfg_fail(c, s, "must not be empty");
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        const char *v = config_setting_get_string(e);
        if (!v)
            return q6_cfg_fail(c, e, "element %d: expected a string in double quotes", i);
        if (!*v || strpbrk(v, "\r\n"))
            return q6_cfg_fail(c, e, "element %d: must be non-empty and on one line", i);
        if (q6_strlist_push(out, v) < 0)
            return q6_cfg_fail(c, e, "out of memory");
    }
    return 0;
}

static int read_seeds(const q6_cfgctx *c, const config_setting_t *s, q6_sweep_spec *sp)
{
    if (config_setting_is_group(s)) {
        static const char *const known[] = {"first", "count", NULL};
        double first, count;
        if (q6_cfg_known_keys(c, s, known) < 0 ||
            q6_cfg_number(c, s, "first", 1, 0, 0, 9.0e15, "", &first) < 0 ||
            q6_cfg_number(c, s, "count", 1, 0, 1, 1.0e6, "", &count) < 0)
            return -1;
        if (first != floor(first) || count != floor(count))
            return q6_cfg_fail(c, s, "first and count must be whole numbers");
        sp->n_seeds = (size_t)count;
        sp->seeds = calloc(sp->n_seeds, sizeof *sp->seeds);
        for (size_t i = 0; sp->seeds && i < sp->n_seeds; i++)
            sp->seeds[i] = (uint64_t)first + i;
        return sp->seeds ? 0 : q6_cfg_fail(c, s, "out of memory");
    }
    if (!config_setting_is_aggregate(s) || config_setting_length(s) == 0)
        return q6_cfg_fail(c, s, "expected a non-empty list of seeds [1, 2, 3] or { first = 1; count = 3; }");
    sp->n_seeds = (size_t)config_setting_length(s);
    sp->seeds = calloc(sp->n_seeds, sizeof *sp->seeds);
    if (!sp->seeds)
        return q6_cfg_fail(c, s, "out of memory");
    for (size_t i = 0; i < sp->n_seeds; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        int t = config_setting_type(e);
        long long v = t == CONFIG_TYPE_INT ? config_setting_get_int(e)
                    : t == CONFIG_TYPE_INT64 ? config_setting_get_int64(e) : -1;
        if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) || v < 0)
            return q6_cfg_fail(c, e, "element %zu: expected a whole number >= 0", i);
        for (size_t j = 0; j < i; j++)
            if (sp->seeds[j] == (uint64_t)v)
                return q6_cfg_fail(c, e, "seed %lld appears twice", v);
        sp->seeds[i] = (uint64_t)v;
    }
    return 0;
}

static int read_grid(const q6_cfgctx *c, const config_setting_t *g, q6_sweep_spec *sp)
{
    if (!config_setting_is_list(g) && !config_setting_is_array(g))
        return q6_cfg_fail(c, g, "expected a list ( { key = \"...\"; values = [...]; }, ... )");
    int n = config_setting_length(g);
    if (n > 64)
        return q6_cfg_fail(c, g, "at most 64 parameters");
    sp->params = calloc(n ? (size_t)n : 1, sizeof *sp->params);
    if (!sp->params)
        return q6_cfg_fail(c, g, "out of memory");
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(g, (unsigned)i);
        q6_sweep_param *p = &sp->params[sp->n_params++];
        p->line = q6_cfg_line(e);
        static const char *const known[] = {"key", "values", NULL};
        if (!config_setting_is_group(e))
            return q6_cfg_fail(c, e, "element %d: expected a group { key = \"...\"; values = [...]; }", i);
        if (q6_cfg_known_keys(c, e, known) < 0 ||
            q6_cfg_string(c, e, "key", 1, NULL, p->key, sizeof p->key) < 0)
            return -1;
        if (!safe_name(p->key, "_.-"))
            return q6_cfg_fail(c, config_setting_get_member(e, "key"),
                               "'%s' is not a dotted scenario field such as vehicles.count", p->key);
        for (size_t j = 0; j + 1 < sp->n_params; j++)
            if (!strcmp(sp->params[j].key, p->key))
                return q6_cfg_fail(c, e, "key '%s' appears twice in the grid", p->key);
        const config_setting_t *v = config_setting_get_member(e, "values");
        if (!v)
            return q6_cfg_fail(c, e, "values: required field is missing");
        if (!config_setting_is_aggregate(v) || config_setting_length(v) == 0)
            return q6_cfg_fail(c, v, "expected a non-empty list of values [a, b, ...]");
        for (int k = 0; k < config_setting_length(v); k++) {
            char text[1024];
            if (scalar_text(c, config_setting_get_elem(v, (unsigned)k), text, sizeof text) < 0)
                return -1;
            if (q6_strlist_find(&p->values, text) >= 0)
                return q6_cfg_fail(c, v, "value %s appears twice", text);
            q6_strlist_push(&p->values, text);
        }
    }
    return 0;
}

static int read_slurm(const q6_cfgctx *c, const config_setting_t *g, q6_slurm_options *o)
{
    static const char *const known[] = {"partition", "time", "cpus_per_task", "mem_mb", "max_parallel",
                                        "poll_s", "sbatch_args", NULL};
    double cpus, mem, maxp;
    if (q6_cfg_known_keys(c, g, known) < 0 ||
        q6_cfg_string(c, g, "partition", 0, "", o->partition, sizeof o->partition) < 0 ||
        q6_cfg_string(c, g, "time", 0, "", o->time, sizeof o->time) < 0 ||
        q6_cfg_number(c, g, "cpus_per_task", 0, 1, 1, 4096, "CPUs", &cpus) < 0 ||
        q6_cfg_number(c, g, "mem_mb", 0, 0, 0, 1.0e9, "MB", &mem) < 0 ||
        q6_cfg_number(c, g, "max_parallel", 0, 0, 0, 1.0e6, "tasks", &maxp) < 0 ||
        q6_cfg_number(c, g, "poll_s", 0, 5, 0.1, 3600, "s", &o->poll_s) < 0)
        return -1;
    if (cpus != floor(cpus) || mem != floor(mem) || maxp != floor(maxp))
        return q6_cfg_fail(c, g, "cpus_per_task, mem_mb and max_parallel must be whole numbers");
    if (strpbrk(o->partition, " \t'\"\\") || strpbrk(o->time, " \t'\"\\"))
        return q6_cfg_fail(c, g, "partition and time must not contain spaces or quotes");
    o->cpus_per_task = (unsigned)cpus;
    o->mem_mb = (uint64_t)mem;
    o->max_parallel = (unsigned)maxp;
    const config_setting_t *a = config_setting_get_member(g, "sbatch_args");
    return a ? string_list(c, a, 0, &o->sbatch_args) : 0;
}

/* Loads the scenario with the fixed overrides and those of grid point
 * `point` (mixed-radix index), to reject bad keys and values up front. */
static int check_point(const q6_cfgctx *c, const q6_sweep_spec *sp, size_t point, q6_scenario *sc)
{
    q6_strlist ov = {0};
    for (size_t i = 0; i < sp->sets.n; i++)
        q6_strlist_push(&ov, sp->sets.v[i]);
    size_t rest = point, idx[64];
    char where[512] = "";
    for (size_t i = sp->n_params; i-- > 0;) {
        idx[i] = rest % sp->params[i].values.n;
        rest /= sp->params[i].values.n;
    }
    for (size_t i = 0; i < sp->n_params; i++)
        q6_strlist_pushf(&ov, "%s=%s", sp->params[i].key, sp->params[i].values.v[idx[i]]);
    char err[1024];
    int rc = q6_scenario_load_with(sp->scenario, (const char *const *)ov.v, ov.n, sc, err, sizeof err);
    if (rc < 0) {
        size_t len = 0;
        for (size_t i = sp->sets.n; i < ov.n && len < sizeof where; i++)
            len += (size_t)snprintf(where + len, sizeof where - len, "%s%s", len ? ", " : "", ov.v[i]);
        snprintf(c->err, c->errlen, "%s:%d: %s: %s%s%s", c->file,
                 sp->n_params ? sp->line_grid : sp->line_set ? sp->line_set : sp->line_scenario,
                 sp->n_params ? "grid" : sp->line_set ? "set" : "scenario", err, where[0] ? " (grid point " : "",
                 where[0] ? where : "");
        if (where[0] && strlen(c->err) + 1 < c->errlen)
            strcat(c->err, ")");
    }
    q6_strlist_free(&ov);
    return rc;
}

int q6_sweep_spec_load(const char *path, q6_sweep_spec *sp, char *err, size_t errlen)
{
    memset(sp, 0, sizeof *sp);
    snprintf(sp->path, sizeof sp->path, "%s", path);
    sp->slurm.cpus_per_task = 1;
    sp->slurm.poll_s = 5;
    config_t cfg;
    if (q6_cfg_read_file(path, "sweep spec", &cfg, err, errlen) < 0)
        return -1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", dirname(tmp));
    q6_cfgctx c = {path, err, errlen};
    const config_setting_t *root = config_root_setting(&cfg);
    static const char *const known[] = {"scenario", "out", "schedulers", "seeds", "grid", "set", "slots",
                                        "plugins", "backend", "jobs", "slurm", NULL};
    int rc = -1;
    char buf[4096], backend[32];
    const config_setting_t *s;
    if (q6_cfg_known_keys(&c, root, known) < 0)
        goto done;
    if (q6_cfg_string(&c, root, "scenario", 1, NULL, buf, sizeof buf) < 0)
        goto done;
    s = config_setting_get_member(root, "scenario");
    sp->line_scenario = q6_cfg_line(s);
    if (resolve(&c, s, dir, buf, 1, sp->scenario, sizeof sp->scenario) < 0)
        goto done;
    if (q6_cfg_string(&c, root, "out", 1, NULL, buf, sizeof buf) < 0)
        goto done;
    if (!buf[0]) {
        q6_cfg_fail(&c, config_setting_get_member(root, "out"), "must not be empty");
        goto done;
    }
    if (resolve(&c, config_setting_get_member(root, "out"), dir, buf, 0, sp->out_dir, sizeof sp->out_dir) < 0)
        goto done;
    if (!(s = config_setting_get_member(root, "schedulers"))) {
        snprintf(err, errlen, "%s:%d: schedulers: required field is missing", path, q6_cfg_line(root));
        goto done;
    }
    if (string_list(&c, s, 1, &sp->schedulers) < 0)
        goto done;
    for (size_t i = 0; i < sp->schedulers.n; i++) {
        if (!safe_name(sp->schedulers.v[i], "_.+-")) {
            q6_cfg_fail(&c, s, "'%s' is not a plugin name", sp->schedulers.v[i]);
            goto done;
        }
        if (q6_strlist_find(&sp->schedulers, sp->schedulers.v[i]) != (long)i) {
            q6_cfg_fail(&c, s, "'%s' appears twice", sp->schedulers.v[i]);
            goto done;
        }
    }
    if (!(s = config_setting_get_member(root, "seeds"))) {
        snprintf(err, errlen, "%s:%d: seeds: required field is missing", path, q6_cfg_line(root));
        goto done;
    }
    if (read_seeds(&c, s, sp) < 0)
        goto done;
    if ((s = config_setting_get_member(root, "grid"))) {
        sp->line_grid = q6_cfg_line(s);
        if (read_grid(&c, s, sp) < 0)
            goto done;
    }
    if ((s = config_setting_get_member(root, "set"))) {
        sp->line_set = q6_cfg_line(s);
        if (string_list(&c, s, 0, &sp->sets) < 0)
            goto done;
        for (size_t i = 0; i < sp->sets.n; i++) {
            const char *eq = strchr(sp->sets.v[i], '=');
            if (!eq || eq == sp->sets.v[i]) {
                q6_cfg_fail(&c, s, "'%s': expected \"KEY=VALUE\"", sp->sets.v[i]);
                goto done;
            }
            for (size_t j = 0; j < sp->n_params; j++)
                if (strlen(sp->params[j].key) == (size_t)(eq - sp->sets.v[i]) &&
                    !strncmp(sp->params[j].key, sp->sets.v[i], (size_t)(eq - sp->sets.v[i]))) {
                    q6_cfg_fail(&c, s, "'%s' also appears in the grid", sp->params[j].key);
                    goto done;
                }
        }
    }
    if ((s = config_setting_get_member(root, "slots"))) {
        double v;
        sp->line_slots = q6_cfg_line(s);
        if (q6_cfg_number(&c, root, "slots", 0, 0, 1, 1.0e12, "slots", &v) < 0)
            goto done;
        if (v != floor(v)) {
            q6_cfg_fail(&c, s, "expected a whole number");
            goto done;
        }
        sp->has_slots = 1;
        sp->slots = (uint64_t)v;
    }
    if ((s = config_setting_get_member(root, "plugins"))) {
        q6_strlist raw = {0};
        sp->line_plugins = q6_cfg_line(s);
        if (string_list(&c, s, 0, &raw) < 0) {
            q6_strlist_free(&raw);
            goto done;
        }
        for (size_t i = 0; i < raw.n; i++) {
            if (resolve(&c, s, dir, raw.v[i], 1, buf, sizeof buf) < 0) {
                q6_strlist_free(&raw);
                goto done;
            }
            q6_strlist_push(&sp->plugins, buf);
        }
        q6_strlist_free(&raw);
    }
    /* Every scheduler name, with the SPEC's plugins loaded, before any job
     * (or a dry run) starts. */
    char perr[1400];
    if (q6_plugins_check_names((const char *const *)sp->schedulers.v, sp->schedulers.n,
                               (const char *const *)sp->plugins.v, sp->plugins.n, perr, sizeof perr) < 0) {
        q6_cfg_fail(&c, config_setting_get_member(root, sp->plugins.n && !strstr(perr, "unknown scheduler")
                                                           ? "plugins" : "schedulers"), "%s", perr);
        goto done;
    }
    if (q6_cfg_string(&c, root, "backend", 0, "local", backend, sizeof backend) < 0)
        goto done;
    if (!strcmp(backend, "local"))
        sp->backend = Q6_SWEEP_LOCAL;
    else if (!strcmp(backend, "slurm"))
        sp->backend = Q6_SWEEP_SLURM;
    else {
        q6_cfg_fail(&c, config_setting_get_member(root, "backend"), "'%s': expected \"local\" or \"slurm\"", backend);
        goto done;
    }
    double jobs;
    if (q6_cfg_number(&c, root, "jobs", 0, 0, 0, 65536, "runs", &jobs) < 0)
        goto done;
    if (jobs != floor(jobs)) {
        q6_cfg_fail(&c, config_setting_get_member(root, "jobs"), "expected a whole number");
        goto done;
    }
    sp->jobs = (unsigned)jobs;
    if ((s = config_setting_get_member(root, "slurm"))) {
        if (!config_setting_is_group(s)) {
            q6_cfg_fail(&c, s, "expected a group { partition = \"...\"; ... }");
            goto done;
        }
        if (read_slurm(&c, s, &sp->slurm) < 0)
            goto done;
    }
    /* Every grid point must load. */
    size_t points = 1;
    for (size_t i = 0; i < sp->n_params; i++) {
        if (points > (size_t)1e7 / sp->params[i].values.n) {
            snprintf(err, errlen, "%s:%d: grid: more than 10^7 grid points", path, sp->line_grid);
            goto done;
        }
        points *= sp->params[i].values.n;
    }
    q6_scenario *sc = malloc(sizeof *sc);
    if (!sc) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto done;
    }
    rc = 0;
    if (points <= 2000) {
        for (size_t k = 0; k < points && rc == 0; k++)
            rc = check_point(&c, sp, k, sc);
    } else {
        /* Large grids: each value of each parameter, the others at their first. */
        size_t stride = 1;
        for (size_t i = sp->n_params; i-- > 0 && rc == 0;) {
            for (size_t k = 0; k < sp->params[i].values.n && rc == 0; k++)
                rc = check_point(&c, sp, k * stride, sc);
            stride *= sp->params[i].values.n;
        }
    }
    free(sc);
done:
    config_destroy(&cfg);
    if (rc < 0)
        q6_sweep_spec_free(sp);
    return rc;
}

void q6_sweep_spec_free(q6_sweep_spec *sp)
{
    q6_strlist_free(&sp->schedulers);
    free(sp->seeds);
    for (size_t i = 0; i < sp->n_params; i++)
        q6_strlist_free(&sp->params[i].values);
    free(sp->params);
    q6_strlist_free(&sp->sets);
    q6_strlist_free(&sp->plugins);
    q6_strlist_free(&sp->slurm.sbatch_args);
    sp->seeds = NULL;
    sp->params = NULL;
    sp->n_params = sp->n_seeds = 0;
}

q6_sweep_job *q6_sweep_expand(const q6_sweep_spec *sp, size_t *n)
{
    size_t points = 1;
    for (size_t i = 0; i < sp->n_params; i++)
        points *= sp->params[i].values.n;
    size_t total = points * sp->n_seeds * sp->schedulers.n;
    q6_sweep_job *jobs = calloc(total ? total : 1, sizeof *jobs);
    if (!jobs)
        return NULL;
    int width = 5;
    for (size_t t = total; t >= 100000; t /= 10)
        width++;
    size_t j = 0;
    for (size_t p = 0; p < points; p++)
        for (size_t s = 0; s < sp->n_seeds; s++)
            for (size_t k = 0; k < sp->schedulers.n; k++, j++) {
                q6_sweep_job *job = &jobs[j];
                snprintf(job->id, sizeof job->id, "%0*zu", width, j);
                job->scheduler = sp->schedulers.v[k];
                job->seed = sp->seeds[s];
                job->values = calloc(sp->n_params ? sp->n_params : 1, sizeof *job->values);
                if (!job->values) {
                    q6_sweep_jobs_free(jobs, j);
                    return NULL;
                }
                size_t rest = p;
                for (size_t i = sp->n_params; i-- > 0;) {
                    job->values[i] = sp->params[i].values.v[rest % sp->params[i].values.n];
                    rest /= sp->params[i].values.n;
                }
            }
    *n = total;
    return jobs;
}

void q6_sweep_jobs_free(q6_sweep_job *jobs, size_t n)
{
    for (size_t i = 0; jobs && i < n; i++)
        free((void *)jobs[i].values);
    free(jobs);
}
