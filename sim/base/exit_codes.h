/* Exit codes of every q6sim command and library entry point:
 * 0 success, 1 the run failed, 2 bad input (usage, files, parameters). */
#ifndef Q6_SIM_BASE_EXIT_CODES_H
#define Q6_SIM_BASE_EXIT_CODES_H

enum { Q6_EXIT_OK = 0, Q6_EXIT_RUN_FAILURE = 1, Q6_EXIT_BAD_INPUT = 2 };

#endif
