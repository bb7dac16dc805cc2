#include "sim/core/outputs.h"
#include "sim/core/limits.h"
#include "sim/core/lyapunov.h"
#include "sim/base/json_write.h"
#include "sim/core/market_outputs.h"
#include "sim/core/task_log.h"
#include "models/emissions.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *q6_energy_bucket_name(int bucket)
{
    return bucket == Q6_ENERGY_VEHICLE ? "vehicle" : q6_role_name((q6_role)bucket);
}

static void put_num(FILE *f, double v)
{
    if (isnan(v))
        fputs("", f);
    else
        fprintf(f, "%.9g", v);
}

/* The virtual queues' columns (sim/lyapunov.h): the header names when
 * `header`, else slot k's values. */
static void write_queue_columns(FILE *f, const q6_world *w, uint64_t k, int header)
{
    size_t n = q6_lyapunov_columns(w->lyapunov, k, NULL, NULL);
    const char *names[3 * Q6_LYAPUNOV_MAX_QUEUES];
    double values[3 * Q6_LYAPUNOV_MAX_QUEUES];
    q6_lyapunov_columns(w->lyapunov, k, names, values);
    for (size_t c = 0; c < n; c++) {
        fputc(',', f);
        if (header)
            fputs(names[c], f);
        else
            put_num(f, values[c]);
    }
}

/* Emissions per bit c / (T sum R) and S = (1 - c_b / c_psi_b)^2 of paper 003
 * (eqs. 11-12) from emissions, grid-only emissions and the served rate;
 * NAN without a served rate. */
static void sustainability(double emissions_kg, double grid_only_kg, double slot_s, double rate_sum_bps,
                           double *per_bit, double *s)
{
    *per_bit = rate_sum_bps > 0 ? q6_emissions_per_bit_kg(emissions_kg, slot_s, rate_sum_bps) : NAN;
    double psi = rate_sum_bps > 0 ? q6_emissions_per_bit_kg(grid_only_kg, slot_s, rate_sum_bps) : NAN;
    *s = psi > 0 ? q6_sustainability(*per_bit, psi) : NAN;
}

