/* trace.pb reader for `q6sim trace dump`. Events are written in emission
 * order, which is not time order (a task's arrival is emitted when its slot
 * is decided, after later events of the previous slot): the dump indexes
 * every event (time, file offset), sorts the index stably by time, and
 * reads the events again in that order, so memory stays at 32 bytes per
 * event whatever their strings hold. */
#include "traces/events/trace_io.h"
#include "sim/base/csv_write.h"
#include "sim/base/json_write.h"
#include "trace.pb-c.h"
#include "traces/events/varint.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *kind_name(int kind)
{
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(&q6__trace__event_kind__descriptor, kind);
    return v ? v->name : "EVENT_UNKNOWN";
}

static void print_event(FILE *out, const Q6__Trace__Event *e, int jsonl)
{
    if (jsonl) {
        q6_jw j;
        q6_jw_init(&j, out);
        q6_jw_begin_object(&j, 1);
        q6_jw_knumber(&j, "time_s", e->time_s);
        q6_jw_kstring(&j, "kind", kind_name(e->kind));
        q6_jw_kuint(&j, "slot", e->slot);
        q6_jw_kuint(&j, "task", e->task);
        q6_jw_kint(&j, "node", e->node);
        q6_jw_kint(&j, "ap", e->ap);
        q6_jw_kstring(&j, "host", e->host);
        q6_jw_knumber(&j, "value", e->value);
        q6_jw_kstring(&j, "detail", e->detail);
        q6_jw_end_object(&j);
        fputc('\n', out);
    } else {
        fprintf(out, "%.17g,%s,%llu,%llu,%d,%d,", e->time_s, kind_name(e->kind),
                (unsigned long long)e->slot, (unsigned long long)e->task, e->node, e->ap);
        q6_csv_field(out, e->host);
        fprintf(out, ",%.17g,", e->value);
        q6_csv_field(out, e->detail);
        fputc('\n', out);
    }
}

typedef struct {
    double time_s;
    uint64_t seq;          /* emission order, the tie-break */
    long offset;           /* of the record's payload */
    uint32_t len;
} event_ref;

