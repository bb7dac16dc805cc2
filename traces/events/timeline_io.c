/* Timeline files (see timeline_io.h). Writing hashes every byte it puts
 * out and closes with a trailer; reading makes one checking pass over the
 * whole file at open (checksum, then values) and seeks back, so a damaged
 * or impossible timeline is refused before the run starts rather than in
 * the middle of it. */
#include "traces/events/timeline_io.h"
#include "timeline.pb-c.h"
#include "traces/events/varint.h"
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct q6_timeline_file {
    FILE *f;
    char path[4096];
    int writing, failed;
    uint64_t record;          /* index of the next record */
    uint64_t slots_done;      /* slot records written / read */
    long data_start;          /* reading: offset of the first slot record */
    q6_timeline_header h;
    q6_timeline_slot s;       /* reading: owned buffers */
    size_t task_cap;
    uint8_t *buf;
    size_t cap;
    EVP_MD_CTX *md;           /* SHA-256 of the bytes written / checked so far */
    int eof;                  /* reading: the last get_record met a clean end of file */
    long size;                /* reading: file size, bounds every length prefix */
};

static int alloc_slot(q6_timeline_file *t)
{
    size_t n = t->h.nodes, a = t->h.aps;
    t->s.node_pose = calloc(5 * n + 1, sizeof(double));
    t->s.present = calloc(n + 1, 1);
    t->s.ap_xyz = calloc(3 * a + 1, sizeof(double));
    t->s.fading = calloc(n * a + 1, sizeof(double));
    t->s.renewable_j = calloc(a + 1, sizeof(double));
    t->h.battery_initial = calloc(a + 1, sizeof(double));
    t->s.bs_load = calloc(t->h.market_bs + 1, sizeof(double));
    t->s.link_up = calloc(n * a + 1, 1);
    t->h.market_soc_initial = calloc(t->h.market_parties + 1, sizeof(double));
    return t->s.node_pose && t->s.present && t->s.ap_xyz && t->s.fading && t->s.renewable_j &&
                   t->h.battery_initial && t->s.bs_load && t->s.link_up && t->h.market_soc_initial
               ? 0
               : -1;
}

static int grow(q6_timeline_file *t, size_t need)
{
    if (need <= t->cap)
        return 0;
    uint8_t *b = realloc(t->buf, need);
    if (!b)
        return -1;
    t->buf = b;
    t->cap = need;
    return 0;
}

static int put_record(q6_timeline_file *t, const Q6__Timeline__TimelineRecord *r, int hashed)
{
    size_t len = q6__timeline__timeline_record__get_packed_size(r);
    if (grow(t, 2 * (len + 10)) < 0) {
        t->failed = 1;
        return -1;
    }
    size_t h = q6_varint_put(t->buf, len);
    q6__timeline__timeline_record__pack(r, t->buf + h);
    if (hashed)
        EVP_DigestUpdate(t->md, t->buf, h + len);
    if (fwrite(t->buf, 1, h + len, t->f) != h + len)
        t->failed = 1;
    t->record++;
    return t->failed ? -1 : 0;
}

