/* MEC CPU jitter of paper 004 (eq. 4) in the simulation loop. */
#ifndef Q6_SIM_SCENARIO_CPU_JITTER_H
#define Q6_SIM_SCENARIO_CPU_JITTER_H
#include "sim/scenario/platform.h"
#include <libxml/tree.h>
#include <stdint.h>

/* For each access point with cpu_jitter_variance > 0: draws its speed for
 * every slot (q6_cpu_jitter_speed) into host->cpu_jitter_flops and rewrites
 * its <host> in the generated zone so that pstate 0 is f_max and pstate
 * k + 1 the speed of slot k, each with the host's first power profile. -1
 * with err on failure (out of memory). */
int q6_cpu_jitter_prepare(xmlNode *zone, q6_platform *pf, uint64_t seed, uint64_t slots, char *err,
                          size_t errlen);

/* The speeds of slots 0 .. slots-1 of access point `ap` (index into
 * pf->aps): f = max(f_min, f_max (1 - |Delta f|)), Delta f ~ CN(0, variance)
 * drawn in slot order from the stream (seed, ap, Q6_STREAM_CPU_JITTER).
 * 0, or -1 when out of memory or the parameters are invalid. */
int q6_cpu_jitter_speeds(uint64_t seed, uint32_t ap, double f_max, double variance, double f_min, uint64_t slots,
                         double *out);

#endif
