/* QUBO solving for plugins: a q6_qubo_view sampled with the QUBO toolkit,
 * and the simulated cost of doing so on a QPU or on a CPU. */
#ifndef Q6_SIM_QUBO_SERVICE_H
#define Q6_SIM_QUBO_SERVICE_H
#include "sim/scenario/platform.h"
#include "solvers/plugin.h"
#include "solvers/qubo/samplers.h"

/* Samples q; writes the best assignment and energy to out and the counted
 * work to stats. Returns 0, or -1 for a malformed view. */
int q6_qubo_service_sample(const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out,
                           q6_sampler_stats *stats);

/* What one job costs on the QPU host `qpu`, whose properties give the
 * annealer's timing, system power and Pegasus size (sim/platform.h). */
typedef struct {
    double access_s;   /* billed QPU access time: programming + reads */
    double time_s;     /* access + the embedding estimate's host time */
    double energy_j;   /* system power x access + embedding host energy */
    int fits;          /* 0 when the embedding estimate overflows the graph */
} q6_qpu_job_cost;

int q6_qubo_service_qpu_cost(const q6_infra_host *qpu, const q6_qubo_view *q, const q6_qubo_options *o,
                             q6_qpu_job_cost *out);

/* Seconds a CPU core needs for the counted work (solvers/qubo/qpu_cost.h). */
double q6_qubo_service_cpu_time_s(const q6_infra_host *cpu_host, const q6_sampler_stats *stats);

/* Bytes of the QUBO on the wire: 8 per linear bias, 16 per coupler. */
double q6_qubo_service_bytes(const q6_qubo_view *q);

#endif
