#include "sim/base/exit_codes.h"
#include "sim/base/fsutil.h"
#include "sim/workflow/afile.h"
#include "sim/workflow/proc.h"
#include "sim/workflow/sweep.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Single-quoted for sh ('\'' for a quote). */
static void shell_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    }
    fputc('\'', f);
}

/* The first line of a file, without its line break ("" when none). */
static void first_line(const char *path, char *buf, size_t len)
{
    buf[0] = 0;
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(buf, (int)len, f))
            buf[0] = 0;
        fclose(f);
    }
    buf[strcspn(buf, "\n")] = 0;
}

static int write_script(const q6_sweep_run *r, const char *path)
{
    const q6_slurm_options *o = &r->sp->slurm;
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    fprintf(f, "#!/bin/sh\n"
               "# Written by q6sim sweep for %s.\n"
               "# Submitted as a job array with the task list as its argument:\n"
               "#   sbatch --array=0-(N-1) --output=%s/slurm/slurm-%%A_%%a.out %s TASKLIST\n"
               "# Array task i runs line i+1 of TASKLIST, \"JOB_ID COMMAND\", where COMMAND is the\n"
               "# job's q6sim run with its output going to logs/JOB_ID.log.\n"
               "#SBATCH --job-name=q6sweep\n"
               "#SBATCH --cpus-per-task=%u\n",
            r->d->dir, r->d->dir, path, o->cpus_per_task);
    if (o->partition[0])
        fprintf(f, "#SBATCH --partition=%s\n", o->partition);
    if (o->time[0])
        fprintf(f, "#SBATCH --time=%s\n", o->time);
    if (o->mem_mb)
        fprintf(f, "#SBATCH --mem=%llu\n", (unsigned long long)o->mem_mb);
    for (size_t i = 0; i < o->sbatch_args.n; i++)
        fprintf(f, "#SBATCH %s\n", o->sbatch_args.v[i]);
    fputs("set -eu\n"
          "list=$1\n"
          "line=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$list\")\n"
          "if [ -z \"$line\" ]; then\n"
          "  echo \"q6sim sweep: $list has no line $((SLURM_ARRAY_TASK_ID + 1))\" >&2\n"
          "  exit 2\n"
          "fi\n"
          "echo \"q6sim sweep: array task $SLURM_ARRAY_TASK_ID runs job ${line%% *}\"\n"
          "eval \"${line#* }\"\n",
          f);
    return q6_afile_commit(&a);
}

static int write_tasks(const q6_sweep_run *r, const char *path)
{
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    for (size_t i = 0; i < r->n_todo; i++) {
        const q6_sweep_job *j = &r->jobs[r->todo[i]];
        q6_strlist argv = {0};
        q6_sweep_job_argv(r->sp, j, r->exe, r->d->dir, &argv);
        fprintf(f, "%s exec", j->id);
        for (size_t k = 0; k < argv.n; k++) {
            fputc(' ', f);
            shell_quote(f, argv.v[k]);
        }
        fputs(" >", f);
        char log[4300];
        snprintf(log, sizeof log, "%s/logs/%s.log", r->d->dir, j->id);
        shell_quote(f, log);
        fputs(" 2>&1\n", f);
        q6_strlist_free(&argv);
    }
    return q6_afile_commit(&a);
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* Counts the array's tasks that squeue lists: 1 while any is listed, 0
 * when none (the array has ended), -1 when squeue fails. */
static int query(const q6_sweep_run *r, const char *jobid, unsigned *pending, unsigned *running, char *err,
                 size_t errlen)
{
    char errlog[4300], out[65536];
    snprintf(errlog, sizeof errlog, "%s/slurm/squeue.err", r->d->dir);
    char *argv[] = {"squeue", "--noheader", "--array", "--jobs", (char *)jobid, "--format=%T", NULL};
    int status;
    *pending = *running = 0;
    if (q6_proc_call(argv, errlog, out, sizeof out, &status) < 0) {
        snprintf(err, errlen, "cannot run squeue: %s (is Slurm installed and on PATH?)", strerror(errno));
        return -1;
    }
    if (status != 0) {
        char msg[512];
        first_line(errlog, msg, sizeof msg);
        if (strstr(msg, "Invalid job id"))
            return 0; /* ended and purged */
        snprintf(err, errlen, "squeue exited with %d: %s", status, msg);
        return -1;
    }
    int any = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        any = 1;
        if (!strncmp(line, "PENDING", 7) || !strncmp(line, "CONFIGURING", 11))
            (*pending)++;
        else
            (*running)++;
    }
    return any;
}

