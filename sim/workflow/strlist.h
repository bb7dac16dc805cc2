/* A growable, NULL-terminated list of owned strings: argument vectors for
 * subprocesses and column lists. */
#ifndef Q6_WORKFLOW_STRLIST_H
#define Q6_WORKFLOW_STRLIST_H
#include <stddef.h>

typedef struct {
    char **v;   /* v[n] == NULL */
    size_t n, cap;
} q6_strlist;

/* Appends a copy of s. Returns -1 when out of memory or s is NULL. */
int q6_strlist_push(q6_strlist *l, const char *s);
/* Appends a printf-formatted string. */
int q6_strlist_pushf(q6_strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Index of s in l, or -1. */
long q6_strlist_find(const q6_strlist *l, const char *s);
void q6_strlist_free(q6_strlist *l);

#endif
