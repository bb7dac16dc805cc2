/* Energy-market outputs; columns documented in docs/paper000.md. */
#include "sim/core/market_outputs.h"
#include <math.h>
#include <string.h>

void q6_market_totals_compute(const q6_market *m, uint64_t slots, q6_market_totals *t)
{
    memset(t, 0, sizeof *t);
    for (uint64_t k = 0; k < slots; k++) {
        const q6_market_slot_metrics *s = &m->metrics[k];
        t->buyers += s->buyers;
        t->sellers += s->sellers;
        t->matched += s->matched;
        t->rejected += s->rejected;
        t->welfare += s->welfare;
        t->welfare_grid_only += s->welfare_grid_only;
        for (int f = 0; f < Q6_FLOW_COUNT; f++)
            t->flow_j[f] += s->flow_j[f];
        t->opt_time_s += s->opt_time_s;
        t->opt_energy_j += s->opt_energy_j;
        t->opt_co2_kg += s->opt_co2_kg;
        t->opt_energy_system_j += s->opt_energy_system_j;
        t->opt_energy_process_j += s->opt_energy_process_j;
        t->opt_pairs += s->opt_pairs;
        t->rounds += s->rounds;
    }
    double sum = 0;
    t->chunks = m->n_rec;
    for (size_t r = 0; r < m->n_rec; r++)
        if (m->rec[r].done) {
            t->chunks_done++;
            sum += m->rec[r].task_s;
        }
    t->task_mean_s = t->chunks_done ? sum / (double)t->chunks_done : NAN;
    t->bound_violations = m->bound_violations;
}

int q6_market_write_slots_csv(const q6_market *m, uint64_t slots, double slot_s, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("slot,t_start_s,buyers,sellers,matched,rejected,welfare,welfare_grid_only", f);
    for (int fl = 0; fl < Q6_FLOW_COUNT; fl++)
        fprintf(f, ",%s_j", q6_flow_name(fl));
    fputs(",opt_time_s,opt_energy_j,opt_co2_kg,opt_energy_system_j,opt_energy_process_j,opt_pairs,rounds\n", f);
    for (uint64_t k = 0; k < slots; k++) {
        const q6_market_slot_metrics *s = &m->metrics[k];
        fprintf(f, "%llu,%.17g,%u,%u,%u,%u,%.17g,%.17g", (unsigned long long)k, (double)k * slot_s, s->buyers,
                s->sellers, s->matched, s->rejected, s->welfare, s->welfare_grid_only);
        for (int fl = 0; fl < Q6_FLOW_COUNT; fl++)
            fprintf(f, ",%.17g", s->flow_j[fl]);
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%u\n", s->opt_time_s, s->opt_energy_j, s->opt_co2_kg,
                s->opt_energy_system_j, s->opt_energy_process_j, s->opt_pairs, s->rounds);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static void num(FILE *f, double v)
{
    if (!isnan(v))
        fprintf(f, "%.17g", v);
}

int q6_market_write_edge_csv(const q6_market *m, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("slot,bs,ev,direction,energy_j,travel_s,travel_energy_j,charge_s,chunk_flops,ev_flops,"
          "decided_s,arrive_s,end_s,t_ev_comp_s,t_bs_comp_s,t_task_s,bound_lower_s,bound_upper_s,"
          "done,within_bounds,t_add_s\n", f);
    for (size_t i = 0; i < m->n_rec; i++) {
        const q6_edge_record *r = &m->rec[i];
        fprintf(f, "%llu,%u,%u,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,", (unsigned long long)r->slot, r->bs,
                r->ev, r->ev_buys ? "t2v" : "ev2bs", r->energy_j, r->travel_s, r->travel_energy_j, r->charge_s,
                r->chunk_flops, r->ev_flops, r->decided_s, r->arrive_s);
        const double v[] = {r->end_s, r->ev_comp_s, r->bs_comp_s, r->task_s, r->lower_s, r->upper_s};
        for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
            if (r->done)
                num(f, v[j]);
            fputc(',', f);
        }
        fprintf(f, "%d,%d,", r->done, r->within_bounds);
        if (r->done)
            num(f, r->add_s);
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

void q6_market_write_json(q6_jw *j, const q6_market_totals *t)
{
    int digits = j->digits;
    j->digits = 17;
    q6_jw_key(j, "market");
    q6_jw_begin_object(j, 1);
    q6_jw_kuint(j, "buyers", t->buyers);
    q6_jw_kuint(j, "sellers", t->sellers);
    q6_jw_kuint(j, "matched", t->matched);
    q6_jw_kuint(j, "rejected", t->rejected);
    q6_jw_knumber(j, "welfare", t->welfare);
    q6_jw_knumber(j, "welfare_grid_only", t->welfare_grid_only);
    for (int fl = 0; fl < Q6_FLOW_COUNT; fl++) {
        char key[64];
        snprintf(key, sizeof key, "%s_j", q6_flow_name(fl));
        q6_jw_knumber(j, key, t->flow_j[fl]);
    }
    q6_jw_knumber(j, "opt_energy_system_j", t->opt_energy_system_j);
    q6_jw_knumber(j, "opt_energy_process_j", t->opt_energy_process_j);
    q6_jw_knumber(j, "opt_pairs", t->opt_pairs);
    q6_jw_kuint(j, "rounds", t->rounds);
    q6_jw_knumber(j, "opt_time_s", t->opt_time_s);
    q6_jw_knumber(j, "opt_energy_j", t->opt_energy_j);
    q6_jw_knumber(j, "opt_co2_kg", t->opt_co2_kg);
    q6_jw_kuint(j, "chunks", t->chunks);
    q6_jw_kuint(j, "chunks_done", t->chunks_done);
    q6_jw_kuint(j, "theorem1_violations", t->bound_violations);
    q6_jw_knumber(j, "task_mean_s", t->task_mean_s);
    q6_jw_end_object(j);
    j->digits = digits;
}

void q6_market_print_table(FILE *f, const q6_market_totals *t)
{
    fprintf(f, "%-28s %14llu\n", "energy buyers (bids)", (unsigned long long)t->buyers);
    fprintf(f, "%-28s %14llu\n", "energy sellers (offers)", (unsigned long long)t->sellers);
    fprintf(f, "%-28s %14llu\n", "EV-BS pairs matched", (unsigned long long)t->matched);
    fprintf(f, "%-28s %14.3f\n", "social welfare", t->welfare);
    fprintf(f, "%-28s %14.3f\n", "  gain over grid-only", t->welfare - t->welfare_grid_only);
    const char *label[Q6_FLOW_COUNT] = {"V2G (kWh)", "T2G (kWh)", "T2V (kWh)", "EV to BS (kWh)",
                                        "grid to EV (kWh)", "grid to BS (kWh)"};
    for (int fl = 0; fl < Q6_FLOW_COUNT; fl++)
        fprintf(f, "%-28s %14.3f\n", label[fl], t->flow_j[fl] / 3.6e6);
    fprintf(f, "%-28s %14.3e\n", "optimiser time (s)", t->opt_time_s);
    fprintf(f, "%-28s %14.3f\n", "optimiser energy (J)", t->opt_energy_j);
    fprintf(f, "%-28s %14.3e\n", "optimiser CO2 (kg)", t->opt_co2_kg);
    fprintf(f, "%-28s %14llu\n", "edge chunks finished", (unsigned long long)t->chunks_done);
    fprintf(f, "%-28s %14.3f\n", "edge task time mean (s)", t->task_mean_s);
    fprintf(f, "%-28s %14llu\n", "Theorem 1 violations", (unsigned long long)t->bound_violations);
}
