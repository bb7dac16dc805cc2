/* The files a loaded scenario reads, and one identity for the whole of it.
 *
 * A run's results depend on more than the scenario file: on its platform,
 * its mobility traces and its emission series. Resumed sweeps check each of
 * these files' hashes (so one results.csv never mixes two platforms), and a
 * recorded timeline stores the identity, so a replay can tell that it was
 * recorded from another scenario. */
#ifndef Q6_SIM_SCENARIO_INPUTS_H
#define Q6_SIM_SCENARIO_INPUTS_H
#include "sim/scenario/scenario.h"
#include <stddef.h>

#define Q6_SCENARIO_MAX_INPUTS 5

typedef struct {
    const char *role;   /* "scenario", "platform", "vehicles.mobility.file", "uav_mobility.file", "energy.emission_csv" */
    const char *path;   /* as resolved by the scenario loader */
} q6_scenario_input;

/* Fills out with the scenario's input files; returns how many. */
size_t q6_scenario_inputs(const q6_scenario *sc, q6_scenario_input out[Q6_SCENARIO_MAX_INPUTS]);

/* Hex SHA-256 over every input file's role and content hash and every
 * override ("key=value", in order). Seed, slots and scheduler given on the
 * command line are not part of it: they are recorded on their own. Returns
 * -1 with "path: cannot read" in err when a file cannot be read. */
int q6_scenario_identity(const q6_scenario *sc, const char *const *overrides, size_t n_overrides, char out[65],
                         char *err, size_t errlen);

#endif
