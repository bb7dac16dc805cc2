#include "sim/workflow/sweepdir.h"
#include "sim/base/exit_codes.h"
#include "sim/base/fsutil.h"
#include "sim/base/json_write.h"
#include "sim/workflow/afile.h"
#include "sim/workflow/csv.h"
#include "sim/base/json.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

void q6_sweep_write_jobs_csv(FILE *f, const q6_sweep_spec *sp, const q6_sweep_job *jobs, size_t n)
{
    fputs("job,scheduler,seed", f);
    for (size_t i = 0; i < sp->n_params; i++) {
        fputc(',', f);
        q6_csv_field(f, sp->params[i].key);
    }
    fputc('\n', f);
    for (size_t j = 0; j < n; j++) {
        fprintf(f, "%s,", jobs[j].id);
        q6_csv_field(f, jobs[j].scheduler);
        fprintf(f, ",%llu", (unsigned long long)jobs[j].seed);
        for (size_t i = 0; i < sp->n_params; i++) {
            fputc(',', f);
            q6_csv_field(f, jobs[j].values[i]);
        }
        fputc('\n', f);
    }
}

static void json_list(q6_jw *j, const char *key, const q6_strlist *l)
{
    q6_jw_key(j, key);
    q6_jw_begin_array(j, 1);
    for (size_t i = 0; i < l->n; i++)
        q6_jw_string(j, l->v[i]);
    q6_jw_end_array(j);
}

static void write_manifest(FILE *f, const q6_sweep_spec *sp, const char *scenario_sha, size_t n)
{
    q6_jw j;
    q6_jw_init(&j, f);
    q6_jw_begin_object(&j, 0);
    q6_jw_kstring(&j, "q6sim_version", Q6_VERSION);
    q6_jw_kstring(&j, "kind", "sweep");
    q6_jw_kstring(&j, "spec", sp->path);
    q6_jw_key(&j, "scenario");
    q6_jw_begin_object(&j, 1);
    q6_jw_kstring(&j, "path", sp->scenario);
    q6_jw_kstring(&j, "sha256", scenario_sha);
    q6_jw_end_object(&j);
    q6_jw_key(&j, "slots");
    if (sp->has_slots)
        q6_jw_uint(&j, sp->slots);
    else
        q6_jw_null(&j);
    json_list(&j, "set", &sp->sets);
    json_list(&j, "plugins", &sp->plugins);
    q6_jw_key(&j, "parameters");
    q6_jw_begin_array(&j, 1);
    for (size_t i = 0; i < sp->n_params; i++)
        q6_jw_string(&j, sp->params[i].key);
    q6_jw_end_array(&j);
    json_list(&j, "schedulers", &sp->schedulers);
    q6_jw_key(&j, "seeds");
    q6_jw_begin_array(&j, 1);
    for (size_t i = 0; i < sp->n_seeds; i++)
        q6_jw_uint(&j, sp->seeds[i]);
    q6_jw_end_array(&j);
    q6_jw_kuint(&j, "jobs", n);
    q6_jw_end_object(&j);
    fputc('\n', f);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 4096 + 1 > cap) {
            cap = 2 * cap + 8192;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t r = fread(buf + *len, 1, 4096, f);
        *len += r;
        if (r == 0)
            break;
    }
    fclose(f);
    buf[*len] = 0;
    return buf;
}

/* First line where a and b differ, for the message. */
static void first_diff(const char *a, const char *b, char *out, size_t outlen)
{
    int line = 1;
    const char *la = a, *lb = b;
    while (*a && *a == *b) {
        if (*a == '\n') {
            line++;
            la = a + 1;
            lb = b + 1;
        }
        a++;
        b++;
    }
    snprintf(out, outlen, "line %d was '%.*s', now '%.*s'", line, (int)strcspn(la, "\n"), la,
             (int)strcspn(lb, "\n"), lb);
}

