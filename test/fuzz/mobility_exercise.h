/* What the FCD and ns-2 harnesses do with a trace file once written: the
 * same reads a run does (sizing scan, then replay as a mobility source). */
#ifndef Q6_TEST_FUZZ_MOBILITY_EXERCISE_H
#define Q6_TEST_FUZZ_MOBILITY_EXERCISE_H
#include "models/mobility/mobility.h"

/* Scans an FCD file (q6_fcd_scan), reads it step by step (q6_fcd_open /
 * q6_fcd_next_step), and replays it across its time span. */
void q6fuzz_exercise_fcd(const char *path);

/* Sizes an ns-2 file (q6_ns2_count_nodes) and replays it. */
void q6fuzz_exercise_ns2(const char *path);

#endif
