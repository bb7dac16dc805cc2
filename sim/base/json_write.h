/* The one JSON writer of q6sim: every JSON document q6sim prints or writes
 * (summary.json, manifest.json, sweep manifests, `qubo solve`, `model`,
 * `mobility`, `trace dump --format jsonl`) goes through it, so strings are
 * always escaped and non-finite numbers never reach the output.
 *
 * Rules (docs/outputs.md): strings are escaped per RFC 8259 (quote,
 * backslash, every control character; \n \t \r \b \f in their short form),
 * valid UTF-8 passes through, an invalid UTF-8 byte becomes U+FFFD; a NaN
 * or infinite number is written as null; -0 is written as 0.
 *
 * Layout: a container opened "block" puts each member on its own line,
 * indented by two spaces per level; one opened "inline" keeps its members
 * on one line separated by ", ". Callers pick whichever reads best. */
#ifndef Q6_SIM_JSON_WRITE_H
#define Q6_SIM_JSON_WRITE_H
#include <stdint.h>
#include <stdio.h>

/* Deepest nesting written; a deeper container sets `too_deep` and the
 * writer writes nothing more (q6sim's documents nest at most 4 deep). */
#define Q6_JW_MAX_DEPTH 64

typedef struct {
    FILE *f;
    int depth;
    int digits;                         /* significant digits of numbers (default 17) */
    unsigned char first[Q6_JW_MAX_DEPTH];  /* no member written yet at this level */
    unsigned char inline_[Q6_JW_MAX_DEPTH];
    unsigned char after_key;            /* a key was written; its value comes next */
    unsigned char too_deep;             /* nesting passed Q6_JW_MAX_DEPTH: output stopped */
} q6_jw;

void q6_jw_init(q6_jw *w, FILE *f);
void q6_jw_begin_object(q6_jw *w, int inline_layout);
void q6_jw_end_object(q6_jw *w);
void q6_jw_begin_array(q6_jw *w, int inline_layout);
void q6_jw_end_array(q6_jw *w);
/* Object member key; the next value call writes its value. */
void q6_jw_key(q6_jw *w, const char *key);
void q6_jw_string(q6_jw *w, const char *s);
void q6_jw_number(q6_jw *w, double v);
void q6_jw_int(q6_jw *w, long long v);
void q6_jw_uint(q6_jw *w, unsigned long long v);
void q6_jw_bool(q6_jw *w, int v);
void q6_jw_null(q6_jw *w);

/* Shorthands for key + value. */
void q6_jw_kstring(q6_jw *w, const char *key, const char *s);
void q6_jw_knumber(q6_jw *w, const char *key, double v);
void q6_jw_kuint(q6_jw *w, const char *key, unsigned long long v);
void q6_jw_kint(q6_jw *w, const char *key, long long v);
void q6_jw_kbool(q6_jw *w, const char *key, int v);

/* A bare JSON string literal of s to f (same escaping), for callers that
 * embed one string in another format. */
void q6_json_put_string(FILE *f, const char *s);

#endif
