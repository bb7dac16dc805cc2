/* Length-prefixed records (trace.pb, timeline.pb): a length that runs past
 * the end of a regular file is refused before its buffer is allocated
 * (fuzz_timeline_pb: a 1 KB file had the reader allocate 133 MB; the limit
 * was 1 GB), and the readers report such a record as truncated. */
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include "traces/events/timeline_io.h"
#include "traces/events/trace_io.h"
#include "traces/events/varint.h"
#include <string.h>
#include <unistd.h>

/* Writes bytes to dir/name; returns the path in out. */
static const char *write_bytes(const char *dir, const char *name, const uint8_t *b, size_t n,
                               char *out, size_t len)
{
    snprintf(out, len, "%s/%s", dir, name);
    FILE *f = fopen(out, "wb");
    CHECK(f && (n == 0 || fwrite(b, 1, n, f) == n));
    if (f)
        fclose(f);
    return out;
}

int main(void)
{
    char dir[4096], path[4300], err[1024];
    tmp_make_dir(dir, sizeof dir);

    /* q6_record_fits against hand-counted sizes: 10 bytes, position 4. */
    const uint8_t ten[10] = {0};
    FILE *f = fopen(write_bytes(dir, "ten", ten, sizeof ten, path, sizeof path), "rb");
    CHECK(f && fseek(f, 4, SEEK_SET) == 0);
    CHECK(q6_record_fits(f, 0) && q6_record_fits(f, 6) && !q6_record_fits(f, 7));
    CHECK(!q6_record_fits(f, UINT64_MAX));
    fclose(f);
    /* A pipe has no size: not checked. */
    int fds[2];
    CHECK(pipe(fds) == 0);
    f = fdopen(fds[0], "rb");
    CHECK(f && q6_record_fits(f, (uint64_t)1 << 40));
    fclose(f);
    close(fds[1]);

    /* A trace: a valid header, then a record claiming 2^26 - 1 bytes with
     * 3 present. The dump stops at record 1 as truncated. */
    q6_trace_writer *w = q6_trace_open(write_bytes(dir, "t.pb", NULL, 0, path, sizeof path),
                                       "s", 1, "greedy", 1.0, 1);
    CHECK(w && q6_trace_close(w) == 0);
    f = fopen(path, "ab");
    const uint8_t big[] = {0xff, 0xff, 0xff, 0x1f, 1, 2, 3};
    CHECK(f && fwrite(big, 1, sizeof big, f) == sizeof big);
    fclose(f);
    FILE *out = fopen("/dev/null", "w");
    CHECK(q6_trace_dump(path, out, 0, 0, err, sizeof err) == -1);
    /* refused at the length prefix (past the end of the file), before any allocation */
    CHECK(strstr(err, "record 1 ") && (strstr(err, "truncated record") || strstr(err, "bad length prefix")));
    fclose(out);

    /* A timeline whose header record claims 2^30 bytes. */
    const uint8_t tl[] = {0x80, 0x80, 0x80, 0x80, 0x04, 1, 2, 3};
    q6_timeline_header h;
    CHECK(q6_timeline_open(write_bytes(dir, "tl.pb", tl, sizeof tl, path, sizeof path), &h, err,
                           sizeof err) == NULL);
    CHECK(strstr(err, "record 0 ") && (strstr(err, "truncated") || strstr(err, "past the end of the file")));

    tmp_remove_dir(dir);
    return CHECK_DONE();
}
