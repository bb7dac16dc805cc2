/* CSV emission-factor series; format and lookup rules in emission_series.h. */
#include "models/emission_series.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct q6_emission_series {
    size_t n;
    double *time_s;
    double *g_per_kwh;
};

static const char *const HEADER = "time_s,g_co2_per_kwh";

/* Parses [s, end) as one finite double; 0 on success. */
static int parse_field(const char *s, const char *end, double *out)
{
    char buf[64];
    size_t len = (size_t)(end - s);
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *stop;
    errno = 0;
    double v = strtod(buf, &stop);
    if (*stop != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int push(q6_emission_series *s, size_t *cap, double t, double v)
{
    if (s->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        double *nt = realloc(s->time_s, nc * sizeof *nt);
        if (!nt)
            return -1;
        s->time_s = nt;
        double *nv = realloc(s->g_per_kwh, nc * sizeof *nv);
        if (!nv)
            return -1;
        s->g_per_kwh = nv;
        *cap = nc;
    }
    s->time_s[s->n] = t;
    s->g_per_kwh[s->n] = v;
    s->n++;
    return 0;
}

#define FAIL(...)                                  \
    do {                                           \
        if (err && errlen)                         \
            snprintf(err, errlen, __VA_ARGS__);    \
        q6_emission_series_free(s);                \
        return NULL;                               \
    } while (0)

q6_emission_series *q6_emission_series_parse(const char *text, const char *name, char *err,
                                             size_t errlen)
{
    q6_emission_series *s = calloc(1, sizeof *s);
    size_t cap = 0;
    if (!name)
        name = "(series)";
    if (!s || !text)
        FAIL("%s: cannot read the series", name);
    int header_seen = 0;
    size_t lineno = 0;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        lineno++;
        const char *p = line;
        while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p == eol || *p == '#') {
            /* blank or comment */
        } else if (!header_seen) {
            size_t len = (size_t)(eol - p);
            while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' '))
                len--;
            if (len != strlen(HEADER) || strncmp(p, HEADER, len) != 0)
                FAIL("%s:%zu: header must be '%s'", name, lineno, HEADER);
            header_seen = 1;
        } else {
            const char *comma = memchr(p, ',', (size_t)(eol - p));
            double t, v;
            if (!comma)
                FAIL("%s:%zu: field 'g_co2_per_kwh': missing", name, lineno);
            if (memchr(comma + 1, ',', (size_t)(eol - comma - 1)))
                FAIL("%s:%zu: extra field after 'g_co2_per_kwh'", name, lineno);
            if (parse_field(p, comma, &t) != 0)
                FAIL("%s:%zu: field 'time_s': not a finite number", name, lineno);
            if (parse_field(comma + 1, eol, &v) != 0)
                FAIL("%s:%zu: field 'g_co2_per_kwh': not a finite number", name, lineno);
            if (v < 0.0)
                FAIL("%s:%zu: field 'g_co2_per_kwh': negative value", name, lineno);
            if (s->n > 0 && !(t > s->time_s[s->n - 1]))
                FAIL("%s:%zu: field 'time_s': not strictly increasing", name, lineno);
            if (push(s, &cap, t, v) != 0)
                FAIL("%s:%zu: out of memory", name, lineno);
        }
        line = *eol ? eol + 1 : eol;
    }
    if (!header_seen)
        FAIL("%s:1: header must be '%s'", name, HEADER);
    if (s->n == 0)
        FAIL("%s:%zu: no samples after the header", name, lineno);
    return s;
}

q6_emission_series *q6_emission_series_load(const char *path, char *err, size_t errlen)
{
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot open: %s", path ? path : "(null)", strerror(errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int read_error = ferror(f);
    fclose(f);
    if (!buf || read_error) {
        free(buf);
        if (err && errlen)
            snprintf(err, errlen, "%s: read error", path);
        return NULL;
    }
    buf[len] = '\0';
    if (memchr(buf, '\0', len)) {
        free(buf);
        if (err && errlen)
            snprintf(err, errlen, "%s: binary data (NUL byte) in a CSV file", path);
        return NULL;
    }
    q6_emission_series *s = q6_emission_series_parse(buf, path, err, errlen);
    free(buf);
    return s;
}

void q6_emission_series_free(q6_emission_series *s)
{
    if (!s)
        return;
    free(s->time_s);
    free(s->g_per_kwh);
    free(s);
}

size_t q6_emission_series_count(const q6_emission_series *s) { return s ? s->n : 0; }

double q6_emission_series_at(const q6_emission_series *s, double time_s, q6_series_mode mode)
{
    if (!s || s->n == 0 || isnan(time_s) ||
        (mode != Q6_SERIES_STEP && mode != Q6_SERIES_LINEAR))
        return NAN;
    if (time_s <= s->time_s[0])
        return s->g_per_kwh[0];
    if (time_s >= s->time_s[s->n - 1])
        return s->g_per_kwh[s->n - 1];
    /* Binary search for the last sample at or before time_s. */
    size_t lo = 0, hi = s->n - 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->time_s[mid] <= time_s)
            lo = mid;
        else
            hi = mid;
    }
    if (mode == Q6_SERIES_STEP)
        return s->g_per_kwh[lo];
    double w = (time_s - s->time_s[lo]) / (s->time_s[hi] - s->time_s[lo]);
    return s->g_per_kwh[lo] + w * (s->g_per_kwh[hi] - s->g_per_kwh[lo]);
}
