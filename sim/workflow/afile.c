#include "sim/workflow/afile.h"
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

FILE *q6_afile_open(q6_afile *a, const char *path)
{
    snprintf(a->path, sizeof a->path, "%s", path);
    snprintf(a->tmp, sizeof a->tmp, "%s.tmp.%ld", path, (long)getpid());
    a->f = fopen(a->tmp, "w");
    return a->f;
}

int q6_afile_commit(q6_afile *a)
{
    if (!a->f)
        return -1;
    int bad = ferror(a->f);
    int rc = fclose(a->f);
    a->f = NULL;
    if (bad || rc != 0 || rename(a->tmp, a->path) != 0) {
        int e = bad ? EIO : errno;
        remove(a->tmp);
        errno = e;
        return -1;
    }
    return 0;
}

void q6_afile_abort(q6_afile *a)
{
    if (a->f)
        fclose(a->f);
    a->f = NULL;
    remove(a->tmp);
}
