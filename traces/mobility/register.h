/* Registers the trace-replay mobility sources (SUMO FCD, ns-2) with the
 * mobility layer (models/mobility), which cannot call up into traces/.
 * Every program that replays traces calls it once before creating one. */
#ifndef Q6_TRACES_MOBILITY_REGISTER_H
#define Q6_TRACES_MOBILITY_REGISTER_H

void q6_trace_mobility_register(void);

#endif
