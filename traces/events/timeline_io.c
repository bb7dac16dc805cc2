#include "traces/events/timeline_io.h"
#include "timeline.pb-c.h"
#include "traces/events/varint.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct q6_timeline_file {
    FILE *f;
    char path[4096];
    int writing, failed;
    uint64_t record;
    q6_timeline_header h;
    q6_timeline_slot s;       /* reading: owned buffers */
    size_t task_cap;
    uint8_t *buf;
    size_t cap;
};

static void alloc_slot(q6_timeline_file *t)
{
    size_t n = t->h.nodes, a = t->h.aps;
    t->s.node_pose = calloc(5 * n + 1, sizeof(double));
    t->s.present = calloc(n + 1, 1);
    t->s.ap_xyz = calloc(3 * a + 1, sizeof(double));
    t->s.fading = calloc(n * a + 1, sizeof(double));
    t->s.renewable_j = calloc(a + 1, sizeof(double));
    t->h.battery_initial = calloc(a + 1, sizeof(double));
    t->s.bs_load = calloc(t->h.market_bs + 1, sizeof(double));
    t->h.market_soc_initial = calloc(t->h.market_parties + 1, sizeof(double));
}

static int put_record(q6_timeline_file *t, const Q6__Timeline__TimelineRecord *r)
{
    size_t len = q6__timeline__timeline_record__get_packed_size(r);
    if (len + 10 > t->cap) {
        t->cap = 2 * (len + 10);
        t->buf = realloc(t->buf, t->cap);
    }
    size_t h = q6_varint_put(t->buf, len);
    q6__timeline__timeline_record__pack(r, t->buf + h);
    if (fwrite(t->buf, 1, h + len, t->f) != h + len)
        t->failed = 1;
    return t->failed ? -1 : 0;
}

q6_timeline_file *q6_timeline_create(const char *path, const q6_timeline_header *h)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    q6_timeline_file *t = calloc(1, sizeof *t);
    t->f = f;
    t->writing = 1;
    snprintf(t->path, sizeof t->path, "%s", path);
    Q6__Timeline__TimelineHeader hd = Q6__TIMELINE__TIMELINE_HEADER__INIT;
    hd.version = Q6_TIMELINE_SCHEMA_VERSION;
    hd.nodes = h->nodes;
    hd.aps = h->aps;
    hd.slots = h->slots;
    hd.slot_length_s = h->slot_s;
    hd.n_battery_initial = h->aps;
    hd.battery_initial = h->battery_initial;
    hd.market_parties = h->market_parties;
    hd.market_bs = h->market_bs;
    hd.n_market_soc_initial = h->market_parties;
    hd.market_soc_initial = h->market_soc_initial;
    Q6__Timeline__TimelineRecord r = Q6__TIMELINE__TIMELINE_RECORD__INIT;
    r.record_case = Q6__TIMELINE__TIMELINE_RECORD__RECORD_HEADER;
    r.header = &hd;
    put_record(t, &r);
    t->h = *h;
    return t;
}

