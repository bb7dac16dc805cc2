/* meqc-drl: paper 001's two-stage method with its learned stage run in C. */
#ifndef Q6_SOLVERS_MEQC_H
#define Q6_SOLVERS_MEQC_H
#include "solvers/abi/scheduler.h"

extern const q6_scheduler q6_sched_meqc_drl;

#endif