static q6_timeline_file *file_new(FILE *f, const char *path)
{
    q6_timeline_file *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->f = f;
    snprintf(t->path, sizeof t->path, "%s", path);
    t->md = EVP_MD_CTX_new();
    if (!t->md || !EVP_DigestInit_ex(t->md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(t->md);
        free(t);
        return NULL;
    }
    return t;
}

q6_timeline_file *q6_timeline_create(const char *path, const q6_timeline_header *h)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    q6_timeline_file *t = file_new(f, path);
    if (!t) {
        fclose(f);
        return NULL;
    }
    t->writing = 1;
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
    hd.seed = h->seed;
    hd.scenario_name = (char *)h->scenario_name;
    hd.scenario_identity = (char *)h->scenario_identity;
    hd.random_links = h->random_links != 0; /* false writes nothing: other files stay as before */
    Q6__Timeline__TimelineRecord r = Q6__TIMELINE__TIMELINE_RECORD__INIT;
    r.record_case = Q6__TIMELINE__TIMELINE_RECORD__RECORD_HEADER;
    r.header = &hd;
    put_record(t, &r, 1);
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
    protobuf_c_boolean *link_up = malloc((t->h.random_links ? n * a : 0) * sizeof *link_up + 1);
    Q6__Timeline__TaskArrival *ta = malloc((s->n_tasks + 1) * sizeof *ta);
    Q6__Timeline__TaskArrival **tp = malloc((s->n_tasks + 1) * sizeof *tp);
    if (!present || !link_up || !ta || !tp) {
        free(present);
        free(link_up);
        free(ta);
        free(tp);
        t->failed = 1;
        return -1;
    }
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
    if (t->h.random_links) {
        for (size_t k = 0; k < n * a; k++)
            link_up[k] = s->link_up[k] != 0;
        sl.n_link_up = n * a;
        sl.link_up = link_up;
    }
    Q6__Timeline__QuantumCircuit *qc = malloc((s->n_tasks + 1) * sizeof *qc);
    if (!qc) {
        free(present);
        free(link_up);
        free(ta);
        free(tp);
        t->failed = 1;
        return -1;
    }
    for (size_t k = 0; k < s->n_tasks; k++) {
        const q6_timeline_task *st = &s->tasks[k];
        q6__timeline__task_arrival__init(&ta[k]);
        ta[k].node = st->node;
        ta[k].arrival_s = st->arrival_s;
        ta[k].input_bytes = st->input_bytes;
        ta[k].output_bytes = st->output_bytes;
        ta[k].work_flops = st->work_flops;
        if (st->n_subtasks > 1)
            ta[k].subtasks = st->n_subtasks; /* whole tasks write nothing: records stay as before */
        if (st->kind) {
            /* Classical tasks write none of these, so their records stay as before. */
            q6__timeline__quantum_circuit__init(&qc[k]);
            qc[k].logical_qubits = st->logical_qubits;
            qc[k].depth_steps = st->depth_steps;
            qc[k].gates_1q_per_step = st->gates_1q_per_step;
            qc[k].gates_2q_per_step = st->gates_2q_per_step;
            qc[k].meas_per_step = st->meas_per_step;
            qc[k].min_success = st->min_success;
            ta[k].kind = st->kind;
            ta[k].circuit = &qc[k];
            ta[k].qpu_key = st->qpu_key;
        }
        tp[k] = &ta[k];
    }
    sl.n_tasks = s->n_tasks;
    sl.tasks = tp;
    Q6__Timeline__TimelineRecord r = Q6__TIMELINE__TIMELINE_RECORD__INIT;
    r.record_case = Q6__TIMELINE__TIMELINE_RECORD__RECORD_SLOT;
    r.slot = &sl;
    int rc = put_record(t, &r, 1);
    t->slots_done++;
    free(present);
    free(link_up);
    free(ta);
    free(tp);
    free(qc);
    return rc;
}

/* Reads the next record. With `hash`, its bytes (length prefix included)
 * enter the checksum unless it is the trailer. NULL at a clean end of file
 * (t->eof set, err untouched) or with err set. */