int q6_timeline_write(q6_timeline_file *t, const q6_timeline_slot *s)
{
    size_t n = t->h.nodes, a = t->h.aps;
    Q6__Timeline__TimelineSlot sl = Q6__TIMELINE__TIMELINE_SLOT__INIT;
    sl.slot = s->slot;
    sl.n_node_pose = 5 * n;
    sl.node_pose = s->node_pose;
    protobuf_c_boolean *present = malloc((n + 1) * sizeof *present);
    for (size_t i = 0; i < n; i++)
        present[i] = s->present[i] != 0;
    sl.n_present = n;
    sl.present = present;
    sl.n_ap_xyz = 3 * a;
    sl.ap_xyz = s->ap_xyz;
    sl.n_fading = n * a;
    sl.fading = s->fading;
    sl.n_renewable_j = a;
    sl.renewable_j = s->renewable_j;
    sl.n_bs_load = t->h.market_bs;
    sl.bs_load = s->bs_load;
    Q6__Timeline__TaskArrival *ta = malloc((s->n_tasks + 1) * sizeof *ta);
    Q6__Timeline__TaskArrival **tp = malloc((s->n_tasks + 1) * sizeof *tp);
    for (size_t k = 0; k < s->n_tasks; k++) {
        q6__timeline__task_arrival__init(&ta[k]);
        ta[k].node = s->tasks[k].node;
        ta[k].arrival_s = s->tasks[k].arrival_s;
        ta[k].input_bytes = s->tasks[k].input_bytes;
        ta[k].output_bytes = s->tasks[k].output_bytes;
        ta[k].work_flops = s->tasks[k].work_flops;
        tp[k] = &ta[k];
    }
    sl.n_tasks = s->n_tasks;
    sl.tasks = tp;
    Q6__Timeline__TimelineRecord r = Q6__TIMELINE__TIMELINE_RECORD__INIT;
    r.record_case = Q6__TIMELINE__TIMELINE_RECORD__RECORD_SLOT;
    r.slot = &sl;
    int rc = put_record(t, &r);
    free(present);
    free(ta);
    free(tp);
    return rc;
}

static Q6__Timeline__TimelineRecord *get_record(q6_timeline_file *t, char *err, size_t errlen)
{
    long offset = ftell(t->f);
    uint64_t len;
    int v = q6_varint_get(t->f, &len);
    if (v == 0) {
        snprintf(err, errlen, "%s: record %llu: the timeline ends before the run does", t->path,
                 (unsigned long long)t->record);
        return NULL;
    }
    if (v < 0 || len > (1u << 30)) {
        snprintf(err, errlen, "%s: record %llu (byte offset %ld): bad length prefix", t->path,
                 (unsigned long long)t->record, offset);
        return NULL;
    }
    if (len > t->cap && q6_record_fits(t->f, len)) {
        uint8_t *grown = realloc(t->buf, len);
        if (grown) {
            t->buf = grown;
            t->cap = len;
        }
    }
    Q6__Timeline__TimelineRecord *r = NULL;
    if (len > t->cap || fread(t->buf, 1, len, t->f) != len ||
        !(r = q6__timeline__timeline_record__unpack(NULL, len, t->buf)))
        snprintf(err, errlen, "%s: record %llu (byte offset %ld): truncated or not a timeline record", t->path,
                 (unsigned long long)t->record, offset);
    t->record++;
    return r;
}

q6_timeline_file *q6_timeline_open(const char *path, q6_timeline_header *h, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open timeline file", path);
        return NULL;
    }
    q6_timeline_file *t = calloc(1, sizeof *t);
    t->f = f;
    snprintf(t->path, sizeof t->path, "%s", path);
    Q6__Timeline__TimelineRecord *r = get_record(t, err, errlen);
    if (!r || r->record_case != Q6__TIMELINE__TIMELINE_RECORD__RECORD_HEADER ||
        r->header->version != Q6_TIMELINE_SCHEMA_VERSION || r->header->n_battery_initial != r->header->aps ||
        r->header->n_market_soc_initial != r->header->market_parties || r->header->market_bs > r->header->aps) {
        if (r)
            snprintf(err, errlen, "%s: record 0: expected a version %u header with one battery level per AP "
                     "and one initial charge per market party", path, Q6_TIMELINE_SCHEMA_VERSION);
        if (r)
            q6__timeline__timeline_record__free_unpacked(r, NULL);
        q6_timeline_close(t);
        return NULL;
    }
    t->h.nodes = r->header->nodes;
    t->h.aps = r->header->aps;
    t->h.slots = r->header->slots;
    t->h.slot_s = r->header->slot_length_s;
    t->h.market_parties = r->header->market_parties;
    t->h.market_bs = r->header->market_bs;
    alloc_slot(t);
    if (t->h.aps)   /* protobuf-c leaves an empty repeated field NULL */
        memcpy(t->h.battery_initial, r->header->battery_initial, t->h.aps * sizeof(double));
    if (t->h.market_parties)
        memcpy(t->h.market_soc_initial, r->header->market_soc_initial, t->h.market_parties * sizeof(double));
    q6__timeline__timeline_record__free_unpacked(r, NULL);
    *h = t->h;
    return t;
}

