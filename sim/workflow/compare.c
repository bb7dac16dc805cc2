#include "sim/workflow/compare.h"
#include "sim/workflow/afile.h"
#include "sim/workflow/csv.h"
#include "sim/base/json.h"
#include "sim/workflow/stats.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_COLS = 256 };

/* Summary members that describe the run rather than measure it. */
static int is_setting(const char *key)
{
    static const char *const names[] = {"seed", "slots", "slot_s", "vehicles", "access_points", NULL};
    for (const char *const *n = names; *n; n++)
        if (!strcmp(*n, key))
            return 1;
    return 0;
}

void q6_compare_run_dir(const q6_compare_layout *L, size_t s, size_t r, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s/runs/%s/rep%zu", L->dir, L->sched[s], r);
}

long q6_compare_metric(const q6_compare_data *D, const char *name)
{
    return q6_strlist_find(&D->metrics, name);
}

long q6_compare_slot_col(const q6_compare_data *D, const char *name)
{
    return q6_strlist_find(&D->slot_cols, name);
}

/* Reads one slots.csv into D (the first run fixes the columns and slots). */
static int load_slots(const q6_compare_layout *L, q6_compare_data *D, size_t s, size_t r, const char *path,
                      char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char *line = NULL, *fields[MAX_COLS];
    size_t cap = 0, k = 0;
    long lineno = 0;
    int rc = -1, first = D->slot_val == NULL;
    q6_strlist cols = {0};
    double *rows = NULL;
    size_t n_rows = 0, row_cap = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        int nf = q6_csv_split(line, fields, MAX_COLS);
        if (lineno == 1) {
            if (nf < 3 || strcmp(fields[0], "slot") || strcmp(fields[1], "t_start_s")) {
                snprintf(err, errlen, "%s:1: not a q6sim slots.csv header", path);
                goto done;
            }
            for (int i = 2; i < nf; i++)
                q6_strlist_push(&cols, fields[i]);
            if (!first) {
                int same = cols.n == D->slot_cols.n;
                for (size_t i = 0; same && i < cols.n; i++)
                    same = !strcmp(cols.v[i], D->slot_cols.v[i]);
                if (!same) {
                    snprintf(err, errlen, "%s:1: columns differ from the other runs'", path);
                    goto done;
                }
            }
            continue;
        }
        if (nf != (int)cols.n + 2) {
            snprintf(err, errlen, "%s:%ld: expected %zu fields", path, lineno, cols.n + 2);
            goto done;
        }
        if (n_rows == row_cap) {
            row_cap = row_cap ? 2 * row_cap : 64;
            double *nr = realloc(rows, row_cap * (cols.n + 1) * sizeof *nr);
            if (!nr) {
                snprintf(err, errlen, "out of memory");
                goto done;
            }
            rows = nr;
        }
        for (size_t i = 0; i <= cols.n; i++)
            if (q6_csv_number(fields[i + 1], &rows[n_rows * (cols.n + 1) + i]) < 0) {
                snprintf(err, errlen, "%s:%ld: field %zu: '%s' is not a number", path, lineno, i + 2, fields[i + 1]);
                goto done;
            }
        n_rows++;
    }
    if (first) {
        D->slot_cols = cols;
        memset(&cols, 0, sizeof cols);
        D->n_slots = n_rows;
        D->t_start = calloc(n_rows ? n_rows : 1, sizeof *D->t_start);
        D->slot_val = calloc((D->slot_cols.n * L->n_sched * L->n_rep * n_rows) + 1, sizeof *D->slot_val);
        if (!D->t_start || !D->slot_val) {
            snprintf(err, errlen, "out of memory");
            goto done;
        }
        for (k = 0; k < n_rows; k++)
            D->t_start[k] = rows[k * (D->slot_cols.n + 1)];
    } else if (n_rows != D->n_slots) {
        snprintf(err, errlen, "%s: %zu slots, the other runs have %zu", path, n_rows, D->n_slots);
        goto done;
    }
    size_t nc = D->slot_cols.n;
    for (size_t c = 0; c < nc; c++)
        for (k = 0; k < n_rows; k++)
            D->slot_val[((c * L->n_sched + s) * L->n_rep + r) * D->n_slots + k] = rows[k * (nc + 1) + 1 + c];
    rc = 0;
done:
    q6_strlist_free(&cols);
    free(rows);
    free(line);
    fclose(f);
    return rc;
}

