/* The results table of a sweep folder: one row per finished job, in job
 * id order, with the job's parameters, its timeline digest and every
 * member of its summary.json. */
#ifndef Q6_WORKFLOW_COLLECT_H
#define Q6_WORKFLOW_COLLECT_H
#include <stddef.h>
#include <stdio.h>

/* Writes the table of folder `dir` to f. *rows: jobs in the table,
 * *missing: jobs without a summary.json (left out). Returns -1 with err
 * when jobs.csv or a summary cannot be read. */
int q6_collect_write(const char *dir, FILE *f, size_t *rows, size_t *missing, char *err, size_t errlen);

#endif
