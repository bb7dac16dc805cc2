/* Streaming JSON writer (see json_write.h for the escaping and number
 * rules). It keeps, per open container, whether a member was written yet,
 * so callers never place commas themselves: a misplaced comma was how
 * hand-written JSON went wrong before. */
#include "sim/base/json_write.h"
#include <math.h>
#include <string.h>

void q6_jw_init(q6_jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->digits = 17;
}

static void newline_indent(q6_jw *w, int depth)
{
    fputc('\n', w->f);
    for (int i = 0; i < depth; i++)
        fputs("  ", w->f);
}

/* Separator and layout before a value (or a key) at the current level. */
static void before_value(q6_jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0)
        return;
    int d = w->depth - 1;
    if (!w->first[d])
        fputc(',', w->f);
    if (w->inline_[d]) {
        if (!w->first[d])
            fputc(' ', w->f);
    } else {
        newline_indent(w, w->depth);
    }
    w->first[d] = 0;
}

static void jw_open(q6_jw *w, char c, int inline_layout)
{
    if (w->too_deep || w->depth >= Q6_JW_MAX_DEPTH) {
        w->too_deep = 1;
        return;
    }
    before_value(w);
    fputc(c, w->f);
    w->first[w->depth] = 1;
    w->inline_[w->depth] = (unsigned char)(inline_layout != 0);
    w->depth++;
}

static void jw_close(q6_jw *w, char c)
{
    if (w->too_deep || w->depth <= 0)
        return;
    w->depth--;
    if (!w->inline_[w->depth] && !w->first[w->depth])
        newline_indent(w, w->depth);
    fputc(c, w->f);
}

void q6_jw_begin_object(q6_jw *w, int inline_layout) { jw_open(w, '{', inline_layout); }
void q6_jw_end_object(q6_jw *w) { jw_close(w, '}'); }
void q6_jw_begin_array(q6_jw *w, int inline_layout) { jw_open(w, '[', inline_layout); }
void q6_jw_end_array(q6_jw *w) { jw_close(w, ']'); }

/* Length of the valid UTF-8 sequence at s (2..4), or 0 when s does not
 * start one (overlong forms, surrogates and code points past U+10FFFF are
 * invalid). */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

void q6_json_put_string(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    fputc('"', f);
    while (*s) {
        unsigned c = *s;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '\t') {
            fputs("\\t", f);
        } else if (c == '\r') {
            fputs("\\r", f);
        } else if (c == '\b') {
            fputs("\\b", f);
        } else if (c == '\f') {
            fputs("\\f", f);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(f, "\\u%04x", c);
        } else if (c < 0x80) {
            fputc((int)c, f);
        } else {
            int n = utf8_len(s);
            if (n) {
                fwrite(s, 1, (size_t)n, f);
                s += n;
                continue;
            }
            fputs("\\ufffd", f);
        }
        s++;
    }
    fputc('"', f);
}

void q6_jw_key(q6_jw *w, const char *key)
{
    if (w->too_deep)
        return;
    before_value(w);
    q6_json_put_string(w->f, key);
    fputs(": ", w->f);
    w->after_key = 1;
}

void q6_jw_string(q6_jw *w, const char *s)
{
    if (w->too_deep)
        return;
    before_value(w);
    q6_json_put_string(w->f, s);
}

void q6_jw_number(q6_jw *w, double v)
{
    if (w->too_deep)
        return;
    before_value(w);
    if (!isfinite(v))
        fputs("null", w->f);
    else
        fprintf(w->f, "%.*g", w->digits, v == 0.0 ? 0.0 : v);
}

void q6_jw_int(q6_jw *w, long long v)
{
    if (w->too_deep)
        return;
    before_value(w);
    fprintf(w->f, "%lld", v);
}

void q6_jw_uint(q6_jw *w, unsigned long long v)
{
    if (w->too_deep)
        return;
    before_value(w);
    fprintf(w->f, "%llu", v);
}

void q6_jw_bool(q6_jw *w, int v)
{
    if (w->too_deep)
        return;
    before_value(w);
    fputs(v ? "true" : "false", w->f);
}

void q6_jw_null(q6_jw *w)
{
    if (w->too_deep)
        return;
    before_value(w);
    fputs("null", w->f);
}

void q6_jw_kstring(q6_jw *w, const char *key, const char *s)
{
    q6_jw_key(w, key);
    q6_jw_string(w, s);
}

void q6_jw_knumber(q6_jw *w, const char *key, double v)
{
    q6_jw_key(w, key);
    q6_jw_number(w, v);
}

void q6_jw_kuint(q6_jw *w, const char *key, unsigned long long v)
{
    q6_jw_key(w, key);
    q6_jw_uint(w, v);
}

void q6_jw_kint(q6_jw *w, const char *key, long long v)
{
    q6_jw_key(w, key);
    q6_jw_int(w, v);
}

void q6_jw_kbool(q6_jw *w, const char *key, int v)
{
    q6_jw_key(w, key);
    q6_jw_bool(w, v);
}
