/* The QPU job cost reads the QPU host's classical front end from the
 * platform (issue 19: no optimiser-cost constant in code): the embedding
 * heuristic's time scales as 1 / classical_clock_hz and its energy as
 * classical_power_w x that time, on top of the annealer's access time at
 * annealer_power_w; the CPU-sampling time scales the same way. */
#include "sim/core/qubo_service.h"
#include "test/check.h"
#include <string.h>

static q6_infra_host qpu_host(double clock_hz, double power_w)
{
    q6_infra_host h;
    memset(&h, 0, sizeof h);
    h.annealer_programming_s = 15e-3;
    h.annealer_anneal_s = 20e-6;
    h.annealer_readout_s = 150e-6;
    h.annealer_delay_s = 20e-6;
    h.annealer_power_w = 25000;
    h.pegasus_m = 16;
    h.classical_clock_hz = clock_hz;
    h.classical_cycles_per_attempt = 35;
    h.classical_cycles_per_field_update = 1.2;
    h.classical_power_w = power_w;
    return h;
}

int main(void)
{
    /* A 30-variable ring: small enough to embed. */
    double lin[30];
    uint32_t u[30], v[30];
    double c[30];
    for (uint32_t i = 0; i < 30; i++) {
        lin[i] = -1;
        u[i] = i;
        v[i] = (i + 1) % 30;
        c[i] = 2;
    }
    q6_qubo_view q = {30, lin, 30, u, v, c, 0};
    q6_qubo_options o = {Q6_QUBO_SA, 100, 0, 1};
    q6_qpu_job_cost a, b, p;
    q6_infra_host h1 = qpu_host(3e9, 10), h2 = qpu_host(6e9, 10), h3 = qpu_host(3e9, 20);
    CHECK(q6_qubo_service_qpu_cost(&h1, &q, &o, &a) == 0);
    CHECK(q6_qubo_service_qpu_cost(&h2, &q, &o, &b) == 0);
    CHECK(q6_qubo_service_qpu_cost(&h3, &q, &o, &p) == 0);
    /* access = programming + reads x (anneal + readout + delay) */
    double access = 15e-3 + 100 * (20e-6 + 150e-6 + 20e-6);
    CHECK_NEAR(a.access_s, access, 1e-12);
    CHECK_NEAR(b.access_s, access, 1e-12);
    double emb1 = a.time_s - access, emb2 = b.time_s - access;
    CHECK(emb1 > 0);
    CHECK_NEAR(emb2, emb1 / 2, 1e-12 * emb1 + 1e-15);            /* twice the clock: half the time */
    CHECK_NEAR(a.energy_j - 25000 * access, 10 * emb1, 1e-9 * a.energy_j); /* power x embedding time */
    CHECK_NEAR(p.energy_j - 25000 * access, 20 * emb1, 1e-9 * p.energy_j);
    /* CPU sampling: counted work / clock. */
    q6_sampler_stats st;
    memset(&st, 0, sizeof st);
    st.spin_update_attempts = 3000000;
    st.field_updates = 1000000;
    double t = q6_qubo_service_cpu_time_s(&h1, &st);
    CHECK_NEAR(t, (3e6 * 35 + 1e6 * 1.2) / 3e9, 1e-15);
    CHECK_NEAR(q6_qubo_service_cpu_time_s(&h2, &st), t / 2, 1e-15);
    return CHECK_DONE();
}
