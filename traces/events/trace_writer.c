#include "traces/events/trace_io.h"
#include "trace.pb-c.h"
#include "traces/events/varint.h"
#include <stdlib.h>
#include <string.h>

_Static_assert((int)Q6_EV_TASK_ARRIVAL == (int)Q6__TRACE__EVENT_KIND__TASK_ARRIVAL &&
               (int)Q6_EV_TASK_DONE == (int)Q6__TRACE__EVENT_KIND__TASK_DONE &&
               (int)Q6_EV_INFEASIBLE == (int)Q6__TRACE__EVENT_KIND__INFEASIBLE &&
               (int)Q6_EV_HANDOVER == (int)Q6__TRACE__EVENT_KIND__HANDOVER &&
               (int)Q6_EV_VISIBILITY_END == (int)Q6__TRACE__EVENT_KIND__VISIBILITY_END &&
               (int)Q6_EV_EDGE_CHUNK_DONE == (int)Q6__TRACE__EVENT_KIND__EDGE_CHUNK_DONE &&
               (int)Q6_EV_QPU_JOB_START == (int)Q6__TRACE__EVENT_KIND__QPU_JOB_START &&
               (int)Q6_EV_QPU_JOB_FAILED == (int)Q6__TRACE__EVENT_KIND__QPU_JOB_FAILED,
               "trace_io.h event kinds must match trace.proto");

struct q6_trace_writer {
    FILE *f;
    uint8_t *buf;
    size_t cap;
    uint64_t count;
    int failed;
};

static int write_record(q6_trace_writer *w, const Q6__Trace__Record *r)
{
    size_t len = q6__trace__record__get_packed_size(r);
    if (len + 10 > w->cap) {
        w->cap = (len + 10) * 2;
        w->buf = realloc(w->buf, w->cap);
    }
    size_t h = q6_varint_put(w->buf, len);
    q6__trace__record__pack(r, w->buf + h);
    if (fwrite(w->buf, 1, h + len, w->f) != h + len)
        w->failed = 1;
    w->count++;
    return w->failed ? -1 : 0;
}

q6_trace_writer *q6_trace_open(const char *path, const char *scenario, uint64_t seed,
                               const char *scheduler, double slot_s, uint64_t slots)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    q6_trace_writer *w = calloc(1, sizeof *w);
    w->f = f;
    Q6__Trace__Header h = Q6__TRACE__HEADER__INIT;
    h.version = Q6_TRACE_SCHEMA_VERSION;
    h.scenario = (char *)scenario;
    h.seed = seed;
    h.scheduler = (char *)scheduler;
    h.slot_length_s = slot_s;
    h.slots = slots;
    Q6__Trace__Record r = Q6__TRACE__RECORD__INIT;
    r.record_case = Q6__TRACE__RECORD__RECORD_HEADER;
    r.header = &h;
    write_record(w, &r);
    return w;
}

int q6_trace_write(q6_trace_writer *w, const q6_trace_event *e)
{
    if (!w)
        return 0;
    Q6__Trace__Event ev = Q6__TRACE__EVENT__INIT;
    ev.time_s = e->time_s;
    ev.kind = (Q6__Trace__EventKind)e->kind;
    ev.slot = e->slot;
    ev.task = e->task;
    ev.node = e->node;
    ev.ap = e->ap;
    ev.host = (char *)(e->host ? e->host : "");
    ev.value = e->value;
    ev.detail = (char *)(e->detail ? e->detail : "");
    Q6__Trace__Record r = Q6__TRACE__RECORD__INIT;
    r.record_case = Q6__TRACE__RECORD__RECORD_EVENT;
    r.event = &ev;
    return write_record(w, &r);
}

uint64_t q6_trace_count(const q6_trace_writer *w) { return w ? w->count : 0; }

int q6_trace_close(q6_trace_writer *w)
{
    if (!w)
        return 0;
    int rc = (fclose(w->f) != 0 || w->failed) ? -1 : 0;
    free(w->buf);
    free(w);
    return rc;
}
