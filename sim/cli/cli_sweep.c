/* q6sim sweep SPEC [options] */
#include "sim/cli/cli.h"
#include "sim/workflow/afile.h"
#include "sim/workflow/collect.h"
#include "sim/workflow/proc.h"
#include "sim/workflow/spec.h"
#include "sim/workflow/sweep.h"
#include "sim/workflow/sweepdir.h"
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: q6sim sweep SPEC [--out DIR] [--jobs N] [--backend local|slurm]\n"
            "                   [--resubmit-failed] [--dry-run] [--quiet]\n"
            "\n"
            "Expands the SPEC (libconfig; docs/workflow.md, example platforms/sweep-example.cfg)\n"
            "into jobs, parameter grid x seeds x schedulers, each one 'q6sim run' with its\n"
            "--set overrides, and runs them on the local cores or as a Slurm job array.\n"
            "\n"
            "Writes DIR (the SPEC's 'out'):\n"
            "  manifest.json, jobs.csv  the job list (job, scheduler, seed, parameters)\n"
            "  jobs/ID/     each job's outputs (see q6sim run --help); logs/ID.log its log\n"
            "  failed.txt   jobs that failed (not rerun unless --resubmit-failed)\n"
            "  sweep.sbatch, slurm/  the Slurm script, task lists and Slurm output\n"
            "  results.csv  the q6sim collect table, once every job has finished\n"
            "\n"
            "A job is finished when jobs/ID/summary.json exists. Running the same command\n"
            "again resumes: finished jobs are skipped (and counted), interrupted ones rerun.\n"
            "A SPEC whose jobs or scenario differ from those recorded in DIR is refused.\n"
            "With the Slurm backend, sweep submits one array task per unfinished job with\n"
            "sbatch, follows the array with squeue every slurm.poll_s seconds until it has\n"
            "ended, and reports the jobs that did not finish; run again to follow an array\n"
            "that is still active.\n"
            "\n"
            "options:\n"
            "  --out DIR          output folder (default: the SPEC's 'out')\n"
            "  --jobs N           local runs at a time (default: the SPEC's 'jobs', else all %u cores)\n"
            "  --backend B        local or slurm (default: the SPEC's 'backend', else local)\n"
            "  --resubmit-failed  also rerun the jobs listed in failed.txt\n"
            "  --dry-run          write the folder (and sweep.sbatch), print what would run, run nothing\n"
            "  --quiet            no per-job progress lines\n"
            "  --help             this text\n"
            "\n"
            "exit codes: 0 every job finished, 1 some job failed or did not finish (or the\n"
            "sweep was interrupted), 2 bad input (SPEC, scenario, overrides, folder)\n",
            q6_proc_ncpu());
}

/* in made absolute (against the working directory) and free of "." and
 * ".." components; out may be in. */
