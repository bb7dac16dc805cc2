#include "sim/workflow/collect.h"
#include "sim/workflow/csv.h"
#include "sim/base/json.h"
#include "sim/workflow/strlist.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_COLS = 512 };

/* Summary members that repeat job columns. */
static int skipped_member(const char *key)
{
    return !strcmp(key, "scheduler") || !strcmp(key, "seed") || !strcmp(key, "timeline_digest");
}

int q6_collect_write(const char *dir, FILE *out, size_t *rows, size_t *missing, char *err, size_t errlen)
{
    *rows = *missing = 0;
    char path[4300];
    snprintf(path, sizeof path, "%s/jobs.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open (is %s a sweep folder?): %s", path, dir, strerror(errno));
        return -1;
    }
    q6_strlist header = {0}, lines = {0}, members = {0};
    char *line = NULL;
    size_t cap = 0;
    int rc = -1;
    long lineno = 0;
    q6_json_flat *summ = NULL;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (lineno == 1) {
            char *fields[MAX_COLS];
            int nf = q6_csv_split(line, fields, MAX_COLS);
            if (nf < 3 || strcmp(fields[0], "job")) {
                snprintf(err, errlen, "%s:1: not a q6sim jobs.csv header", path);
                goto done;
            }
            for (int i = 0; i < nf; i++)
                q6_strlist_push(&header, fields[i]);
        } else {
            q6_strlist_push(&lines, line);
        }
    }
    if (!header.n) {
        snprintf(err, errlen, "%s: empty", path);
        goto done;
    }
    /* Pass 1: read each summary, collect the members in first-seen order. */
    summ = calloc(lines.n ? lines.n : 1, sizeof *summ);
    if (!summ) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < lines.n; j++) {
        char *buf = strdup(lines.v[j]), *fields[MAX_COLS];
        int nf = buf ? q6_csv_split(buf, fields, MAX_COLS) : -1;
        if (nf != (int)header.n || strpbrk(fields[0], "/.") || !fields[0][0]) {
            snprintf(err, errlen, "%s:%zu: expected %zu fields starting with a job id", path, j + 2, header.n);
            free(buf);
            goto done;
        }
        char sp[4400];
        snprintf(sp, sizeof sp, "%s/jobs/%s/summary.json", dir, fields[0]);
        free(buf);
        if (access(sp, F_OK) != 0) {
            (*missing)++;
            continue;
        }
        if (q6_json_read_flat(sp, &summ[j], err, errlen) < 0)
            goto done;
        for (size_t k = 0; k < summ[j].n; k++)
            if (!skipped_member(summ[j].m[k].key) && q6_strlist_find(&members, summ[j].m[k].key) < 0)
                q6_strlist_push(&members, summ[j].m[k].key);
    }
    /* Pass 2: the table. */
    for (size_t i = 0; i < header.n; i++) {
        if (i)
            fputc(',', out);
        q6_csv_field(out, header.v[i]);
    }
    fputs(",timeline_digest", out);
    for (size_t i = 0; i < members.n; i++) {
        fputc(',', out);
        q6_csv_field(out, members.v[i]);
    }
    fputc('\n', out);
    for (size_t j = 0; j < lines.n; j++) {
        if (!summ[j].n)
            continue;
        fputs(lines.v[j], out); /* the jobs.csv record as written */
        const q6_json_member *d = q6_json_get(&summ[j], "timeline_digest");
        fputc(',', out);
        q6_csv_field(out, d ? d->value : "");
        for (size_t i = 0; i < members.n; i++) {
            const q6_json_member *m = q6_json_get(&summ[j], members.v[i]);
            fputc(',', out);
            if (m && (m->is_string || strcmp(m->value, "null")))
                q6_csv_field(out, m->value);
        }
        fputc('\n', out);
        (*rows)++;
    }
    rc = 0;
done:
    for (size_t j = 0; summ && j < lines.n; j++)
        q6_json_free(&summ[j]);
    free(summ);
    free(line);
    fclose(f);
    q6_strlist_free(&header);
    q6_strlist_free(&lines);
    q6_strlist_free(&members);
    return rc;
}
