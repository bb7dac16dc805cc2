/* Scenario parsing of a mobility group (libconfig) into q6_mobility_config. */
#ifndef Q6_SIM_SCENARIO_MOBILITY_H
#define Q6_SIM_SCENARIO_MOBILITY_H
#include "models/mobility/mobility.h"
#include <libconfig.h>
#include <stddef.h>

/* Fills cfg (defaults first) from group; file is the scenario file's path,
 * used in messages and to resolve a relative trace path. Returns 0, or -1
 * with "file:line: group.key: reason" in err (unknown key, wrong type,
 * value out of range, key not used by the model). */
int q6_scenario_parse_mobility(const config_setting_t *group, const char *file,
                               q6_mobility_config *cfg, char *err, size_t errlen);

#endif
