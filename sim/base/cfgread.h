/* Checked reads of libconfig settings: every error names file, line and
 * the dotted field path, and unknown keys are rejected. */
#ifndef Q6_SIM_CFGREAD_H
#define Q6_SIM_CFGREAD_H
#include <libconfig.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *file;  /* scenario file name, for messages */
    char *err;
    size_t errlen;
} q6_cfgctx;

/* Reads libconfig file `path` into cfg (initialised here). On error returns
 * -1 with "path: cannot open the WHAT: reason" or "path:line: syntax error:
 * ..." in err, and cfg destroyed. */
int q6_cfg_read_file(const char *path, const char *what, config_t *cfg, char *err, size_t errlen);

/* Line of a setting (falls back to its parent's line). */
int q6_cfg_line(const config_setting_t *s);

/* Reads number `key` of `group` into *out. Absent: *out = def, or an error
 * when required. Rejects non-numbers, NaN and values outside [min, max]. */
int q6_cfg_number(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                  int required, double def, double min, double max, const char *unit,
                  double *out);

/* Reads whole number `key` exactly (64-bit) into *out, within [min, max].
 * Integers are read as written (cfg files are read with 64-bit integers);
 * a float must be whole and at most 2^53, where doubles stop being exact.
 * Absent: *out = def, or an error when required. */
int q6_cfg_whole(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                 int required, uint64_t def, uint64_t min, uint64_t max, const char *unit,
                 uint64_t *out);

/* Reads a two-number array [a, b] with a <= b, each within [min, max]. */
int q6_cfg_range(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                 int required, const double def[2], double min, double max,
                 const char *unit, double out[2]);

/* Reads a string into out (size outlen). */
int q6_cfg_string(const q6_cfgctx *c, const config_setting_t *group, const char *key,
                  int required, const char *def, char *out, size_t outlen);

/* Fails on the first member of group whose name is not in the NULL-ended list. */
int q6_cfg_known_keys(const q6_cfgctx *c, const config_setting_t *group,
                      const char *const *known);

/* Formats "file:line: path: message" into c->err. Returns -1. */
int q6_cfg_fail(const q6_cfgctx *c, const config_setting_t *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