/* Time order, NaN last, then emission order: a stable sort with qsort. */
static int cmp_ref(const void *pa, const void *pb)
{
    const event_ref *a = pa, *b = pb;
    int na = isnan(a->time_s), nb = isnan(b->time_s);
    if (na != nb)
        return na - nb;
    if (!na && a->time_s != b->time_s)
        return a->time_s < b->time_s ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static void print_header(FILE *out, const Q6__Trace__Header *h, int jsonl)
{
    q6_jw j;
    q6_jw_init(&j, out);
    if (!jsonl)
        fputs("# ", out);
    else {
        q6_jw_begin_object(&j, 1);
        q6_jw_key(&j, "header");
    }
    q6_jw_begin_object(&j, 1);
    q6_jw_kuint(&j, "version", h->version);
    q6_jw_kstring(&j, "scenario", h->scenario);
    q6_jw_kuint(&j, "seed", h->seed);
    q6_jw_kstring(&j, "scheduler", h->scheduler);
    q6_jw_knumber(&j, "slot_length_s", h->slot_length_s);
    q6_jw_kuint(&j, "slots", h->slots);
    q6_jw_end_object(&j);
    if (jsonl)
        q6_jw_end_object(&j);
    fputc('\n', out);
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    uint8_t *b = realloc(*buf, need);
    if (!b)
        return -1;
    *buf = b;
    *cap = need;
    return 0;
}

int q6_trace_dump(const char *path, FILE *out, int jsonl, int header, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open trace file", path);
        return -1;
    }
    struct stat st;
    int stat_ok = fstat(fileno(f), &st) == 0;
    if (!stat_ok || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s, not a trace file (a run writes OUT/trace.pb)", path,
                 stat_ok && S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
        fclose(f);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t cap = 0, n_refs = 0, cap_refs = 0;
    event_ref *refs = NULL;
    Q6__Trace__Record *hdr = NULL;    /* record 0 */
    uint64_t n = 0;
    int rc = 0;
    /* Pass 1: check every record, index the events. */
    for (;; n++) {
        long offset = ftell(f);
        uint64_t len;
        int v = q6_varint_get(f, &len);
        if (v == 0) {
            if (n == 0) {
                snprintf(err, errlen, "%s: empty file: no trace header", path);
                rc = -1;
            }
            break;
        }
        if (v < 0 || len > (1u << 26) || (long)len > (long)st.st_size - ftell(f) || grow(&buf, &cap, len + 1) < 0) {
            snprintf(err, errlen, "%s: record %llu (byte offset %ld): bad length prefix", path,
                     (unsigned long long)n, offset);
            rc = -1;
            break;
        }
        if (!q6_record_fits(f, len)) {
            snprintf(err, errlen, "%s: record %llu (byte offset %ld): truncated record", path,
                     (unsigned long long)n, offset);
            rc = -1;
            break;
        }
        long payload = ftell(f);
        if (fread(buf, 1, len, f) != len) {
            snprintf(err, errlen, "%s: record %llu (byte offset %ld): truncated record", path,
                     (unsigned long long)n, offset);
            rc = -1;
            break;
        }
        Q6__Trace__Record *r = q6__trace__record__unpack(NULL, len, buf);
        if (!r) {
            snprintf(err, errlen, "%s: record %llu (byte offset %ld): not a trace record", path,
                     (unsigned long long)n, offset);
            rc = -1;
            break;
        }
        if (n == 0) {
            if (r->record_case != Q6__TRACE__RECORD__RECORD_HEADER) {
                snprintf(err, errlen, "%s: record 0: expected the trace header", path);
                rc = -1;
            } else if (r->header->version != Q6_TRACE_SCHEMA_VERSION) {
                snprintf(err, errlen, "%s: record 0: schema version %u, this build reads %u", path,
                         r->header->version, Q6_TRACE_SCHEMA_VERSION);
                rc = -1;
            } else {
                hdr = r;
                continue;
            }
        } else if (r->record_case == Q6__TRACE__RECORD__RECORD_EVENT) {
            if (n_refs == cap_refs) {
                size_t c = cap_refs ? 2 * cap_refs : 4096;
                event_ref *nr = realloc(refs, c * sizeof *refs);
                if (!nr) {
                    snprintf(err, errlen, "%s: record %llu: out of memory indexing the events", path,
                             (unsigned long long)n);
                    rc = -1;
                } else {
                    refs = nr;
                    cap_refs = c;
                }
            }
            if (rc == 0)
                refs[n_refs] = (event_ref){r->event->time_s, n_refs, payload, (uint32_t)len}, n_refs++;
        } else {
            snprintf(err, errlen, "%s: record %llu: a second header", path, (unsigned long long)n);
            rc = -1;
        }
        q6__trace__record__free_unpacked(r, NULL);
        if (rc < 0)
            break;
    }
    /* Pass 2: the events in time order. */
    if (rc == 0) {
        if (n_refs) /* a header-only trace has no events (and refs is NULL) */
            qsort(refs, n_refs, sizeof *refs, cmp_ref);
        if (header)
            print_header(out, hdr->header, jsonl);
        if (!jsonl)
            fputs("time_s,kind,slot,task,node,ap,host,value,detail\n", out);
        for (size_t k = 0; k < n_refs && rc == 0; k++) {
            Q6__Trace__Record *r = NULL;
            if (fseek(f, refs[k].offset, SEEK_SET) != 0 || fread(buf, 1, refs[k].len, f) != refs[k].len ||
                !(r = q6__trace__record__unpack(NULL, refs[k].len, buf))) {
                snprintf(err, errlen, "%s: byte offset %ld: the file changed while it was read", path, refs[k].offset);
                rc = -1;
                break;
            }
            print_event(out, r->event, jsonl);
            q6__trace__record__free_unpacked(r, NULL);
        }
    }
    if (hdr)
        q6__trace__record__free_unpacked(hdr, NULL);
    free(refs);
    free(buf);
    fclose(f);
    return rc;
}
