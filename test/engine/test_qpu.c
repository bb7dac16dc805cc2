/* The QPU without a simulation (sim/qpu_model.h, q6_qpu_views): a
 * circuit's run time, energy and success probability on a QPU host by
 * hand, the constraint Q2 with its reasons, the scheduler's view of the
 * QPU, and the success draws. */
#include "agents/qpu_exec.h"
#include "test/check.h"
#include <string.h>

int main(void)
{
    q6_infra_host hosts[2];
    memset(hosts, 0, sizeof hosts);
    snprintf(hosts[0].name, sizeof hosts[0].name, "cloud");
    hosts[0].role = Q6_ROLE_CLOUD;
    snprintf(hosts[1].name, sizeof hosts[1].name, "qpu");
    hosts[1].role = Q6_ROLE_QPU;
    hosts[1].qpu = q6_qpu_defaults();
    hosts[1].qpu_qubits = 100;
    q6_platform pf = {hosts, 2, NULL, 0, 0, 1, -1, "z"};
    static q6_scenario sc;
    snprintf(sc.path, sizeof sc.path, "s.cfg");
    snprintf(sc.platform_path, sizeof sc.platform_path, "p.xml");
    char err[512];
    q6_world w;
    memset(&w, 0, sizeof w);
    w.sc = &sc;
    w.pf = &pf;
    w.qpu_exec = q6_qpu_exec_create(&sc, &pf, err, sizeof err);
    CHECK(w.qpu_exec != NULL);
    CHECK(q6_qpu_count(&w) == 1);

    /* Defaults: t1 25 ns, t2 100 ns, tm 1 us; E1 1e-20, E2 2e-20, Em 1e-19,
     * Eq 1e-21 J; Steane level 1 (b = 7); 10 mK, 300 K, 1e-3 of Carnot;
     * p = 1e-3, p_th = 1e-2. Circuit Q = 4, D = 50, N1 = 1, N2 = 0.5, Nm = 0.2:
     *   T = 50 (25e-9 + 50e-9 + 200e-9) = 1.375e-5 s
     *   n = 28; H = 50 x 28 x (1e-20 + 1e-20 + 2e-20 + 1e-21) = 5.74e-17 J
     *   E = H (1 + 299.99 / (0.01 x 1e-3)) = H x 29999001
     *   A = 4 x 50 x 1.7 = 340; P = 1 - 340 x 1e-2 x 0.1^2 = 0.966 */
    q6_circuit c = {4, 50, 1.0, 0.5, 0.2, 0.9};
    q6_qpu_result r;
    CHECK(q6_qpu_circuit_result(&w, 0, &c, &r) == 0);
    CHECK_NEAR(r.physical_qubits, 28, 0);
    CHECK_REL(r.time_s, 1.375e-5, 1e-12);
    CHECK_REL(r.heat_j, 5.74e-17, 1e-12);
    CHECK_REL(r.energy_j, 5.74e-17 * 29999001.0, 1e-12);
    CHECK_NEAR(r.success_probability, 0.966, 1e-12);
    CHECK(q6_qpu_circuit_result(&w, 1, &c, &r) < 0);

    char why[256] = "";
    CHECK(q6_qpu_fits(&w, 0, &c, why, sizeof why) == 1);
    q6_circuit big = {15, 50, 1.0, 0.5, 0.2, 0.0}; /* 105 physical qubits > 100 */
    CHECK(q6_qpu_fits(&w, 0, &big, why, sizeof why) == 0);
    CHECK(strstr(why, "needs 105 physical qubits") && strstr(why, "has 100"));
    q6_circuit picky = c;
    picky.min_success = 0.97; /* P = 0.966 */
    CHECK(q6_qpu_fits(&w, 0, &picky, why, sizeof why) == 0);
    CHECK(strstr(why, "0.966") && strstr(why, "0.97"));
    CHECK(q6_qpu_fits(&w, 1, &c, why, sizeof why) == 0);
    CHECK(strstr(why, "QPU 1 does not exist") != NULL);
    q6_circuit bad = {0, 50, 1, 0, 0, 0};
    CHECK(q6_qpu_fits(&w, 0, &bad, why, sizeof why) == 0);

    q6_sched_qpu v[1];
    CHECK(q6_qpu_views(&w, v) == 1);
    CHECK(!strcmp(v[0].name, "qpu") && v[0].physical_qubits == 100 && v[0].queue_s == 0 && v[0].queue_jobs == 0);
    CHECK(v[0].physical_error == 1e-3 && v[0].threshold_error == 1e-2 && v[0].qec_level == 1 &&
          v[0].code_block_size == 7);

    /* Success draws: fixed by (key, run), in [0, 1), spread evenly. */
    CHECK(q6_qpu_run_uniform(42, 0) == q6_qpu_run_uniform(42, 0));
    CHECK(q6_qpu_run_uniform(42, 0) != q6_qpu_run_uniform(42, 1));
    CHECK(q6_qpu_run_uniform(42, 0) != q6_qpu_run_uniform(43, 0));
    double sum = 0;
    int below = 0, outside = 0;
    for (uint32_t k = 0; k < 20000; k++) {
        double u = q6_qpu_run_uniform(k * 0x9E3779B97F4A7C15ULL, k % 3);
        outside += !(u >= 0 && u < 1);
        sum += u;
        below += u < 0.25;
    }
    CHECK(outside == 0);
    /* Mean 1/2 (sd 0.29 / sqrt(n) = 0.002), a quarter below 0.25 (sd 0.003). */
    CHECK_NEAR(sum / 20000, 0.5, 0.01);
    CHECK_NEAR(below / 20000.0, 0.25, 0.013);
    q6_qpu_exec_free(w.qpu_exec);

    /* The preset AP: the best SNR at or above the threshold. */
    const double snr[4] = {2.0, 9.0, 0.5, 9.5};
    CHECK(q6_qpu_preset_ap(snr, 4, 1.0) == 3);
    CHECK(q6_qpu_preset_ap(snr, 3, 1.0) == 1);
    CHECK(q6_qpu_preset_ap(snr, 4, 10.0) == UINT32_MAX);

    /* Quantum tasks without a QPU host: the scenario's line and field. */
    pf.qpu = -1;
    sc.task.quantum.share = 0.2;
    sc.task.quantum.line = 12;
    w.qpu_exec = q6_qpu_exec_create(&sc, &pf, err, sizeof err);
    CHECK(w.qpu_exec == NULL);
    CHECK(strstr(err, "s.cfg:12: task.quantum.share") && strstr(err, "p.xml"));
    sc.task.quantum.share = 0;
    w.qpu_exec = q6_qpu_exec_create(&sc, &pf, err, sizeof err);
    CHECK(w.qpu_exec && q6_qpu_count(&w) == 0 && q6_qpu_views(&w, v) == 0);
    CHECK(q6_qpu_fits(&w, 0, &c, why, sizeof why) == 0);
    q6_qpu_exec_free(w.qpu_exec);
    return CHECK_DONE();
}
