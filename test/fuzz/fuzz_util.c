/* Scratch directory of a fuzz harness (see fuzz_util.h). The few file
 * names a harness uses are remembered so that exit removes exactly what
 * was made here (no recursive delete). */
#include "fuzz_util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_NAMES 16

static char dir[4096];
static struct {
    char name[64];
    char path[4200];
} files[MAX_NAMES];
static size_t n_files;

static void remove_scratch(void)
{
    for (size_t i = 0; i < n_files; i++)
        unlink(files[i].path);
    if (dir[0])
        rmdir(dir);
}

void q6fuzz_fail(const char *what)
{
    fprintf(stderr, "q6fuzz: invariant failed: %s\n", what);
    abort();
}

void q6fuzz_note(const char *fmt, ...)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("Q6FUZZ_VERBOSE") != NULL;
    if (!verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *q6fuzz_dir(void)
{
    if (dir[0])
        return dir;
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/q6fuzz.XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror("q6fuzz: mkdtemp");
        abort();
    }
    atexit(remove_scratch);
    return dir;
}

const char *q6fuzz_path(const char *name)
{
    for (size_t i = 0; i < n_files; i++)
        if (!strcmp(files[i].name, name))
            return files[i].path;
    if (n_files == MAX_NAMES || strlen(name) >= sizeof files[0].name)
        q6fuzz_fail("too many or too long scratch file names");
    snprintf(files[n_files].name, sizeof files[n_files].name, "%s", name);
    snprintf(files[n_files].path, sizeof files[n_files].path, "%s/%s", q6fuzz_dir(), name);
    return files[n_files++].path;
}

const char *q6fuzz_write(const char *name, const void *data, size_t size)
{
    const char *path = q6fuzz_path(name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        perror(path);
        abort();
    }
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            perror(path);
            abort();
        }
        p += n;
        size -= (size_t)n;
    }
    if (close(fd) != 0) {
        perror(path);
        abort();
    }
    return path;
}

const char *q6fuzz_write_text(const char *name, const char *text)
{
    return q6fuzz_write(name, text, strlen(text));
}
