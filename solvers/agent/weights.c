/* Weight-file reader (format: docs/weight-format.md). The whole file is read
 * and tokenised by whitespace with line numbers kept, so tensors may wrap
 * over lines and every error names the line. Values are parsed by strtod:
 * the exporter writes shortest round-trip decimals, so they are exact. */
#include "solvers/agent/weights.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *s;       /* the file, NUL-terminated, tokens cut in place */
    size_t pos;
    int line;
} lexer;

/* Next whitespace-separated token, or NULL at the end; *line its line. */
static char *next_token(lexer *lx, int *line)
{
    char *s = lx->s;
    while (s[lx->pos] && strchr(" \t\r\n", s[lx->pos])) {
        if (s[lx->pos] == '\n')
            lx->line++;
        lx->pos++;
    }
    if (!s[lx->pos])
        return NULL;
    char *tok = s + lx->pos;
    *line = lx->line;
    while (s[lx->pos] && !strchr(" \t\r\n", s[lx->pos]))
        lx->pos++;
    if (s[lx->pos]) {
        if (s[lx->pos] == '\n')
            lx->line++;
        s[lx->pos++] = 0;
    }
    return tok;
}

/* The rest of the current line (a header value), trimmed. */
static char *rest_of_line(lexer *lx)
{
    char *s = lx->s;
    while (s[lx->pos] == ' ' || s[lx->pos] == '\t')
        lx->pos++;
    char *start = s + lx->pos;
    while (s[lx->pos] && s[lx->pos] != '\n')
        lx->pos++;
    char *end = s + lx->pos;
    if (s[lx->pos]) {
        s[lx->pos++] = 0;
        lx->line++;
    }
    while (end > start && (end[-1] == ' ' || end[-1] == '\r' || end[-1] == '\t'))
        *--end = 0;
    return start;
}

static int parse_u32(const char *tok, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(tok, &end, 10);
    if (!*tok || *end || errno || v == 0 || v > 100000000ul || tok[0] == '-')
        return -1;
    *out = (uint32_t)v;
    return 0;
}

void q6_weights_free(q6_weights *w)
{
    for (uint32_t i = 0; i < w->n_tensors; i++)
        free(w->tensors[i].v);
    w->n_tensors = 0;
}