/* Follows array `jobid` of the tasks in `tasks` until squeue no longer
 * lists it; then jobs of that list without a summary go to r->failed. */
static int follow(q6_sweep_run *r, const char *jobid, const char *tasks)
{
    q6_strlist ids = {0};
    FILE *f = fopen(tasks, "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n') {
            /* a long line: keep its id, skip the rest */
            line[strcspn(line, " ")] = 0;
            q6_strlist_push(&ids, line);
            int ch;
            while ((ch = fgetc(f)) != EOF && ch != '\n')
                ;
            continue;
        }
        line[strcspn(line, " \n")] = 0;
        if (line[0])
            q6_strlist_push(&ids, line);
    }
    if (f)
        fclose(f);
    int errors = 0;
    char last[128] = "";
    char err[1024];
    for (;;) {
        unsigned pend, run;
        int q = query(r, jobid, &pend, &run, err, sizeof err);
        if (q < 0) {
            if (++errors >= 10) {
                fprintf(stderr, "q6sim sweep: %s; stopped following Slurm job %s (it may still run: run the same "
                                "command again to follow it)\n",
                        err, jobid);
                q6_strlist_free(&ids);
                return -1;
            }
        } else {
            errors = 0;
        }
        size_t done = 0;
        for (size_t i = 0; i < ids.n; i++) {
            char p[4400];
            snprintf(p, sizeof p, "%s/jobs/%s/summary.json", r->d->dir, ids.v[i]);
            done += access(p, F_OK) == 0;
        }
        if (q == 0)
            break;
        char now[128];
        snprintf(now, sizeof now, "%u pending, %u running, %zu/%zu finished", pend, run, done, ids.n);
        if (q > 0 && strcmp(now, last) && !r->quiet) {
            fprintf(stderr, "q6sim sweep: Slurm job %s: %s\n", jobid, now);
            snprintf(last, sizeof last, "%s", now);
        }
        sleep_s(r->sp->slurm.poll_s);
    }
    size_t ok = 0;
    for (size_t i = 0; i < ids.n; i++) {
        char p[4400];
        snprintf(p, sizeof p, "%s/jobs/%s/summary.json", r->d->dir, ids.v[i]);
        if (access(p, F_OK) == 0) {
            ok++;
            continue;
        }
        fprintf(stderr, "q6sim sweep: job %s FAILED in Slurm job %s (log %s/logs/%s.log, Slurm output %s/slurm/)\n",
                ids.v[i], jobid, r->d->dir, ids.v[i], r->d->dir);
        q6_strlist_pushf(&r->failed, "%s slurm %s", ids.v[i], jobid);
    }
    fprintf(stderr, "q6sim sweep: Slurm job %s ended: %zu of %zu jobs finished\n", jobid, ok, ids.n);
    q6_strlist_free(&ids);
    char cur[4300];
    snprintf(cur, sizeof cur, "%s/slurm/current", r->d->dir);
    remove(cur);
    return 0;
}

