/* q6sim compare SCENARIO --schedulers a,b,c [options] */
#include "sim/cli/cli.h"
#include "sim/cli/cli_args.h"
#include "sim/core/plugins.h"
#include "sim/base/fsutil.h"
#include "sim/base/stage.h"
#include "sim/scenario/scenario.h"
#include "sim/workflow/compare.h"
#include "sim/workflow/plot.h"
#include "sim/workflow/proc.h"
#include "sim/workflow/strlist.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: q6sim compare SCENARIO --schedulers A,B[,C...] [--replications R] [--seed S]\n"
            "                     [--out DIR] [--jobs N] [--slots N] [--set KEY=VALUE]...\n"
            "                     [--plugin PATH]... [--strict] [--no-plots] [--quiet]\n"
            "\n"
            "Runs every scheduler on the same R exogenous timelines (replication r uses\n"
            "seed S+r for all schedulers), checks that the timeline digests agree within\n"
            "each replication (it refuses to report when they differ), and reports per\n"
            "metric the mean and Student-t 95%% confidence interval over replications,\n"
            "and the paired difference against the first scheduler with its 95%% interval.\n"
            "Each run is a 'q6sim run' child process; N of them run at a time.\n"
            "\n"
            "Writes DIR, atomically (replaced only when everything succeeded):\n"
            "  runs/SCHEDULER/repR/  each run's outputs (see q6sim run --help); logs/ their logs\n"
            "  compare.csv       metric, scheduler, n, mean, sd, ci95_low, ci95_high, diff_vs,\n"
            "                    diff_n, diff_mean, diff_ci95_low, diff_ci95_high (paired,\n"
            "                    scheduler minus the first one); units are in the metric names\n"
            "                    (_s seconds, _j or energy_j joules, _kg kilograms)\n"
            "  replications.csv  one row per run: scheduler, replication, seed, digest, metrics\n"
            "  slots_ci.csv      per slots.csv column, scheduler and slot: n, mean, 95%% CI\n"
            "                    (intervals here, in compare.csv and in the plots are clipped to\n"
            "                    each metric's physical range, e.g. latency >= 0)\n"
            "  timeseries.png    per-slot means with 95%% bands; summary.png bars with 95%%\n"
            "                    intervals (gnuplot; skipped with a note when not installed);\n"
            "                    plots/ holds their data and the gnuplot script\n"
            "and prints the digests and a table of the main metrics on stdout.\n"
            "\n"
            "options:\n"
            "  --schedulers LIST   comma-separated plugin names (at least one); the first is\n"
            "                      the reference of the paired differences\n"
            "  --replications R    replications per scheduler (default 5; 2 or more for intervals)\n"
            "  --seed S            seed of the first replication (default: the scenario's)\n"
            "  --out DIR           output folder (default: out/compare-NAME, NAME the scenario's);\n"
            "                      an existing DIR is replaced only if it holds q6sim output or is empty\n"
            "  --overwrite         also replace an existing DIR that holds no q6sim output\n"
            "  --jobs N            runs at a time (default: all %u cores)\n"
            "  --slots N           slots per run (default: the scenario's)\n"
            "  --set KEY=VALUE     scenario override passed to every run; repeatable\n"
            "  --plugin PATH       external plugin passed to every run; repeatable\n"
            "  --strict            passed to every run: an infeasible decision fails it\n"
            "  --no-plots          CSV only\n"
            "  --quiet             no table on stdout (progress and errors still on stderr)\n"
            "  --help              this text\n"
            "\n"
            "exit codes: 0 success, 1 a run failed or the digests differ, 2 bad input\n",
            q6_proc_ncpu());
}

static int parse_count(const char *opt, const char *s, unsigned long long min, unsigned long long max,
                       const char *unit, unsigned long long *out)
{
    uint64_t v;
    if (q6_cli_whole("compare", opt, s, min, max, unit, &v) < 0)
        return -1;
    *out = v;
    return 0;
}

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr("_.+-", *s)))
            return 0;
    return 1;
}

typedef struct {
    q6_proc_job *jobs;
    size_t n, done;
    char *const *sched;
    size_t n_rep;
    const uint64_t *seeds;
    int quiet;
} progress_ctx;

