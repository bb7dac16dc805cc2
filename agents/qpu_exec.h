/* Gate-model QPU execution of quantum tasks (docs/quantum.md).
 *
 * A quantum task placed on the QPU sends its circuit description
 * (input_bytes) from its node over the radio link to its AP, up to the
 * cloud and on to the QPU host; the QPU runs it (models/quantum_gate.h with
 * the host's device properties), one job at a time in arrival order; a
 * failed run is retried or the task fails, as the scenario's task.quantum
 * says; the result (output_bytes) comes back the same way.
 *
 * Whether a run succeeds is exogenous: run r of a task succeeds when a
 * uniform drawn from the task's key (made with the timeline from the
 * stream (seed, node, Q6_STREAM_QPU_SUCCESS), recorded and replayed with
 * it) is below the run's success probability, so every scheduler sees
 * the same outcome for the same run. */
#ifndef Q6_AGENTS_QPU_EXEC_H
#define Q6_AGENTS_QPU_EXEC_H
#include "sim/world.h"
#include "solvers/abi/scheduler.h"
#include <stddef.h>

typedef struct q6_qpu_exec q6_qpu_exec;

/* QPU state of a run. Fails (NULL, "file:line: task.quantum.share: ...")
 * when the scenario asks for quantum tasks and the platform has no QPU host. */
q6_qpu_exec *q6_qpu_exec_create(const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen);
void q6_qpu_exec_free(q6_qpu_exec *q);

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

/* Fills out[0 .. q6_qpu_count) with each QPU's capacity, queue and error
 * figures at the current simulated time; returns the count. */
size_t q6_qpu_views(q6_world *w, q6_sched_qpu *out);

/* Uniform in [0, 1) deciding run `run` (0 first) of a task with key `key`. */
double q6_qpu_run_uniform(uint64_t key, uint32_t run);

/* Copies the quantum fields of a timeline task into a new task. */
void q6_qpu_task_from_exo(q6_task *t, const q6_exo_task *et);

/* From the task's own actor at its node, in simulated time: the round
 * trip described above, ending with the task finished (done, dropped
 * late, or dropped because its runs failed). t->ap is the AP it uses. */
void q6_qpu_run_task(q6_world *w, q6_task *t);

/* Legacy (ABI 1-2) schedulers know no quantum tasks: whatever they chose,
 * each valid quantum task of slot `slot` goes to QPU 0 through the AP the
 * node offloads to in this slot, else the AP it hears best (SNR). A
 * circuit that does not fit is a Q2 violation; a node that reaches no AP
 * cannot send it: both drop the task (bad[t] = 1). Call between the
 * decision check and applying the choices. */
void q6_qpu_route_legacy(q6_world *w, uint64_t slot, const q6_slot_problem *p, q6_task_choice *choices,
                         unsigned char *bad);

#endif
