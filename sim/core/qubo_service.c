#include "sim/core/qubo_service.h"
#include "models/annealer.h"
#include "solvers/qubo/qpu_cost.h"
#include <math.h>
#include <stdlib.h>

double q6_qubo_service_bytes(const q6_qubo_view *q)
{
    return 16.0 + 8.0 * q->n_vars + 16.0 * q->n_couplers;
}

static int to_bqm(const q6_qubo_view *q, q6_bqm *bqm)
{
    if (!q || q->n_vars == 0 || !q->linear || (q->n_couplers && (!q->u || !q->v || !q->coupler)))
        return -1;
    if (q6_bqm_init(bqm, q->n_vars, Q6_VARTYPE_BINARY) < 0)
        return -1;
    int bad = !isfinite(q->offset) || q6_bqm_add_offset(bqm, q->offset) < 0;
    for (uint32_t i = 0; i < q->n_vars && !bad; i++)
        bad = !isfinite(q->linear[i]) || q6_bqm_add_linear(bqm, i, q->linear[i]) < 0;
    for (uint32_t k = 0; k < q->n_couplers && !bad; k++)
        bad = q->u[k] >= q->n_vars || q->v[k] >= q->n_vars || q->u[k] == q->v[k] || !isfinite(q->coupler[k]) ||
              q6_bqm_add_quadratic(bqm, q->u[k], q->v[k], q->coupler[k]) < 0;
    if (bad || q6_bqm_compile(bqm) < 0) {
        q6_bqm_free(bqm);
        return -1;
    }
    return 0;
}

int q6_qubo_service_sample(const q6_qubo_view *q, const q6_qubo_options *o, q6_qubo_outcome *out,
                           q6_sampler_stats *stats)
{
    q6_bqm bqm;
    if (to_bqm(q, &bqm) < 0)
        return -1;
    q6_sampler_kind kind = o->solver == Q6_QUBO_EXACT ? Q6_SAMPLER_EXACT
                         : o->solver == Q6_QUBO_TABU  ? Q6_SAMPLER_TABU : Q6_SAMPLER_SA;
    q6_sampler_params p;
    q6_sampler_params_default(&p);
    p.seed = o->seed;
    p.num_reads = o->reads;
    p.num_sweeps = o->sweeps;
    p.top_k = 1;
    /* q6_sample sets `set` up itself (solvers/qubo/samplers.h). */
    q6_sample_set set = {0};
    int rc = -1;
    if (q6_sample(kind, &bqm, &p, &set, stats) == 0 && set.count > 0) {
        for (uint32_t i = 0; i < q->n_vars; i++)
            out->assignment[i] = set.states[i] ? 1 : 0;
        out->energy = set.energies[0];
        out->spin_updates = stats->spin_update_attempts;
        rc = 0;
    }
    q6_sample_set_free(&set);
    q6_bqm_free(&bqm);
    return rc;
}

int q6_qubo_service_qpu_cost(const q6_infra_host *qpu, const q6_qubo_view *q, const q6_qubo_options *o,
                             q6_qpu_job_cost *out)
{
    q6_qpu_job_model job = {qpu->annealer_programming_s, qpu->annealer_anneal_s, qpu->annealer_readout_s,
                            qpu->annealer_delay_s, qpu->annealer_power_w};
    q6_qpu_topology topo;
    q6_qubo_embedding emb;
    /* The QPU host's classical front end runs the embedding heuristic. */
    q6_cpu_host host = {qpu->classical_clock_hz, qpu->classical_cycles_per_attempt,
                        qpu->classical_cycles_per_field_update, qpu->classical_power_w};
    q6_qpu_cost cost;
    size_t reads = o->reads ? o->reads : 100;
    if (q6_qpu_topology_pegasus((unsigned)qpu->pegasus_m, &topo) < 0 ||
        q6_qubo_embedding_estimate(q->n_vars, q->n_couplers, &topo, &emb) < 0)
        return -1;
    int rc = q6_qubo_qpu_cost(&job, reads, &emb, &topo, 1, &host, 0.0, &cost);
    out->fits = emb.fits;
    if (rc < 0 && !emb.fits) {
        /* Too large to embed: charge the access time as if it fitted and say so. */
        emb.fits = 1;
        rc = q6_qubo_qpu_cost(&job, reads, &emb, &topo, 1, &host, 0.0, &cost);
    }
    if (rc < 0)
        return -1;
    out->access_s = cost.qpu_access_s;
    out->time_s = cost.total.time_s;
    out->energy_j = cost.total.energy_j;
    return 0;
}

double q6_qubo_service_cpu_time_s(const q6_infra_host *cpu_host, const q6_sampler_stats *stats)
{
    q6_cpu_host host = {cpu_host->classical_clock_hz, cpu_host->classical_cycles_per_attempt,
                        cpu_host->classical_cycles_per_field_update, cpu_host->classical_power_w};
    q6_solve_cost c;
    return q6_qubo_classical_cost(stats, &host, 0.0, &c) == 0 ? c.time_s : 0.0;
}
