/* trace.pb writer: length-delimited records through a 1 MiB stdio buffer
 * (a city run writes millions of events), and the choice of which event
 * kinds reach the file (--trace: an hour of the P3 city emits some 3 x 10^8
 * events, about 13 GB). */
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
    uint64_t count;      /* records emitted, written or not: the header and every event */
    uint64_t kinds;      /* bit k: kind k is written */
    int failed;
};

static int write_record(q6_trace_writer *w, const Q6__Trace__Record *r)
{
    size_t len = q6__trace__record__get_packed_size(r);
    if (len + 10 > w->cap) {
        uint8_t *b = realloc(w->buf, (len + 10) * 2);
        if (!b) {
            w->failed = 1;
            return -1;
        }
        w->buf = b;
        w->cap = (len + 10) * 2;
    }
    size_t h = q6_varint_put(w->buf, len);
    q6__trace__record__pack(r, w->buf + h);
    if (fwrite(w->buf, 1, h + len, w->f) != h + len)
        w->failed = 1;
    return w->failed ? -1 : 0;
}

q6_trace_writer *q6_trace_open(const char *path, const char *scenario, uint64_t seed,
                               const char *scheduler, double slot_s, uint64_t slots)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    q6_trace_writer *w = calloc(1, sizeof *w);
    if (!w) {
        fclose(f);
        return NULL;
    }
    w->f = f;
    w->kinds = ~(uint64_t)0;
    setvbuf(f, NULL, _IOFBF, 1 << 20);
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
    w->count = 1;
    return w;
}

int q6_trace_write(q6_trace_writer *w, const q6_trace_event *e)
{
    if (!w)
        return 0;
    w->count++;
    if (!q6_trace_wants(w, e->kind))
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

int q6_trace_wants(const q6_trace_writer *w, int kind)
{
    return w && kind >= 0 && kind < 64 && (w->kinds >> kind & 1);
}

void q6_trace_set_kinds(q6_trace_writer *w, uint64_t kinds)
{
    if (w)
        w->kinds = kinds;
}

int q6_trace_kinds_parse(const char *list, uint64_t *kinds, char *err, size_t errlen)
{
    if (!strcmp(list, "all")) {
        *kinds = ~(uint64_t)0;
        return 0;
    }
    *kinds = 0;
    if (!strcmp(list, "none"))
        return 0;
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        char name[64];
        const ProtobufCEnumValue *v = NULL;
        if (n > 0 && n < sizeof name) {
            memcpy(name, p, n);
            name[n] = 0;
            v = protobuf_c_enum_descriptor_get_value_by_name(&q6__trace__event_kind__descriptor, name);
        }
        if (!v || v->value <= 0 || v->value >= 64) {
            snprintf(err, errlen, "'%.*s' is not an event kind (all, none, or a comma-separated list of "
                     "TASK_ARRIVAL, TASK_DONE, ... as in traces/events/trace.proto)", (int)n, p);
            return -1;
        }
        *kinds |= (uint64_t)1 << v->value;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

int q6_trace_close(q6_trace_writer *w)
{
    if (!w)
        return 0;
    int rc = (fclose(w->f) != 0 || w->failed) ? -1 : 0;
    free(w->buf);
    free(w);
    return rc;
}