int q6_timeline_read(q6_timeline_file *t, const q6_timeline_slot **out, char *err, size_t errlen)
{
    Q6__Timeline__TimelineRecord *r = get_record(t, err, errlen);
    if (!r)
        return -1;
    size_t n = t->h.nodes, a = t->h.aps;
    const Q6__Timeline__TimelineSlot *sl = r->slot;
    const char *bad = r->record_case != Q6__TIMELINE__TIMELINE_RECORD__RECORD_SLOT ? "expected a slot record"
                    : sl->n_node_pose != 5 * n ? "node_pose: expected 5 values per node"
                    : sl->n_present != n ? "present: expected one value per node"
                    : sl->n_ap_xyz != 3 * a ? "ap_xyz: expected 3 values per access point"
                    : sl->n_fading != n * a ? "fading: expected one value per node and access point"
                    : sl->n_renewable_j != a ? "renewable_j: expected one value per access point"
                    : sl->n_bs_load != t->h.market_bs ? "bs_load: expected one value per market BS" : NULL;
    for (size_t k = 0; !bad && k < sl->n_tasks; k++)
        if (sl->tasks[k]->node >= n || (k && sl->tasks[k]->node < sl->tasks[k - 1]->node))
            bad = "tasks: node out of range or not sorted by node";
    if (bad) {
        snprintf(err, errlen, "%s: record %llu: %s", t->path, (unsigned long long)(t->record - 1), bad);
        q6__timeline__timeline_record__free_unpacked(r, NULL);
        return -1;
    }
    t->s.slot = sl->slot;
    memcpy(t->s.node_pose, sl->node_pose, 5 * n * sizeof(double));
    for (size_t i = 0; i < n; i++)
        t->s.present[i] = sl->present[i] ? 1 : 0;
    memcpy(t->s.ap_xyz, sl->ap_xyz, 3 * a * sizeof(double));
    memcpy(t->s.fading, sl->fading, n * a * sizeof(double));
    memcpy(t->s.renewable_j, sl->renewable_j, a * sizeof(double));
    if (t->h.market_bs)
        memcpy(t->s.bs_load, sl->bs_load, t->h.market_bs * sizeof(double));
    if (sl->n_tasks > t->task_cap) {
        t->task_cap = 2 * sl->n_tasks;
        t->s.tasks = realloc(t->s.tasks, t->task_cap * sizeof *t->s.tasks);
    }
    for (size_t k = 0; k < sl->n_tasks; k++)
        t->s.tasks[k] = (q6_timeline_task){sl->tasks[k]->node, sl->tasks[k]->arrival_s, sl->tasks[k]->input_bytes,
                                           sl->tasks[k]->output_bytes, sl->tasks[k]->work_flops};
    t->s.n_tasks = sl->n_tasks;
    q6__timeline__timeline_record__free_unpacked(r, NULL);
    *out = &t->s;
    return 0;
}

int q6_timeline_close(q6_timeline_file *t)
{
    if (!t)
        return 0;
    int rc = (fclose(t->f) != 0 || t->failed) ? -1 : 0;
    if (!t->writing) {
        free(t->s.node_pose);
        free(t->s.present);
        free(t->s.ap_xyz);
        free(t->s.fading);
        free(t->s.renewable_j);
        free(t->s.bs_load);
        free(t->s.tasks);
        free(t->h.battery_initial);
        free(t->h.market_soc_initial);
    }
    free(t->buf);
    free(t);
    return rc;
}
