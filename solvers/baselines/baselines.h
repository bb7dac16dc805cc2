/* Built-in baseline schedulers and helpers they share. */
#ifndef Q6_SOLVERS_BASELINES_H
#define Q6_SOLVERS_BASELINES_H
#include "solvers/plugin.h"

extern const q6_plugin q6_plugin_random;
extern const q6_plugin q6_plugin_greedy;

/* Index of the AP with the highest SNR at or above min_snr, or UINT32_MAX. */
uint32_t q6_strongest_ap(const q6_slot_problem *p, uint32_t node);

#endif
