#include "sim/base/exit_codes.h"
#include "sim/workflow/proc.h"
#include "sim/workflow/sweep.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    q6_sweep_run *r;
    size_t done, ok;
    int bad_input;
} local_ctx;

static int on_done(void *vctx, size_t i, const q6_proc_job *job)
{
    local_ctx *c = vctx;
    const q6_sweep_job *j = &c->r->jobs[c->r->todo[i]];
    c->done++;
    if (job->status == 0) {
        c->ok++;
        if (!c->r->quiet)
            fprintf(stderr, "q6sim sweep: [%zu/%zu] job %s done (%s, seed %llu)\n", c->done, c->r->n_todo, j->id,
                    j->scheduler, (unsigned long long)j->seed);
        return 0;
    }
    fprintf(stderr, "q6sim sweep: [%zu/%zu] job %s FAILED with exit code %d (%s, seed %llu); log %s\n", c->done,
            c->r->n_todo, j->id, job->status, j->scheduler, (unsigned long long)j->seed, job->log_path);
    q6_strlist_pushf(&c->r->failed, "%s exit %d", j->id, job->status);
    if (job->status == Q6_EXIT_BAD_INPUT) {
        /* The same input error would repeat in every job: show it, stop. */
        FILE *f = fopen(job->log_path, "r");
        char line[1024];
        while (f && fgets(line, sizeof line, f))
            if (strncmp(line, "==", 2)) /* sanitizer noise */
                fprintf(stderr, "  | %s", line);
        if (f)
            fclose(f);
        c->bad_input = 1;
        return 1;
    }
    return 0;
}

int q6_sweep_run_local(q6_sweep_run *r, unsigned parallel)
{
    q6_proc_job *pj = calloc(r->n_todo ? r->n_todo : 1, sizeof *pj);
    q6_strlist *argvs = calloc(r->n_todo ? r->n_todo : 1, sizeof *argvs);
    q6_strlist logs = {0};
    if (!pj || !argvs) {
        free(pj);
        free(argvs);
        fprintf(stderr, "q6sim sweep: out of memory\n");
        return Q6_EXIT_RUN_FAILURE;
    }
    for (size_t i = 0; i < r->n_todo; i++) {
        const q6_sweep_job *j = &r->jobs[r->todo[i]];
        q6_sweep_job_argv(r->sp, j, r->exe, r->d->dir, &argvs[i]);
        q6_strlist_pushf(&logs, "%s/logs/%s.log", r->d->dir, j->id);
    }
    for (size_t i = 0; i < r->n_todo; i++) {
        pj[i].argv = argvs[i].v;
        pj[i].log_path = logs.v[i];
    }
    local_ctx c = {r, 0, 0, 0};
    int rc = q6_proc_run_all(r->exe, pj, r->n_todo, parallel, on_done, &c);
    int sig = q6_proc_interrupted();
    if (rc < 0 && sig)
        fprintf(stderr, "q6sim sweep: interrupted by signal %d after %zu of %zu jobs; run the same command again "
                        "to resume (finished jobs are kept)\n",
                sig, c.ok, r->n_todo);
    for (size_t i = 0; i < r->n_todo; i++)
        q6_strlist_free(&argvs[i]);
    free(argvs);
    free(pj);
    q6_strlist_free(&logs);
    if (c.bad_input)
        return Q6_EXIT_BAD_INPUT;
    return (rc != 0 || r->failed.n) ? Q6_EXIT_RUN_FAILURE : Q6_EXIT_OK;
}
