/* Fuzz harness: the --trace event-kind list (traces/events/trace_writer.c,
 * q6_trace_kinds_parse). Input: the option's text (up to the first NUL).
 * An accepted list is "all" (every bit), "none" (no bit), or kinds of
 * trace.proto, none of them EVENT_UNKNOWN (bit 0); a refused one has a
 * message. */
#include "fuzz_util.h"
#include "traces/events/trace_io.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    uint64_t kinds;
    char err[256] = "";
    if (q6_trace_kinds_parse(text, &kinds, err, sizeof err) == 0) {
        if (!strcmp(text, "all") ? kinds != ~(uint64_t)0 : !strcmp(text, "none") ? kinds != 0 : (kinds & 1) || !kinds)
            q6fuzz_fail("accepted kind list with an impossible mask");
        q6fuzz_note("accepted: %#llx", (unsigned long long)kinds);
    } else if (!err[0]) {
        q6fuzz_fail("refused without a message");
    } else {
        q6fuzz_note("%s", err);
    }
    free(text);
    return 0;
}
