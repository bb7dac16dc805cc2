/* Fuzz harness: event traces, trace.pb (traces/events/trace_reader.c, the
 * reader behind `q6sim trace dump`). Input: the file's bytes, written as
 * trace.pb; dumped as CSV and as JSON lines into a scratch file (truncated
 * each time, so the harness writes nothing outside its directory and uses
 * no memory per input). */
#include "fuzz_util.h"
#include "traces/events/trace_io.h"
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = q6fuzz_write("trace.pb", data, size);
    char err[1024];
    for (int mode = 0; mode < 4; mode++) { /* csv / jsonl, without / with the header */
        int jsonl = mode & 1, header = mode >> 1;
        FILE *out = fopen(q6fuzz_path("dump.txt"), "w");
        if (!out)
            q6fuzz_fail("cannot create the dump file");
        int rc = q6_trace_dump(path, out, jsonl, header, err, sizeof err);
        q6fuzz_note("%s: %s", jsonl ? "jsonl" : "csv", rc == 0 ? "dumped" : err);
        fclose(out);
    }
    return 0;
}
