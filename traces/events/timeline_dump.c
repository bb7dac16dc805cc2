/* `q6sim timeline dump`: a recorded timeline as text. The file is opened
 * through the checking reader (timeline_io.h), so a damaged or impossible
 * timeline is refused before anything is printed.
 *
 * CSV is long ("tidy"): one value per row, columns slot,field,i,j,value,
 * after a first comment line "# {header json}". Rows with an empty slot
 * belong to the header (initial charges). JSON lines: {"header": {...}},
 * then one object per slot with the arrays of timeline.proto. */
#include "traces/events/timeline_io.h"
#include "sim/base/json_write.h"
#include <stdio.h>

static const char *const pose_name[5] = {"x_m", "y_m", "z_m", "speed_mps", "heading_rad"};
static const char *const ap_name[3] = {"ap_x_m", "ap_y_m", "ap_z_m"};
static const char *const task_name[4] = {"task_arrival_s", "task_input_bytes", "task_output_bytes",
                                         "task_work_flops"};

static void header_json(FILE *out, const q6_timeline_header *h, int jsonl)
{
    q6_jw j;
    q6_jw_init(&j, out);
    if (jsonl) {
        q6_jw_begin_object(&j, 1);
        q6_jw_key(&j, "header");
    } else {
        fputs("# ", out);
    }
    q6_jw_begin_object(&j, 1);
    q6_jw_kuint(&j, "version", h->version);
    q6_jw_kuint(&j, "nodes", h->nodes);
    q6_jw_kuint(&j, "aps", h->aps);
    q6_jw_kuint(&j, "slots", h->slots);
    q6_jw_knumber(&j, "slot_length_s", h->slot_s);
    q6_jw_kuint(&j, "market_parties", h->market_parties);
    q6_jw_kuint(&j, "market_bs", h->market_bs);
    if (h->version >= 2) {
        q6_jw_kuint(&j, "seed", h->seed);
        q6_jw_kstring(&j, "scenario_name", h->scenario_name);
        q6_jw_kstring(&j, "scenario_identity", h->scenario_identity);
    }
    if (h->random_links) /* only then: dumps of other timelines stay as they were */
        q6_jw_kbool(&j, "random_links", 1);
    if (jsonl) {
        q6_jw_key(&j, "battery_initial");
        q6_jw_begin_array(&j, 1);
        for (uint32_t a = 0; a < h->aps; a++)
            q6_jw_number(&j, h->battery_initial[a]);
        q6_jw_end_array(&j);
        q6_jw_key(&j, "market_soc_initial");
        q6_jw_begin_array(&j, 1);
        for (uint32_t p = 0; p < h->market_parties; p++)
            q6_jw_number(&j, h->market_soc_initial[p]);
        q6_jw_end_array(&j);
        q6_jw_end_object(&j);
    }
    q6_jw_end_object(&j);
    fputc('\n', out);
}

static void row(FILE *out, const char *slot, const char *field, long long i, long long j, double v)
{
    fprintf(out, "%s,%s,", slot, field);
    if (i >= 0)
        fprintf(out, "%lld", i);
    fputc(',', out);
    if (j >= 0)
        fprintf(out, "%lld", j);
    fprintf(out, ",%.17g\n", v);
}

static void slot_csv(FILE *out, const q6_timeline_header *h, const q6_timeline_slot *s)
{
    char k[32];
    snprintf(k, sizeof k, "%llu", (unsigned long long)s->slot);
    for (uint32_t i = 0; i < h->nodes; i++) {
        for (int f = 0; f < 5; f++)
            row(out, k, pose_name[f], i, -1, s->node_pose[5 * i + f]);
        row(out, k, "present", i, -1, s->present[i]);
    }
    for (uint32_t a = 0; a < h->aps; a++) {
        for (int f = 0; f < 3; f++)
            row(out, k, ap_name[f], a, -1, s->ap_xyz[3 * a + f]);
        row(out, k, "renewable_j", a, -1, s->renewable_j[a]);
    }
    for (uint32_t i = 0; i < h->nodes; i++)
        for (uint32_t a = 0; a < h->aps; a++)
            row(out, k, "fading", i, a, s->fading[(size_t)i * h->aps + a]);
    for (uint32_t b = 0; b < h->market_bs; b++)
        row(out, k, "bs_load", b, -1, s->bs_load[b]);
    for (uint32_t i = 0; h->random_links && i < h->nodes; i++)
        for (uint32_t a = 0; a < h->aps; a++)
            row(out, k, "link_up", i, a, s->link_up[(size_t)i * h->aps + a]);
    for (size_t t = 0; t < s->n_tasks; t++) {
        const q6_timeline_task *ta = &s->tasks[t];
        double v[4] = {ta->arrival_s, ta->input_bytes, ta->output_bytes, ta->work_flops};
        for (int f = 0; f < 4; f++)
            row(out, k, task_name[f], ta->node, (long long)t, v[f]);
    }
}

