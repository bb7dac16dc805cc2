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
#include "sim/core/qpu_model.h"
#include "sim/core/world.h"
#include "solvers/abi/scheduler.h"
#include <stddef.h>

typedef struct q6_qpu_exec q6_qpu_exec;

/* QPU state of a run. Fails (NULL, "file:line: task.quantum.share: ...")
 * when the scenario asks for quantum tasks and the platform has no QPU host. */
q6_qpu_exec *q6_qpu_exec_create(const q6_scenario *sc, const q6_platform *pf, char *err, size_t errlen);
void q6_qpu_exec_free(q6_qpu_exec *q);

/* Fills out[0 .. q6_qpu_count) with each QPU's capacity, queue and error
 * figures at the current simulated time; returns the count. */
size_t q6_qpu_views(q6_world *w, q6_sched_qpu *out);

/* Copies the quantum fields of a timeline task into a new task. */
void q6_qpu_task_from_exo(q6_task *t, const q6_exo_task *et);

/* From the task's own actor at its node, in simulated time: the round
 * trip described above, ending with the task finished (done, dropped
 * late, or dropped because its runs failed). t->ap is the AP it uses. */
void q6_qpu_run_task(q6_world *w, q6_task *t);

/* The AP a quantum task is preset to (and a legacy scheduler's quantum
 * tasks use when the node offloads nothing else): the best
 * of a node's SNR row (snr[0 .. n_aps)) at or above min_snr, UINT32_MAX
 * when none is in reach. */
uint32_t q6_qpu_preset_ap(const double *snr, uint32_t n_aps, double min_snr);

#endif
