#include "sim/fsutil.h"
#include <errno.h>
#include <ftw.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

int q6_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int q6_mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return (mkdir(buf, 0755) == 0 || errno == EEXIST) ? 0 : -1;
}

int q6_commit_dir(const char *tmp_dir, const char *final_dir, char *err, size_t errlen)
{
    char old[4200];
    snprintf(old, sizeof old, "%s.old.%ld", final_dir, (long)getpid());
    struct stat st;
    int had_old = stat(final_dir, &st) == 0;
    if (had_old && rename(final_dir, old) != 0) {
        snprintf(err, errlen, "%s: cannot move the previous output aside: %s", final_dir, strerror(errno));
        return -1;
    }
    if (rename(tmp_dir, final_dir) != 0) {
        snprintf(err, errlen, "%s: cannot rename %s into place: %s", final_dir, tmp_dir, strerror(errno));
        if (had_old)
            rename(old, final_dir);
        return -1;
    }
    if (had_old)
        q6_rmtree(old);
    return 0;
}

int q6_sha256_file(const char *path, char out[65])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        EVP_DigestUpdate(md, buf, n);
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_DigestFinal_ex(md, digest, &len);
    EVP_MD_CTX_free(md);
    for (unsigned i = 0; i < 32 && i < len; i++)
        sprintf(out + 2 * i, "%02x", digest[i]);
    out[64] = 0;
    return rc;
}

void q6_rmdirs_empty(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    while (buf[0] && rmdir(buf) == 0) {
        char *slash = strrchr(buf, '/');
        if (!slash || slash == buf)
            break;
        *slash = 0;
    }
}
