#include "traces/events/trace_io.h"
#include "trace.pb-c.h"
#include "traces/events/varint.h"
#include <stdlib.h>
#include <string.h>

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void csv_string(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static const char *kind_name(int kind)
{
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(&q6__trace__event_kind__descriptor, kind);
    return v ? v->name : "EVENT_UNKNOWN";
}

static void print_event(FILE *out, const Q6__Trace__Event *e, int jsonl)
{
    if (jsonl) {
        fprintf(out, "{\"time_s\":%.17g,\"kind\":\"%s\",\"slot\":%llu,\"task\":%llu,\"node\":%d,\"ap\":%d,\"host\":",
                e->time_s, kind_name(e->kind), (unsigned long long)e->slot,
                (unsigned long long)e->task, e->node, e->ap);
        json_string(out, e->host);
        fprintf(out, ",\"value\":%.17g,\"detail\":", e->value);
        json_string(out, e->detail);
        fputs("}\n", out);
    } else {
        fprintf(out, "%.17g,%s,%llu,%llu,%d,%d,", e->time_s, kind_name(e->kind),
                (unsigned long long)e->slot, (unsigned long long)e->task, e->node, e->ap);
        csv_string(out, e->host);
        fprintf(out, ",%.17g,", e->value);
        csv_string(out, e->detail);
        fputc('\n', out);
    }
}

int q6_trace_dump(const char *path, FILE *out, int jsonl, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open trace file", path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t cap = 0;
    uint64_t n = 0;
    int rc = 0;
    for (;; n++) {
        long offset = ftell(f);
        uint64_t len;
        int v = q6_varint_get(f, &len);
        if (v == 0)
            break;
        if (v < 0 || len > (1u << 26)) {
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
        if (len > cap) {
            uint8_t *grown = realloc(buf, len);
            if (!grown) {
                snprintf(err, errlen, "%s: record %llu (byte offset %ld): out of memory", path,
                         (unsigned long long)n, offset);
                rc = -1;
                break;
            }
            buf = grown;
            cap = len;
        }
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
            } else if (!jsonl) {
                fputs("time_s,kind,slot,task,node,ap,host,value,detail\n", out);
            }
        } else if (r->record_case == Q6__TRACE__RECORD__RECORD_EVENT) {
            print_event(out, r->event, jsonl);
        }
        q6__trace__record__free_unpacked(r, NULL);
        if (rc < 0)
            break;
    }
    free(buf);
    fclose(f);
    return rc;
}
