#include "sim/base/json.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s, *p;
    q6_json_flat *out;
    const char *err;
} parser;

static void skip_ws(parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static int fail(parser *ps, const char *msg)
{
    if (!ps->err)
        ps->err = msg;
    return -1;
}

static int add(parser *ps, const char *key, char *value, int is_string)
{
    q6_json_flat *j = ps->out;
    if (j->n == j->cap) {
        size_t cap = j->cap ? 2 * j->cap : 32;
        q6_json_member *m = realloc(j->m, cap * sizeof *m);
        if (!m) {
            free(value);
            return fail(ps, "out of memory");
        }
        j->m = m;
        j->cap = cap;
    }
    char *k = strdup(key);
    if (!k || !value) {
        free(k);
        free(value);
        return fail(ps, "out of memory");
    }
    j->m[j->n++] = (q6_json_member){k, value, is_string};
    return 0;
}

/* A string at ps->p (on its opening quote), unescaped into a new buffer. */
static char *parse_string(parser *ps)
{
    if (*ps->p != '"') {
        fail(ps, "expected a string");
        return NULL;
    }
    const char *q = ++ps->p;
    char *buf = malloc(strlen(q) + 1), *o = buf;
    if (!buf) {
        fail(ps, "out of memory");
        return NULL;
    }
    for (; *q != '"'; q++) {
        if (!*q || (unsigned char)*q < 0x20) {
            free(buf);
            fail(ps, "unterminated string");
            return NULL;
        }
        if (*q != '\\') {
            *o++ = *q;
            continue;
        }
        q++;
        switch (*q) {
        case '"': case '\\': case '/': *o++ = *q; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned v = 0;
            for (int i = 1; i <= 4; i++) {
                if (!isxdigit((unsigned char)q[i])) {
                    free(buf);
                    fail(ps, "bad \\u escape");
                    return NULL;
                }
                v = v * 16 + (unsigned)(isdigit((unsigned char)q[i]) ? q[i] - '0' : (tolower(q[i]) - 'a' + 10));
            }
            q += 4;
            /* UTF-8 of a BMP code point (surrogate pairs are not used by q6sim). */
            if (v < 0x80) {
                *o++ = (char)v;
            } else if (v < 0x800) {
                *o++ = (char)(0xC0 | (v >> 6));
                *o++ = (char)(0x80 | (v & 0x3F));
            } else {
                *o++ = (char)(0xE0 | (v >> 12));
                *o++ = (char)(0x80 | ((v >> 6) & 0x3F));
                *o++ = (char)(0x80 | (v & 0x3F));
            }
            break;
        }
        default:
            free(buf);
            fail(ps, "bad escape");
            return NULL;
        }
    }
    *o = 0;
    ps->p = q + 1;
    return buf;
}

static int parse_value(parser *ps, const char *key, int depth);

/* Skips a value, returning its raw extent (for arrays). */
static int skip_value(parser *ps, int depth)
{
    skip_ws(ps);
    if (depth > 32)
        return fail(ps, "nested too deeply");
    if (*ps->p == '"') {
        char *s = parse_string(ps);
        free(s);
        return s ? 0 : -1;
    }
    if (*ps->p == '[' || *ps->p == '{') {
        char close = *ps->p == '[' ? ']' : '}';
        ps->p++;
        skip_ws(ps);
        if (*ps->p == close) {
            ps->p++;
            return 0;
        }
        for (;;) {
            if (close == '}') {
                char *k = parse_string(ps);
                if (!k)
                    return -1;
                free(k);
                skip_ws(ps);
                if (*ps->p++ != ':')
                    return fail(ps, "expected ':'");
            }
            if (skip_value(ps, depth + 1) < 0)
                return -1;
            skip_ws(ps);
            if (*ps->p == ',') {
                ps->p++;
                skip_ws(ps);
                continue;
            }
            if (*ps->p++ != close)
                return fail(ps, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
            return 0;
        }
    }
    const char *start = ps->p;
    while (*ps->p && (isalnum((unsigned char)*ps->p) || strchr("+-.", *ps->p)))
        ps->p++;
    if (ps->p == start)
        return fail(ps, "expected a value");
    return 0;
}

static int parse_object(parser *ps, const char *prefix, int depth)
{
    skip_ws(ps);
    if (*ps->p != '{')
        return fail(ps, "expected '{'");
    ps->p++;
    skip_ws(ps);
    if (*ps->p == '}') {
        ps->p++;
        return 0;
    }
    for (;;) {
        skip_ws(ps);
        char *k = parse_string(ps);
        if (!k)
            return -1;
        char *full = NULL;
        if (asprintf(&full, "%s%s%s", prefix, *prefix ? "." : "", k) < 0)
            full = NULL;
        free(k);
        if (!full)
            return fail(ps, "out of memory");
        skip_ws(ps);
        if (*ps->p != ':') {
            free(full);
            return fail(ps, "expected ':'");
        }
        ps->p++;
        int rc = parse_value(ps, full, depth + 1);
        free(full);
        if (rc < 0)
            return -1;
        skip_ws(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p != '}')
            return fail(ps, "expected ',' or '}'");
        ps->p++;
        return 0;
    }
}

static int parse_value(parser *ps, const char *key, int depth)
{
    skip_ws(ps);
    if (depth > 32)
        return fail(ps, "nested too deeply");
    if (*ps->p == '{')
        return parse_object(ps, key, depth);
    if (*ps->p == '"') {
        char *s = parse_string(ps);
        return s ? add(ps, key, s, 1) : -1;
    }
    const char *start = ps->p;
    if (skip_value(ps, depth) < 0)
        return -1;
    return add(ps, key, strndup(start, (size_t)(ps->p - start)), 0);
}

int q6_json_read_flat(const char *path, q6_json_flat *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char *text = NULL;
    size_t len = 0, cap = 0, r;
    char buf[8192];
    while ((r = fread(buf, 1, sizeof buf, f)) > 0) {
        if (len + r + 1 > cap) {
            cap = 2 * (len + r + 1);
            char *t = realloc(text, cap);
            if (!t) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
            text = t;
        }
        memcpy(text + len, buf, r);
        len += r;
    }
    fclose(f);
    if (!text || memchr(text, 0, len)) {
        free(text);
        snprintf(err, errlen, "%s: empty or not text", path);
        return -1;
    }
    text[len] = 0;
    int rc = q6_json_parse_flat(text, path, out, err, errlen);
    free(text);
    return rc;
}

int q6_json_parse_flat(const char *text, const char *name, q6_json_flat *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    parser ps = {text, text, out, NULL};
    int rc = parse_object(&ps, "", 0);
    if (rc == 0) {
        skip_ws(&ps);
        if (*ps.p)
            rc = fail(&ps, "text after the object");
    }
    if (rc < 0) {
        snprintf(err, errlen, "%s: offset %ld: %s", name, (long)(ps.p - ps.s), ps.err);
        q6_json_free(out);
    }
    return rc;
}

const q6_json_member *q6_json_get(const q6_json_flat *j, const char *key)
{
    for (size_t i = 0; i < j->n; i++)
        if (!strcmp(j->m[i].key, key))
            return &j->m[i];
    return NULL;
}

void q6_json_free(q6_json_flat *j)
{
    for (size_t i = 0; i < j->n; i++) {
        free(j->m[i].key);
        free(j->m[i].value);
    }
    free(j->m);
    memset(j, 0, sizeof *j);
}
