/* QUBO solving for plugins: a q6_qubo_view sampled with the QUBO toolkit,
 * and the simulated cost of doing so on a QPU or on a CPU. */
#ifndef Q6_SIM_QUBO_SERVICE_H
#define Q6_SIM_QUBO_SERVICE_H
#include "solvers/plugin.h"
#include "solvers/qubo/samplers.h"

/* Samples q; writes the best assignment and energy to out and the counted
 * work to stats. Returns 0, or -1 for a malformed view. */
int q6_qubo_service_sample(const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out,
                           q6_sampler_stats *stats);

/* Simulated QPU access time and energy of a job on an annealer (models/
 * annealer.h defaults) with the embedding estimate of a Pegasus P16 graph. */
int q6_qubo_service_qpu_cost(const q6_qubo_view *q, const q6_qubo_options *o, double *time_s,
                             double *energy_j, int *fits);

/* Seconds a CPU core needs for the counted work (solvers/qubo/qpu_cost.h). */
double q6_qubo_service_cpu_time_s(const q6_sampler_stats *stats);

/* Bytes of the QUBO on the wire: 8 per linear bias, 16 per coupler. */
double q6_qubo_service_bytes(const q6_qubo_view *q);

#endif