static int absolute(const char *in, char *out, size_t outlen)
{
    char cwd[PATH_MAX], buf[2 * PATH_MAX + 2];
    if (in[0] == '/')
        snprintf(buf, sizeof buf, "%s", in);
    else if (getcwd(cwd, sizeof cwd))
        snprintf(buf, sizeof buf, "%s/%s", cwd, in);
    else
        return -1;
    char res[2 * PATH_MAX + 2] = "";
    size_t len = 0;
    for (char *save = NULL, *part = strtok_r(buf, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (!strcmp(part, "."))
            continue;
        if (!strcmp(part, "..")) {
            char *slash = strrchr(res, '/');
            len = slash ? (size_t)(slash - res) : 0;
            res[len] = 0;
            continue;
        }
        len += (size_t)snprintf(res + len, sizeof res - len, "/%s", part);
    }
    if (!len)
        snprintf(res, sizeof res, "/");
    if (strlen(res) + 1 > outlen)
        return -1;
    memcpy(out, res, strlen(res) + 1);
    return 0;
}

static int write_results(const q6_sweepdir *d, size_t n)
{
    char path[4300], err[1024];
    snprintf(path, sizeof path, "%s/results.csv", d->dir);
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    size_t rows, missing;
    if (!f || q6_collect_write(d->dir, f, &rows, &missing, err, sizeof err) < 0) {
        if (f)
            q6_afile_abort(&a);
        fprintf(stderr, "q6sim sweep: %s\n", f ? err : "cannot write results.csv");
        return Q6_EXIT_RUN_FAILURE;
    }
    if (q6_afile_commit(&a) < 0) {
        fprintf(stderr, "q6sim sweep: %s: cannot write\n", path);
        return Q6_EXIT_RUN_FAILURE;
    }
    printf("sweep: all %zu jobs finished; table %s (q6sim collect %s)\n", n, path, d->dir);
    return Q6_EXIT_OK;
}

int q6_cli_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, 0, 'o'},  {"jobs", required_argument, 0, 'j'},
        {"backend", required_argument, 0, 'b'}, {"resubmit-failed", no_argument, 0, 'F'},
        {"dry-run", no_argument, 0, 'n'},   {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},      {0, 0, 0, 0}};
    const char *out = NULL, *backend = NULL;
    long jobs_opt = 0;
    int resubmit = 0, dry_run = 0, quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'j': {
            char *end;
            errno = 0;
            jobs_opt = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || jobs_opt < 1 || jobs_opt > 65536) {
                fprintf(stderr, "q6sim sweep: --jobs: '%s' is not a whole number in [1, 65536]\n", optarg);
                return Q6_EXIT_BAD_INPUT;
            }
            break;
        }
        case 'b':
            if (strcmp(optarg, "local") && strcmp(optarg, "slurm")) {
                fprintf(stderr, "q6sim sweep: --backend: 'local' or 'slurm', not '%s'\n", optarg);
                return Q6_EXIT_BAD_INPUT;
            }
            backend = optarg;
            break;
        case 'F': resubmit = 1; break;
        case 'n': dry_run = 1; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return Q6_EXIT_OK;
        default: usage(stderr); return Q6_EXIT_BAD_INPUT;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "q6sim sweep: expected exactly one SPEC file (see q6sim sweep --help)\n");
        return Q6_EXIT_BAD_INPUT;
    }
    q6_sweep_spec sp;
    char err[4096];
    if (q6_sweep_spec_load(argv[optind], &sp, err, sizeof err) < 0) {
        fprintf(stderr, "q6sim sweep: %s\n", err);
        return Q6_EXIT_BAD_INPUT;
    }
    if (absolute(out ? out : sp.out_dir, sp.out_dir, sizeof sp.out_dir) < 0) {
        fprintf(stderr, "q6sim sweep: cannot resolve the output folder\n");
        q6_sweep_spec_free(&sp);
        return Q6_EXIT_BAD_INPUT;
    }
    size_t len = strlen(sp.out_dir);
    while (len > 1 && sp.out_dir[len - 1] == '/')
        sp.out_dir[--len] = 0;
    if (backend)
        sp.backend = strcmp(backend, "slurm") ? Q6_SWEEP_LOCAL : Q6_SWEEP_SLURM;
    char exe[4096];
    if (q6_proc_self_exe(exe, sizeof exe) < 0) {
        fprintf(stderr, "q6sim sweep: cannot find the q6sim executable (/proc/self/exe)\n");
        q6_sweep_spec_free(&sp);
        return Q6_EXIT_RUN_FAILURE;
    }
    size_t n = 0;
    q6_sweep_job *jobs = q6_sweep_expand(&sp, &n);
    if (!jobs) {
        fprintf(stderr, "q6sim sweep: out of memory\n");
        q6_sweep_spec_free(&sp);
        return Q6_EXIT_RUN_FAILURE;
    }
    q6_sweepdir d;
    int rc;
    if (q6_sweepdir_open(&d, &sp, jobs, n, err, sizeof err, &rc) < 0) {
        fprintf(stderr, "q6sim sweep: %s\n", err);
        q6_sweep_jobs_free(jobs, n);
        q6_sweep_spec_free(&sp);
        return rc;
    }
    size_t *todo = calloc(n ? n : 1, sizeof *todo);
    q6_strlist failed_before = {0}, failed_keep = {0};
    q6_sweep_run run = {&sp, &d, jobs, n, exe, todo, 0, {0}, quiet};
    rc = Q6_EXIT_OK;
    if (!todo) {
        fprintf(stderr, "q6sim sweep: out of memory\n");
        rc = Q6_EXIT_RUN_FAILURE;
        goto done;
    }
    /* An array of this folder still active on Slurm: follow it, never submit twice. */
    if (!dry_run) {
        int f = q6_sweep_slurm_follow_current(&run);
        if (f < 0) {
            rc = Q6_EXIT_RUN_FAILURE;
            goto done;
        }
    }
    q6_sweepdir_clean_stale(&d);
    q6_sweepdir_read_failed(&d, &failed_before);
    for (size_t i = 0; i < run.failed.n; i++) {
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)strcspn(run.failed.v[i], " "), run.failed.v[i]);
        if (q6_strlist_find(&failed_before, id) < 0)
            q6_strlist_push(&failed_before, id);
    }
    size_t finished = 0, held_back = 0;
    for (size_t i = 0; i < n; i++) {
        if (q6_sweepdir_job_done(&d, &jobs[i])) {
            finished++;
            continue;
        }
        if (!resubmit && q6_strlist_find(&failed_before, jobs[i].id) >= 0) {
            held_back++;
            q6_strlist_pushf(&failed_keep, "%s failed earlier", jobs[i].id);
            continue;
        }
        todo[run.n_todo++] = i;
    }
    q6_strlist_free(&run.failed);
    memset(&run.failed, 0, sizeof run.failed);
    printf("sweep: %s: %zu jobs; %zu finished earlier (skipped)", d.dir, n, finished);
    if (held_back)
        printf(", %zu failed earlier (not rerun; --resubmit-failed reruns them)", held_back);
    printf("; %zu to run %s\n", run.n_todo,
           sp.backend == Q6_SWEEP_SLURM ? "as a Slurm job array" : "on the local cores");
    fflush(stdout);
    if (dry_run) {
        for (size_t i = 0; i < run.n_todo; i++) {
            q6_strlist a = {0};
            q6_sweep_job_argv(&sp, &jobs[todo[i]], exe, d.dir, &a);
            printf("%s:", jobs[todo[i]].id);
            for (size_t k = 0; k < a.n; k++)
                printf(" %s", a.v[k]);
            printf("\n");
            q6_strlist_free(&a);
        }
        if (sp.backend == Q6_SWEEP_SLURM && run.n_todo)
            rc = q6_sweep_run_slurm(&run, 1);
        goto done;
    }
    if (run.n_todo) {
        if (sp.backend == Q6_SWEEP_SLURM) {
            rc = q6_sweep_run_slurm(&run, 0);
        } else {
            unsigned par = jobs_opt ? (unsigned)jobs_opt : sp.jobs ? sp.jobs : q6_proc_ncpu();
            rc = q6_sweep_run_local(&run, par);
            q6_sweepdir_clean_stale(&d); /* what interrupted runs left */
        }
    }
    for (size_t i = 0; i < run.failed.n; i++)
        q6_strlist_push(&failed_keep, run.failed.v[i]);
    if (q6_sweepdir_write_failed(&d, &failed_keep) < 0)
        fprintf(stderr, "q6sim sweep: %s/failed.txt: cannot write\n", d.dir);
    size_t now = 0;
    for (size_t i = 0; i < n; i++)
        now += q6_sweepdir_job_done(&d, &jobs[i]);
    if (now == n) {
        int wrc = write_results(&d, n);
        if (rc == Q6_EXIT_OK)
            rc = wrc;
    } else {
        printf("sweep: %zu of %zu jobs finished; %zu failed (%s/failed.txt)%s\n", now, n, failed_keep.n, d.dir,
               failed_keep.n ? "; --resubmit-failed reruns them" : "; run the same command again to resume");
        if (rc == Q6_EXIT_OK)
            rc = Q6_EXIT_RUN_FAILURE;
    }
done:
    q6_strlist_free(&run.failed);
    q6_strlist_free(&failed_before);
    q6_strlist_free(&failed_keep);
    free(todo);
    q6_sweepdir_close(&d);
    q6_sweep_jobs_free(jobs, n);
    q6_sweep_spec_free(&sp);
    return rc;
}