int q6_weights_load(const char *path, q6_weights *w, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    snprintf(w->path, sizeof w->path, "%s", path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open weight file: %s", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            cap = cap ? 2 * cap : 1 << 17;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, 65536, f);
        len += got;
        if (got < 65536)
            break;
    }
    fclose(f);
    buf[len] = 0;
    lexer lx = {buf, 0, 1};
    int line = 1, rc = -1;
    char *tok = next_token(&lx, &line);
    if (!tok || strcmp(tok, "q6-weights")) {
        snprintf(err, errlen, "%s:1: not a q6sim weight file (it must start with 'q6-weights 1')", path);
        goto out;
    }
    tok = next_token(&lx, &line);
    if (!tok || strcmp(tok, "1")) {
        snprintf(err, errlen, "%s:%d: weight format version '%s' is not supported (this q6sim reads 1)", path, line,
                 tok ? tok : "");
        goto out;
    }
    int ended = 0;
    while (!ended && (tok = next_token(&lx, &line))) {
        if (!strcmp(tok, "end")) {
            ended = 1;
        } else if (!strcmp(tok, "tensor")) {
            if (w->n_tensors == Q6_WEIGHTS_MAX_TENSORS) {
                snprintf(err, errlen, "%s:%d: more than %d tensors", path, line, Q6_WEIGHTS_MAX_TENSORS);
                goto out;
            }
            q6_tensor *t = &w->tensors[w->n_tensors];
            char *name = next_token(&lx, &line), *nd = name ? next_token(&lx, &line) : NULL;
            if (!name || strlen(name) >= sizeof t->name || !nd || parse_u32(nd, &t->ndim) || t->ndim > 4) {
                snprintf(err, errlen, "%s:%d: expected 'tensor NAME NDIM(1-4) DIM...'", path, line);
                goto out;
            }
            if (q6_weights_has(w, name)) {
                snprintf(err, errlen, "%s:%d: tensor %s appears twice", path, line, name);
                goto out;
            }
            snprintf(t->name, sizeof t->name, "%s", name);
            t->n = 1;
            for (uint32_t d = 0; d < t->ndim; d++) {
                char *dt = next_token(&lx, &line);
                if (!dt || parse_u32(dt, &t->dims[d])) {
                    snprintf(err, errlen, "%s:%d: tensor %s: dimension %u is not a positive integer", path, line,
                             name, d + 1);
                    goto out;
                }
                t->n *= t->dims[d];
            }
            if (t->n > 100000000u) {
                snprintf(err, errlen, "%s:%d: tensor %s has more than 1e8 values", path, line, name);
                goto out;
            }
            t->v = malloc(t->n * sizeof *t->v);
            if (!t->v) {
                snprintf(err, errlen, "%s: out of memory", path);
                goto out;
            }
            w->n_tensors++;
            for (size_t i = 0; i < t->n; i++) {
                char *vt = next_token(&lx, &line), *end = NULL;
                double x = vt ? strtod(vt, &end) : NAN;
                if (!vt || *end || !isfinite(x)) {
                    snprintf(err, errlen, "%s:%d: tensor %s: value %zu of %zu is %s'%s'", path, line, name, i + 1,
                             t->n, vt ? "not a finite number: " : "missing", vt ? vt : "");
                    goto out;
                }
                t->v[i] = x;
            }
        } else if (strchr("0123456789+-.", tok[0])) {
            snprintf(err, errlen, "%s:%d: a number where 'tensor', a header key or 'end' belongs (the tensor before "
                     "it has more values than its shape says)", path, line);
            goto out;
        } else {
            /* A header line: KEY VALUE. */
            if (w->n_keys == Q6_WEIGHTS_MAX_KEYS || strlen(tok) >= sizeof w->keys[0]) {
                snprintf(err, errlen, "%s:%d: too many header keys or key '%s' too long", path, line, tok);
                goto out;
            }
            char *val = rest_of_line(&lx);
            if (!*val || strlen(val) >= sizeof w->values[0]) {
                snprintf(err, errlen, "%s:%d: header key '%s' needs a value of 1-63 characters", path, line, tok);
                goto out;
            }
            if (q6_weights_get(w, tok)) {
                snprintf(err, errlen, "%s:%d: header key '%s' appears twice", path, line, tok);
                goto out;
            }
            snprintf(w->keys[w->n_keys], sizeof w->keys[0], "%s", tok);
            snprintf(w->values[w->n_keys], sizeof w->values[0], "%s", val);
            w->n_keys++;
        }
    }
    if (!ended) {
        snprintf(err, errlen, "%s:%d: file ends without the 'end' line (truncated?)", path, lx.line);
        goto out;
    }
    if ((tok = next_token(&lx, &line))) {
        snprintf(err, errlen, "%s:%d: '%s' after the 'end' line", path, line, tok);
        goto out;
    }
    rc = 0;
out:
    free(buf);
    if (rc)
        q6_weights_free(w);
    return rc;
}

const char *q6_weights_get(const q6_weights *w, const char *key)
{
    for (uint32_t i = 0; i < w->n_keys; i++)
        if (!strcmp(w->keys[i], key))
            return w->values[i];
    return NULL;
}

int q6_weights_int(const q6_weights *w, const char *key, long lo, long hi, long *out, char *err, size_t errlen)
{
    const char *v = q6_weights_get(w, key);
    char *end = NULL;
    long x = v ? strtol(v, &end, 10) : 0;
    if (!v || *end || x < lo || x > hi) {
        snprintf(err, errlen, "%s: header '%s' must be an integer in [%ld, %ld]%s%s", w->path, key, lo, hi,
                 v ? ", got " : " (missing)", v ? v : "");
        return -1;
    }
    *out = x;
    return 0;
}

int q6_weights_has(const q6_weights *w, const char *name)
{
    for (uint32_t i = 0; i < w->n_tensors; i++)
        if (!strcmp(w->tensors[i].name, name))
            return 1;
    return 0;
}

const q6_tensor *q6_weights_tensor(const q6_weights *w, const char *name, uint32_t ndim, const uint32_t *dims,
                                   char *err, size_t errlen)
{
    for (uint32_t i = 0; i < w->n_tensors; i++) {
        const q6_tensor *t = &w->tensors[i];
        if (strcmp(t->name, name))
            continue;
        int ok = t->ndim == ndim;
        for (uint32_t d = 0; ok && d < ndim; d++)
            ok = !dims[d] || dims[d] == t->dims[d];
        if (ok)
            return t;
        char want[96] = "", got[96] = "";
        for (uint32_t d = 0; d < ndim; d++)
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s%u", d ? "x" : "", dims[d]);
        for (uint32_t d = 0; d < t->ndim; d++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%u", d ? "x" : "", t->dims[d]);
        snprintf(err, errlen, "%s: tensor %s has shape %s, the model needs %s (0: any)", w->path, name, got, want);
        return NULL;
    }
    snprintf(err, errlen, "%s: tensor %s is missing", w->path, name);
    return NULL;
}