int q6_sweep_slurm_follow_current(q6_sweep_run *r)
{
    char cur[4300], jobid[64], tasks[4300];
    snprintf(cur, sizeof cur, "%s/slurm/current", r->d->dir);
    FILE *f = fopen(cur, "r");
    if (!f)
        return 0;
    int n = fscanf(f, "%63s %4299s", jobid, tasks);
    fclose(f);
    if (n != 2) {
        remove(cur);
        return 0;
    }
    unsigned pend, run;
    char err[1024];
    int q = query(r, jobid, &pend, &run, err, sizeof err);
    if (q < 0) {
        fprintf(stderr, "q6sim sweep: cannot ask Slurm about job %s recorded in %s: %s\n", jobid, cur, err);
        return -1;
    }
    if (q > 0)
        fprintf(stderr, "q6sim sweep: Slurm job %s of this sweep is still active; following it\n", jobid);
    /* Also when it has ended meanwhile: its unfinished jobs count as failed. */
    return follow(r, jobid, tasks) < 0 ? -1 : 1;
}

int q6_sweep_run_slurm(q6_sweep_run *r, int dry_run)
{
    char script[4300], sdir[4300], tasks[4400], path[4400];
    snprintf(script, sizeof script, "%s/sweep.sbatch", r->d->dir);
    snprintf(sdir, sizeof sdir, "%s/slurm", r->d->dir);
    if (q6_mkdirs(sdir) < 0 || write_script(r, script) < 0) {
        fprintf(stderr, "q6sim sweep: %s: cannot write: %s\n", script, strerror(errno));
        return Q6_EXIT_RUN_FAILURE;
    }
    int k = 1;
    for (;; k++) {
        snprintf(tasks, sizeof tasks, "%s/tasks-%d.txt", sdir, k);
        if (access(tasks, F_OK) != 0)
            break;
    }
    if (write_tasks(r, tasks) < 0) {
        fprintf(stderr, "q6sim sweep: %s: cannot write: %s\n", tasks, strerror(errno));
        return Q6_EXIT_RUN_FAILURE;
    }
    char array[64], output[4400];
    if (r->sp->slurm.max_parallel)
        snprintf(array, sizeof array, "--array=0-%zu%%%u", r->n_todo - 1, r->sp->slurm.max_parallel);
    else
        snprintf(array, sizeof array, "--array=0-%zu", r->n_todo - 1);
    snprintf(output, sizeof output, "--output=%s/slurm-%%A_%%a.out", sdir);
    char *argv[] = {"sbatch", "--parsable", array, output, script, tasks, NULL};
    if (dry_run) {
        printf("sbatch --parsable %s '%s' '%s' '%s'\n", array, output, script, tasks);
        return Q6_EXIT_OK;
    }
    char out[512], log[4400];
    snprintf(log, sizeof log, "%s/sbatch.err", sdir);
    int status;
    if (q6_proc_call(argv, log, out, sizeof out, &status) < 0) {
        fprintf(stderr, "q6sim sweep: cannot run sbatch: %s (is Slurm installed and on PATH?)\n", strerror(errno));
        remove(tasks);
        return Q6_EXIT_RUN_FAILURE;
    }
    char jobid[64];
    size_t n = 0;
    while (n + 1 < sizeof jobid && isdigit((unsigned char)out[n])) {
        jobid[n] = out[n];
        n++;
    }
    jobid[n] = 0;
    if (status != 0 || !n) {
        char msg[512];
        first_line(log, msg, sizeof msg);
        fprintf(stderr, "q6sim sweep: sbatch failed (exit %d): %s\n", status, msg[0] ? msg : out);
        remove(tasks);
        return Q6_EXIT_RUN_FAILURE;
    }
    snprintf(path, sizeof path, "%s/current", sdir);
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (f)
        fprintf(f, "%s %s\n", jobid, tasks);
    if (!f || q6_afile_commit(&a) < 0)
        fprintf(stderr, "q6sim sweep: %s: cannot record the submission (following it anyway)\n", path);
    fprintf(stderr, "q6sim sweep: submitted Slurm array job %s: %zu tasks (%s)\n", jobid, r->n_todo, tasks);
    if (follow(r, jobid, tasks) < 0)
        return Q6_EXIT_RUN_FAILURE;
    return r->failed.n ? Q6_EXIT_RUN_FAILURE : Q6_EXIT_OK;
}