/* Compares the existing folder with the SPEC. */
static int check_compatible(const char *dir, const q6_sweep_spec *sp, const char *sha, const char *jobs_text,
                            char *err, size_t errlen)
{
    char path[4200], e2[512];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    q6_json_flat m;
    if (q6_json_read_flat(path, &m, e2, sizeof e2) < 0) {
        snprintf(err, errlen, "%s: %s is not a sweep folder: %s", sp->path, dir, e2);
        return -1;
    }
    /* What the SPEC would write, read back the same way. */
    char *mine = NULL;
    size_t mlen = 0;
    FILE *mf = open_memstream(&mine, &mlen);
    write_manifest(mf, sp, sha, 0);
    fclose(mf);
    q6_json_flat now = {0};
    int rc = q6_json_parse_flat(mine, "(new manifest)", &now, e2, sizeof e2);
    free(mine);
    if (rc < 0) {
        snprintf(err, errlen, "%s: %s", sp->path, e2);
        q6_json_free(&m);
        return -1;
    }
    const struct {
        const char *key, *what;
        int line;
    } fields[] = {
        {"kind", "the folder kind", 1},
        {"scenario.sha256", "the scenario file's content (SHA-256)", sp->line_scenario},
        {"slots", "slots", sp->line_slots},
        {"set", "set", sp->line_set},
        {"plugins", "plugins", sp->line_plugins},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0] && rc == 0; i++) {
        const q6_json_member *a = q6_json_get(&m, fields[i].key), *b = q6_json_get(&now, fields[i].key);
        if (!a || !b || strcmp(a->value, b->value)) {
            snprintf(err, errlen,
                     "%s:%d: %s: differs from the sweep already in %s (was %s, now %s); use another out "
                     "folder, or remove %s to start again",
                     sp->path, fields[i].line, fields[i].what, dir, a ? a->value : "missing", b ? b->value : "missing",
                     dir);
            rc = -1;
        }
    }
    q6_json_free(&m);
    q6_json_free(&now);
    if (rc < 0)
        return -1;
    snprintf(path, sizeof path, "%s/jobs.csv", dir);
    size_t len;
    char *old = read_all(path, &len);
    if (!old) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    if (strcmp(old, jobs_text)) {
        char d[600];
        first_diff(old, jobs_text, d, sizeof d);
        snprintf(err, errlen,
                 "%s:%d: grid, seeds or schedulers: the job list differs from %s (%s); use another out "
                 "folder, or remove %s to start again",
                 sp->path, sp->line_grid ? sp->line_grid : 1, path, d, dir);
        rc = -1;
    }
    free(old);
    return rc;
}

/* The input files each finished job recorded in its manifest.json
 * ("inputs": role -> {path, sha256}; older runs: "platform" only) must
 * still have the same content, or results.csv would mix jobs run on two
 * platforms or traces. Hashes are computed once per path. */
