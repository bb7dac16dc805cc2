/* SUMO FCD streaming reader on libxml2's xmlTextReader. The file is read
 * through zlib's gzread, which reads plain files as they are and gzip files
 * member after member: SUMO writes multi-member gzip, which libxml2's own
 * decompression stopped reading after the first member. A trace is plain
 * data: no network, no DTD, no entity expansion (a DOCTYPE is refused, and
 * libxml2's limits on entity amplification stay on). */
#include "traces/mobility/fcd_reader.h"
#include "models/mobility/mobility.h"
#include "traces/mobility/idmap.h"
#include <errno.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct q6_fcd_reader {
    xmlTextReaderPtr xml;
    gzFile gz;              /* the file; closed by the reader (gz_close) */
    char path[4096];
    char xml_error[512];    /* first parser message, from the error handler */
    int xml_error_line;
    q6_fcd_sample *samples;
    size_t *id_offsets;     /* where each sample's id starts in ids */
    size_t n, cap;
    char *ids;              /* id strings of this step, back to back */
    size_t ids_len, ids_cap;
    q6_idmap seen;          /* ids of this step, to reject duplicates */
    double last_time_s;
    int done;
};

static void on_xml_error(void *arg, xmlErrorPtr e)
{
    q6_fcd_reader *r = arg;
    if (r->xml_error[0] || !e)
        return;
    snprintf(r->xml_error, sizeof r->xml_error, "%s", e->message ? e->message : "XML error");
    size_t len = strlen(r->xml_error);
    while (len > 0 && (r->xml_error[len - 1] == '\n' || r->xml_error[len - 1] == ' '))
        r->xml_error[--len] = '\0';
    r->xml_error_line = e->line;
}

/* libxml2 input callbacks over zlib. */
static int gz_read(void *arg, char *buf, int len)
{
    q6_fcd_reader *r = arg;
    int n = gzread(r->gz, buf, (unsigned)len);
    if (n < 0 && !r->xml_error[0]) {
        int code;
        snprintf(r->xml_error, sizeof r->xml_error, "gzip: %s", gzerror(r->gz, &code));
        r->xml_error_line = 0;
    }
    return n;
}

static int gz_close(void *arg)
{
    q6_fcd_reader *r = arg;
    int rc = r->gz ? gzclose(r->gz) : Z_OK;
    r->gz = NULL;
    return rc == Z_OK ? 0 : -1;
}

q6_fcd_reader *q6_fcd_open(const char *path, char *err, size_t errlen)
{
    if (!path || !path[0]) {
        snprintf(err, errlen, "fcd: no file name given");
        return NULL;
    }
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    fclose(probe);
    q6_fcd_reader *r = calloc(1, sizeof *r);
    if (!r || q6_idmap_init(&r->seen) < 0) {
        if (r)
            q6_idmap_free(&r->seen);
        free(r);
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    snprintf(r->path, sizeof r->path, "%s", path);
    r->last_time_s = -INFINITY;
    r->gz = gzopen(path, "rb");
    if (!r->gz) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno ? errno : ENOMEM));
        q6_fcd_close(r);
        return NULL;
    }
    /* No network, no DTD loading, no entity substitution (no NOENT), and
     * no XML_PARSE_HUGE: libxml2 keeps its limits on entity amplification. */
    r->xml = xmlReaderForIO(gz_read, gz_close, r, path, NULL, XML_PARSE_NONET | XML_PARSE_COMPACT);
    if (!r->xml) { /* the reader closed the file (gz_close) */
        snprintf(err, errlen, "%s: cannot read as XML", path);
        q6_fcd_close(r);
        return NULL;
    }
    xmlTextReaderSetStructuredErrorHandler(r->xml, on_xml_error, r);
    return r;
}

void q6_fcd_close(q6_fcd_reader *r)
{
    if (!r)
        return;
    if (r->xml)
        xmlFreeTextReader(r->xml); /* closes the file through gz_close */
    else if (r->gz)
        gzclose(r->gz);
    q6_idmap_free(&r->seen);
    free(r->samples);
    free(r->id_offsets);
    free(r->ids);
    free(r);
}

/* Line of the current element (the parser's own line runs ahead of the
 * reader because of buffering), else the parser's line. */
static int line_of(q6_fcd_reader *r)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(r->xml);
    long line = node ? xmlGetLineNo(node) : -1;
    return line > 0 ? (int)line : xmlTextReaderGetParserLineNumber(r->xml);
}