static Q6__Timeline__TimelineRecord *get_record(q6_timeline_file *t, int hash, char *err, size_t errlen)
{
    long offset = ftell(t->f);
    uint64_t len;
    t->eof = 0;
    int v = q6_varint_get(t->f, &len);
    if (v == 0) {
        t->eof = 1;
        return NULL;
    }
    /* A length past the end of the file is refused before any allocation. */
    if (v < 0 || len > (1u << 30) || (long)len > t->size - ftell(t->f) || grow(t, len + 10) < 0) {
        snprintf(err, errlen, "%s: record %llu (byte offset %ld): bad length prefix (%llu bytes%s)", t->path,
                 (unsigned long long)t->record, offset, (unsigned long long)len,
                 v >= 0 && (long)len > t->size - ftell(t->f) ? ", past the end of the file" : "");
        return NULL;
    }
    Q6__Timeline__TimelineRecord *r = NULL;
    if (fread(t->buf, 1, len, t->f) != len) {
        snprintf(err, errlen, "%s: record %llu (byte offset %ld): truncated record", t->path,
                 (unsigned long long)t->record, offset);
        return NULL;
    }
    r = q6__timeline__timeline_record__unpack(NULL, len, t->buf);
    if (!r)
        snprintf(err, errlen, "%s: record %llu (byte offset %ld): not a timeline record", t->path,
                 (unsigned long long)t->record, offset);
    if (hash && !(r && r->record_case == Q6__TIMELINE__TIMELINE_RECORD__RECORD_TRAILER)) {
        uint8_t pre[10];
        EVP_DigestUpdate(t->md, pre, q6_varint_put(pre, len));
        EVP_DigestUpdate(t->md, t->buf, len);
    }
    t->record++;
    return r;
}

/* "what[i] (context): value is wrong" helpers for check_slot. */
#define BAD(...) (snprintf(msg, msglen, __VA_ARGS__), -1)

static const char *const pose_field[5] = {"x_m", "y_m", "z_m", "speed_mps", "heading_rad"};

static int circuit_ok(const Q6__Timeline__QuantumCircuit *c)
{
    const double v[] = {c->logical_qubits - 1, c->depth_steps, c->gates_1q_per_step, c->gates_2q_per_step,
                        c->meas_per_step, c->min_success, 1 - c->min_success};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!(v[i] >= 0) || !isfinite(v[i]))
            return 0;
    return 1;
}

