/* Built-in baseline schedulers and matchers (plugin ABI 3) and helpers they share. */
#ifndef Q6_SOLVERS_BASELINES_H
#define Q6_SOLVERS_BASELINES_H
#include "solvers/abi/matcher.h"
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_random;
extern const q6_scheduler q6_sched_greedy;
extern const q6_matcher q6_match_random;
extern const q6_matcher q6_match_greedy;

/* Index of the AP with the highest SNR at or above min_snr, or UINT32_MAX. */
uint32_t q6_strongest_ap(const q6_sched_problem *p, uint32_t node);

/* Shannon rate a node gets from an AP when `sharers` nodes split its band
 * equally at full power (OFDMA: the SNR on a 1/k share is k times the
 * whole-band SNR): B/k log2(1 + k snr). The engine's default rule. */
double q6_equal_share_rate_bps(const q6_sched_problem *p, uint32_t node, uint32_t ap, uint32_t sharers);

#endif
