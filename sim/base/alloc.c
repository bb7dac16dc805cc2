/* Checked allocation and memory limits (see alloc.h). */
#include "sim/base/alloc.h"
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *q6_calloc_checked(size_t n, size_t size, const char *what, char *err, size_t errlen)
{
    if (n == 0)
        n = 1;
    if (size && n > SIZE_MAX / size) {
        snprintf(err, errlen, "cannot allocate %zu x %zu bytes for %s: the size overflows", n, size, what);
        return NULL;
    }
    errno = 0;
    void *p = calloc(n, size ? size : 1);
    if (!p)
        snprintf(err, errlen, "cannot allocate %zu x %zu bytes for %s: %s", n, size, what,
                 strerror(errno ? errno : ENOMEM));
    return p;
}

unsigned long long q6_physical_memory_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page <= 0)
        return 0;
    return (unsigned long long)pages * (unsigned long long)page;
}

int q6_resize_array(void *array_ptr, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return -1;
    void *old; /* the caller's pointer, copied out and back (not read as a void *) */
    memcpy(&old, array_ptr, sizeof old);
    size_t bytes = n * size;
    void *q = realloc(old, bytes ? bytes : 1);
    if (!q)
        return -1;
    memcpy(array_ptr, &q, sizeof q);
    return 0;
}

int q6_grow_array(void *array_ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (q6_resize_array(array_ptr, n, size) < 0)
        return -1;
    *cap = n;
    return 0;
}

int q6_check_fits_memory(unsigned long long n, size_t size, const char *unit, char *err, size_t errlen)
{
    unsigned long long mem = q6_physical_memory_bytes();
    if (mem == 0)
        return 0; /* unknown: leave it to the allocation itself */
    int overflow = size && n > ULLONG_MAX / size;
    if (!overflow && n * size <= mem)
        return 0;
    snprintf(err, errlen, "%llu %s need %.3g GB of memory (%zu bytes each); this machine has %.3g GB", n, unit,
             (double)n * (double)size / 1e9, size, (double)mem / 1e9);
    return -1;
}