/* Reads attribute name as a number. 1 ok, 0 absent, -1 malformed. */
static int number_attr(q6_fcd_reader *r, const char *elem, const char *name, double *out,
                       char *err, size_t errlen)
{
    xmlChar *v = xmlTextReaderGetAttribute(r->xml, (const xmlChar *)name);
    if (!v)
        return 0;
    char *end;
    errno = 0;
    double d = strtod((const char *)v, &end);
    int ok = end != (char *)v && *end == '\0' && errno == 0 && isfinite(d);
    if (!ok)
        snprintf(err, errlen, "%s:%d: %s.%s: not a finite number: '%s'", r->path, line_of(r), elem,
                 name, (const char *)v);
    xmlFree(v);
    *out = d;
    return ok ? 1 : -1;
}

static int required_number(q6_fcd_reader *r, const char *elem, const char *name, double *out,
                           char *err, size_t errlen)
{
    int rc = number_attr(r, elem, name, out, err, errlen);
    if (rc == 0)
        snprintf(err, errlen, "%s:%d: %s: missing attribute '%s'", r->path, line_of(r), elem, name);
    return rc == 1 ? 0 : -1;
}

/* Refuses a value beyond the physical bound of ground and air nodes. */
static int within(q6_fcd_reader *r, const char *name, double v, double bound, const char *unit,
                  char *err, size_t errlen)
{
    if (isnan(v) || fabs(v) <= bound)
        return 0; /* NaN: the attribute is absent */
    snprintf(err, errlen, "%s:%d: vehicle.%s: %g %s is beyond the bound of %g %s", r->path, line_of(r), name, v,
             unit, bound, unit);
    return -1;
}

static int push_vehicle(q6_fcd_reader *r, char *err, size_t errlen)
{
    q6_fcd_sample s = {0};
    if (required_number(r, "vehicle", "x", &s.x_m, err, errlen) < 0 ||
        required_number(r, "vehicle", "y", &s.y_m, err, errlen) < 0)
        return -1;
    s.z_m = s.speed_mps = s.angle_deg = NAN;
    if (number_attr(r, "vehicle", "z", &s.z_m, err, errlen) < 0 ||
        number_attr(r, "vehicle", "speed", &s.speed_mps, err, errlen) < 0 ||
        number_attr(r, "vehicle", "angle", &s.angle_deg, err, errlen) < 0)
        return -1;
    if (within(r, "x", s.x_m, Q6_MOB_COORD_MAX_M, "m", err, errlen) < 0 ||
        within(r, "y", s.y_m, Q6_MOB_COORD_MAX_M, "m", err, errlen) < 0 ||
        within(r, "z", s.z_m, Q6_MOB_COORD_MAX_M, "m", err, errlen) < 0 ||
        within(r, "speed", s.speed_mps, Q6_MOB_SPEED_MAX_MPS, "m/s", err, errlen) < 0)
        return -1;
    xmlChar *id = xmlTextReaderGetAttribute(r->xml, (const xmlChar *)"id");
    if (!id || !id[0]) {
        xmlFree(id);
        snprintf(err, errlen, "%s:%d: vehicle: missing attribute 'id'", r->path, line_of(r));
        return -1;
    }
    size_t len = strlen((const char *)id) + 1;
    if (r->ids_len + len > r->ids_cap || r->n == r->cap) {
        size_t icap = r->ids_cap ? r->ids_cap : 4096, scap = r->cap ? r->cap : 256;
        while (r->ids_len + len > icap)
            icap *= 2;
        if (r->n == scap)
            scap *= 2;
        char *ids = realloc(r->ids, icap);
        q6_fcd_sample *samples = ids ? realloc(r->samples, scap * sizeof *samples) : NULL;
        if (ids)
            r->ids = ids, r->ids_cap = icap;
        if (samples)
            r->samples = samples;
        size_t *offsets = samples ? realloc(r->id_offsets, scap * sizeof *offsets) : NULL;
        if (offsets)
            r->id_offsets = offsets;
        if (!offsets) {
            xmlFree(id);
            snprintf(err, errlen, "%s:%d: out of memory", r->path, line_of(r));
            return -1;
        }
        r->cap = scap;
    }
    memcpy(r->ids + r->ids_len, id, len);
    xmlFree(id);
    r->id_offsets[r->n] = r->ids_len;   /* ids may move until the step ends */
    r->ids_len += len;
    r->samples[r->n++] = s;
    return 0;
}

