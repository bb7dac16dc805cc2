/* Output staging: the one way q6sim puts a result folder or file in place.
 *
 * Everything is written under FINAL.tmp.PID and replaces FINAL only once it
 * is complete. q6sim never deletes or replaces what it did not make: an
 * existing FINAL is replaced only when it is
 *   - a folder q6sim wrote (its manifest.json names a q6sim_version), or
 *   - an empty folder (nothing can be lost),
 * or when the user passed --overwrite (folders only). Anything that is not
 * a plain folder (a regular file, a device, a symbolic link) is never
 * replaced. The swap is atomic (renameat2 RENAME_EXCHANGE): no instant
 * leaves nothing under FINAL. Where the file system cannot exchange, the
 * previous output is moved to FINAL.old.PID first; a run killed between the
 * two renames leaves it there, and the next staging of FINAL puts it back. */
#ifndef Q6_SIM_STAGE_H
#define Q6_SIM_STAGE_H
#include <stddef.h>

typedef struct {
    char final[4096];
    char tmp[4200];
    char made_parent[4096];  /* highest parent folder this staging created, or "" */
    int active;
} q6_stage;

/* 1 when dir is a folder holding q6sim output (manifest.json with
 * "q6sim_version"), else 0. */
int q6_stage_is_own_output(const char *dir);

/* Checks that FINAL may receive the output, recovers a FINAL.old.* left by
 * an interrupted commit, and creates the temporary folder (and missing
 * parents). Returns 0, or -1 with a message naming the path and why; the
 * caller exits 2. `what` names the option in messages (e.g. "--out"). */
int q6_stage_begin_dir(q6_stage *s, const char *final_dir, int overwrite, const char *what, char *err,
                       size_t errlen);

/* Puts the temporary folder in place of FINAL (atomically where the file
 * system allows) and removes the previous output. Returns 0 or -1. */
int q6_stage_commit(q6_stage *s, char *err, size_t errlen);

/* Removes the temporary folder and the parents this staging created. */
void q6_stage_abort(q6_stage *s);

/* For a single output file the user names (collect --out, --record-timeline):
 * 0 when path does not exist, or is a regular file and overwrite is set;
 * else -1 with a message. */
int q6_stage_check_file(const char *path, int overwrite, const char *what, char *err, size_t errlen);

#endif
