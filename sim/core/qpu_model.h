/* The platform's gate-model QPU seen from the run state, without SimGrid:
 * what one run of a circuit costs and whether it may run at all
 * (constraint Q2), and the exogenous draw deciding a run. The validator
 * and the QPU actor (agents/qpu_exec.h) share these. docs/quantum.md. */
#ifndef Q6_SIM_QPU_MODEL_H
#define Q6_SIM_QPU_MODEL_H
#include "sim/core/world.h"
#include "solvers/abi/scheduler.h"
#include <stddef.h>

/* Number of QPUs (0 or 1: a platform has at most one QPU host). */
uint32_t q6_qpu_count(const q6_world *w);

/* Time, energy and success probability of one run of circuit c on QPU
 * qpu. The error locations A of the success model are the circuit's
 * logical operations, Q x D x (N1 + N2 + Nm). -1 when there is no such QPU
 * or the circuit is invalid. */
int q6_qpu_circuit_result(const q6_world *w, uint32_t qpu, const q6_circuit *c, q6_qpu_result *out);

/* Constraint Q2: 1 when circuit c can run on QPU qpu (its error-corrected
 * physical qubits fit the QPU's capacity and one run succeeds with at
 * least the circuit's min_success, paper 001 (12c-d)); else 0 with the
 * reason in why. */
int q6_qpu_fits(q6_world *w, uint32_t qpu, const q6_circuit *c, char *why, size_t n);

/* Uniform in [0, 1) deciding run `run` (0 first) of a task with key `key`:
 * the run succeeds when it is below the run's success probability. */
double q6_qpu_run_uniform(uint64_t key, uint32_t run);

#endif