/* Prints the last lines of a log to stderr. */
static void print_log_tail(const char *path, int lines)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char buf[64][512];
    int n = 0;
    while (fgets(buf[n % 64], sizeof buf[0], f))
        n++;
    fclose(f);
    int first = n > lines ? n - lines : 0;
    for (int i = first; i < n; i++)
        fprintf(stderr, "  | %s%s", buf[i % 64], strchr(buf[i % 64], '\n') ? "" : "\n");
}

static int on_done(void *vctx, size_t i, const q6_proc_job *job)
{
    progress_ctx *c = vctx;
    c->done++;
    size_t s = i / c->n_rep, r = i % c->n_rep;
    if (job->status == 0) {
        fprintf(stderr, "q6sim compare: [%zu/%zu] %s rep %zu (seed %llu) done\n", c->done, c->n, c->sched[s], r,
                (unsigned long long)c->seeds[r]);
        return 0;
    }
    fprintf(stderr, "q6sim compare: %s rep %zu (seed %llu) failed with exit code %d; its log %s:\n", c->sched[s], r,
            (unsigned long long)c->seeds[r], job->status, job->log_path);
    print_log_tail(job->log_path, 8);
    return 1;
}

/* manifest.json marks the folder as q6sim output (so a later compare may
 * replace it); scheduler names are plugin names, which need no escaping. */
static int write_manifest(const char *dir, const q6_strlist *sched, unsigned long long reps,
                          unsigned long long seed0)
{
    char path[4600];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\n  \"q6sim_version\": \"%s\",\n  \"kind\": \"compare\",\n  \"schedulers\": [", Q6_VERSION);
    for (size_t i = 0; i < sched->n; i++)
        fprintf(f, "%s\"%s\"", i ? ", " : "", sched->v[i]);
    fprintf(f, "],\n  \"replications\": %llu,\n  \"first_seed\": %llu\n}\n", reps, seed0);
    return fclose(f) == 0 ? 0 : -1;
}

