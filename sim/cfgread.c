#include "sim/cfgread.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int q6_cfg_line(const config_setting_t *s)
{
    while (s) {
        int line = config_setting_source_line(s);
        if (line > 0)
            return line;
        s = config_setting_parent(s);
    }
    return 0;
}

/* Dotted path of a setting, e.g. "vehicles.mobility.speed_mps". */
static void setting_path(const config_setting_t *s, char *out, size_t outlen)
{
    const char *names[16];
    int n = 0;
    for (; s && n < 16; s = config_setting_parent(s)) {
        const char *nm = config_setting_name(s);
        if (nm)
            names[n++] = nm;
    }
    out[0] = 0;
    for (int i = n - 1; i >= 0; i--) {
        size_t len = strlen(out);
        snprintf(out + len, outlen - len, "%s%s", len ? "." : "", names[i]);
    }
}

int q6_cfg_fail(const q6_cfgctx *c, const config_setting_t *s, const char *fmt, ...)
{
    char path[256], msg[512];
    setting_path(s, path, sizeof path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s:%d: %s: %s", c->file, q6_cfg_line(s), path[0] ? path : "(top)", msg);
    return -1;
}

/* Error about a missing key: name the group's line and the full key path. */
static int missing(const q6_cfgctx *c, const config_setting_t *group, const char *key)
{
    char path[256];
    setting_path(group, path, sizeof path);
    snprintf(c->err, c->errlen, "%s:%d: %s%s%s: required field is missing", c->file,
             q6_cfg_line(group), path, path[0] ? "." : "", key);
    return -1;
}

static int as_number(const q6_cfgctx *c, const config_setting_t *s, double *out)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        *out = (double)config_setting_get_int(s);
        return 0;
    case CONFIG_TYPE_INT64:
        *out = (double)config_setting_get_int64(s);
        return 0;
    case CONFIG_TYPE_FLOAT:
        *out = config_setting_get_float(s);
        if (isnan(*out))
            return q6_cfg_fail(c, s, "NaN is not allowed");
        return 0;
    default:
        return q6_cfg_fail(c, s, "expected a number");
    }
}

static int check_bounds(const q6_cfgctx *c, const config_setting_t *s, double v, double min,
                        double max, const char *unit)
{
    if (!isfinite(v) || v < min || v > max)
        return q6_cfg_fail(c, s, "%g %s is outside [%g, %g] %s", v, unit, min, max, unit);
    return 0;
}

int q6_cfg_number(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                  int required, double def, double min, double max, const char *unit,
                  double *out)
{
    const config_setting_t *s = group ? config_setting_get_member(group, key) : NULL;
    if (!s) {
        if (required)
            return missing(c, group, key);
        *out = def;
        return 0;
    }
    if (as_number(c, s, out) < 0)
        return -1;
    return check_bounds(c, s, *out, min, max, unit);
}

int q6_cfg_range(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                 int required, const double def[2], double min, double max,
                 const char *unit, double out[2])
{
    const config_setting_t *s = group ? config_setting_get_member(group, key) : NULL;
    if (!s) {
        if (required)
            return missing(c, group, key);
        out[0] = def[0];
        out[1] = def[1];
        return 0;
    }
    if (!config_setting_is_aggregate(s) || config_setting_length(s) != 2)
        return q6_cfg_fail(c, s, "expected [min, max] in %s", unit);
    for (int i = 0; i < 2; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (as_number(c, e ? e : s, &out[i]) < 0)
            return -1;
        if (check_bounds(c, s, out[i], min, max, unit) < 0)
            return -1;
    }
    if (out[0] > out[1])
        return q6_cfg_fail(c, s, "min %g %s is greater than max %g %s", out[0], unit, out[1], unit);
    return 0;
}

int q6_cfg_string(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                  int required, const char *def, char *out, size_t outlen)
{
    const config_setting_t *s = group ? config_setting_get_member(group, key) : NULL;
    if (!s) {
        if (required)
            return missing(c, group, key);
        snprintf(out, outlen, "%s", def ? def : "");
        return 0;
    }
    const char *v = config_setting_get_string(s);
    if (!v)
        return q6_cfg_fail(c, s, "expected a string in double quotes");
    if (strlen(v) >= outlen)
        return q6_cfg_fail(c, s, "string longer than %zu characters", outlen - 1);
    memcpy(out, v, strlen(v) + 1);
    return 0;
}

int q6_cfg_known_keys(const q6_cfgctx *c, const config_setting_t *group,
                      const char *const *known)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(m);
        if (!name)
            continue;
        int ok = 0;
        for (const char *const *k = known; *k; k++)
            if (!strcmp(*k, name))
                ok = 1;
        if (!ok)
            return q6_cfg_fail(c, m, "unknown field");
    }
    return 0;
}

int q6_cfg_read_file(const char *path, const char *what, config_t *cfg, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        /* fopen accepts a directory, and libconfig's scanner then ends the
         * whole process on the read error ("input in flex scanner failed"). */
        fclose(f);
        f = NULL;
        errno = EISDIR;
    }
    if (!f) {
        snprintf(err, errlen, "%s: cannot open the %s: %s", path, what, strerror(errno));
        return -1;
    }
    config_init(cfg);
    int ok = config_read(cfg, f);
    fclose(f);
    if (ok != CONFIG_TRUE) {
        snprintf(err, errlen, "%s:%d: syntax error: %s", path, config_error_line(cfg), config_error_text(cfg));
        config_destroy(cfg);
        return -1;
    }
    return 0;
}