static int check_job_inputs(const char *dir, const q6_sweep_spec *sp, char *err, size_t errlen)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/jobs", dir);
    DIR *dd = opendir(path);
    if (!dd)
        return 0;
    q6_strlist seen_path = {0}, seen_sha = {0};
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(dd))) {
        if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
            continue; /* ., .., ID.tmp.PID, ID.old.PID */
        snprintf(path, sizeof path, "%s/jobs/%s/manifest.json", dir, e->d_name);
        q6_json_flat m;
        char e2[512];
        if (q6_json_read_flat(path, &m, e2, sizeof e2) < 0)
            continue; /* unfinished: it will run again */
        for (size_t i = 0; i < m.n && rc == 0; i++) {
            const char *key = m.m[i].key;
            size_t kl = strlen(key);
            int is_input = !strncmp(key, "inputs.", 7) && kl > 12 && !strcmp(key + kl - 5, ".path");
            int is_old = !strcmp(key, "platform.path") && !q6_json_get(&m, "inputs.platform.path");
            if (!is_input && !is_old)
                continue;
            char role[256], sha_key[300];
            snprintf(role, sizeof role, "%.*s", (int)(kl - 5 - (is_input ? 7 : 0)), key + (is_input ? 7 : 0));
            snprintf(sha_key, sizeof sha_key, "%.*ssha256", (int)(kl - 4), key);
            const q6_json_member *sha = q6_json_get(&m, sha_key);
            const char *file = m.m[i].value;
            if (!sha || !sha->value[0])
                continue;
            long at = q6_strlist_find(&seen_path, file);
            char now[65] = "";
            if (at < 0) {
                if (q6_sha256_file(file, now) < 0)
                    snprintf(now, sizeof now, "missing");
                q6_strlist_push(&seen_path, file);
                q6_strlist_push(&seen_sha, now);
            } else {
                snprintf(now, sizeof now, "%s", seen_sha.v[at]);
            }
            if (strcmp(now, sha->value)) {
                char now_txt[32];
                snprintf(now_txt, sizeof now_txt, strcmp(now, "missing") ? "%.12s..." : "%s", now);
                snprintf(err, errlen,
                         "%s: %s %s has changed since job %s of the sweep in %s ran (SHA-256 %.12s..., now %s); "
                         "resuming would mix results of different inputs: use another out folder, or remove %s "
                         "to start again",
                         sp->path, role, file, e->d_name, dir, sha->value, now_txt, dir);
                rc = -1;
            }
        }
        q6_json_free(&m);
    }
    closedir(dd);
    q6_strlist_free(&seen_path);
    q6_strlist_free(&seen_sha);
    return rc;
}

int q6_sweepdir_open(q6_sweepdir *d, const q6_sweep_spec *sp, const q6_sweep_job *jobs, size_t n,
                     char *err, size_t errlen, int *code)
{
    memset(d, 0, sizeof *d);
    d->lock_fd = -1;
    snprintf(d->dir, sizeof d->dir, "%s", sp->out_dir);
    *code = Q6_EXIT_RUN_FAILURE;
    char sha[65], path[4300];
    if (q6_sha256_file(sp->scenario, sha) < 0) {
        snprintf(err, errlen, "%s: cannot read", sp->scenario);
        *code = Q6_EXIT_BAD_INPUT;
        return -1;
    }
    char *jobs_text = NULL;
    size_t jlen = 0;
    FILE *jf = open_memstream(&jobs_text, &jlen);
    q6_sweep_write_jobs_csv(jf, sp, jobs, n);
    fclose(jf);
    struct stat st;
    snprintf(path, sizeof path, "%s/manifest.json", d->dir);
    if (lstat(d->dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: out: %s exists and is not a folder; q6sim never replaces it: choose another path",
                 sp->path, d->dir);
        *code = Q6_EXIT_BAD_INPUT;
        free(jobs_text);
        return -1;
    }
    int exists = stat(path, &st) == 0;
    if (!exists && stat(d->dir, &st) == 0) {
        DIR *dd = opendir(d->dir);
        struct dirent *e;
        int empty = 1;
        while (dd && (e = readdir(dd)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                empty = 0;
        if (dd)
            closedir(dd);
        if (!empty) {
            snprintf(err, errlen, "%s: out: %s exists and holds no sweep (no manifest.json); choose another folder",
                     sp->path, d->dir);
            *code = Q6_EXIT_BAD_INPUT;
            free(jobs_text);
            return -1;
        }
    }
    if (exists && (check_compatible(d->dir, sp, sha, jobs_text, err, errlen) < 0 ||
                   check_job_inputs(d->dir, sp, err, errlen) < 0)) {
        *code = Q6_EXIT_BAD_INPUT;
        free(jobs_text);
        return -1;
    }
    const char *sub[] = {"", "/jobs", "/logs"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", d->dir, sub[i]);
        if (q6_mkdirs(path) < 0) {
            snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
            free(jobs_text);
            return -1;
        }
    }
    snprintf(path, sizeof path, "%s/.lock", d->dir);
    d->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (d->lock_fd < 0 || flock(d->lock_fd, LOCK_EX | LOCK_NB) < 0) {
        snprintf(err, errlen, "%s: another q6sim sweep is working in this folder (lock %s)", d->dir, path);
        if (d->lock_fd >= 0)
            close(d->lock_fd);
        d->lock_fd = -1;
        free(jobs_text);
        return -1;
    }
    if (!exists) {
        /* jobs.csv first, manifest.json last: the manifest marks a complete folder. */
        q6_afile a;
        snprintf(path, sizeof path, "%s/jobs.csv", d->dir);
        FILE *f = q6_afile_open(&a, path);
        if (f)
            fputs(jobs_text, f);
        int ok = f && q6_afile_commit(&a) == 0;
        snprintf(path, sizeof path, "%s/manifest.json", d->dir);
        if (ok && (f = q6_afile_open(&a, path))) {
            write_manifest(f, sp, sha, n);
            ok = q6_afile_commit(&a) == 0;
        } else {
            ok = 0;
        }
        if (!ok) {
            snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            free(jobs_text);
            q6_sweepdir_close(d);
            return -1;
        }
        d->created = 1;
    }
    free(jobs_text);
    return 0;
}

void q6_sweepdir_close(q6_sweepdir *d)
{
    if (d->lock_fd >= 0)
        close(d->lock_fd);
    d->lock_fd = -1;
}

int q6_sweepdir_job_done(const q6_sweepdir *d, const q6_sweep_job *job)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/jobs/%s/summary.json", d->dir, job->id);
    return access(path, F_OK) == 0;
}

void q6_sweepdir_clean_stale(const q6_sweepdir *d)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/jobs", d->dir);
    DIR *dd = opendir(path);
    if (!dd)
        return;
    struct dirent *e;
    while ((e = readdir(dd))) {
        if (!strstr(e->d_name, ".tmp.") && !strstr(e->d_name, ".old."))
            continue;
        char p[4500];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        q6_rmtree(p);
    }
    closedir(dd);
}