int q6_cli_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"schedulers", required_argument, 0, 'S'}, {"replications", required_argument, 0, 'r'},
        {"seed", required_argument, 0, 's'},       {"out", required_argument, 0, 'o'},
        {"jobs", required_argument, 0, 'j'},       {"slots", required_argument, 0, 'n'},
        {"set", required_argument, 0, 'k'},        {"plugin", required_argument, 0, 'p'},
        {"strict", no_argument, 0, 'x'},           {"no-plots", no_argument, 0, 'P'},
        {"quiet", no_argument, 0, 'q'},            {"help", no_argument, 0, 'h'},
        {"overwrite", no_argument, 0, 'w'},
        {0, 0, 0, 0}};
    q6_strlist sched = {0}, sets = {0}, plugins = {0}, child = {0};
    const char *out_opt = NULL, *slots = NULL;
    unsigned long long reps = 5, seed0 = 0, jobs = q6_proc_ncpu(), tmp;
    int has_seed = 0, strict = 0, plots = 1, quiet = 0, c, rc = Q6_EXIT_BAD_INPUT;
    q6_proc_job *pj = NULL;
    q6_strlist *argvs = NULL;
    uint64_t *seeds = NULL;
    char tmp_dir[4400] = "", err[2048];
    q6_stage stage = {0};
    int overwrite = 0;
    size_t n_runs = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'S': {
            char *copy = strdup(optarg), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                if (!valid_name(t)) {
                    fprintf(stderr, "q6sim compare: --schedulers: '%s' is not a plugin name\n", t);
                    free(copy);
                    goto out;
                }
                if (q6_strlist_find(&sched, t) >= 0) {
                    fprintf(stderr, "q6sim compare: --schedulers: '%s' appears twice\n", t);
                    free(copy);
                    goto out;
                }
                q6_strlist_push(&sched, t);
            }
            free(copy);
            break;
        }
        case 'r':
            if (parse_count("--replications", optarg, 1, 100000, "", &reps) < 0)
                goto out;
            break;
        case 's':
            if (parse_count("--seed", optarg, 0, Q6_SEED_MAX, "", &seed0) < 0)
                goto out;
            has_seed = 1;
            break;
        case 'o': out_opt = optarg; break;
        case 'w': overwrite = 1; break;
        case 'j':
            if (parse_count("--jobs", optarg, 1, 65536, "", &jobs) < 0)
                goto out;
            break;
        case 'n':
            if (parse_count("--slots", optarg, 1, Q6_SLOTS_MAX, "slots", &tmp) < 0)
                goto out;
            slots = optarg;
            break;
        case 'k': q6_strlist_push(&sets, optarg); break;
        case 'p': q6_strlist_push(&plugins, optarg); break;
        case 'x': strict = 1; break;
        case 'P': plots = 0; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); rc = Q6_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "q6sim compare: expected exactly one SCENARIO file (see q6sim compare --help)\n");
        goto out;
    }
    if (!sched.n) {
        fprintf(stderr, "q6sim compare: --schedulers: give at least one plugin name, e.g. --schedulers greedy,random\n");
        goto out;
    }
    const char *scenario = argv[optind];
    /* Check the names, the scenario and the overrides here, once, before any run. */
    if (q6_plugins_check_names((const char *const *)sched.v, sched.n, (const char *const *)plugins.v, plugins.n, err,
                               sizeof err) < 0) {
        fprintf(stderr, "q6sim compare: --schedulers: %s\n", err);
        goto out;
    }
    q6_scenario *sc = malloc(sizeof *sc);
    if (!sc || q6_scenario_load_with(scenario, (const char *const *)sets.v, sets.n, sc, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim compare: %s\n", sc ? err : "out of memory");
        free(sc);
        goto out;
    }
    if (!has_seed)
        seed0 = sc->seed;
    char out_dir[4096] = "";
    if (out_opt)
        snprintf(out_dir, sizeof out_dir, "%s", out_opt);
    else
        snprintf(out_dir, sizeof out_dir, "out/compare-%s", sc->name);
    unsigned long long n_slots = slots ? strtoull(slots, NULL, 10) : sc->slots;
    char scen_name[128];
    snprintf(scen_name, sizeof scen_name, "%s", sc->name);
    free(sc);
    char exe[4096];
    if (q6_proc_self_exe(exe, sizeof exe) < 0) {
        fprintf(stderr, "q6sim compare: cannot find the q6sim executable (/proc/self/exe)\n");
        rc = Q6_EXIT_RUN_FAILURE;
        goto out;
    }

    n_runs = sched.n * reps;
    if (q6_stage_begin_dir(&stage, out_dir, overwrite, out_opt ? "--out" : "output folder", err, sizeof err) < 0) {
        fprintf(stderr, "q6sim compare: %s\n", err);
        goto out;
    }
    snprintf(out_dir, sizeof out_dir, "%s", stage.final);
    snprintf(tmp_dir, sizeof tmp_dir, "%s", stage.tmp);
    seeds = calloc(reps, sizeof *seeds);
    pj = calloc(n_runs, sizeof *pj);
    argvs = calloc(n_runs, sizeof *argvs);
    if (!seeds || !pj || !argvs) {
        fprintf(stderr, "q6sim compare: out of memory\n");
        rc = Q6_EXIT_RUN_FAILURE;
        goto out;
    }
    for (size_t r = 0; r < reps; r++)
        seeds[r] = seed0 + r;
    char path[4600];
    snprintf(path, sizeof path, "%s/logs", tmp_dir);
    if (q6_mkdirs(path) < 0) {
        fprintf(stderr, "q6sim compare: %s: cannot create: %s\n", path, strerror(errno));
        rc = Q6_EXIT_BAD_INPUT;
        goto out;
    }
    for (size_t s = 0; s < sched.n; s++)
        for (size_t r = 0; r < reps; r++) {
            q6_strlist *a = &argvs[s * reps + r];
            q6_strlist_push(a, "q6sim");
            q6_strlist_push(a, "run");
            q6_strlist_push(a, scenario);
            q6_strlist_push(a, "--scheduler");
            q6_strlist_push(a, sched.v[s]);
            q6_strlist_push(a, "--seed");
            q6_strlist_pushf(a, "%llu", (unsigned long long)seeds[r]);
            q6_strlist_push(a, "--out");
            q6_strlist_pushf(a, "%s/runs/%s/rep%zu", tmp_dir, sched.v[s], r);
            q6_strlist_push(a, "--quiet");
            q6_strlist_push(a, "--no-progress");
            if (slots) {
                q6_strlist_push(a, "--slots");
                q6_strlist_push(a, slots);
            }
            for (size_t i = 0; i < sets.n; i++) {
                q6_strlist_push(a, "--set");
                q6_strlist_push(a, sets.v[i]);
            }
            for (size_t i = 0; i < plugins.n; i++) {
                q6_strlist_push(a, "--plugin");
                q6_strlist_push(a, plugins.v[i]);
            }
            if (strict)
                q6_strlist_push(a, "--strict");
            q6_strlist_pushf(&child, "%s/logs/%s-rep%zu.log", tmp_dir, sched.v[s], r);
        }
    for (size_t i = 0; i < n_runs; i++) {
        pj[i].argv = argvs[i].v;
        pj[i].log_path = child.v[i];
    }
    if (!quiet)
        printf("compare: scenario %s | %zu scheduler%s x %llu replication%s (seeds %llu..%llu) | %llu slots\n",
               scen_name, sched.n, sched.n > 1 ? "s" : "", reps, reps > 1 ? "s" : "", seed0, seed0 + reps - 1,
               n_slots);
    fflush(stdout);
    progress_ctx pc = {pj, n_runs, 0, sched.v, reps, seeds, quiet};
    int run_rc = q6_proc_run_all(exe, pj, n_runs, (unsigned)jobs, on_done, &pc);
    if (run_rc != 0) {
        if (q6_proc_interrupted())
            fprintf(stderr, "q6sim compare: interrupted; nothing written\n");
        rc = Q6_EXIT_RUN_FAILURE;
        for (size_t i = 0; i < n_runs; i++)
            if (pj[i].status == Q6_EXIT_BAD_INPUT)
                rc = Q6_EXIT_BAD_INPUT;
        goto out;
    }
    q6_compare_layout L = {sched.n, reps, sched.v, seeds, tmp_dir};
    q6_compare_data D;
    if (q6_compare_load(&L, &D, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim compare: %s\n", err);
        rc = Q6_EXIT_RUN_FAILURE;
        goto out;
    }
    FILE *dig = quiet ? stderr : stdout;
    fputc('\n', dig);
    if (q6_compare_check_digests(&L, &D, dig) < 0) {
        fflush(dig);
        fprintf(stderr, "q6sim compare: the schedulers did not see the same exogenous timeline in every "
                        "replication (digests above); no statistics reported, nothing written\n");
        q6_compare_free(&D);
        rc = Q6_EXIT_RUN_FAILURE;
        goto out;
    }
    if (q6_compare_write_csv(&L, &D, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim compare: %s\n", err);
        q6_compare_free(&D);
        rc = Q6_EXIT_RUN_FAILURE;
        goto out;
    }
    const char *plot_note = "plots skipped (--no-plots)";
    if (plots) {
        int prc = q6_plot_compare(&L, &D, err, sizeof err);
        plot_note = prc == 0 ? "timeseries.png, summary.png"
                  : prc == 1 ? "plots skipped: gnuplot not found (install gnuplot-nox); CSV written"
                             : "plots failed (CSV written)";
        if (prc < 0)
            fprintf(stderr, "q6sim compare: %s\n", err);
    }
    if (write_manifest(tmp_dir, &sched, reps, seed0) < 0 || q6_stage_commit(&stage, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim compare: %s\n", err);
        q6_compare_free(&D);
        rc = Q6_EXIT_RUN_FAILURE;
        goto out;
    }
    tmp_dir[0] = 0;
    if (!quiet) {
        printf("\n");
        q6_compare_print_table(&L, &D, stdout);
        if (reps < 2)
            printf("(one replication: no intervals)\n");
        printf("\nwrote %s: compare.csv (all %zu metrics), replications.csv, slots_ci.csv; %s\n", out_dir,
               D.metrics.n, plot_note);
    } else {
        fprintf(stderr, "q6sim compare: wrote %s; %s\n", out_dir, plot_note);
    }
    q6_compare_free(&D);
    rc = Q6_EXIT_OK;
out:
    if (tmp_dir[0])
        q6_stage_abort(&stage);
    for (size_t i = 0; argvs && i < n_runs; i++)
        q6_strlist_free(&argvs[i]);
    q6_strlist_free(&sched);
    q6_strlist_free(&sets);
    q6_strlist_free(&plugins);
    q6_strlist_free(&child);
    free(seeds);
    free(pj);
    free(argvs);
    return rc;
}