int q6_compare_load(const q6_compare_layout *L, q6_compare_data *D, char *err, size_t errlen)
{
    memset(D, 0, sizeof *D);
    size_t runs = L->n_sched * L->n_rep;
    q6_json_flat *summ = calloc(runs, sizeof *summ);
    D->digest = calloc(runs, sizeof *D->digest);
    if (!summ || !D->digest) {
        free(summ);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = -1;
    char dir[4300], path[4400];
    for (size_t s = 0; s < L->n_sched; s++)
        for (size_t r = 0; r < L->n_rep; r++) {
            q6_json_flat *j = &summ[s * L->n_rep + r];
            q6_compare_run_dir(L, s, r, dir, sizeof dir);
            snprintf(path, sizeof path, "%s/summary.json", dir);
            if (q6_json_read_flat(path, j, err, errlen) < 0)
                goto done;
            const q6_json_member *d = q6_json_get(j, "timeline_digest");
            if (!d || !d->is_string || strlen(d->value) != 64) {
                snprintf(err, errlen, "%s: no timeline_digest", path);
                goto done;
            }
            memcpy(D->digest[s * L->n_rep + r], d->value, 65);
            for (size_t k = 0; k < j->n; k++) {
                double v;
                const q6_json_member *m = &j->m[k];
                if (m->is_string || is_setting(m->key) || q6_strlist_find(&D->metrics, m->key) >= 0)
                    continue;
                if (!strcmp(m->value, "null") || q6_csv_number(m->value, &v) == 0)
                    q6_strlist_push(&D->metrics, m->key);
            }
            snprintf(path, sizeof path, "%s/slots.csv", dir);
            if (load_slots(L, D, s, r, path, err, errlen) < 0)
                goto done;
        }
    D->val = calloc(D->metrics.n * runs + 1, sizeof *D->val);
    if (!D->val) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    for (size_t m = 0; m < D->metrics.n; m++)
        for (size_t i = 0; i < runs; i++) {
            const q6_json_member *x = q6_json_get(&summ[i], D->metrics.v[m]);
            double v = NAN;
            if (x && q6_csv_number(x->value, &v) < 0)
                v = NAN;
            D->val[m * runs + i] = v;
        }
    rc = 0;
done:
    for (size_t i = 0; i < runs; i++)
        q6_json_free(&summ[i]);
    free(summ);
    if (rc < 0)
        q6_compare_free(D);
    return rc;
}

void q6_compare_free(q6_compare_data *D)
{
    q6_strlist_free(&D->metrics);
    q6_strlist_free(&D->slot_cols);
    free(D->val);
    free(D->digest);
    free(D->t_start);
    free(D->slot_val);
    memset(D, 0, sizeof *D);
}

int q6_compare_check_digests(const q6_compare_layout *L, const q6_compare_data *D, FILE *f)
{
    int ok = 1;
    fprintf(f, "%-11s %-10s %s\n", "replication", "seed", "timeline digest");
    for (size_t r = 0; r < L->n_rep; r++) {
        int same = 1;
        for (size_t s = 1; s < L->n_sched; s++)
            same &= !strcmp(D->digest[s * L->n_rep + r], D->digest[r]);
        if (same) {
            fprintf(f, "%-11zu %-10llu %s (identical across %zu schedulers)\n", r, (unsigned long long)L->seeds[r],
                    D->digest[r], L->n_sched);
            continue;
        }
        ok = 0;
        fprintf(f, "%-11zu %-10llu DIGESTS DIFFER:\n", r, (unsigned long long)L->seeds[r]);
        for (size_t s = 0; s < L->n_sched; s++)
            fprintf(f, "%22s %s  %s\n", "", D->digest[s * L->n_rep + r], L->sched[s]);
    }
    return ok ? 0 : -1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

void q6_metric_range(const char *name, double *lo, double *hi)
{
    static const char *const counts[] = {"vehicles", "access_points", "events", "slots", "slot", "vehicles_connected",
                                         "mean_hops", "buyers", "sellers", "matched", "rejected", "chunks",
                                         "chunks_done", "theorem1_violations", NULL};
    const char *last = strrchr(name, '.');
    last = last ? last + 1 : name;
    *lo = -INFINITY;
    *hi = INFINITY;
    if (!strcmp(last, "completion_ratio")) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    int nonneg = ends_with(last, "_s") || ends_with(last, "_j") || ends_with(last, "_kg") ||
                 !strncmp(last, "tasks_", 6) || !strncmp(name, "energy_", 7) || !strncmp(name, "supply_", 7);
    for (size_t i = 0; counts[i] && !nonneg; i++)
        nonneg = !strcmp(last, counts[i]);
    if (nonneg)
        *lo = 0.0;
}

void q6_metric_clamp(const char *name, double *lo, double *hi)
{
    double a, b;
    q6_metric_range(name, &a, &b);
    if (*lo < a)
        *lo = a;
    if (*hi > b)
        *hi = b;
}

void q6_compare_ci(const q6_compare_layout *L, const q6_compare_data *D, size_t m, size_t s, size_t *n,
                   double *mean, double *lo, double *hi)
{
    q6_ci ci;
    q6_stats_ci(&D->val[(m * L->n_sched + s) * L->n_rep], L->n_rep, 0.95, &ci);
    *n = ci.n;
    *mean = ci.mean;
    *lo = ci.mean - ci.half_width;
    *hi = ci.mean + ci.half_width;
    q6_metric_clamp(D->metrics.v[m], lo, hi);
}

static void paired(const q6_compare_layout *L, const q6_compare_data *D, size_t m, size_t s, q6_ci *ci)
{
    const double *ref = &D->val[(m * L->n_sched) * L->n_rep];
    q6_stats_paired_ci(&D->val[(m * L->n_sched + s) * L->n_rep], ref, L->n_rep, 0.95, ci);
}

/* ",n,mean[,sd],low,high" of an interval (empty fields where undefined);
 * with a metric name, the interval is clamped to its physical range. */
static void put_ci(FILE *f, const q6_ci *ci, int with_sd, const char *metric)
{
    double lo = ci->mean - ci->half_width, hi = ci->mean + ci->half_width;
    if (metric)
        q6_metric_clamp(metric, &lo, &hi);
    fprintf(f, ",%zu,", ci->n);
    q6_csv_num(f, ci->mean);
    if (with_sd) {
        fputc(',', f);
        q6_csv_num(f, ci->sd);
    }
    fputc(',', f);
    q6_csv_num(f, lo);
    fputc(',', f);
    q6_csv_num(f, hi);
}

static int write_compare_csv(const q6_compare_layout *L, const q6_compare_data *D, const char *path)
{
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    fputs("metric,scheduler,n,mean,sd,ci95_low,ci95_high,diff_vs,diff_n,diff_mean,diff_ci95_low,diff_ci95_high\n", f);
    for (size_t m = 0; m < D->metrics.n; m++)
        for (size_t s = 0; s < L->n_sched; s++) {
            q6_ci ci;
            q6_stats_ci(&D->val[(m * L->n_sched + s) * L->n_rep], L->n_rep, 0.95, &ci);
            q6_csv_field(f, D->metrics.v[m]);
            fputc(',', f);
            q6_csv_field(f, L->sched[s]);
            put_ci(f, &ci, 1, D->metrics.v[m]);
            fputc(',', f);
            q6_csv_field(f, L->sched[0]);
            if (s == 0) {
                fputs(",,,,\n", f);
                continue;
            }
            paired(L, D, m, s, &ci);
            put_ci(f, &ci, 0, NULL); /* a difference may have either sign */
            fputc('\n', f);
        }
    return q6_afile_commit(&a);
}

static int write_replications_csv(const q6_compare_layout *L, const q6_compare_data *D, const char *path)
{
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    fputs("scheduler,replication,seed,timeline_digest", f);
    for (size_t m = 0; m < D->metrics.n; m++) {
        fputc(',', f);
        q6_csv_field(f, D->metrics.v[m]);
    }
    fputc('\n', f);
    size_t runs = L->n_sched * L->n_rep;
    for (size_t s = 0; s < L->n_sched; s++)
        for (size_t r = 0; r < L->n_rep; r++) {
            q6_csv_field(f, L->sched[s]);
            fprintf(f, ",%zu,%llu,%s", r, (unsigned long long)L->seeds[r], D->digest[s * L->n_rep + r]);
            for (size_t m = 0; m < D->metrics.n; m++) {
                fputc(',', f);
                q6_csv_num(f, D->val[m * runs + s * L->n_rep + r]);
            }
            fputc('\n', f);
        }
    return q6_afile_commit(&a);
}

static int write_slots_ci_csv(const q6_compare_layout *L, const q6_compare_data *D, const char *path)
{
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    double *x = malloc((L->n_rep ? L->n_rep : 1) * sizeof *x);
    if (!x) {
        q6_afile_abort(&a);
        return -1;
    }
    fputs("metric,scheduler,slot,t_start_s,n,mean,ci95_low,ci95_high\n", f);
    for (size_t c = 0; c < D->slot_cols.n; c++)
        for (size_t s = 0; s < L->n_sched; s++)
            for (size_t k = 0; k < D->n_slots; k++) {
                for (size_t r = 0; r < L->n_rep; r++)
                    x[r] = D->slot_val[((c * L->n_sched + s) * L->n_rep + r) * D->n_slots + k];
                q6_ci ci;
                q6_stats_ci(x, L->n_rep, 0.95, &ci);
                q6_csv_field(f, D->slot_cols.v[c]);
                fputc(',', f);
                q6_csv_field(f, L->sched[s]);
                fprintf(f, ",%zu,%.9g", k, D->t_start[k]);
                put_ci(f, &ci, 0, D->slot_cols.v[c]);
                fputc('\n', f);
            }
    free(x);
    return q6_afile_commit(&a);
}

int q6_compare_write_csv(const q6_compare_layout *L, const q6_compare_data *D, char *err, size_t errlen)
{
    static const char *const names[] = {"compare.csv", "replications.csv", "slots_ci.csv"};
    int (*const fn[])(const q6_compare_layout *, const q6_compare_data *, const char *) = {
        write_compare_csv, write_replications_csv, write_slots_ci_csv};
    for (size_t i = 0; i < 3; i++) {
        char path[4300];
        snprintf(path, sizeof path, "%s/%s", L->dir, names[i]);
        if (fn[i](L, D, path) < 0) {
            snprintf(err, errlen, "%s: cannot write", path);
            return -1;
        }
    }
    return 0;
}

/* The metrics of the printed table, in this order, when present. */
static const char *const table_metrics[] = {
    "completion_ratio", "tasks_completed", "tasks_dropped", "latency_mean_s", "latency_p95_s",
    "energy_j.vehicle", "energy_j.bs", "emissions_kg",
    /* energy-market scenarios (paper 000) */
    "market.welfare", "market.matched", "market.opt_time_s", "market.opt_co2_kg", NULL};

static void fmt_num(char *out, size_t len, double v)
{
    if (isnan(v))
        snprintf(out, len, "-");
    else
        snprintf(out, len, "%.5g", v);
}

static void fmt_ci(char *out, size_t len, double lo, double hi)
{
    char a[32], b[32];
    if (isnan(lo) || isnan(hi)) {
        snprintf(out, len, "-");
        return;
    }
    fmt_num(a, sizeof a, lo);
    fmt_num(b, sizeof b, hi);
    snprintf(out, len, "[%s, %s]", a, b);
}

void q6_compare_print_table(const q6_compare_layout *L, const q6_compare_data *D, FILE *f)
{
    size_t w = 9;
    for (size_t s = 0; s < L->n_sched; s++)
        if (strlen(L->sched[s]) > w)
            w = strlen(L->sched[s]);
    char diff_head[160];
    snprintf(diff_head, sizeof diff_head, "diff vs %s", L->sched[0]);
    int dw = (int)strlen(diff_head) > 11 ? (int)strlen(diff_head) : 11;
    fprintf(f, "%-18s %-*s %11s  %-26s %*s  %s\n", "metric", (int)w, "scheduler", "mean", "95% CI", dw, diff_head,
            "95% CI");
    for (const char *const *name = table_metrics; *name; name++) {
        long m = q6_compare_metric(D, *name);
        if (m < 0)
            continue;
        for (size_t s = 0; s < L->n_sched; s++) {
            q6_ci ci, d;
            q6_stats_ci(&D->val[((size_t)m * L->n_sched + s) * L->n_rep], L->n_rep, 0.95, &ci);
            char mean[32], ci_s[80], dm[32] = "", dci[80] = "";
            fmt_num(mean, sizeof mean, ci.mean);
            fmt_ci(ci_s, sizeof ci_s, ci.mean - ci.half_width, ci.mean + ci.half_width);
            if (s > 0) {
                paired(L, D, (size_t)m, s, &d);
                fmt_num(dm, sizeof dm, d.mean);
                fmt_ci(dci, sizeof dci, d.mean - d.half_width, d.mean + d.half_width);
            }
            if (s == 0)
                fprintf(f, "%-18s %-*s %11s  %s\n", *name, (int)w, L->sched[s], mean, ci_s);
            else
                fprintf(f, "%-18s %-*s %11s  %-26s %*s  %s\n", "", (int)w, L->sched[s], mean, ci_s, dw, dm, dci);
        }
    }
}
