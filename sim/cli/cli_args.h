/* Option values of the q6sim subcommands that are whole numbers (--seed,
 * --slots, --jobs...): one parser, so every command refuses the same
 * things (signs, blanks, trailing junk, overflow) with the same message. */
#ifndef Q6_SIM_CLI_ARGS_H
#define Q6_SIM_CLI_ARGS_H
#include <stdint.h>

/* Parses s as a decimal whole number in [min, max] into *out. Otherwise
 * prints "q6sim CMD: OPT: 'S' is not a whole number" or "q6sim CMD: OPT:
 * N UNIT is outside [MIN, MAX] UNIT" (the scenario file's wording) on
 * stderr and returns -1. */
int q6_cli_whole(const char *cmd, const char *opt, const char *s, uint64_t min, uint64_t max,
                 const char *unit, uint64_t *out);

#endif
