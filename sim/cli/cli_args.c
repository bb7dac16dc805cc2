/* Whole-number option values (see cli_args.h). */
#include "sim/cli/cli_args.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int q6_cli_whole(const char *cmd, const char *opt, const char *s, uint64_t min, uint64_t max,
                 const char *unit, uint64_t *out)
{
    char *end;
    errno = 0;
    /* strtoull alone would skip blanks and accept "-1" as 2^64 - 1. */
    unsigned long long v = isdigit((unsigned char)s[0]) ? strtoull(s, &end, 10) : 0;
    if (!isdigit((unsigned char)s[0]) || *end) {
        fprintf(stderr, "q6sim %s: %s: '%s' is not a whole number\n", cmd, opt, s);
        return -1;
    }
    const char *sp = unit[0] ? " " : "";
    if (errno == ERANGE) {
        fprintf(stderr, "q6sim %s: %s: %s%s%s is outside [%llu, %llu]%s%s\n", cmd, opt, s, sp, unit,
                (unsigned long long)min, (unsigned long long)max, sp, unit);
        return -1;
    }
    if (v < min || v > max) {
        fprintf(stderr, "q6sim %s: %s: %llu%s%s is outside [%llu, %llu]%s%s\n", cmd, opt, v, sp, unit,
                (unsigned long long)min, (unsigned long long)max, sp, unit);
        return -1;
    }
    *out = v;
    return 0;
}
