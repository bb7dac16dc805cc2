/* sim/base/alloc.h's array helpers: q6_grow_array doubles from 16 until the
 * need fits (capacities checked by hand), keeps the contents, does nothing
 * when there is room, and on an impossible size fails leaving the array
 * and its capacity as they were; q6_resize_array refuses n x size that
 * overflows. */
#include "sim/base/alloc.h"
#include "test/check.h"
#include <stdint.h>
#include <stdlib.h>

int main(void)
{
    double *a = NULL;
    size_t cap = 0;
    CHECK(q6_grow_array(&a, &cap, 1, sizeof *a) == 0 && a && cap == 16);
    for (size_t i = 0; i < 16; i++)
        a[i] = (double)i;
    double *before = a;
    CHECK(q6_grow_array(&a, &cap, 16, sizeof *a) == 0 && a == before && cap == 16); /* room: nothing */
    CHECK(q6_grow_array(&a, &cap, 17, sizeof *a) == 0 && cap == 32);
    CHECK(q6_grow_array(&a, &cap, 100, sizeof *a) == 0 && cap == 128); /* 32 -> 64 -> 128 */
    int kept = 1;
    for (size_t i = 0; i < 16; i++)
        kept &= a[i] == (double)i;
    CHECK(kept);
    before = a;
    CHECK(q6_grow_array(&a, &cap, SIZE_MAX / 2 + 2, sizeof *a) == -1 && a == before && cap == 128);
    CHECK(q6_grow_array(&a, &cap, SIZE_MAX / 4, sizeof *a) == -1 && a == before && cap == 128); /* n x size overflows */
    CHECK(q6_resize_array(&a, SIZE_MAX / 2, sizeof *a) == -1 && a == before);
    free(a);
    return CHECK_DONE();
}
