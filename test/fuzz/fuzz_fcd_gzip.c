/* Fuzz harness: gzip-compressed SUMO FCD traces (trace.fcd.xml.gz).
 *
 * Mutating compressed bytes mostly breaks the deflate stream, so the XML
 * behind it would hardly be explored. The first input byte therefore picks
 * a mode:
 *   even: the rest is FCD XML, compressed here into 1..4 gzip members
 *         (byte >> 1 picks the count; SUMO writes multi-member files), which
 *         explores the XML reader behind decompression and member joins;
 *   odd:  the rest is written as it is (corrupt, truncated or odd gzip
 *         headers reach the decompressor).
 * See mobility_exercise.c for what is read and which invariants hold. */
#include "fuzz_util.h"
#include "mobility_exercise.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Appends one gzip member holding in[0..n) to out (capacity *cap, length
 * *len). Returns -1 when memory runs out. */
static int gzip_member(const uint8_t *in, size_t n, uint8_t **out, size_t *len, size_t *cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    size_t need = *len + deflateBound(&z, (uLong)n) + 64;
    if (need > *cap) {
        uint8_t *o = realloc(*out, need);
        if (!o) {
            deflateEnd(&z);
            return -1;
        }
        *out = o;
        *cap = need;
    }
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = *out + *len;
    z.avail_out = (uInt)(*cap - *len);
    int rc = deflate(&z, Z_FINISH);
    *len += (size_t)(z.next_out - (*out + *len));
    deflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t *body = data + 1;
    size_t n = size - 1;
    if (data[0] & 1) {
        q6fuzz_exercise_fcd(q6fuzz_write("trace.fcd.xml.gz", body, n));
        return 0;
    }
    size_t members = 1 + (size_t)(data[0] >> 1) % 4, len = 0, cap = 0;
    uint8_t *gz = NULL;
    for (size_t k = 0; k < members; k++) {
        size_t from = n * k / members, to = n * (k + 1) / members;
        if (gzip_member(body + from, to - from, &gz, &len, &cap) < 0) {
            free(gz);
            return 0;
        }
    }
    q6fuzz_exercise_fcd(q6fuzz_write("trace.fcd.xml.gz", gz, len));
    free(gz);
    return 0;
}
