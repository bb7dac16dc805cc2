#include "traces/events/varint.h"
#include <sys/stat.h>

size_t q6_varint_put(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        p[n++] = b | (v ? 0x80 : 0);
    } while (v);
    return n;
}

int q6_varint_get(FILE *f, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        int c = fgetc(f);
        if (c == EOF)
            return shift == 0 ? 0 : -1;
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return 1;
    }
    return -1;
}

int q6_record_fits(FILE *f, uint64_t len)
{
    struct stat st;
    long pos = ftell(f);
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || pos < 0)
        return 1;
    return (uint64_t)(st.st_size - pos) >= len;
}
