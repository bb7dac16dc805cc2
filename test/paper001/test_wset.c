/* Paper 001 WSET model and the schedulers' choices on a hand-computed
 * instance. One node (f = 1e9 flop/s, kappa = 1e-27, 1 W), one AP of 1 MHz
 * at SNR 1 (rate 1e6 bit/s alone), cloud 1e10 flop/s, fibre 5 ms one way,
 * cloud 1e-9 J/flop. Task: 1e5 B in (8e5 bit), 1e4 B out, 1e9 flop.
 *   local   delay 1 s,                 energy 1e-27 1e18 1e9 = 1 J
 *   cloud   delay 0.8 + 0.005 + 0.1 + 0.005 + 0.08 = 0.99 s,
 *           energy 1 W x 0.8 s + 1e-9 x 1e9 = 1.8 J
 *   x = 0.5 local 0.5 s || remote 0.495 s -> 0.5 s, energy 0.5 + 0.4 + 0.5 = 1.4 J
 * Balanced weights (0.5, 0.5): 1.0, 1.395, 0.95; cost(x) = 1 - 0.1 x below
 * x = 0.5 and 0.89 x + 0.505 above, so 0.5 is the grid's best fraction.
 * QPU (Q = 2, D = 10, N1 = 1, N2 = 0.5, Nm = 0.1, Steane k = 1):
 *   T = 10 (25 + 50 + 100) ns = 1.75 us; n = 14; H = 10 14 3.1e-20 J;
 *   E = H (1 + 299.99 / (0.01 1e-3)); A = 2 10 1.6 = 32, P = 1 - 32 1e-2 0.1^2. */
#include "solvers/paper001/paper001.h"
#include "solvers/paper001/wset.h"
#include "test/check.h"
#include <string.h>

static q6_sched_node node = {.cpu_flops = 1e9, .present = 1, .tx_power_max_w = 1};
static q6_sched_ap ap = {.name = "ap", .kind = Q6_AP_BS, .bandwidth_hz = 1e6, .beta_max = 1};
static double snr = 1.0, gain = 1e-6;
static q6_sched_qpu qpu = {.name = "qpu", .physical_qubits = 127, .physical_error = 1e-3,
                           .threshold_error = 1e-2, .qec_level = 1, .code_block_size = 7};

static q6_sched_task classical(double deadline_s)
{
    return (q6_sched_task){0, 0, Q6_TASK_CLASSICAL, 0, 1e5, 1e4, 1e9, deadline_s, 1, 0, 0, 1, {0, 0, 0, 0, 0, 0}};
}

static q6_sched_problem problem(q6_sched_task *t, double wl, double we, const q6_vqueue *q, uint32_t nq)
{
    return (q6_sched_problem){.abi_version = Q6_ABI_VERSION, .slot_s = 1, .n_nodes = 1, .nodes = &node,
                              .n_aps = 1, .aps = &ap, .n_tasks = 1, .tasks = t, .snr = &snr, .gain = &gain,
                              .min_snr = 0.01, .noise_psd_w_per_hz = 1e-12, .cloud_flops = 1e10,
                              .n_qpus = 1, .qpus = &qpu, .n_queues = nq, .queues = q, .lyapunov_v = 1,
                              .weight_latency = wl, .weight_energy = we};
}

static q6_sched_task_choice decide(const q6_scheduler *s, const q6_sched_problem *p)
{
    q6_sched_task_choice ch = {Q6_RUN_LOCAL, 0, 0, 0, 1, Q6_UNSET};
    q6_sched_decision d = {&ch, NULL, NULL};
    q6_plugin_init_args args = {1, "kappa=1e-27,cloud_j_per_flop=1e-9,wired_s=0.005"};
    void *state = NULL;
    char err[160];
    CHECK(s->init(&args, &state, err, sizeof err) == 0);
    CHECK(s->decide(state, p, &d, err, sizeof err) == 0);
    s->finish(state);
    return ch;
}

