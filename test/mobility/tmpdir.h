/* Scratch directory and files for the mobility tests. */
#ifndef Q6_TEST_MOBILITY_TMPDIR_H
#define Q6_TEST_MOBILITY_TMPDIR_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* mkdtemp under $TMPDIR; aborts the test on failure. */
static inline void tmp_make_dir(char *dir, size_t len)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, len, "%s/q6mobtest.XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
}

/* Writes text to dir/name and returns the path in out. */
static inline const char *tmp_write(const char *dir, const char *name, const char *text,
                                    char *out, size_t len)
{
    snprintf(out, len, "%s/%s", dir, name);
    FILE *f = fopen(out, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(out);
        exit(1);
    }
    return out;
}

static inline void tmp_remove_dir(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

#endif
