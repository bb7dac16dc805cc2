/* meqc-drl: paper 001's two-stage method with its learned stages run in C. */
#ifndef Q6_SOLVERS_MEQC_H
#define Q6_SOLVERS_MEQC_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_meqc_drl;

/* Modes of a classical task, the DQN's outputs in this order. */
typedef enum { Q6_MEQC_LOCAL = 0, Q6_MEQC_CPU = 1, Q6_MEQC_PARTIAL = 2 } q6_meqc_mode;

/* The outer loop of eq. (18) for one task: the mode m maximising
 * v scores[m] + q 1{m offloads} (scores: the DQN's values, minus the
 * predicted WSET; q: the device's virtual queue; lowest index on ties;
 * offloading modes only when can_offload), and its fraction: 0 local, 1
 * cloud CPU, sigmoid(fraction_logit) partial (the DDPG actor's output).
 * agents/meqc.py choose_modes is the same function in Python. */
double q6_meqc_choose(const double scores[3], double fraction_logit, int can_offload, double v, double q,
                      q6_meqc_mode *mode);

#endif
