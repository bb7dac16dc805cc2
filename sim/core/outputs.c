#include "sim/core/outputs.h"
#include "sim/core/market_outputs.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *q6_energy_bucket_name(int bucket)
{
    return bucket == Q6_ENERGY_VEHICLE ? "vehicle" : q6_role_name((q6_role)bucket);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean and nearest-rank 95th percentile of the latencies of completed tasks
 * with ids in [first, first + n). NAN when none completed. */
static void latency_stats(q6_world *w, uint64_t first, uint64_t n, double *buf, double *mean, double *p95)
{
    size_t m = 0;
    double sum = 0;
    for (uint64_t id = first; id < first + n; id++) {
        const q6_task *t = q6_task_get(w, id);
        if (t->state == Q6_TASK_DONE) {
            buf[m++] = t->done_s - t->arrival_s;
            sum += t->done_s - t->arrival_s;
        }
    }
    if (!m) {
        *mean = *p95 = NAN;
        return;
    }
    qsort(buf, m, sizeof *buf, cmp_double);
    *mean = sum / (double)m;
    *p95 = buf[(size_t)ceil(0.95 * (double)m) - 1];
}

static void put_num(FILE *f, double v)
{
    if (isnan(v))
        fputs("", f);
    else
        fprintf(f, "%.9g", v);
}

int q6_write_slots_csv(q6_world *w, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("slot,t_start_s,tasks_generated,tasks_completed,tasks_dropped,tasks_infeasible,"
          "tasks_local,tasks_edge,tasks_cloud,latency_mean_s,latency_p95_s", f);
    for (int b = 0; b <= Q6_ROLE_COUNT; b++)
        if (b != Q6_ROLE_OTHER)
            fprintf(f, ",energy_%s_j", q6_energy_bucket_name(b));
    fputs(",supply_renewable_j,supply_battery_j,supply_grid_j,emissions_kg,vehicles_connected,mean_hops\n", f);
    double *buf = malloc((w->tasks.count ? w->tasks.count : 1) * sizeof *buf);
    for (uint64_t k = 0; k < w->sc->slots; k++) {
        const q6_slot_metrics *m = &w->metrics[k];
        double mean, p95;
        latency_stats(w, w->slot_first_task[k], m->generated, buf, &mean, &p95);
        fprintf(f, "%llu,%.9g,%llu,%llu,%llu,%llu,%llu,%llu,%llu,", (unsigned long long)k,
                (double)k * w->sc->slot_s, (unsigned long long)m->generated,
                (unsigned long long)m->completed, (unsigned long long)m->dropped,
                (unsigned long long)m->infeasible, (unsigned long long)m->local,
                (unsigned long long)m->edge, (unsigned long long)m->cloud);
        put_num(f, mean);
        fputc(',', f);
        put_num(f, p95);
        for (int b = 0; b <= Q6_ROLE_COUNT; b++)
            if (b != Q6_ROLE_OTHER)
                fprintf(f, ",%.9g", m->energy_j[b]);
        fprintf(f, ",%.9g,%.9g,%.9g,%.9g,%llu,%.9g\n", m->renewable_j, m->battery_j, m->grid_j, m->emissions_kg,
                (unsigned long long)m->connected, m->mean_hops);
    }
    free(buf);
    return fclose(f) == 0 ? 0 : -1;
}

void q6_compute_totals(q6_world *w, q6_totals *t)
{
    memset(t, 0, sizeof *t);
    for (uint64_t k = 0; k < w->sc->slots; k++) {
        const q6_slot_metrics *m = &w->metrics[k];
        t->generated += m->generated;
        t->completed += m->completed;
        t->dropped += m->dropped;
        t->infeasible += m->infeasible;
        t->local += m->local;
        t->edge += m->edge;
        t->cloud += m->cloud;
        for (int b = 0; b <= Q6_ROLE_COUNT; b++)
            t->energy_j[b] += m->energy_j[b];
        t->renewable_j += m->renewable_j;
        t->battery_j += m->battery_j;
        t->grid_j += m->grid_j;
        t->emissions_kg += m->emissions_kg;
    }
    double *buf = malloc((w->tasks.count ? w->tasks.count : 1) * sizeof *buf);
    latency_stats(w, 0, w->tasks.count, buf, &t->latency_mean_s, &t->latency_p95_s);
    free(buf);
}

static void json_num(FILE *f, const char *key, double v, int comma)
{
    if (isnan(v))
        fprintf(f, "  \"%s\": null%s\n", key, comma ? "," : "");
    else
        fprintf(f, "  \"%s\": %.9g%s\n", key, v, comma ? "," : "");
}

int q6_write_summary_json(const q6_world *w, const q6_totals *t, const char *digest,
                          uint64_t events, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\n  \"scenario\": \"%s\",\n  \"scheduler\": \"%s\",\n  \"seed\": %llu,\n"
               "  \"slots\": %llu,\n  \"slot_s\": %.9g,\n  \"timeline_digest\": \"%s\",\n",
            w->sc->name, w->plugin->name, (unsigned long long)w->sc->seed,
            (unsigned long long)w->sc->slots, w->sc->slot_s, digest);
    fprintf(f, "  \"vehicles\": %zu,\n  \"access_points\": %zu,\n  \"events\": %llu,\n", w->n_nodes,
            w->n_aps, (unsigned long long)events);
    fprintf(f, "  \"tasks_generated\": %llu,\n  \"tasks_completed\": %llu,\n  \"tasks_dropped\": %llu,\n"
               "  \"tasks_infeasible\": %llu,\n  \"tasks_local\": %llu,\n  \"tasks_edge\": %llu,\n"
               "  \"tasks_cloud\": %llu,\n",
            (unsigned long long)t->generated, (unsigned long long)t->completed,
            (unsigned long long)t->dropped, (unsigned long long)t->infeasible,
            (unsigned long long)t->local, (unsigned long long)t->edge, (unsigned long long)t->cloud);
    json_num(f, "completion_ratio", t->generated ? (double)t->completed / (double)t->generated : NAN, 1);
    json_num(f, "latency_mean_s", t->latency_mean_s, 1);
    json_num(f, "latency_p95_s", t->latency_p95_s, 1);
    fputs("  \"energy_j\": {", f);
    int first = 1;
    for (int b = 0; b <= Q6_ROLE_COUNT; b++) {
        if (b == Q6_ROLE_OTHER)
            continue;
        fprintf(f, "%s\"%s\": %.9g", first ? "" : ", ", q6_energy_bucket_name(b), t->energy_j[b]);
        first = 0;
    }
    fprintf(f, "},\n  \"supply_j\": {\"renewable\": %.9g, \"battery\": %.9g, \"grid\": %.9g},\n"
               "  \"emissions_kg\": %.9g", t->renewable_j, t->battery_j, t->grid_j, t->emissions_kg);
    if (w->market) {
        q6_market_totals mt;
        q6_market_totals_compute(w->market, w->sc->slots, &mt);
        fputs(",\n", f);
        q6_market_write_json(f, &mt);
    }
    fputs("\n}\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

void q6_print_table(FILE *f, const q6_world *w, const q6_totals *t, const char *digest)
{
    fprintf(f, "scenario %s | scheduler %s | seed %llu | %llu slots of %g s | %zu vehicles, %zu APs\n",
            w->sc->name, w->plugin->name, (unsigned long long)w->sc->seed,
            (unsigned long long)w->sc->slots, w->sc->slot_s, w->n_nodes, w->n_aps);
    fprintf(f, "timeline digest %s\n\n", digest);
    fprintf(f, "%-28s %14s\n", "metric", "value");
    fprintf(f, "%-28s %14llu\n", "tasks generated", (unsigned long long)t->generated);
    fprintf(f, "%-28s %14llu\n", "tasks completed", (unsigned long long)t->completed);
    fprintf(f, "%-28s %14llu\n", "tasks dropped", (unsigned long long)t->dropped);
    fprintf(f, "%-28s %14llu\n", "  of which infeasible", (unsigned long long)t->infeasible);
    fprintf(f, "%-28s %14.4f\n", "completion ratio",
            t->generated ? (double)t->completed / (double)t->generated : 0.0);
    fprintf(f, "%-28s %14llu\n", "run locally", (unsigned long long)t->local);
    fprintf(f, "%-28s %14llu\n", "run at AP edge", (unsigned long long)t->edge);
    fprintf(f, "%-28s %14llu\n", "run in cloud", (unsigned long long)t->cloud);
    fprintf(f, "%-28s %14.6f\n", "latency mean (s)", t->latency_mean_s);
    fprintf(f, "%-28s %14.6f\n", "latency p95 (s)", t->latency_p95_s);
    for (int b = 0; b <= Q6_ROLE_COUNT; b++) {
        if (b == Q6_ROLE_OTHER)
            continue;
        char name[64];
        snprintf(name, sizeof name, "energy %s (J)", q6_energy_bucket_name(b));
        fprintf(f, "%-28s %14.2f\n", name, t->energy_j[b]);
    }
    fprintf(f, "%-28s %14.2f\n", "infra supply renewable (J)", t->renewable_j);
    fprintf(f, "%-28s %14.2f\n", "infra supply battery (J)", t->battery_j);
    fprintf(f, "%-28s %14.2f\n", "infra supply grid (J)", t->grid_j);
    fprintf(f, "%-28s %14.4f\n", "emissions (kg CO2)", t->emissions_kg);
    if (w->market) {
        q6_market_totals mt;
        q6_market_totals_compute(w->market, w->sc->slots, &mt);
        q6_market_print_table(f, &mt);
    }
}
