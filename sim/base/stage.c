/* Output staging (see stage.h): target checks, atomic swap, recovery. */
#include "sim/base/stage.h"
#include "sim/base/fsutil.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int q6_stage_is_own_output(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf[0] == '{' && strstr(buf, "\"q6sim_version\"") != NULL;
}

static int dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

static const char *kind_of(mode_t m)
{
    return S_ISREG(m) ? "a regular file" : S_ISLNK(m) ? "a symbolic link" : S_ISCHR(m) || S_ISBLK(m) ? "a device"
         : S_ISFIFO(m) ? "a pipe" : S_ISSOCK(m) ? "a socket" : "not a folder";
}

/* A previous commit killed between its two renames left FINAL.old.PID with
 * our output and nothing at FINAL: put it back. */
static void recover_old(const char *final_dir)
{
    struct stat st;
    if (lstat(final_dir, &st) == 0 || errno != ENOENT)
        return;
    char parent[4096], base[4096];
    snprintf(parent, sizeof parent, "%s", final_dir);
    char *slash = strrchr(parent, '/');
    if (slash) {
        *slash = 0;
        snprintf(base, sizeof base, "%s", slash + 1);
        if (!parent[0])
            snprintf(parent, sizeof parent, "/");
    } else {
        snprintf(base, sizeof base, "%s", final_dir);
        snprintf(parent, sizeof parent, ".");
    }
    DIR *d = opendir(parent);
    if (!d)
        return;
    size_t bl = strlen(base);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, base, bl) || strncmp(e->d_name + bl, ".old.", 5))
            continue;
        char old[8300];
        snprintf(old, sizeof old, "%s/%s", parent, e->d_name);
        if (q6_stage_is_own_output(old) && rename(old, final_dir) == 0) {
            fprintf(stderr, "q6sim: %s: restored the previous output from %s (an earlier run was interrupted "
                            "while replacing it)\n", final_dir, old);
            break;
        }
    }
    closedir(d);
}

static void remove_made_parents(q6_stage *s);

int q6_stage_begin_dir(q6_stage *s, const char *final_dir, int overwrite, const char *what, char *err,
                       size_t errlen)
{
    memset(s, 0, sizeof *s);
    if (!final_dir[0]) {
        snprintf(err, errlen, "%s: empty path", what);
        return -1;
    }
    if (strlen(final_dir) >= sizeof s->final - 32) {
        snprintf(err, errlen, "%s: path too long (%zu characters)", what, strlen(final_dir));
        return -1;
    }
    snprintf(s->final, sizeof s->final, "%s", final_dir);
    size_t len = strlen(s->final);
    while (len > 1 && s->final[len - 1] == '/')
        s->final[--len] = 0;
    recover_old(s->final);
    struct stat st;
    if (lstat(s->final, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "%s: %s exists and is %s; q6sim writes its output as a folder and never "
                                  "replaces anything else: choose another path", what, s->final, kind_of(st.st_mode));
            return -1;
        }
        if (!overwrite && !q6_stage_is_own_output(s->final) && !dir_is_empty(s->final)) {
            snprintf(err, errlen, "%s: %s exists and holds no q6sim output (no manifest.json); q6sim will not "
                                  "replace it: choose another folder, or pass --overwrite to replace it", what,
                     s->final);
            return -1;
        }
    } else if (errno != ENOENT) {
        snprintf(err, errlen, "%s: %s: %s", what, s->final, strerror(errno));
        return -1;
    }
    snprintf(s->tmp, sizeof s->tmp, "%s.tmp.%ld", s->final, (long)getpid());
    /* Remember the highest missing parent so a failure leaves no new folders. */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", s->final);
    for (char *slash = strrchr(parent, '/'); slash && slash != parent; slash = strrchr(parent, '/')) {
        *slash = 0;
        if (access(parent, F_OK) == 0)
            break;
        snprintf(s->made_parent, sizeof s->made_parent, "%s", parent);
    }
    if (q6_mkdirs(s->tmp) < 0) {
        snprintf(err, errlen, "%s: %s: cannot create the output folder: %s", what, s->tmp, strerror(errno));
        remove_made_parents(s);
        return -1;
    }
    s->active = 1;
    return 0;
}

int q6_stage_commit(q6_stage *s, char *err, size_t errlen)
{
    if (!s->active) {
        snprintf(err, errlen, "%s: nothing staged", s->final);
        return -1;
    }
    struct stat st;
    if (lstat(s->final, &st) != 0) {
        if (rename(s->tmp, s->final) != 0) {
            snprintf(err, errlen, "%s: cannot rename %s into place: %s", s->final, s->tmp, strerror(errno));
            return -1;
        }
        s->active = 0;
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) { /* appeared during the run */
        snprintf(err, errlen, "%s: now exists and is %s; the output stays in %s", s->final, kind_of(st.st_mode),
                 s->tmp);
        s->active = 0;
        return -1;
    }
    if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->final, RENAME_EXCHANGE) == 0) {
        q6_rmtree(s->tmp); /* the previous output, now under the temporary name */
        s->active = 0;
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
        snprintf(err, errlen, "%s: cannot swap %s into place: %s", s->final, s->tmp, strerror(errno));
        return -1;
    }
    char old[4300];
    snprintf(old, sizeof old, "%s.old.%ld", s->final, (long)getpid());
    if (rename(s->final, old) != 0) {
        snprintf(err, errlen, "%s: cannot move the previous output aside: %s", s->final, strerror(errno));
        return -1;
    }
    if (rename(s->tmp, s->final) != 0) {
        snprintf(err, errlen, "%s: cannot rename %s into place: %s", s->final, s->tmp, strerror(errno));
        rename(old, s->final);
        return -1;
    }
    q6_rmtree(old);
    s->active = 0;
    return 0;
}

/* Removes the empty folders from FINAL's parent up to made_parent, and no
 * higher: folders that existed before are not ours to remove. */
static void remove_made_parents(q6_stage *s)
{
    if (!s->made_parent[0])
        return;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", s->final);
    size_t top = strlen(s->made_parent);
    for (char *slash = strrchr(dir, '/'); slash && slash != dir; slash = strrchr(dir, '/')) {
        *slash = 0;
        if (strlen(dir) < top || rmdir(dir) != 0)
            break;
    }
    s->made_parent[0] = 0;
}

void q6_stage_abort(q6_stage *s)
{
    if (s->active)
        q6_rmtree(s->tmp);
    s->active = 0;
    remove_made_parents(s);
}

int q6_stage_check_file(const char *path, int overwrite, const char *what, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : (snprintf(err, errlen, "%s: %s: %s", what, path, strerror(errno)), -1);
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s exists and is %s; q6sim never replaces it: choose another path", what, path,
                 S_ISDIR(st.st_mode) ? "a folder" : kind_of(st.st_mode));
        return -1;
    }
    if (!overwrite) {
        snprintf(err, errlen, "%s: %s exists; pass --overwrite to replace it", what, path);
        return -1;
    }
    return 0;
}