/* Turns id offsets into pointers and rejects a vehicle listed twice. */
static int finish_step(q6_fcd_reader *r, char *err, size_t errlen)
{
    q6_idmap_clear(&r->seen);
    for (size_t i = 0; i < r->n; i++) {
        r->samples[i].id = r->ids + r->id_offsets[i];
        if (q6_idmap_get(&r->seen, r->samples[i].id) >= 0) {
            snprintf(err, errlen, "%s:%d: vehicle '%s' listed twice in timestep %g s", r->path,
                     line_of(r), r->samples[i].id, r->last_time_s);
            return -1;
        }
        if (q6_idmap_put(&r->seen, r->samples[i].id, (int)i) < 0) {
            snprintf(err, errlen, "%s: out of memory", r->path);
            return -1;
        }
    }
    return 0;
}

int q6_fcd_next_step(q6_fcd_reader *r, double *time_s, const q6_fcd_sample **samples,
                     size_t *n_samples, char *err, size_t errlen)
{
    if (r->done)
        return 0;
    int in_step = 0;
    r->n = 0;
    r->ids_len = 0;
    for (;;) {
        int rc = xmlTextReaderRead(r->xml);
        if (!strncmp(r->xml_error, "gzip:", 5)) { /* corrupt compressed data: no line to name */
            snprintf(err, errlen, "%s: %s", r->path, r->xml_error);
            return -1;
        }
        if (rc < 0 || r->xml_error[0]) {
            snprintf(err, errlen, "%s:%d: malformed XML: %s", r->path,
                     r->xml_error[0] ? r->xml_error_line : line_of(r),
                     r->xml_error[0] ? r->xml_error : "parse error");
            return -1;
        }
        if (rc == 0) {
            r->done = 1;
            if (in_step) {
                snprintf(err, errlen, "%s:%d: timestep not closed at end of file", r->path, line_of(r));
                return -1;
            }
            return 0;
        }
        int type = xmlTextReaderNodeType(r->xml);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            snprintf(err, errlen, "%s:%d: a DOCTYPE is not allowed in an FCD trace (SUMO writes none; "
                                  "entity declarations are refused)", r->path, line_of(r));
            return -1;
        }
        const char *name = (const char *)xmlTextReaderConstLocalName(r->xml);
        if (!name)
            continue;
        if (type == XML_READER_TYPE_ELEMENT && strcmp(name, "timestep") == 0) {
            double t;
            if (required_number(r, "timestep", "time", &t, err, errlen) < 0)
                return -1;
            if (!(t > r->last_time_s)) {
                snprintf(err, errlen, "%s:%d: timestep.time: %g s does not increase (previous %g s)",
                         r->path, line_of(r), t, r->last_time_s);
                return -1;
            }
            r->last_time_s = t;
            *time_s = t;
            in_step = 1;
            if (xmlTextReaderIsEmptyElement(r->xml))
                break;
        } else if (type == XML_READER_TYPE_ELEMENT && strcmp(name, "vehicle") == 0) {
            if (!in_step) {
                snprintf(err, errlen, "%s:%d: vehicle outside a timestep", r->path, line_of(r));
                return -1;
            }
            if (push_vehicle(r, err, errlen) < 0)
                return -1;
        } else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(name, "timestep") == 0) {
            break;
        }
    }
    if (finish_step(r, err, errlen) < 0)
        return -1;
    *samples = r->samples;
    *n_samples = r->n;
    return 1;
}

int q6_fcd_scan(const char *path, q6_fcd_summary *out, char *err, size_t errlen)
{
    q6_fcd_summary s = {NAN, NAN, 0, 0, 0};
    q6_fcd_reader *r = q6_fcd_open(path, err, errlen);
    if (!r)
        return -1;
    double t;
    const q6_fcd_sample *samples;
    size_t n;
    int rc;
    while ((rc = q6_fcd_next_step(r, &t, &samples, &n, err, errlen)) == 1) {
        if (s.n_steps == 0)
            s.first_time_s = t;
        s.last_time_s = t;
        s.n_steps++;
        s.n_samples += n;
        if (n > s.max_vehicles_per_step)
            s.max_vehicles_per_step = n;
    }
    q6_fcd_close(r);
    if (rc < 0)
        return -1;
    *out = s;
    return 0;
}
