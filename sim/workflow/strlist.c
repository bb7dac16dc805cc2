#include "sim/workflow/strlist.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int push_owned(q6_strlist *l, char *s)
{
    if (!s)
        return -1;
    if (l->n + 2 > l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            free(s);
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
    return 0;
}

int q6_strlist_push(q6_strlist *l, const char *s)
{
    return (l && s) ? push_owned(l, strdup(s)) : -1;
}

int q6_strlist_pushf(q6_strlist *l, const char *fmt, ...)
{
    if (!l || !fmt)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int rc = vasprintf(&s, fmt, ap);
    va_end(ap);
    return rc < 0 ? -1 : push_owned(l, s);
}

long q6_strlist_find(const q6_strlist *l, const char *s)
{
    for (size_t i = 0; l && s && i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return (long)i;
    return -1;
}

void q6_strlist_free(q6_strlist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}
