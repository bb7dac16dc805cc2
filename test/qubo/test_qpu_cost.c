/* QPU and classical cost functions against hand calculations. */
#include "solvers/qubo/qpu_cost.h"
#include "test/check.h"
#include <errno.h>

int main(void)
{
    q6_qpu_topology topo;
    /* P16: 24*16*15 - 8*15 = 5760 - 120 = 5640 qubits (D-Wave Advantage) */
    CHECK(q6_qpu_topology_pegasus(16, &topo) == 0);
    CHECK(topo.num_qubits == 5640 && topo.degree == 15);
    CHECK(q6_qpu_topology_pegasus(1, &topo) == -EINVAL);
    CHECK(q6_qpu_topology_pegasus(16, &topo) == 0);

    q6_qubo_embedding e;
    /* K_180: L = 180/12 + 2 = 17; 180 * 17 = 3060 qubits */
    CHECK(q6_qubo_embedding_estimate(180, 180 * 179 / 2, &topo, &e) == 0);
    CHECK_NEAR(e.density, 1.0, 1e-12);
    CHECK_NEAR(e.mean_chain_length, 17.0, 1e-12);
    CHECK(e.physical_qubits == 3060 && e.fits);
    CHECK(e.physical_couplers == 16110 + 180 * 16);
    /* bqp1000-like, 10 % density: L = 1 + (1000/12 + 2 - 1) * 0.1 = 9.4333; 9434 qubits: no fit */
    CHECK(q6_qubo_embedding_estimate(1000, 49950, &topo, &e) == 0);
    CHECK_NEAR(e.mean_chain_length, 1.0 + (1000.0 / 12.0 + 1.0) * 0.1, 1e-12);
    CHECK(e.physical_qubits == 9434 && !e.fits);
    /* degree 3 on 100 variables: density 300/9900; L = 1 + (100/12 + 1) * 300/9900 = 1.2828 */
    CHECK(q6_qubo_embedding_estimate(100, 150, &topo, &e) == 0);
    CHECK_NEAR(e.mean_chain_length, 1.0 + (100.0 / 12.0 + 1.0) * 300.0 / 9900.0, 1e-12);
    CHECK(e.physical_qubits == 129);
    /* the counting bound L >= mean degree / 13 holds: n = 40, degree 26 -> 2 <= 3.89 */
    CHECK(q6_qubo_embedding_estimate(40, 520, &topo, &e) == 0);
    CHECK_NEAR(e.mean_chain_length, 1.0 + (40.0 / 12.0 + 1.0) * (1040.0 / 1560.0), 1e-12);
    CHECK(e.mean_chain_length >= 26.0 / 13.0);
    CHECK(q6_qubo_embedding_estimate(3, 4, &topo, &e) == -EINVAL); /* > n(n-1)/2 edges */

    /* classical: 1e6 attempts * 6 + 2e6 updates * 1.5 = 9e6 cycles / 3 GHz = 3 ms;
     * 3 ms * 10 W = 0.03 J; 0.36 kg/kWh = 1e-7 kg/J -> 3e-9 kg */
    const q6_cpu_host host = {3e9, 6.0, 1.5, 10.0};
    q6_cpu_host cpu = host;
    q6_sampler_stats st = {0};
    st.spin_update_attempts = 1000000;
    st.field_updates = 2000000;
    q6_solve_cost c;
    CHECK(q6_qubo_classical_cost(&st, &cpu, 1e-7, &c) == 0);
    CHECK_REL(c.time_s, 3e-3, 1e-12);
    CHECK_REL(c.energy_j, 0.03, 1e-12);
    CHECK_REL(c.co2_kg, 3e-9, 1e-12);
    CHECK(q6_qubo_classical_cost(&st, &cpu, NAN, &c) == -EINVAL);
    cpu.clock_hz = 0.0;
    CHECK(q6_qubo_classical_cost(&st, &cpu, 1e-7, &c) == -EINVAL);
    q6_cpu_host_default(&cpu); /* the calibrated default is a usable host */
    CHECK(q6_qubo_classical_cost(&st, &cpu, 0.0, &c) == 0 && c.time_s > 0.0 && c.co2_kg == 0.0);
    cpu = host;

    /* QPU: 15 ms + 100 * (20 + 150 + 20) us = 34 ms; 34 ms * 25 kW = 850 J */
    q6_qpu_job_model job = {15e-3, 20e-6, 150e-6, 20e-6, 25e3};
    q6_qpu_cost q;
    CHECK(q6_qubo_embedding_estimate(180, 180 * 179 / 2, &topo, &e) == 0);
    CHECK(q6_qubo_qpu_cost(&job, 100, &e, &topo, 0, &cpu, 1e-7, &q) == 0);
    CHECK_REL(q.qpu_access_s, 0.034, 1e-12);
    CHECK_REL(q.total.energy_j, 850.0, 1e-12);
    CHECK(q.embedding_s == 0.0 && q.fits);
    /* one embedding try: 180 * 5640 * 15 / 2 = 7,614,000 ops * 1.5 / 3e9 = 3.807 ms at 10 W */
    CHECK(q6_qubo_qpu_cost(&job, 100, &e, &topo, 1, &cpu, 1e-7, &q) == 0);
    CHECK_REL(q.embedding_ops, 7614000.0, 1e-12);
    CHECK_REL(q.embedding_s, 3.807e-3, 1e-12);
    CHECK_REL(q.total.time_s, 0.034 + 3.807e-3, 1e-12);
    CHECK_REL(q.total.energy_j, 850.0 + 0.03807, 1e-12);
    CHECK_REL(q.total.co2_kg, (850.0 + 0.03807) * 1e-7, 1e-12);
    /* too large for the chip: cost filled, -ERANGE */
    CHECK(q6_qubo_embedding_estimate(1000, 49950, &topo, &e) == 0);
    CHECK(q6_qubo_qpu_cost(&job, 100, &e, &topo, 0, &cpu, 1e-7, &q) == -ERANGE && !q.fits);
    job.anneal_s = -1.0;
    CHECK(q6_qubo_qpu_cost(&job, 100, &e, &topo, 0, &cpu, 1e-7, &q) == -EINVAL);
    return CHECK_DONE();
}