double q6_slot_cost(const q6_world *w, const q6_slot_metrics *m)
{
    double e = 0;
    for (int b = 0; b <= Q6_ROLE_COUNT; b++)
        e += m->energy_j[b];
    return w->sc->weight_latency * m->weighted_latency_s + w->sc->weight_energy * e;
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
    fputs(",supply_renewable_j,supply_battery_j,supply_grid_j,emissions_kg,vehicles_connected,mean_hops", f);
    /* Columns of plugin ABI 3, appended so earlier columns keep their place. */
    fputs(",tasks_qpu,offload_fraction_mean,qpu_runs,qpu_failures", f);
    for (size_t a = 0; a < w->n_aps; a++)
        fprintf(f, ",energy_ap_%s_j", w->pf->hosts[w->pf->aps[a]].name);
    if (w->sc->cost_set)
        fputs(",cost", f);
    fputs(",rate_sum_bps,emissions_per_bit_kg,sustainability", f);
    write_queue_columns(f, w, 0, 1);
    for (size_t a = 0; a < w->n_aps; a++) {
        const char *name = w->pf->hosts[w->pf->aps[a]].name;
        fprintf(f, ",emissions_ap_%s_kg,rate_ap_%s_bps,emissions_per_bit_ap_%s_kg,sustainability_ap_%s", name, name,
                name, name);
    }
    fputc('\n', f);
    for (uint64_t k = 0; k < w->sc->slots; k++) {
        const q6_slot_metrics *m = &w->log.metrics[k];
        double mean = m->latency_mean_s, p95 = m->latency_p95_s;
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
        fprintf(f, ",%.9g,%.9g,%.9g,%.9g,%llu,%.9g", m->renewable_j, m->battery_j, m->grid_j, m->emissions_kg,
                (unsigned long long)m->connected, m->mean_hops);
        fprintf(f, ",%llu,", (unsigned long long)m->qpu);
        put_num(f, m->decided ? m->offload_fraction_sum / (double)m->decided : NAN);
        fprintf(f, ",%llu,%llu", (unsigned long long)m->qpu_runs, (unsigned long long)m->qpu_failures);
        for (size_t a = 0; a < w->n_aps; a++)
            fprintf(f, ",%.9g", w->energy.ap_j[k * w->n_aps + a]);
        if (w->sc->cost_set)
            fprintf(f, ",%.9g", q6_slot_cost(w, m));
        double per_bit, s;
        sustainability(m->emissions_kg, m->grid_only_kg, w->sc->slot_s, m->rate_sum_bps, &per_bit, &s);
        fprintf(f, ",%.9g,", m->rate_sum_bps);
        put_num(f, per_bit);
        fputc(',', f);
        put_num(f, s);
        write_queue_columns(f, w, k, 0);
        for (size_t a = 0; a < w->n_aps; a++) {
            const q6_ap_slot_record *r = &w->log.ap_slots[k * w->n_aps + a];
            sustainability(r->emissions_kg, r->grid_only_kg, w->sc->slot_s, r->rate_bps, &per_bit, &s);
            fprintf(f, ",%.9g,%.9g,", r->emissions_kg, r->rate_bps);
            put_num(f, per_bit);
            fputc(',', f);
            put_num(f, s);
        }
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

void q6_compute_totals(q6_world *w, q6_totals *t)
{
    memset(t, 0, sizeof *t);
    for (uint64_t k = 0; k < w->sc->slots; k++) {
        const q6_slot_metrics *m = &w->log.metrics[k];
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
        t->qpu += m->qpu;
        t->qpu_runs += m->qpu_runs;
        t->qpu_failures += m->qpu_failures;
        t->decided += m->decided;
        t->offload_fraction_sum += m->offload_fraction_sum;
        t->rate_sum_bps += m->rate_sum_bps;
        t->grid_only_kg += m->grid_only_kg;
        t->weighted_latency_s += m->weighted_latency_s;
        t->cost += q6_slot_cost(w, m);
    }
    t->ap_energy_j = calloc(w->n_aps ? w->n_aps : 1, sizeof *t->ap_energy_j);
    for (uint64_t k = 0; t->ap_energy_j && k < w->sc->slots; k++)
        for (size_t a = 0; a < w->n_aps; a++)
            t->ap_energy_j[a] += w->energy.ap_j[k * w->n_aps + a];
    q6_task_log_latency(w, &t->latency_mean_s, &t->latency_p95_s);
}

void q6_totals_free(q6_totals *t)
{
    free(t->ap_energy_j);
    t->ap_energy_j = NULL;
}

void q6_write_replay_json(q6_jw *j, const q6_replay_info *r)
{
    if (!r || !r->path)
        return;
    q6_jw_key(j, "timeline_replay");
    q6_jw_begin_object(j, 1);
    q6_jw_kstring(j, "file", r->path);
    if (r->has_identity) {
        q6_jw_kuint(j, "recorded_seed", r->recorded_seed);
        q6_jw_kstring(j, "recorded_scenario", r->recorded_scenario);
        q6_jw_kstring(j, "recorded_scenario_identity", r->recorded_identity);
    } else {
        q6_jw_key(j, "recorded_seed");
        q6_jw_null(j);
    }
    q6_jw_kbool(j, "matches_run", r->matches);
    q6_jw_end_object(j);
}

int q6_write_summary_json(const q6_world *w, const q6_totals *t, const char *digest,
                          uint64_t events, const q6_replay_info *replay, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    q6_jw j;
    q6_jw_init(&j, f);
    j.digits = 9;
    q6_jw_begin_object(&j, 0);
    q6_jw_kstring(&j, "scenario", w->sc->name);
    q6_jw_kstring(&j, "scheduler", w->plug.label);
    q6_jw_kuint(&j, "seed", w->sc->seed);
    q6_write_replay_json(&j, replay);
    q6_jw_kuint(&j, "slots", w->sc->slots);
    q6_jw_knumber(&j, "slot_s", w->sc->slot_s);
    q6_jw_kstring(&j, "timeline_digest", digest);
    q6_jw_kuint(&j, "vehicles", w->n_nodes);
    q6_jw_kuint(&j, "access_points", w->n_aps);
    q6_jw_kuint(&j, "events", events);
    q6_jw_kuint(&j, "tasks_generated", t->generated);
    q6_jw_kuint(&j, "tasks_completed", t->completed);
    q6_jw_kuint(&j, "tasks_dropped", t->dropped);
    q6_jw_kuint(&j, "tasks_infeasible", t->infeasible);
    q6_jw_kuint(&j, "tasks_local", t->local);
    q6_jw_kuint(&j, "tasks_edge", t->edge);
    q6_jw_kuint(&j, "tasks_cloud", t->cloud);
    q6_jw_knumber(&j, "completion_ratio", t->generated ? (double)t->completed / (double)t->generated : NAN);
    q6_jw_knumber(&j, "latency_mean_s", t->latency_mean_s);
    q6_jw_knumber(&j, "latency_p95_s", t->latency_p95_s);
    q6_jw_key(&j, "energy_j");
    q6_jw_begin_object(&j, 1);
    for (int b = 0; b <= Q6_ROLE_COUNT; b++)
        if (b != Q6_ROLE_OTHER)
            q6_jw_knumber(&j, q6_energy_bucket_name(b), t->energy_j[b]);
    q6_jw_end_object(&j);
    q6_jw_key(&j, "supply_j");
    q6_jw_begin_object(&j, 1);
    q6_jw_knumber(&j, "renewable", t->renewable_j);
    q6_jw_knumber(&j, "battery", t->battery_j);
    q6_jw_knumber(&j, "grid", t->grid_j);
    q6_jw_end_object(&j);
    q6_jw_knumber(&j, "emissions_kg", t->emissions_kg);
    /* Keys of plugin ABI 3 (docs/outputs.md). */
    if (w->plug.matcher)
        q6_jw_kstring(&j, "matcher", w->plug.matcher->ref->name);
    q6_jw_kuint(&j, "tasks_qpu", t->qpu);
    q6_jw_kuint(&j, "qpu_runs", t->qpu_runs);
    q6_jw_kuint(&j, "qpu_failures", t->qpu_failures);
    q6_jw_knumber(&j, "offload_fraction_mean", t->decided ? t->offload_fraction_sum / (double)t->decided : NAN);
    q6_jw_key(&j, "energy_ap_j");
    q6_jw_begin_object(&j, 1);
    for (size_t a = 0; a < w->n_aps; a++)
        q6_jw_knumber(&j, w->pf->hosts[w->pf->aps[a]].name, t->ap_energy_j ? t->ap_energy_j[a] : NAN);
    q6_jw_end_object(&j);
    if (w->sc->cost_set)
        q6_jw_knumber(&j, "cost", t->cost);
    double per_bit, sus;
    sustainability(t->emissions_kg, t->grid_only_kg, w->sc->slot_s, t->rate_sum_bps, &per_bit, &sus);
    q6_jw_knumber(&j, "emissions_per_bit_kg", per_bit);
    q6_jw_knumber(&j, "sustainability", sus);
    /* Per computing server (AP), the same formulas on its run totals. */
    const char *per_ap_keys[2] = {"emissions_per_bit_ap_kg", "sustainability_ap"};
    for (int which = 0; which < 2; which++) {
        q6_jw_key(&j, per_ap_keys[which]);
        q6_jw_begin_object(&j, 1);
        for (size_t a = 0; a < w->n_aps; a++) {
            double kg = 0, grid_kg = 0, rate = 0;
            for (uint64_t k = 0; k < w->sc->slots; k++) {
                const q6_ap_slot_record *r = &w->log.ap_slots[k * w->n_aps + a];
                kg += r->emissions_kg;
                grid_kg += r->grid_only_kg;
                rate += r->rate_bps;
            }
            sustainability(kg, grid_kg, w->sc->slot_s, rate, &per_bit, &sus);
            q6_jw_knumber(&j, w->pf->hosts[w->pf->aps[a]].name, which == 0 ? per_bit : sus);
        }
        q6_jw_end_object(&j);
    }
    size_t n_vq = q6_lyapunov_count(w->lyapunov);
    if (n_vq) {
        /* Each queue's backlog after the last slot. */
        q6_vqueue vq[Q6_LYAPUNOV_MAX_QUEUES];
        q6_lyapunov_views(w->lyapunov, vq);
        q6_jw_key(&j, "virtual_queues");
        q6_jw_begin_object(&j, 1);
        for (size_t q = 0; q < n_vq && q < Q6_LYAPUNOV_MAX_QUEUES; q++)
            q6_jw_knumber(&j, vq[q].name, vq[q].backlog);
        q6_jw_end_object(&j);
    }
    q6_limits_write_json(w->limits, &j); /* with a `limits` group */
    if (w->market) {
        q6_market_totals mt;
        q6_market_totals_compute(w->market, w->sc->slots, &mt);
        q6_market_write_json(&j, &mt);
    }
    q6_jw_end_object(&j);
    fputc('\n', f);
    return fclose(f) == 0 ? 0 : -1;
}

void q6_print_table(FILE *f, const q6_world *w, const q6_totals *t, const char *digest)
{
    fprintf(f, "scenario %s | scheduler %s | seed %llu | %llu slots of %g s | %zu vehicles, %zu APs\n",
            w->sc->name, w->plug.label, (unsigned long long)w->sc->seed,
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
    q6_limits_print(w->limits, f); /* violated / checked of each limit */
    if (w->market) {
        q6_market_totals mt;
        q6_market_totals_compute(w->market, w->sc->slots, &mt);
        q6_market_print_table(f, &mt);
    }
}