void q6_sweepdir_read_failed(const q6_sweepdir *d, q6_strlist *ids)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/failed.txt", d->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, " \n")] = 0;
        if (line[0])
            q6_strlist_push(ids, line);
    }
    fclose(f);
}

int q6_sweepdir_write_failed(const q6_sweepdir *d, const q6_strlist *lines)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/failed.txt", d->dir);
    if (!lines->n)
        return (remove(path) == 0 || errno == ENOENT) ? 0 : -1;
    q6_afile a;
    FILE *f = q6_afile_open(&a, path);
    if (!f)
        return -1;
    for (size_t i = 0; i < lines->n; i++)
        fprintf(f, "%s\n", lines->v[i]);
    return q6_afile_commit(&a);
}

void q6_sweep_job_argv(const q6_sweep_spec *sp, const q6_sweep_job *job, const char *exe,
                       const char *dir, q6_strlist *argv)
{
    q6_strlist_push(argv, exe);
    q6_strlist_push(argv, "run");
    q6_strlist_push(argv, sp->scenario);
    q6_strlist_push(argv, "--scheduler");
    q6_strlist_push(argv, job->scheduler);
    q6_strlist_push(argv, "--seed");
    q6_strlist_pushf(argv, "%llu", (unsigned long long)job->seed);
    q6_strlist_push(argv, "--out");
    q6_strlist_pushf(argv, "%s/jobs/%s", dir, job->id);
    q6_strlist_push(argv, "--quiet");
    q6_strlist_push(argv, "--no-progress");
    if (sp->has_slots) {
        q6_strlist_push(argv, "--slots");
        q6_strlist_pushf(argv, "%llu", (unsigned long long)sp->slots);
    }
    for (size_t i = 0; i < sp->sets.n; i++) {
        q6_strlist_push(argv, "--set");
        q6_strlist_push(argv, sp->sets.v[i]);
    }
    for (size_t i = 0; i < sp->n_params; i++) {
        q6_strlist_push(argv, "--set");
        q6_strlist_pushf(argv, "%s=%s", sp->params[i].key, job->values[i]);
    }
    for (size_t i = 0; i < sp->plugins.n; i++) {
        q6_strlist_push(argv, "--plugin");
        q6_strlist_push(argv, sp->plugins.v[i]);
    }
}