/* Shape and values of one slot record (the slot'th, 0-based). */
static int check_slot(const q6_timeline_file *t, const Q6__Timeline__TimelineSlot *sl, uint64_t slot, char *msg,
                      size_t msglen)
{
    size_t n = t->h.nodes, a = t->h.aps;
    if (sl->slot != slot)
        return BAD("slot: %llu where slot %llu was expected", (unsigned long long)sl->slot,
                   (unsigned long long)slot);
    if (sl->n_node_pose != 5 * n)
        return BAD("node_pose: expected 5 values per node");
    if (sl->n_present != n)
        return BAD("present: expected one value per node");
    if (sl->n_ap_xyz != 3 * a)
        return BAD("ap_xyz: expected 3 values per access point");
    if (sl->n_fading != n * a)
        return BAD("fading: expected one value per node and access point");
    if (sl->n_renewable_j != a)
        return BAD("renewable_j: expected one value per access point");
    if (sl->n_bs_load != t->h.market_bs)
        return BAD("bs_load: expected one value per market BS");
    if (sl->n_link_up != (t->h.random_links ? n * a : 0))
        return BAD("link_up: expected %s", t->h.random_links ? "one value per node and access point (header "
                   "random_links is set)" : "none (header random_links is not set)");
    for (size_t k = 0; k < 5 * n; k++) {
        double v = sl->node_pose[k];
        if (!isfinite(v) || (k % 5 == 3 && v < 0))
            return BAD("node_pose[%zu] (node %zu %s): %g is %s", k, k / 5, pose_field[k % 5], v,
                       isfinite(v) ? "negative" : "not finite");
    }
    for (size_t k = 0; k < 3 * a; k++)
        if (!isfinite(sl->ap_xyz[k]))
            return BAD("ap_xyz[%zu] (access point %zu %s): %g is not finite", k, k / 3, pose_field[k % 3],
                       sl->ap_xyz[k]);
    for (size_t k = 0; k < n * a; k++)
        if (!(sl->fading[k] >= 0) || !isfinite(sl->fading[k]))
            return BAD("fading[%zu] (node %zu, access point %zu): %g is not a power gain (finite, >= 0)", k,
                       a ? k / a : 0, a ? k % a : 0, sl->fading[k]);
    for (size_t k = 0; k < a; k++)
        if (!(sl->renewable_j[k] >= 0) || !isfinite(sl->renewable_j[k]))
            return BAD("renewable_j[%zu]: %g is not an energy (finite, >= 0)", k, sl->renewable_j[k]);
    for (size_t k = 0; k < t->h.market_bs; k++)
        if (!(sl->bs_load[k] >= 0 && sl->bs_load[k] <= 1))
            return BAD("bs_load[%zu]: %g is not a load fraction in [0, 1]", k, sl->bs_load[k]);
    /* Arrivals fall in [t0, t0 + slot_s); a relative slack of 1e-9 allows
     * for t0 = slot x slot_s being rounded. */
    double t0 = (double)slot * t->h.slot_s, t1 = t0 + t->h.slot_s, slack = 1e-9 * t1;
    for (size_t k = 0; k < sl->n_tasks; k++) {
        const Q6__Timeline__TaskArrival *ta = sl->tasks[k], *prev = k ? sl->tasks[k - 1] : NULL;
        if (ta->node >= n)
            return BAD("tasks[%zu].node: %u, but there are %zu nodes", k, ta->node, n);
        if (!sl->present[ta->node])
            return BAD("tasks[%zu].node: node %u is absent in this slot", k, ta->node);
        if (prev && (ta->node < prev->node || (ta->node == prev->node && ta->arrival_s < prev->arrival_s)))
            return BAD("tasks[%zu]: not sorted by node, then arrival time", k);
        if (!(ta->arrival_s >= t0 - slack && ta->arrival_s <= t1 + slack))
            return BAD("tasks[%zu].arrival_s: %g is outside its slot [%g, %g) s", k, ta->arrival_s, t0, t1);
        const struct {
            const char *name;
            double v;
        } size[3] = {{"input_bytes", ta->input_bytes}, {"output_bytes", ta->output_bytes},
                     {"work_flops", ta->work_flops}};
        for (int i = 0; i < 3; i++)
            if (!(size[i].v >= 0) || !isfinite(size[i].v))
                return BAD("tasks[%zu].%s: %g is not a size (finite, >= 0)", k, size[i].name, size[i].v);
        if (ta->kind > 1)
            return BAD("tasks[%zu].kind: %u must be 0 (classical) or 1 (quantum)", k, ta->kind);
        if (ta->subtasks > 64 || (ta->subtasks > 1 && ta->kind == 1))
            return BAD("tasks[%zu].subtasks: %u parts (at most 64, and a quantum task is whole)", k, ta->subtasks);
        if (ta->kind == 1 && !ta->circuit)
            return BAD("tasks[%zu].circuit: a quantum task (kind 1) without its circuit", k);
        if (ta->kind == 1 && !circuit_ok(ta->circuit))
            return BAD("tasks[%zu].circuit: logical_qubits >= 1, depth and gate counts >= 0, min_success in "
                       "[0, 1], all finite", k);
    }
    return 0;
}

static int check_header(const Q6__Timeline__TimelineHeader *h, char *msg, size_t msglen)
{
    if (h->version < 1 || h->version > Q6_TIMELINE_SCHEMA_VERSION)
        return BAD("version: %u, this build reads 1 to %u", h->version, Q6_TIMELINE_SCHEMA_VERSION);
    if (h->n_battery_initial != h->aps)
        return BAD("battery_initial: expected one value per access point");
    if (h->n_market_soc_initial != h->market_parties)
        return BAD("market_soc_initial: expected one value per market party");
    if (h->market_bs > h->aps)
        return BAD("market_bs: %u, more than the %u access points", h->market_bs, h->aps);
    if (!(h->slot_length_s > 0) || !isfinite(h->slot_length_s))
        return BAD("slot_length_s: %g is not a positive duration", h->slot_length_s);
    for (size_t k = 0; k < h->n_battery_initial; k++)
        if (!(h->battery_initial[k] >= 0 && h->battery_initial[k] <= 1))
            return BAD("battery_initial[%zu]: %g is not a charge fraction in [0, 1]", k, h->battery_initial[k]);
    for (size_t k = 0; k < h->n_market_soc_initial; k++)
        if (!(h->market_soc_initial[k] >= 0 && h->market_soc_initial[k] <= 1))
            return BAD("market_soc_initial[%zu]: %g is not a charge fraction in [0, 1]", k,
                       h->market_soc_initial[k]);
    if (h->version >= 2 && (strlen(h->scenario_identity) != 64 || strlen(h->scenario_name) >= 128))
        return BAD("scenario_identity: expected 64 hex digits and a name under 128 bytes");
    return 0;
}
#undef BAD

