/* Reads the small JSON objects q6sim writes (summary.json, manifest.json)
 * as a flat list of members: nested objects become dotted keys
 * ("energy_j.bs"), arrays are kept as their raw text. */
#ifndef Q6_WORKFLOW_JSON_H
#define Q6_WORKFLOW_JSON_H
#include <stddef.h>
#include <stdio.h>

typedef struct {
    char *key;
    char *value;   /* strings unescaped; numbers, true, false, null and arrays as written */
    int is_string;
} q6_json_member;

typedef struct {
    q6_json_member *m;
    size_t n, cap;
} q6_json_flat;

/* Parses the file's top-level object. Returns -1 with "path: offset N:
 * message" in err when it cannot be read or is not such an object. */
int q6_json_read_flat(const char *path, q6_json_flat *out, char *err, size_t errlen);
/* The same for text in memory; `name` is used in messages. */
int q6_json_parse_flat(const char *text, const char *name, q6_json_flat *out, char *err, size_t errlen);
/* The member's value, or NULL. */
const q6_json_member *q6_json_get(const q6_json_flat *j, const char *key);
void q6_json_free(q6_json_flat *j);

/* Writing JSON: sim/json_write.h. */

#endif
