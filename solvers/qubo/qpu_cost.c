/* Simulated cost of QPU and classical QUBO solving (see qpu_cost.h). */
#include "solvers/qubo/qpu_cost.h"
#include <errno.h>
#include <math.h>
#include <string.h>

int q6_qpu_topology_pegasus(unsigned m, q6_qpu_topology *out)
{
    if (!out || m < 2 || m > 1000)
        return -EINVAL;
    out->m = m;
    out->degree = 15;
    out->num_qubits = 24 * (size_t)m * (m - 1) - 8 * (size_t)(m - 1);
    return 0;
}

int q6_qubo_embedding_estimate(size_t num_vars, size_t num_edges, const q6_qpu_topology *topo,
                               q6_qubo_embedding *out)
{
    if (!topo || !out || topo->degree < 3 || topo->num_qubits == 0)
        return -EINVAL;
    double n = (double)num_vars;
    if (num_vars >= 2 && (double)num_edges > n * (n - 1) / 2)
        return -EINVAL;
    if (num_vars < 2 && num_edges)
        return -EINVAL;
    memset(out, 0, sizeof *out);
    out->logical_vars = num_vars;
    out->logical_edges = num_edges;
    out->density = num_vars >= 2 ? 2.0 * (double)num_edges / (n * (n - 1)) : 0.0;
    out->mean_degree = num_vars ? 2.0 * (double)num_edges / n : 0.0;
    out->clique_chain_length = num_vars <= 4 ? 1.0 : n / 12.0 + 2.0;
    out->mean_chain_length = 1.0 + (out->clique_chain_length - 1.0) * out->density;
    out->physical_qubits = (size_t)ceil(n * out->mean_chain_length - 1e-9);
    out->physical_couplers = num_edges + (size_t)ceil(n * (out->mean_chain_length - 1.0) - 1e-9);
    out->fits = out->physical_qubits <= topo->num_qubits;
    return 0;
}

void q6_cpu_host_default(q6_cpu_host *out)
{
    if (!out)
        return;
    out->clock_hz = 3.0e9;
    out->cycles_per_attempt = 35.0;
    out->cycles_per_field_update = 1.2;
    out->power_w = 10.0;
}

static int host_ok(const q6_cpu_host *h)
{
    return h && isfinite(h->clock_hz) && h->clock_hz > 0.0 && isfinite(h->cycles_per_attempt) &&
           h->cycles_per_attempt >= 0.0 && isfinite(h->cycles_per_field_update) &&
           h->cycles_per_field_update >= 0.0 && isfinite(h->power_w) && h->power_w >= 0.0;
}

static int co2_ok(double f) { return isfinite(f) && f >= 0.0; }

int q6_qubo_classical_cost(const q6_sampler_stats *stats, const q6_cpu_host *cpu, double co2_kg_per_j,
                           q6_solve_cost *out)
{
    if (!stats || !out || !host_ok(cpu) || !co2_ok(co2_kg_per_j))
        return -EINVAL;
    double cycles = (double)stats->spin_update_attempts * cpu->cycles_per_attempt +
                    (double)stats->field_updates * cpu->cycles_per_field_update;
    out->time_s = cycles / cpu->clock_hz;
    out->energy_j = out->time_s * cpu->power_w;
    out->co2_kg = out->energy_j * co2_kg_per_j;
    return 0;
}

static int job_ok(const q6_qpu_job_model *j)
{
    const double v[] = {j->programming_s, j->anneal_s, j->readout_s, j->delay_s, j->power_w};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        if (!isfinite(v[k]) || v[k] < 0.0)
            return 0;
    return 1;
}

int q6_qubo_qpu_cost(const q6_qpu_job_model *job, size_t num_reads, const q6_qubo_embedding *emb,
                     const q6_qpu_topology *topo, unsigned embedding_tries, const q6_cpu_host *host,
                     double co2_kg_per_j, q6_qpu_cost *out)
{
    if (!job || !emb || !topo || !out || !job_ok(job) || num_reads == 0 || !host_ok(host) ||
        !co2_ok(co2_kg_per_j))
        return -EINVAL;
    memset(out, 0, sizeof *out);
    out->qpu_access_s = job->programming_s + (double)num_reads * (job->anneal_s + job->readout_s + job->delay_s);
    out->embedding_ops = (double)embedding_tries * (double)emb->logical_vars * (double)topo->num_qubits *
                         (double)topo->degree / 2.0;
    out->embedding_s = out->embedding_ops * host->cycles_per_field_update / host->clock_hz;
    out->total.time_s = out->qpu_access_s + out->embedding_s;
    out->total.energy_j = out->qpu_access_s * job->power_w + out->embedding_s * host->power_w;
    out->total.co2_kg = out->total.energy_j * co2_kg_per_j;
    out->fits = emb->fits;
    return out->fits ? 0 : -ERANGE;
}