/* The checking pass of open: every record after the header, hashed and
 * checked; then the trailer against the hash. A checksum failure is
 * reported before a value error, since a damaged byte explains both. */
static int verify(q6_timeline_file *t, char *err, size_t errlen)
{
    char first[5200] = "", msg[900];
    int trailer = 0, sum_ok = 0;
    uint64_t trailer_slots = 0, slots = 0;
    for (;;) {
        Q6__Timeline__TimelineRecord *r = get_record(t, t->h.version >= 2, err, errlen);
        if (!r) {
            if (t->eof)
                break;
            if (t->h.version >= 2 && strstr(err, "not a timeline record")) {
                if (!first[0])
                    snprintf(first, sizeof first, "%s", err);
                continue; /* keep hashing: the checksum tells damage from a bad writer */
            }
            return -1;
        }
        uint64_t rec = t->record - 1;
        if (trailer) {
            snprintf(err, errlen, "%s: record %llu: data after the trailer", t->path, (unsigned long long)rec);
            q6__timeline__timeline_record__free_unpacked(r, NULL);
            return -1;
        }
        if (r->record_case == Q6__TIMELINE__TIMELINE_RECORD__RECORD_TRAILER) {
            trailer = 1;
            trailer_slots = r->trailer->slots;
            unsigned char d[EVP_MAX_MD_SIZE];
            unsigned dl = 0;
            EVP_DigestFinal_ex(t->md, d, &dl);
            sum_ok = r->trailer->sha256.len == dl && !memcmp(r->trailer->sha256.data, d, dl);
        } else if (r->record_case == Q6__TIMELINE__TIMELINE_RECORD__RECORD_SLOT) {
            if (!first[0] && check_slot(t, r->slot, slots, msg, sizeof msg) < 0)
                snprintf(first, sizeof first, "%s: record %llu (slot %llu): %s", t->path, (unsigned long long)rec,
                         (unsigned long long)slots, msg);
            slots++;
        } else if (!first[0]) {
            snprintf(first, sizeof first, "%s: record %llu: expected a slot record", t->path, (unsigned long long)rec);
        }
        q6__timeline__timeline_record__free_unpacked(r, NULL);
    }
    if (t->h.version >= 2) {
        if (!trailer) {
            snprintf(err, errlen, "%s: no trailer after record %llu: the file is incomplete (cut, or its "
                     "recording run did not finish)", t->path, (unsigned long long)(t->record - 1));
            return -1;
        }
        if (!sum_ok) {
            snprintf(err, errlen, "%s: checksum mismatch: the SHA-256 of records 0 to %llu differs from the "
                     "trailer's; the file was altered or damaged", t->path, (unsigned long long)(t->record - 2));
            return -1;
        }
        if (trailer_slots != slots || slots != t->h.slots) {
            snprintf(err, errlen, "%s: trailer: %llu slot records, the header announces %llu and the file "
                     "holds %llu", t->path, (unsigned long long)trailer_slots, (unsigned long long)t->h.slots,
                     (unsigned long long)slots);
            return -1;
        }
    }
    if (first[0]) {
        snprintf(err, errlen, "%s", first);
        return -1;
    }
    return 0;
}

