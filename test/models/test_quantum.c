/* Gate-based QPU and annealer models against hand calculations. */
#include "check.h"
#include "models/annealer.h"
#include "models/quantum_gate.h"
#include <string.h>

static void test_qpu(void)
{
    q6_qpu_params p = q6_qpu_defaults();
    q6_qpu_result r;
    const char *field = NULL;
    CHECK(q6_qpu_evaluate(&p, &r, &field) == 0);
    /* Defaults: Q = 10, D = 100, N1 = 1, N2 = 1, Nm = 0.1, t1 = 25 ns,
     * t2 = 100 ns, tm = 1 us, k = 1, Steane block 7.
     * qubits 10 * 7^1 = 70;
     * time 100 * (25e-9 + 100e-9 + 0.1 * 1e-6) = 100 * 225e-9 = 22.5 us;
     * heat 100 * 70 * (1e-20 + 2e-20 + 0.1 * 1e-19 + 1e-21) = 7000 * 4.1e-20
     *      = 2.87e-16 J;
     * cooling (300 - 0.01) / (0.01 * 1e-3) = 2.9999e7 J per J of heat, so
     * energy 2.87e-16 * (1 + 2.9999e7) = 8.60974e-9 J (cooling dominates);
     * success 1 - 1000 * 1e-2 * (1e-3 / 1e-2)^(2^1) = 1 - 1000 * 1e-4 = 0.9. */
    CHECK_NEAR(r.physical_qubits, 70, 0);
    CHECK_REL(r.time_s, 22.5e-6, 1e-12);
    CHECK_REL(r.heat_j, 2.87e-16, 1e-12);
    CHECK_REL(r.energy_j, 8.60974e-9, 1e-5);
    CHECK_NEAR(r.success_probability, 0.9, 1e-12);
    CHECK(r.energy_j / r.heat_j > 1e6);
    CHECK(q6_qpu_usable(&r, 1000, 2.0 / 3.0));
    CHECK(!q6_qpu_usable(&r, 50, 2.0 / 3.0));  /* 70 qubits do not fit in 50 */
    CHECK(!q6_qpu_usable(&r, 1000, 0.95));     /* 0.9 < 0.95 */
    /* k = 2: 49 qubits per logical one (490), logical error 1e-2 * 0.1^4
     * = 1e-6, success 1 - 1e-3 = 0.999; k = 0: 1 - 1000 * 1e-3 = 0. */
    p.qec_level = 2;
    CHECK(q6_qpu_evaluate(&p, &r, NULL) == 0);
    CHECK_NEAR(r.physical_qubits, 490, 0);
    CHECK_NEAR(r.success_probability, 0.999, 1e-12);
    p.qec_level = 0;
    CHECK(q6_qpu_evaluate(&p, &r, NULL) == 0);
    CHECK_NEAR(r.success_probability, 0.0, 1e-12);
    /* Above threshold, concatenation makes things worse: clamped at 0. */
    p.qec_level = 1;
    p.physical_error = 2e-2;
    CHECK(q6_qpu_evaluate(&p, &r, NULL) == 0);
    CHECK_NEAR(r.success_probability, 0.0, 0.0);
    /* Ideal gates: success 1. */
    p.physical_error = 0;
    CHECK(q6_qpu_evaluate(&p, &r, NULL) == 0);
    CHECK_NEAR(r.success_probability, 1.0, 0.0);
    /* Invalid fields are named. */
    p = q6_qpu_defaults();
    p.qec_level = 1.5;
    CHECK(q6_qpu_evaluate(&p, &r, &field) == -1 && !strcmp(field, "qec_level"));
    p = q6_qpu_defaults();
    p.hot_temperature_k = 0.001;
    CHECK(q6_qpu_evaluate(&p, &r, &field) == -1 && !strcmp(field, "hot_temperature_k"));
    p = q6_qpu_defaults();
    p.gate_2q_time_s = NAN;
    CHECK(q6_qpu_evaluate(&p, &r, &field) == -1 && !strcmp(field, "gate_2q_time_s"));
}

static void test_annealer(void)
{
    q6_annealer_params p = q6_annealer_defaults();
    q6_annealer_result r;
    const char *field = NULL;
    /* 15 ms + 100 * (20 + 150 + 20) us = 15 ms + 19 ms = 34 ms; at 25 kW: 850 J. */
    CHECK(q6_annealer_evaluate(&p, &r, &field) == 0);
    CHECK_REL(r.sampling_time_s, 19e-3, 1e-12);
    CHECK_REL(r.access_time_s, 34e-3, 1e-12);
    CHECK_REL(r.energy_j, 850.0, 1e-12);
    p.reads = 0;
    CHECK(q6_annealer_evaluate(&p, &r, &field) == -1 && !strcmp(field, "reads"));
    p = q6_annealer_defaults();
    p.anneal_time_s = -1;
    CHECK(q6_annealer_evaluate(&p, &r, &field) == -1 && !strcmp(field, "anneal_time_s"));
}

int main(void)
{
    test_qpu();
    test_annealer();
    return CHECK_DONE();
}
