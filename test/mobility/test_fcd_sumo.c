/* Replay of a trace made by tools/make_city_trace.sh (SUMO), checked
 * against the same file read independently as a DOM tree with libxml2:
 * positions at recorded timesteps match exactly, midpoints are the mean
 * of their neighbours, entry and exit times match. Skipped (77) when SUMO
 * is not installed. */
#include "models/mobility/mobility.h"
#include "traces/mobility/register.h"
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include "traces/mobility/fcd_reader.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>

#define MAX_STEPS 200
#define MAX_VEH 256

typedef struct {
    char id[32];
    double x, y;
} rec;

typedef struct {
    double t;
    rec v[MAX_VEH];
    int n;
} step;

static step steps[MAX_STEPS];
static int n_steps;

static double attr_num(xmlNode *n, const char *name)
{
    xmlChar *s = xmlGetProp(n, (const xmlChar *)name);
    double d = s ? strtod((const char *)s, NULL) : NAN;
    xmlFree(s);
    return d;
}

static int load_dom(const char *path)
{
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (!doc)
        return -1;
    for (xmlNode *ts = xmlDocGetRootElement(doc)->children; ts; ts = ts->next) {
        if (ts->type != XML_ELEMENT_NODE || xmlStrcmp(ts->name, (const xmlChar *)"timestep") || n_steps == MAX_STEPS)
            continue;
        step *s = &steps[n_steps++];
        s->t = attr_num(ts, "time");
        for (xmlNode *v = ts->children; v; v = v->next) {
            if (v->type != XML_ELEMENT_NODE || xmlStrcmp(v->name, (const xmlChar *)"vehicle") || s->n == MAX_VEH)
                continue;
            xmlChar *id = xmlGetProp(v, (const xmlChar *)"id");
            snprintf(s->v[s->n].id, sizeof s->v[s->n].id, "%s", (const char *)id);
            xmlFree(id);
            s->v[s->n].x = attr_num(v, "x");
            s->v[s->n].y = attr_num(v, "y");
            s->n++;
        }
    }
    xmlFreeDoc(doc);
    return 0;
}

static const rec *find(const step *s, const char *id)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i].id, id) == 0)
            return &s->v[i];
    return NULL;
}

/* Slot of id among the present poses, or -1. */
static int slot_of(q6_mobility *m, const q6_pose *p, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].present && strcmp(q6_mobility_slot_name(m, i), id) == 0)
            return (int)i;
    return -1;
}

/* SUMO's own gzip output (sumo --fcd-output x.fcd.xml.gz, not
 * re-compressed as make_city_trace.sh does) is multi-member gzip: it must
 * be read whole. Vehicle records are counted independently by gzip -dc. */
static void test_raw_sumo_gzip(const char *dir)
{
    char cmd[2048], path[512], err[512];
    snprintf(path, sizeof path, "%s/raw.fcd.xml.gz", dir);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && export SUMO_HOME=${SUMO_HOME:-/usr/share/sumo} && "
             "netgenerate --grid --grid.number 3 --grid.length 200 --default.lanenumber 1 --output-file net.net.xml "
             ">/dev/null 2>&1 && python3 \"$SUMO_HOME/tools/randomTrips.py\" -n net.net.xml -o trips.xml -e 30 -p 3 "
             "--seed 1 >/dev/null 2>&1 && sumo -n net.net.xml -r trips.xml -e 40 --no-step-log true "
             "--no-warnings true --fcd-output raw.fcd.xml.gz >/dev/null 2>&1",
             dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not make a raw SUMO trace (randomTrips.py?): raw gzip part skipped\n");
        return;
    }
    snprintf(cmd, sizeof cmd, "gzip -dc '%s' | grep -o '<vehicle ' | wc -l", path);
    FILE *f = popen(cmd, "r");
    unsigned long expected = 0;
    CHECK(f && fscanf(f, "%lu", &expected) == 1);
    if (f)
        pclose(f);
    q6_fcd_summary sum;
    int rc = q6_fcd_scan(path, &sum, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "raw SUMO gzip: %s\n", err);
    CHECK(rc == 0 && expected > 0 && sum.n_samples == expected);
}

int main(void)
{
    const char *script = getenv("MAKE_CITY_TRACE");
    if (!script || system("command -v sumo >/dev/null 2>&1 && command -v netgenerate >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SUMO not installed: skipped\n");
        return 77;
    }
    char dir[256], path[512], cmd[1400];
    tmp_make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/small.fcd.xml.gz", dir);
    snprintf(cmd, sizeof cmd, "'%s' --area-m 500 --vehicles 10 --duration-s 60 --seed 3 --out '%s'", script, path);
    CHECK(system(cmd) == 0);
    CHECK(load_dom(path) == 0);
    CHECK(n_steps > 50);
    size_t n = 0;
    for (int k = 0; k < n_steps; k++)
        n = steps[k].n > (int)n ? (size_t)steps[k].n : n;
    CHECK(n >= 3);   /* the trace has traffic */
    char err[512];
    q6_mobility_config c;
    q6_mobility_config_defaults(&c);
    c.kind = Q6_MOB_FCD;
    snprintf(c.trace_path, sizeof c.trace_path, "%s", path);
    q6_trace_mobility_register();
    q6_mobility *m = q6_mobility_create(&c, n, 1, 0, err, sizeof err);
    q6_pose *p = calloc(n, sizeof *p);
    int exact = 1, interp = 1, presence = 1;
    for (int k = 0; m && k < n_steps; k++) {
        const step *s = &steps[k];
        /* At the recorded time: every vehicle present, bit-exact. */
        CHECK(q6_mobility_advance(m, s->t, p, err, sizeof err) == 0);
        int present = 0;
        for (size_t i = 0; i < n; i++)
            present += p[i].present;
        presence &= present == s->n;
        for (int i = 0; i < s->n; i++) {
            int sl = slot_of(m, p, n, s->v[i].id);
            exact &= sl >= 0 && p[sl].x_m == s->v[i].x && p[sl].y_m == s->v[i].y;
        }
        if (k + 1 == n_steps)
            break;
        /* Midway: vehicles of both steps at the mean of their records;
         * a vehicle in only one of them (entering or leaving) is absent. */
        const step *s2 = &steps[k + 1];
        double tm = 0.5 * (s->t + s2->t);
        CHECK(q6_mobility_advance(m, tm, p, err, sizeof err) == 0);
        int both = 0;
        for (int i = 0; i < s->n; i++) {
            const rec *b = find(s2, s->v[i].id);
            int sl = slot_of(m, p, n, s->v[i].id);
            if (!b) {
                presence &= sl < 0;   /* exit: gone after its last record */
                continue;
            }
            both++;
            interp &= sl >= 0 && fabs(p[sl].x_m - 0.5 * (s->v[i].x + b->x)) < 1e-9 &&
                      fabs(p[sl].y_m - 0.5 * (s->v[i].y + b->y)) < 1e-9;
        }
        present = 0;
        for (size_t i = 0; i < n; i++)
            present += p[i].present;
        presence &= present == both;   /* entry: not before its first record */
    }
    CHECK(m != NULL);
    CHECK(exact);
    CHECK(interp);
    CHECK(presence);
    q6_mobility_free(m);
    free(p);
    test_raw_sumo_gzip(dir);
    tmp_remove_dir(dir);
    return CHECK_DONE();
}
