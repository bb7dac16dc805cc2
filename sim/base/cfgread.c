#include "sim/base/cfgread.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

int q6_cfg_whole(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                 int required, uint64_t def, uint64_t min, uint64_t max, const char *unit,
                 uint64_t *out)
{
    const config_setting_t *s = group ? config_setting_get_member(group, key) : NULL;
    if (!s) {
        if (required)
            return missing(c, group, key);
        *out = def;
        return 0;
    }
    int type = config_setting_type(s);
    if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) {
        long long v = type == CONFIG_TYPE_INT ? config_setting_get_int(s) : config_setting_get_int64(s);
        if (v < 0 || (unsigned long long)v < min || (unsigned long long)v > max)
            return q6_cfg_fail(c, s, "%lld%s%s is outside [%llu, %llu]%s%s", v, unit[0] ? " " : "", unit,
                               (unsigned long long)min, (unsigned long long)max, unit[0] ? " " : "", unit);
        *out = (uint64_t)v;
        return 0;
    }
    double d;
    if (as_number(c, s, &d) < 0)
        return -1;
    if (!isfinite(d) || d < (double)min || d > (double)max || d > 9007199254740992.0)
        return q6_cfg_fail(c, s, "%g%s%s is outside [%llu, %llu]%s%s", d, unit[0] ? " " : "", unit,
                           (unsigned long long)min, (unsigned long long)max, unit[0] ? " " : "", unit);
    if (d != floor(d))
        return q6_cfg_fail(c, s, "must be a whole number");
    *out = (uint64_t)d;
    return 0;
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

/* Largest settings file read (scenario files are a few kB). */
#define Q6_CFG_MAX_BYTES (16u << 20)

/* libconfig 1.5 reads an integer literal without the L suffix into 32 bits
 * and silently keeps the low bits (slots = 4294967301 became 5). Before
 * parsing, every decimal or hexadecimal literal outside the 32-bit range
 * gets its L suffix (so it is read as the 64-bit value written), and a
 * decimal one outside the 64-bit range becomes a float (so the range checks
 * see its real magnitude). Arrays must hold one type: when one element
 * needs widening, every integer of the array gets the same treatment.
 * Strings, comments and names are copied unchanged and no line changes, so
 * libconfig's line numbers stay the file's. */
typedef enum { T_OTHER, T_SKIP, T_INT } token_kind;

typedef struct {
    token_kind kind;
    size_t end;   /* one past the token */
    int need;     /* T_INT: 0 fits 32 bits, 1 needs L, 2 needs to be a float */
    int hex;
} token;

static token next_token(const char *in, size_t n, size_t i)
{
    token t = {T_SKIP, i + 1, 0, 0};
    char ch = in[i];
    if (ch == '"') { /* string with backslash escapes */
        size_t j = i + 1;
        while (j < n && in[j] != '"')
            j += in[j] == '\\' && j + 1 < n ? 2 : 1;
        t.end = j < n ? j + 1 : n;
    } else if (ch == '#' || (ch == '/' && i + 1 < n && in[i + 1] == '/')) {
        size_t j = i;
        while (j < n && in[j] != '\n')
            j++;
        t.end = j;
    } else if (ch == '/' && i + 1 < n && in[i + 1] == '*') {
        size_t j = i + 2;
        while (j + 1 < n && !(in[j] == '*' && in[j + 1] == '/'))
            j++;
        t.end = j + 1 < n ? j + 2 : n;
    } else if (isalpha((unsigned char)ch) || ch == '*' || ch == '@') { /* name */
        size_t j = i;
        while (j < n && (isalnum((unsigned char)in[j]) || strchr("-_*@", in[j])))
            j++;
        t.end = j;
    } else if (isdigit((unsigned char)ch) || ch == '.' ||
               ((ch == '-' || ch == '+') && i + 1 < n && (isdigit((unsigned char)in[i + 1]) || in[i + 1] == '.'))) {
        size_t j = i + ((ch == '-' || ch == '+') ? 1 : 0);
        t.hex = j + 1 < n && in[j] == '0' && (in[j + 1] == 'x' || in[j + 1] == 'X');
        if (t.hex)
            for (j += 2; j < n && isxdigit((unsigned char)in[j]); j++) {}
        else
            for (; j < n && isdigit((unsigned char)in[j]); j++) {}
        if (!t.hex && j < n && (in[j] == '.' || in[j] == 'e' || in[j] == 'E')) { /* a float */
            for (; j < n && (isdigit((unsigned char)in[j]) || strchr(".eE", in[j]) ||
                             ((in[j] == '-' || in[j] == '+') && (in[j - 1] == 'e' || in[j - 1] == 'E')));
                 j++) {}
            t.end = j;
            return t;
        }
        t.end = j;
        if (j < n && in[j] == 'L') /* already 64-bit */
            return t;
        t.kind = T_INT;
        char lit[64];
        size_t len = j - i;
        if (len >= sizeof lit) {
            t.need = t.hex ? 1 : 2;
            return t;
        }
        memcpy(lit, in + i, len);
        lit[len] = 0;
        errno = 0;
        long long v = strtoll(lit, NULL, t.hex ? 16 : 10);
        t.need = errno == ERANGE ? (t.hex ? 1 : 2) : v > INT_MAX || v < INT_MIN ? 1 : 0;
    } else {
        t.kind = T_OTHER;
    }
    return t;
}

