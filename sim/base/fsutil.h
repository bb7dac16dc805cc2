/* File-system helpers for atomic output directories and file hashes. */
#ifndef Q6_SIM_FSUTIL_H
#define Q6_SIM_FSUTIL_H
#include <stddef.h>

/* Removes a directory tree (like rm -rf); missing is fine. */
int q6_rmtree(const char *path);
/* Creates path and its missing parents (mode 0755). */
int q6_mkdirs(const char *path);
/* Hex SHA-256 of a file's bytes; -1 when it cannot be read. */
int q6_sha256_file(const char *path, char out[65]);

#endif
