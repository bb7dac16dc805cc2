#include "sim/workflow/plot.h"
#include "sim/base/fsutil.h"
#include "sim/workflow/afile.h"
#include "sim/workflow/proc.h"
#include "sim/workflow/stats.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Panels of the two figures, with their axis labels. */
static const struct {
    const char *col, *label;
} ts_panels[] = {
    {"tasks_completed", "tasks completed per slot"},
    {"tasks_dropped", "tasks dropped per slot"},
    {"latency_mean_s", "mean task latency (s)"},
    {"energy_vehicle_j", "vehicle energy per slot (J)"},
};
static const struct {
    const char *metric, *label;
} bar_panels[] = {
    {"completion_ratio", "completion ratio"},
    {"latency_mean_s", "mean latency (s)"},
    {"latency_p95_s", "p95 latency (s)"},
    {"tasks_dropped", "tasks dropped"},
    {"energy_j.vehicle", "vehicle energy (J)"},
    {"emissions_kg", "emissions (kg CO2)"},
};

static void dat_num(FILE *f, double v)
{
    if (isnan(v))
        fputs(" NaN", f);
    else
        fprintf(f, " %.9g", v);
}

static int write_ts(const q6_compare_layout *L, const q6_compare_data *D, size_t c, const char *path)
{
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    double *x = malloc((L->n_rep ? L->n_rep : 1) * sizeof *x);
    fputs("# t_start_s, then per scheduler: mean ci95_low ci95_high (clamped to the metric's physical range)\n", f);
    for (size_t k = 0; x && k < D->n_slots; k++) {
        fprintf(f, "%.9g", D->t_start[k]);
        for (size_t s = 0; s < L->n_sched; s++) {
            for (size_t r = 0; r < L->n_rep; r++)
                x[r] = D->slot_val[((c * L->n_sched + s) * L->n_rep + r) * D->n_slots + k];
            q6_ci ci;
            q6_stats_ci(x, L->n_rep, 0.95, &ci);
            double hw = isnan(ci.half_width) ? 0.0 : ci.half_width, lo = ci.mean - hw, hi = ci.mean + hw;
            q6_metric_clamp(D->slot_cols.v[c], &lo, &hi);
            dat_num(f, ci.mean);
            dat_num(f, lo);
            dat_num(f, hi);
        }
        fputc('\n', f);
    }
    if (!x) {
        q6_afile_abort(&a);
        return -1;
    }
    free(x);
    return q6_afile_commit(&a);
}

/* Also gives the y range that holds every bar and interval, from 0. */
static int write_bars(const q6_compare_layout *L, const q6_compare_data *D, size_t m, const char *path,
                      double *ymin, double *ymax)
{
    *ymin = *ymax = 0.0;
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    fputs("# index scheduler mean ci95_low ci95_high\n", f);
    for (size_t s = 0; s < L->n_sched; s++) {
        size_t n;
        double mean, lo, hi;
        q6_compare_ci(L, D, m, s, &n, &mean, &lo, &hi);
        if (isnan(lo))
            lo = hi = mean;
        if (lo < *ymin)
            *ymin = lo;
        if (hi > *ymax)
            *ymax = hi;
        fprintf(f, "%zu %s", s, L->sched[s]);
        dat_num(f, mean);
        dat_num(f, lo);
        dat_num(f, hi);
        fputc('\n', f);
    }
    return q6_afile_commit(&a);
}

