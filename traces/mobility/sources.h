/* Initialisers of the trace-replay mobility sources (registered with
 * models/mobility by q6_trace_mobility_register, register.c). */
#ifndef Q6_TRACES_MOBILITY_SOURCES_H
#define Q6_TRACES_MOBILITY_SOURCES_H
#include "models/mobility/mobility.h"
#include <stddef.h>

int q6_mob_fcd_init(q6_mobility *m, char *err, size_t errlen); /* fcd_replay.c */
int q6_mob_ns2_init(q6_mobility *m, char *err, size_t errlen); /* ns2_replay.c */

#endif