/* n_slots decisions of one scheduler state on the same problem (the
 * state carries its per-device queues from slot to slot). */
static void slots(const q6_scheduler *s, q6_sched_problem *p, int n_slots, q6_sched_task_choice *out)
{
    q6_plugin_init_args args = {1, "kappa=1e-27,cloud_j_per_flop=1e-9,wired_s=0.005"};
    void *state = NULL;
    char err[160];
    CHECK(s->init(&args, &state, err, sizeof err) == 0);
    for (int k = 0; k < n_slots; k++) {
        out[k] = (q6_sched_task_choice){Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1, Q6_UNSET};
        q6_sched_decision d = {&out[k], NULL, NULL};
        p->slot = (uint64_t)k;
        CHECK(s->decide(state, p, &d, err, sizeof err) == 0);
    }
    s->finish(state);
}

int main(void)
{
    q6_p001_params par;
    char err[160];
    CHECK(q6_p001_parse("kappa=1e-27,cloud_j_per_flop=1e-9,wired_s=0.005", &par, err, sizeof err) == 0);
    CHECK(par.fraction_step == 0.05);
    q6_sched_task t = classical(10);
    q6_sched_problem p = problem(&t, 0.5, 0.5, NULL, 0);
    q6_p001_link l = {1e6, 1.0, 1e10, 0.0, 0.0};
    q6_wset w = q6_p001_classical(&p, &par, &t, &l, 0.0);
    CHECK_NEAR(w.delay_s, 1.0, 1e-12);
    CHECK_NEAR(w.energy_j, 1.0, 1e-12);
    CHECK_NEAR(w.cost, 1.0, 1e-12);
    w = q6_p001_classical(&p, &par, &t, &l, 1.0);
    CHECK_NEAR(w.delay_s, 0.99, 1e-12);
    CHECK_NEAR(w.energy_j, 1.8, 1e-12);
    CHECK_NEAR(w.cost, 1.395, 1e-12);
    w = q6_p001_classical(&p, &par, &t, &l, 0.5);
    CHECK_NEAR(w.delay_s, 0.5, 1e-12);
    CHECK_NEAR(w.energy_j, 1.4, 1e-12);
    CHECK_NEAR(w.cost, 0.95, 1e-12);

    /* 1e5 B still queued for upload: the upload waits 0.8 s more; the
     * radio energy stays that of the task's own bytes. */
    node.backlog_bytes = 1e5;
    w = q6_p001_classical(&p, &par, &t, &l, 1.0);
    CHECK_NEAR(w.delay_s, 1.79, 1e-12);
    CHECK_NEAR(w.energy_j, 1.8, 1e-12);
    node.backlog_bytes = 0;
    /* The node's earlier task of the slot: 1e5 B to upload and 0.3 s of
     * local work ahead: x = 0.5 gives local 0.3 + 0.5 = 0.8 s, remote
     * 8 (1e5 + 5e4) / 1e6 + 0.01 + 0.05 + 0.04 = 1.3 s. */
    l.slot_bytes = 1e5;
    l.slot_local_s = 0.3;
    w = q6_p001_classical(&p, &par, &t, &l, 0.5);
    CHECK_NEAR(w.delay_s, 1.3, 1e-12);
    CHECK_NEAR(w.energy_j, 1.4, 1e-12);
    l.slot_bytes = 0;
    l.slot_local_s = 0;

    /* QPU mode. */
    q6_sched_task qt = {1, 0, Q6_TASK_QUANTUM, 0, 1e5, 1e4, 0, 10, 1, 1, 0, 1, {2, 10, 1, 0.5, 0.1, 0.9}};
    double heat = 10 * 14 * 3.1e-20, energy_qpu = heat * (1 + 299.99 / (0.01 * 1e-3));
    CHECK(q6_p001_quantum(&p, &par, &qt, &l, 0, &w) == 0);
    CHECK_NEAR(w.delay_s, 0.8 + 0.005 + 1.75e-6 + 0.005 + 0.08, 1e-12);
    CHECK_REL(w.energy_j - 0.8, energy_qpu, 1e-6);
    CHECK_NEAR(w.cost, 0.5 * w.delay_s + 0.5 * w.energy_j, 1e-15);
    qt.circuit.min_success = 0.997; /* P = 0.9968 < 0.997: Q2 */
    CHECK(q6_p001_quantum(&p, &par, &qt, &l, 0, &w) == -1);
    qt.circuit.min_success = 0.9968 - 1e-9;
    CHECK(q6_p001_quantum(&p, &par, &qt, &l, 0, &w) == 0);
    qpu.physical_qubits = 13; /* n = 14 */
    CHECK(q6_p001_quantum(&p, &par, &qt, &l, 0, &w) == -1);
    qpu.physical_qubits = 127;

    /* Baselines on the same instance: the best option of each option set. */
    q6_sched_task_choice c = decide(&q6_sched_cpu_discrete, &p);
    CHECK(c.target == Q6_RUN_LOCAL);                         /* 1.0 < 1.395 */
    c = decide(&q6_sched_cpu_continuous, &p);
    CHECK(c.target == Q6_RUN_CLOUD && c.ap == 0);
    CHECK_NEAR(c.offload_fraction, 0.5, 1e-12);              /* 0.95 */
    CHECK_NEAR(c.cpu_share_flops, 1e10, 0);
    CHECK(decide(&q6_sched_qpu_discrete, &p).target == Q6_RUN_LOCAL);
    CHECK(decide(&q6_sched_qpu_continuous, &p).target == Q6_RUN_LOCAL);
    c = decide(&q6_sched_meqc_dpp, &p);                      /* Q = 0: cost alone */
    CHECK(c.target == Q6_RUN_CLOUD && fabs(c.offload_fraction - 0.5) < 1e-12);

    /* Deadline 0.995 s (12b): local (1 s) misses it, the whole task (0.99 s)
     * meets it, so cpu-discrete offloads though it costs more. */
    t = classical(0.995);
    c = decide(&q6_sched_cpu_discrete, &p);
    CHECK(c.target == Q6_RUN_CLOUD && c.offload_fraction == 1.0);

    /* Energy-sensitive (w_l = 0, w_e = 1): energy 1 + 0.8 x, so local wins
     * the cost. meqc-dpp keeps the paper's per-device queue (eq. 13), rho
     * 0.5, V = 1, one task a slot: slot 0, Q = 0: local, Q becomes 0.5;
     * slot 1 scores x = 0.05 at 1.04 - 0.5 < 1 and offloads the smallest
     * fraction, Q = max(0.5 + 0.5 - 1, 0) = 0; slot 2: local again. The
     * engine's system-wide backlog (here 7) is not what it reads. */
    t = classical(10);
    q6_vqueue vq = {"offload", Q6_VQ_OFFLOAD_RATE, UINT32_MAX, 7.0, 0, 0, 0.5};
    p = problem(&t, 0.0, 1.0, &vq, 1);
    CHECK(decide(&q6_sched_cpu_continuous, &p).target == Q6_RUN_LOCAL);
    {
        q6_sched_task_choice cs[4];
        slots(&q6_sched_meqc_dpp, &p, 4, cs);
        CHECK(cs[0].target == Q6_RUN_LOCAL);
        CHECK(cs[1].target == Q6_RUN_CLOUD && fabs(cs[1].offload_fraction - 0.05) < 1e-12);
        CHECK(cs[2].target == Q6_RUN_LOCAL);
        CHECK(cs[3].target == Q6_RUN_CLOUD && fabs(cs[3].offload_fraction - 0.05) < 1e-12);
        vq.budget = 0.03; /* Q: 0, 0.03, 0.06; 1.04 - 0.06 < 1 only from Q > 0.04 */
        slots(&q6_sched_meqc_dpp, &p, 4, cs);
        CHECK(cs[0].target == Q6_RUN_LOCAL && cs[1].target == Q6_RUN_LOCAL && cs[2].target == Q6_RUN_CLOUD);
        CHECK(cs[3].target == Q6_RUN_LOCAL); /* Q = max(0.06 + 0.03 - 1, 0) = 0, then 0.03 */
        vq.budget = 0.5;
    }

    /* Two equal tasks of one node, balanced weights: the first goes at
     * x = 0.5 (cost 0.95); the second then waits 0.5 s locally and 0.4 s
     * on the uplink: local 1.5 s (cost 1.25), x = 0.5 gives max(1.0, 0.895)
     * (cost 1.2), x = 0.55: local 0.95 || remote 0.4 + 0.44 + 0.01 + 0.055
     * + 0.044 = 0.949 -> 0.95 s, energy 1.44 J (cost 1.195), x = 0.6:
     * remote 0.998 s, energy 1.48 J (cost 1.239): 0.55. */
    {
        q6_sched_task two[2] = {classical(10), classical(10)};
        two[1].id = 1;
        q6_sched_problem p2 = problem(two, 0.5, 0.5, NULL, 0);
        p2.n_tasks = 2;
        p2.cloud_flops = 2e10; /* two tasks: each gets 1e10 */
        q6_sched_task_choice c2[2] = {{Q6_RUN_LOCAL, 0, 0, 0, 1, Q6_UNSET}, {Q6_RUN_LOCAL, 0, 0, 0, 1, Q6_UNSET}};
        q6_sched_decision d2 = {c2, NULL, NULL};
        q6_plugin_init_args a2 = {1, "kappa=1e-27,cloud_j_per_flop=1e-9,wired_s=0.005"};
        void *st = NULL;
        CHECK(q6_sched_cpu_continuous.init(&a2, &st, err, sizeof err) == 0);
        CHECK(q6_sched_cpu_continuous.decide(st, &p2, &d2, err, sizeof err) == 0);
        q6_sched_cpu_continuous.finish(st);
        CHECK(c2[0].target == Q6_RUN_CLOUD && fabs(c2[0].offload_fraction - 0.5) < 1e-12);
        CHECK(c2[1].target == Q6_RUN_CLOUD && fabs(c2[1].offload_fraction - 0.55) < 1e-12);
    }

    /* A quantum task keeps its QPU preset under every paper-001 scheduler. */
    q6_sched_task_choice qc = {Q6_RUN_QPU, 0, 0, 0, 1, Q6_UNSET};
    q6_sched_decision qd = {&qc, NULL, NULL};
    q6_sched_problem pq = problem(&qt, 0.5, 0.5, NULL, 0);
    void *state = NULL;
    q6_plugin_init_args args = {1, ""};
    CHECK(q6_sched_meqc_dpp.init(&args, &state, err, sizeof err) == 0);
    CHECK(q6_sched_meqc_dpp.decide(state, &pq, &qd, err, sizeof err) == 0);
    CHECK(qc.target == Q6_RUN_QPU);
    q6_sched_meqc_dpp.finish(state);

    /* Bad plugin_params name the key. */
    CHECK(q6_p001_parse("kappa=-1", &par, err, sizeof err) == -1 && strstr(err, "kappa"));
    CHECK(q6_p001_parse("speed=3", &par, err, sizeof err) == -1 && strstr(err, "speed"));
    CHECK(q6_p001_parse("wired_s=nan", &par, err, sizeof err) == -1 && strstr(err, "wired_s"));
    CHECK(q6_p001_parse("fraction_step", &par, err, sizeof err) == -1);
    args.params = "fraction_step=0";
    CHECK(q6_sched_cpu_continuous.init(&args, &state, err, sizeof err) != 0);

    printf("%d checks, %d failed\n", q6_check_count, q6_check_failures);
    return q6_check_failures != 0;
}