/* Copies in[i, t.end) to out and widens an integer to `need`. */
static size_t emit(const char *in, size_t i, token t, int need, char *out, size_t o)
{
    memcpy(out + o, in + i, t.end - i);
    o += t.end - i;
    if (t.kind == T_INT && need == 1)
        out[o++] = 'L';
    else if (t.kind == T_INT && need == 2 && !t.hex) {
        out[o++] = '.';
        out[o++] = '0';
    }
    return o;
}

/* The widened text (malloc'd), or NULL when out of memory. */
static char *widen_integers(const char *in, size_t n)
{
    char *out = malloc(2 * n + 1); /* at most two characters added per literal */
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    while (i < n) {
        token t = next_token(in, n, i);
        if (t.kind == T_OTHER && in[i] == '[') { /* an array: one treatment for all its integers */
            int need = 0;
            size_t j = t.end;
            while (j < n && !(in[j] == ']' || in[j] == '[')) {
                token u = next_token(in, n, j);
                if (u.kind == T_INT && u.need > need)
                    need = u.need;
                j = u.end;
            }
            o = emit(in, i, t, 0, out, o);
            for (i = t.end; i < j;) {
                token u = next_token(in, n, i);
                o = emit(in, i, u, need, out, o);
                i = u.end;
            }
            continue;
        }
        o = emit(in, i, t, t.need, out, o);
        i = t.end;
    }
    out[o] = 0;
    return out;
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
    /* The buffer grows with what is read (a scenario is a few KiB): a
     * fixed 16 MiB buffer per read cost most of a load's time. One byte
     * past the limit is read to tell "too large" from "exactly full". */
    size_t cap = 0, n = 0;
    char *text = NULL;
    int read_err = 0;
    for (;;) {
        if (n == cap) {
            size_t want = cap ? 2 * cap : 65536;
            if (want > Q6_CFG_MAX_BYTES + 1)
                want = Q6_CFG_MAX_BYTES + 1;
            if (want == cap)
                break;
            char *grown = realloc(text, want);
            if (!grown) {
                free(text);
                text = NULL;
                break;
            }
            text = grown;
            cap = want;
        }
        size_t got = fread(text + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            read_err = ferror(f);
            break;
        }
    }
    fclose(f);
    if (!text || read_err || n > Q6_CFG_MAX_BYTES) {
        snprintf(err, errlen, "%s: cannot read the %s: %s", path, what,
                 !text ? "out of memory" : read_err ? "read error" : "larger than 16 MiB");
        free(text);
        return -1;
    }
    if (memchr(text, 0, n)) {
        free(text);
        snprintf(err, errlen, "%s: the %s contains a NUL byte (not a text file)", path, what);
        return -1;
    }
    char *wide = widen_integers(text, n);
    free(text);
    if (!wide) {
        snprintf(err, errlen, "%s: cannot read the %s: out of memory", path, what);
        return -1;
    }
    config_init(cfg);
    int ok = config_read_string(cfg, wide);
    free(wide);
    if (ok != CONFIG_TRUE) {
        snprintf(err, errlen, "%s:%d: syntax error: %s", path, config_error_line(cfg), config_error_text(cfg));
        config_destroy(cfg);
        return -1;
    }
    return 0;
}
