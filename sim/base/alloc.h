/* One allocate-or-fail helper for the engine's set-up: every array sized by
 * the input (slots, vehicles, access points) goes through it, so an
 * impossible size gives one clear message instead of a NULL that crashes
 * later. And the check of a size against the machine's memory, made before
 * allocating, because with overcommit a huge calloc can "succeed" and the
 * process dies only when the pages are touched. */
#ifndef Q6_SIM_ALLOC_H
#define Q6_SIM_ALLOC_H
#include <stddef.h>

/* calloc(n, size) (n = 0 allocates one element, so callers never get NULL
 * for an empty set). On overflow of n * size or out of memory: NULL and
 * "cannot allocate N x SIZE bytes for WHAT: reason" in err. */
void *q6_calloc_checked(size_t n, size_t size, const char *what, char *err, size_t errlen);

/* Resizes an array to n elements of `size` bytes (realloc). `array_ptr` is
 * the address of the caller's pointer (any object type: double **, ...);
 * on overflow or out of memory returns -1 and leaves that pointer as it
 * was, so a caller growing several parallel arrays still frees each once. */
int q6_resize_array(void *array_ptr, size_t n, size_t size);

/* Room for at least `need` elements in an array whose capacity is *cap:
 * when it has less, doubles the capacity (from 16) until it fits and
 * resizes (q6_resize_array), so n appends cost O(n). -1 when out of
 * memory (array and *cap as they were). */
int q6_grow_array(void *array_ptr, size_t *cap, size_t need, size_t size);

/* Physical memory of this machine in bytes (0 when unknown). */
unsigned long long q6_physical_memory_bytes(void);

/* Whether n things of `size` bytes each fit in physical memory; when not
 * (or on overflow), -1 with "N UNIT need X GB of memory (SIZE bytes each);
 * this machine has Y GB" in err. */
int q6_check_fits_memory(unsigned long long n, size_t size, const char *unit, char *err, size_t errlen);

#endif