int q6_plot_compare(const q6_compare_layout *L, const q6_compare_data *D, char *err, size_t errlen)
{
    char path[8800], pdir[4300];
    snprintf(pdir, sizeof pdir, "%s/plots", L->dir);
    if (q6_mkdirs(pdir) < 0) {
        snprintf(err, errlen, "%s: cannot create", pdir);
        return -1;
    }
    q6_afile a;
    snprintf(path, sizeof path, "%s/compare.gp", pdir);
    FILE *g = q6_afile_open(&a, path);
    if (!g) {
        snprintf(err, errlen, "%s: cannot write", path);
        return -1;
    }
    fprintf(g, "# Written by q6sim compare. Run from the compare folder: gnuplot plots/compare.gp\n"
               "# Means over %zu replications with Student-t 95%% intervals.\n"
               "set terminal pngcairo size 1400,900 noenhanced font ',11'\n"
               "set datafile missing 'NaN'\n"
               "set grid\nset key top left\n",
            L->n_rep);
    /* Time series with bands. */
    fputs("set output 'timeseries.png'\n", g);
    fprintf(g, "set multiplot layout 2,2 title 'per-slot mean and 95%% band over %zu replications "
               "(bands clipped to physical limits, e.g. >= 0)'\n", L->n_rep);
    fputs("set xlabel 'slot start (s)'\nset style fill transparent solid 0.2 noborder\n", g);
    for (size_t p = 0; p < sizeof ts_panels / sizeof ts_panels[0]; p++) {
        long c = q6_compare_slot_col(D, ts_panels[p].col);
        if (c < 0)
            continue;
        snprintf(path, sizeof path, "%s/ts_%s.dat", pdir, ts_panels[p].col);
        if (write_ts(L, D, (size_t)c, path) < 0) {
            q6_afile_abort(&a);
            snprintf(err, errlen, "%s: cannot write", path);
            return -1;
        }
        fprintf(g, "set title '%s'\nset ylabel '%s'\nplot \\\n", ts_panels[p].label, ts_panels[p].label);
        for (size_t s = 0; s < L->n_sched; s++)
            fprintf(g, "  'plots/ts_%s.dat' using 1:%zu:%zu with filledcurves lc %zu notitle, \\\n",
                    ts_panels[p].col, 3 + 3 * s, 4 + 3 * s, s + 1);
        for (size_t s = 0; s < L->n_sched; s++)
            fprintf(g, "  'plots/ts_%s.dat' using 1:%zu with lines lw 2 lc %zu title '%s'%s\n", ts_panels[p].col,
                    2 + 3 * s, s + 1, L->sched[s], s + 1 < L->n_sched ? ", \\" : "");
    }
    fputs("unset multiplot\n", g);
    /* Bars with intervals. */
    fputs("set output 'summary.png'\n", g);
    fprintf(g, "set multiplot layout 2,3 title 'mean and 95%% interval over %zu replications "
               "(intervals clipped to physical limits)'\n", L->n_rep);
    fprintf(g, "unset xlabel\nset style fill solid 0.6 border -1\nset boxwidth 0.6\nset xrange [-0.6:%zu.6]\n"
               "unset key\n",
            L->n_sched - 1);
    for (size_t p = 0; p < sizeof bar_panels / sizeof bar_panels[0]; p++) {
        long m = q6_compare_metric(D, bar_panels[p].metric);
        if (m < 0)
            continue;
        char name[128];
        snprintf(name, sizeof name, "%s", bar_panels[p].metric);
        for (char *q = name; *q; q++)
            if (*q == '.')
                *q = '_';
        snprintf(path, sizeof path, "%s/bars_%s.dat", pdir, name);
        double y0, y1;
        if (write_bars(L, D, (size_t)m, path, &y0, &y1) < 0) {
            q6_afile_abort(&a);
            snprintf(err, errlen, "%s: cannot write", path);
            return -1;
        }
        if (!(y1 > y0))
            y1 = y0 + 1.0;
        fprintf(g, "set yrange [%.9g:%.9g]\n", y0 < 0 ? y0 - 0.08 * (y1 - y0) : 0.0, y1 + 0.08 * (y1 - y0));
        fprintf(g, "set title '%s'\nset ylabel '%s'\n"
                   "plot 'plots/bars_%s.dat' using 1:3:($1+1):xtic(2) with boxes lc variable, \\\n"
                   "  '' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0 ps 0 lw 1.5\n",
                bar_panels[p].label, bar_panels[p].label, name);
    }
    fputs("unset multiplot\n", g);
    snprintf(path, sizeof path, "%s/compare.gp", pdir);
    if (q6_afile_commit(&a) < 0) {
        snprintf(err, errlen, "%s: cannot write", path);
        return -1;
    }
    if (!q6_proc_in_path("gnuplot"))
        return 1;
    /* gnuplot runs in the compare folder: cd first (quotes doubled). */
    char cd[9000];
    size_t o = (size_t)snprintf(cd, sizeof cd, "cd '");
    for (const char *p = L->dir; *p && o + 4 < sizeof cd; p++) {
        if (*p == '\'')
            cd[o++] = '\'';
        cd[o++] = *p;
    }
    snprintf(cd + o, sizeof cd - o, "'");
    char log[4400];
    snprintf(log, sizeof log, "%s/gnuplot.log", pdir);
    char *argv[] = {"gnuplot", "-e", cd, "plots/compare.gp", NULL};
    int status;
    if (q6_proc_call(argv, log, NULL, 0, &status) < 0 || status != 0) {
        snprintf(err, errlen, "gnuplot failed (see plots/gnuplot.log in the output folder)");
        return -1;
    }
    remove(log);
    return 0;
}