static void numbers(q6_jw *j, const char *key, const double *v, size_t n, size_t per)
{
    q6_jw_key(j, key);
    q6_jw_begin_array(j, 1);
    for (size_t i = 0; i < n; i += per) {
        if (per > 1)
            q6_jw_begin_array(j, 1);
        for (size_t f = 0; f < per; f++)
            q6_jw_number(j, v[i + f]);
        if (per > 1)
            q6_jw_end_array(j);
    }
    q6_jw_end_array(j);
}

static void slot_json(FILE *out, const q6_timeline_header *h, const q6_timeline_slot *s)
{
    q6_jw j;
    q6_jw_init(&j, out);
    q6_jw_begin_object(&j, 1);
    q6_jw_kuint(&j, "slot", s->slot);
    numbers(&j, "node_pose", s->node_pose, 5 * (size_t)h->nodes, 5);
    q6_jw_key(&j, "present");
    q6_jw_begin_array(&j, 1);
    for (uint32_t i = 0; i < h->nodes; i++)
        q6_jw_bool(&j, s->present[i]);
    q6_jw_end_array(&j);
    numbers(&j, "ap_xyz", s->ap_xyz, 3 * (size_t)h->aps, 3);
    if (h->aps)
        numbers(&j, "fading", s->fading, (size_t)h->nodes * h->aps, h->aps);
    numbers(&j, "renewable_j", s->renewable_j, h->aps, 1);
    numbers(&j, "bs_load", s->bs_load, h->market_bs, 1);
    if (h->random_links) {
        q6_jw_key(&j, "link_up");
        q6_jw_begin_array(&j, 1);
        for (uint32_t i = 0; i < h->nodes; i++) {
            q6_jw_begin_array(&j, 1);
            for (uint32_t a = 0; a < h->aps; a++)
                q6_jw_bool(&j, s->link_up[(size_t)i * h->aps + a]);
            q6_jw_end_array(&j);
        }
        q6_jw_end_array(&j);
    }
    q6_jw_key(&j, "tasks");
    q6_jw_begin_array(&j, 1);
    for (size_t t = 0; t < s->n_tasks; t++) {
        const q6_timeline_task *ta = &s->tasks[t];
        q6_jw_begin_object(&j, 1);
        q6_jw_kuint(&j, "node", ta->node);
        q6_jw_knumber(&j, "arrival_s", ta->arrival_s);
        q6_jw_knumber(&j, "input_bytes", ta->input_bytes);
        q6_jw_knumber(&j, "output_bytes", ta->output_bytes);
        q6_jw_knumber(&j, "work_flops", ta->work_flops);
        q6_jw_end_object(&j);
    }
    q6_jw_end_array(&j);
    q6_jw_end_object(&j);
    fputc('\n', out);
}

int q6_timeline_dump(const char *path, FILE *out, int jsonl, char *err, size_t errlen)
{
    q6_timeline_header h;
    q6_timeline_file *t = q6_timeline_open(path, &h, err, errlen);
    if (!t)
        return -1;
    header_json(out, &h, jsonl);
    if (!jsonl) {
        fputs("slot,field,i,j,value\n", out);
        for (uint32_t a = 0; a < h.aps; a++)
            row(out, "", "battery_initial", a, -1, h.battery_initial[a]);
        for (uint32_t p = 0; p < h.market_parties; p++)
            row(out, "", "market_soc_initial", p, -1, h.market_soc_initial[p]);
    }
    int rc = 0;
    for (uint64_t k = 0; k < h.slots && rc == 0; k++) {
        const q6_timeline_slot *s;
        if (q6_timeline_read(t, &s, err, errlen) < 0) {
            rc = -1;
            break;
        }
        if (jsonl)
            slot_json(out, &h, s);
        else
            slot_csv(out, &h, s);
    }
    q6_timeline_close(t);
    return rc;
}