q6_timeline_file *q6_timeline_open(const char *path, q6_timeline_header *h, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open timeline file", path);
        return NULL;
    }
    q6_timeline_file *t = file_new(f, path);
    if (!t) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file, not a timeline", path);
        q6_timeline_close(t);
        return NULL;
    }
    t->size = (long)st.st_size;
    Q6__Timeline__TimelineRecord *r = get_record(t, 1, err, errlen);
    char msg[900];
    if (!r || r->record_case != Q6__TIMELINE__TIMELINE_RECORD__RECORD_HEADER ||
        check_header(r->header, msg, sizeof msg) < 0) {
        if (t->eof)
            snprintf(err, errlen, "%s: empty file, not a timeline", path);
        else if (r && r->record_case != Q6__TIMELINE__TIMELINE_RECORD__RECORD_HEADER)
            snprintf(err, errlen, "%s: record 0: expected the timeline header", path);
        else if (r)
            snprintf(err, errlen, "%s: record 0 (header): %s", path, msg);
        if (r)
            q6__timeline__timeline_record__free_unpacked(r, NULL);
        q6_timeline_close(t);
        return NULL;
    }
    const Q6__Timeline__TimelineHeader *hd = r->header;
    t->h.version = hd->version;
    t->h.nodes = hd->nodes;
    t->h.aps = hd->aps;
    t->h.slots = hd->slots;
    t->h.slot_s = hd->slot_length_s;
    t->h.market_parties = hd->market_parties;
    t->h.market_bs = hd->market_bs;
    t->h.seed = hd->seed;
    t->h.random_links = hd->random_links != 0;
    snprintf(t->h.scenario_name, sizeof t->h.scenario_name, "%s", hd->scenario_name);
    snprintf(t->h.scenario_identity, sizeof t->h.scenario_identity, "%s", hd->scenario_identity);
    /* Every slot record carries 5 n + 3 a + n a doubles, so the header's
     * counts are bounded by what the file can hold before anything that
     * size is allocated (a forged header must not exhaust memory). */
    long rest = t->size - ftell(t->f);
    double slot_bytes = 8.0 * (5.0 * hd->nodes + 3.0 * hd->aps + (double)hd->nodes * hd->aps);
    if (hd->slots == 0 || slot_bytes > (double)rest) {
        if (hd->slots == 0)
            snprintf(err, errlen, "%s: record 0 (header): slots: 0, a timeline holds at least one slot", path);
        else
            snprintf(err, errlen,
                     "%s: record 0 (header): nodes, aps: %u nodes and %u access points need %.0f bytes per slot "
                     "record, but only %ld bytes follow the header",
                     path, hd->nodes, hd->aps, slot_bytes, rest);
        q6__timeline__timeline_record__free_unpacked(r, NULL);
        q6_timeline_close(t);
        return NULL;
    }
    if (alloc_slot(t) < 0) {
        snprintf(err, errlen, "%s: record 0 (header): %u nodes and %u access points do not fit in memory", path,
                 hd->nodes, hd->aps);
        q6__timeline__timeline_record__free_unpacked(r, NULL);
        q6_timeline_close(t);
        return NULL;
    }
    if (t->h.aps) /* protobuf-c leaves an empty repeated field NULL */
        memcpy(t->h.battery_initial, hd->battery_initial, t->h.aps * sizeof(double));
    if (t->h.market_parties)
        memcpy(t->h.market_soc_initial, hd->market_soc_initial, t->h.market_parties * sizeof(double));
    q6__timeline__timeline_record__free_unpacked(r, NULL);
    t->data_start = ftell(t->f);
    if (verify(t, err, errlen) < 0 || fseek(t->f, t->data_start, SEEK_SET) != 0) {
        q6_timeline_close(t);
        return NULL;
    }
    t->record = 1;
    *h = t->h;
    return t;
}


