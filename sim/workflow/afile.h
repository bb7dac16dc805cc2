/* Files written whole or not at all: the content goes to PATH.tmp.PID,
 * which is renamed over PATH only once it is complete. */
#ifndef Q6_WORKFLOW_AFILE_H
#define Q6_WORKFLOW_AFILE_H
#include <stdio.h>

typedef struct {
    FILE *f;
    char path[4096];
    char tmp[4200];
} q6_afile;

/* Opens the temporary file; NULL (errno set) when it cannot be created. */
FILE *q6_afile_open(q6_afile *a, const char *path);
/* Closes and renames it into place; on any write error removes it and
 * returns -1 (errno set). */
int q6_afile_commit(q6_afile *a);
/* Closes and removes the temporary file. */
void q6_afile_abort(q6_afile *a);

#endif
