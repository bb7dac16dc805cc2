/* Fuzz harness: exogenous timelines, timeline.pb (traces/events/
 * timeline_io.c, read by `q6sim run --replay-timeline`). Input: the file's
 * bytes, written as timeline.pb; the header is opened and slots are read
 * until the first error or end of file (at most MAX_SLOTS, to bound one
 * input's time).
 *
 * Checks beyond "no crash, no leak": a slot read back carries the arrays
 * the header sized, its tasks name nodes inside the header's count, and
 * its link_up flags (header random_links) are 0 or 1. */
#include "fuzz_util.h"
#include "traces/events/timeline_io.h"
#include <stdio.h>

#define MAX_SLOTS 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = q6fuzz_write("timeline.pb", data, size);
    char err[1024];
    q6_timeline_header h;
    q6_timeline_file *f = q6_timeline_open(path, &h, err, sizeof err);
    if (!f) {
        q6fuzz_note("%s", err);
        return 0;
    }
    const q6_timeline_slot *s;
    int k = 0;
    for (; k < MAX_SLOTS && q6_timeline_read(f, &s, err, sizeof err) == 0; k++) {
        if ((h.nodes && (!s->node_pose || !s->present)) || (h.aps && (!s->ap_xyz || !s->renewable_j)))
            q6fuzz_fail("timeline slot without the arrays its header sizes");
        for (size_t l = 0; h.random_links && l < (size_t)h.nodes * h.aps; l++)
            if (s->link_up[l] > 1)
                q6fuzz_fail("timeline link_up flag other than 0 or 1");
        for (size_t t = 0; t < s->n_tasks; t++)
            if (s->tasks[t].node >= h.nodes)
                q6fuzz_fail("timeline task names a node beyond the header's count");
    }
    q6fuzz_note("%d slots read; then: %s", k, err);
    q6_timeline_close(f);
    return 0;
}