int q6_timeline_read(q6_timeline_file *t, const q6_timeline_slot **out, char *err, size_t errlen)
{
    Q6__Timeline__TimelineRecord *r = get_record(t, 0, err, errlen);
    if (!r || r->record_case == Q6__TIMELINE__TIMELINE_RECORD__RECORD_TRAILER) {
        if (!r && !t->eof)
            return -1;
        snprintf(err, errlen, "%s: record %llu: the timeline ends before the run does", t->path,
                 (unsigned long long)(t->record - !t->eof));
        if (r)
            q6__timeline__timeline_record__free_unpacked(r, NULL);
        return -1;
    }
    size_t n = t->h.nodes, a = t->h.aps;
    const Q6__Timeline__TimelineSlot *sl = r->slot;
    char msg[900];
    if (r->record_case != Q6__TIMELINE__TIMELINE_RECORD__RECORD_SLOT)
        snprintf(msg, sizeof msg, "expected a slot record");
    if (r->record_case != Q6__TIMELINE__TIMELINE_RECORD__RECORD_SLOT ||
        check_slot(t, sl, t->slots_done, msg, sizeof msg) < 0) {
        snprintf(err, errlen, "%s: record %llu: %s", t->path, (unsigned long long)(t->record - 1), msg);
        q6__timeline__timeline_record__free_unpacked(r, NULL);
        return -1;
    }
    if (sl->n_tasks > t->task_cap) {
        q6_timeline_task *nt = realloc(t->s.tasks, 2 * sl->n_tasks * sizeof *t->s.tasks);
        if (!nt) {
            snprintf(err, errlen, "%s: record %llu: out of memory for %zu tasks", t->path,
                     (unsigned long long)(t->record - 1), sl->n_tasks);
            q6__timeline__timeline_record__free_unpacked(r, NULL);
            return -1;
        }
        t->s.tasks = nt;
        t->task_cap = 2 * sl->n_tasks;
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
    for (size_t k = 0; k < sl->n_link_up; k++)
        t->s.link_up[k] = sl->link_up[k] ? 1 : 0;
    for (size_t k = 0; k < sl->n_tasks; k++) {
        const Q6__Timeline__TaskArrival *ta = sl->tasks[k];
        q6_timeline_task *st = &t->s.tasks[k];
        *st = (q6_timeline_task){ta->node, ta->arrival_s, ta->input_bytes, ta->output_bytes, ta->work_flops,
                                 .kind = ta->kind, .n_subtasks = ta->subtasks ? ta->subtasks : 1};
        if (ta->kind == 1) {
            const Q6__Timeline__QuantumCircuit *qc = ta->circuit;
            st->logical_qubits = qc->logical_qubits;
            st->depth_steps = qc->depth_steps;
            st->gates_1q_per_step = qc->gates_1q_per_step;
            st->gates_2q_per_step = qc->gates_2q_per_step;
            st->meas_per_step = qc->meas_per_step;
            st->min_success = qc->min_success;
            st->qpu_key = ta->qpu_key;
        }
    }
    t->s.n_tasks = sl->n_tasks;
    t->slots_done++;
    q6__timeline__timeline_record__free_unpacked(r, NULL);
    *out = &t->s;
    return 0;
}

static void write_trailer(q6_timeline_file *t)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dl = 0;
    EVP_DigestFinal_ex(t->md, d, &dl);
    Q6__Timeline__TimelineTrailer tr = Q6__TIMELINE__TIMELINE_TRAILER__INIT;
    tr.slots = t->slots_done;
    tr.sha256.data = d;
    tr.sha256.len = dl;
    Q6__Timeline__TimelineRecord r = Q6__TIMELINE__TIMELINE_RECORD__INIT;
    r.record_case = Q6__TIMELINE__TIMELINE_RECORD__RECORD_TRAILER;
    r.trailer = &tr;
    put_record(t, &r, 0);
}

int q6_timeline_close(q6_timeline_file *t)
{
    if (!t)
        return 0;
    if (t->writing)
        write_trailer(t);
    int rc = (fclose(t->f) != 0 || t->failed) ? -1 : 0;
    if (!t->writing) {
        free(t->s.node_pose);
        free(t->s.present);
        free(t->s.ap_xyz);
        free(t->s.fading);
        free(t->s.renewable_j);
        free(t->s.bs_load);
        free(t->s.link_up);
        free(t->s.tasks);
        free(t->h.battery_initial);
        free(t->h.market_soc_initial);
    }
    EVP_MD_CTX_free(t->md);
    free(t->buf);
    free(t);
    return rc;
}
