/* The `quantum` member of a scenario's task group: which share of the
 * generated tasks are quantum circuits, the ranges their circuit parameters
 * are drawn from, and what happens when a QPU run fails
 * (docs/scenario-format.md, "Quantum tasks"). */
#ifndef Q6_SIM_SCENARIO_QUANTUM_H
#define Q6_SIM_SCENARIO_QUANTUM_H
#include "sim/base/cfgread.h"

typedef struct {
    double share;                 /* probability that a generated task is quantum; 0: none */
    double logical_qubits[2];     /* uniform whole numbers in [min, max] */
    double depth_steps[2];        /* uniform whole numbers in [min, max] */
    double gates_1q_per_step[2];  /* uniform in [min, max], per logical qubit and step */
    double gates_2q_per_step[2];
    double meas_per_step[2];
    double min_success;           /* required success probability of one run */
    int retry;                    /* on_failure: 1 "retry", 0 "fail" */
    unsigned max_retries;         /* further runs after a failed one when retrying */
    int line;                     /* line of task.quantum.share (0: absent), for later errors */
} q6_quantum_config;

/* Fills q from group g (the defaults when g is NULL: share 0, no quantum tasks). */
int q6_scenario_parse_quantum(const q6_cfgctx *c, const config_setting_t *g, q6_quantum_config *q);

#endif
