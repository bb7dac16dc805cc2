/* The C policies on hand-written weight files, with outputs derived by
 * hand (runs without torch; test_policy_torch.py compares with PyTorch):
 * - mlp, one layer scoring -local_s, -edge_s, -cloud_s: each task goes to
 *   its fastest valid choice, computed here from the problem by hand;
 * - mlp, two relu layers with small integer weights;
 * - vqc, 2 qubits: <Z0> = cos(a0 + t0), <Z1> = cos(a0 + t0) cos(a1 + t1)
 *   after the CNOT;
 * - lstm, hidden 1, two slots, against the gate formulas;
 * - weight-file errors name file and line. */
#include "solvers/agent/agent.h"
#include "solvers/agent/policy.h"
#include "test/check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir;

static const char *write_file(const char *name, const char *text)
{
    static char path[8][1024];
    static int k;
    char *p = path[k++ % 8];
    snprintf(p, 1024, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

static void *open_policy(const q6_scheduler *s, const char *path, char *err, size_t errlen)
{
    char params[1100];
    snprintf(params, sizeof params, "weights=%s", path);
    q6_plugin_init_args a = {1, params};
    void *state = NULL;
    err[0] = 0;
    return s->init(&a, &state, err, errlen) == 0 ? state : NULL;
}

/* 3 nodes, 2 APs: AP0 edge (1e10), AP1 relay-only. Node 0 reaches only
 * AP1, node 1 both (AP0 stronger), node 2 none. */
static q6_sched_node nodes[3];
static q6_sched_ap aps[2];
static q6_sched_task tasks[4];
static double snr[6] = {0.5, 10, 30, 10, 0.1, 0.2}, rate[6] = {1e6, 8e6, 4e7, 8e6, 1e6, 1e6}, gain[6];

static q6_sched_problem problem(void)
{
    for (int n = 0; n < 3; n++)
        nodes[n] = (q6_sched_node){.cpu_flops = 1e9, .backlog_s = 0.1 * n, .tx_power_max_w = 0.2, .present = 1};
    aps[0] = (q6_sched_ap){.name = "bs", .cpu_flops = 1e10, .backlog_s = 0.05};
    aps[1] = (q6_sched_ap){.name = "leo", .kind = Q6_AP_LEO};
    double work[4] = {2e8, 5e9, 1e9, 3e9}, in[4] = {1e5, 1e5, 1e4, 1e5};
    uint32_t node[4] = {0, 1, 1, 2};
    for (int t = 0; t < 4; t++)
        tasks[t] = (q6_sched_task){.id = 10u + (uint64_t)t, .node = node[t], .input_bytes = in[t], .output_bytes = 0,
                                   .work_flops = work[t], .deadline_s = 1.0, .priority_weight = 1};
    return (q6_sched_problem){.abi_version = 3, .now_s = 0, .slot_s = 0.1, .n_nodes = 3, .nodes = nodes, .n_aps = 2,
                              .aps = aps, .n_tasks = 4, .tasks = tasks, .snr = snr, .rate_bps = rate, .gain = gain,
                              .min_snr = 1.0, .cloud_flops = 2e10};
}

static void test_fastest(void)
{
    /* out_c = -feature_c for c = 0, 1, 2 (local_s, edge_s, cloud_s). */
    const char *path = write_file("fastest.q6w",
        "q6-weights 1\nmodel mlp\nfeatures task-v1\nhead discrete\nlayers 1\n"
        "tensor mlp0.weight 2 3 11\n-1 0 0 0 0 0 0 0 0 0 0\n0 -1 0 0 0 0 0 0 0 0 0\n0 0 -1 0 0 0 0 0 0 0 0\n"
        "tensor mlp0.bias 1 3\n0 0 0\nend\n");
    char err[512];
    void *s = open_policy(&q6_sched_mlp_policy, path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    q6_sched_problem p = problem();
    q6_sched_task_choice tc[4];
    for (int t = 0; t < 4; t++)
        tc[t] = (q6_sched_task_choice){Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
    q6_sched_decision d = {tc, NULL, NULL};
    CHECK(q6_sched_mlp_policy.decide(s, &p, &d, err, sizeof err) == 0);
    /* By hand. Task 0 (node 0, only AP1 relay): local 0.2 s; cloud = 8e5/8e6
     * + 2e8/2e10 = 0.11 s -> cloud through AP1. Task 1 (node 1, AP0 with
     * SNR 30): local 0.1 + 5 = 5.1; edge 8e5/4e7 + 0.05 + 0.5 = 0.57; cloud
     * 0.02 + 0.25 = 0.27 -> cloud through AP0. Task 2: local 0.1 + 1 = 1.1;
     * edge 8e4/4e7 + 0.05 + 0.1 = 0.152; cloud 0.002 + 0.05 = 0.052 -> cloud.
     * Task 3 (node 2, nothing in reach): local. */
    CHECK(tc[0].target == Q6_RUN_CLOUD && tc[0].ap == 1);
    CHECK(tc[1].target == Q6_RUN_CLOUD && tc[1].ap == 0);
    CHECK(tc[2].target == Q6_RUN_CLOUD && tc[2].ap == 0);
    CHECK(tc[3].target == Q6_RUN_LOCAL);
    uint32_t n_out;
    const double *out = q6_policy_outputs(s, &p, &n_out, err, sizeof err);
    CHECK(n_out == 3);
    CHECK_NEAR(out[0], -0.2, 1e-12);
    CHECK_NEAR(out[2], -0.11, 1e-12);
    CHECK_NEAR(out[3 + 1], -0.57, 1e-12);
    CHECK_NEAR(out[3 + 2], -0.27, 1e-12);
    CHECK_NEAR(out[6 + 1], -0.152, 1e-12);
    /* With the edge made cheap, task 1 goes to AP0's edge server. */
    aps[0].backlog_s = 0.0;
    aps[0].cpu_flops = 1e11;
    CHECK(q6_sched_mlp_policy.decide(s, &p, &d, err, sizeof err) == 0);
    CHECK(tc[1].target == Q6_RUN_AP && tc[1].ap == 0);
    q6_sched_mlp_policy.finish(s);
}

static void test_two_layers(void)
{
    /* h = relu([f8 - 2, 1 - f8]) with f8 = priority 1 -> [0, 0]... use f9
     * (tasks of the node): h0 = relu(f9 - 1), h1 = relu(2 - f9);
     * out = [h0 + h1, 2 h0, 3 h1] + [0.5, 0, 0]. With norm x' = (x - 1) * 2. */
    const char *path = write_file("two.q6w",
        "q6-weights 1\nmodel mlp\nfeatures task-v1\nhead hybrid\nactivation relu\nlayers 2\n"
        "tensor norm.mean 1 11\n0 0 0 0 0 0 0 0 0 1 0\ntensor norm.scale 1 11\n1 1 1 1 1 1 1 1 1 2 1\n"
        "tensor mlp0.weight 2 2 11\n0 0 0 0 0 0 0 0 0 1 0\n0 0 0 0 0 0 0 0 0 -1 0\n"
        "tensor mlp0.bias 1 2\n-1 2\n"
        "tensor mlp1.weight 2 4 2\n1 1\n2 0\n0 3\n0 0\ntensor mlp1.bias 1 4\n0.5 0 0 0.25\nend\n");
    char err[512];
    void *s = open_policy(&q6_sched_mlp_policy, path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    q6_sched_problem p = problem();
    uint32_t n_out;
    const double *out = q6_policy_outputs(s, &p, &n_out, err, sizeof err);
    CHECK(n_out == 4);
    /* Task 0: f9 = 1 -> x' = 0: h = [0, 2]: out = [2.5, 0, 6, 0.25]. Task 1: f9 = 2 -> x' = 2:
     * h = [1, 0]: out = [1.5, 2, 0, 0.25]. */
    double want0[4] = {2.5, 0, 6, 0.25}, want1[4] = {1.5, 2, 0, 0.25};
    for (int i = 0; i < 4; i++) {
        CHECK_NEAR(out[i], want0[i], 1e-12);
        CHECK_NEAR(out[4 + i], want1[i], 1e-12);
    }
    q6_sched_task_choice tc[4];
    for (int t = 0; t < 4; t++)
        tc[t] = (q6_sched_task_choice){Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
    q6_sched_decision d = {tc, NULL, NULL};
    CHECK(q6_sched_mlp_policy.decide(s, &p, &d, err, sizeof err) == 0);
    /* Task 0: cloud (6) through AP1 with fraction sigmoid(0.25); task 1: edge (2) at AP0. */
    CHECK(tc[0].target == Q6_RUN_CLOUD && tc[0].ap == 1);
    CHECK_NEAR(tc[0].offload_fraction, 1.0 / (1.0 + exp(-0.25)), 1e-15);
    CHECK(tc[1].target == Q6_RUN_AP && tc[1].ap == 0);
    q6_sched_mlp_policy.finish(s);
}

static void test_vqc(void)
{
    /* enc: angle_q = bias_q (zero weights); readout identity on 2 outputs. */
    const char *path = write_file("vqc.q6w",
        "q6-weights 1\nmodel vqc\nfeatures task-v1\nhead discrete\nqubits 2\nlayers 1\n"
        "tensor enc.weight 2 2 11\n0 0 0 0 0 0 0 0 0 0 0\n0 0 0 0 0 0 0 0 0 0 0\n"
        "tensor enc.bias 1 2\n0.3 1.1\ntensor theta 2 1 2\n0.4 -0.2\n"
        "tensor readout.weight 2 3 2\n1 0\n0 1\n0 0\ntensor readout.bias 1 3\n0 0 0.5\nend\n");
    char err[512];
    void *s = open_policy(&q6_sched_vqc_policy, path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    q6_sched_problem p = problem();
    uint32_t n_out;
    const double *out = q6_policy_outputs(s, &p, &n_out, err, sizeof err);
    double z0 = cos(0.3 + 0.4), z1 = cos(0.3 + 0.4) * cos(1.1 - 0.2);
    CHECK_NEAR(out[0], z0, 1e-14);
    CHECK_NEAR(out[1], z1, 1e-14);
    CHECK_NEAR(out[2], 0.5, 1e-14);
    q6_sched_vqc_policy.finish(s);
}

static double sig(double x) { return 1.0 / (1.0 + exp(-x)); }

static void test_lstm(void)
{
    /* Hidden 1; gates read slot feature 0 (tasks of the slot) with weights
     * [wi, wf, wg, wo] = [1, 2, 3, 4] / 10, recurrent [0.5, 0.5, 0.5, 0.5],
     * biases 0.1 (ih) + 0 (hh); head: out = [h, -h, 0]. */
    const char *path = write_file("lstm.q6w",
        "q6-weights 1\nmodel lstm\nfeatures task-v1+slot-v1\nhead discrete\nlayers 1\n"
        "tensor lstm.weight_ih 2 4 6\n0.1 0 0 0 0 0\n0.2 0 0 0 0 0\n0.3 0 0 0 0 0\n0.4 0 0 0 0 0\n"
        "tensor lstm.weight_hh 2 4 1\n0.5 0.5 0.5 0.5\ntensor lstm.bias_ih 1 4\n0.1 0.1 0.1 0.1\n"
        "tensor lstm.bias_hh 1 4\n0 0 0 0\n"
        "tensor head0.weight 2 3 12\n0 0 0 0 0 0 0 0 0 0 0 1\n0 0 0 0 0 0 0 0 0 0 0 -1\n0 0 0 0 0 0 0 0 0 0 0 0\n"
        "tensor head0.bias 1 3\n0 0 0\nend\n");
    char err[512];
    void *s = open_policy(&q6_sched_lstm_policy, path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    q6_sched_problem p = problem();
    double h = 0, c = 0;
    for (int slot = 0; slot < 2; slot++) {
        p.n_tasks = slot ? 2 : 4;   /* slot feature 0 */
        double x = p.n_tasks;
        double gi = sig(0.1 * x + 0.5 * h + 0.1), gf = sig(0.2 * x + 0.5 * h + 0.1), gg = tanh(0.3 * x + 0.5 * h + 0.1),
               go = sig(0.4 * x + 0.5 * h + 0.1);
        c = gf * c + gi * gg;
        h = go * tanh(c);
        uint32_t n_out;
        const double *out = q6_policy_outputs(s, &p, &n_out, err, sizeof err);
        CHECK_NEAR(out[0], h, 1e-14);
        CHECK_NEAR(out[1], -h, 1e-14);
    }
    q6_sched_lstm_policy.finish(s);
}

static void expect_error(const q6_scheduler *sch, const char *name, const char *text, const char *want)
{
    const char *path = write_file(name, text);
    char err[512];
    void *s = open_policy(sch, path, err, sizeof err);
    CHECK(s == NULL);
    int ok = strstr(err, want) && !strncmp(err, path, strlen(path));
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "%s: got '%s', want '%s'\n", name, err, want);
    if (s)
        sch->finish(s);
}

static void test_errors(void)
{
    const char *head = "q6-weights 1\nmodel mlp\nfeatures task-v1\nhead discrete\nlayers 1\n";
    char buf[1024];
    expect_error(&q6_sched_mlp_policy, "e1.q6w", "q6-weights 2\nend\n", ":1: weight format version '2'");
    snprintf(buf, sizeof buf, "%stensor mlp0.weight 2 3 11\n1 2 x\n", head);
    expect_error(&q6_sched_mlp_policy, "e2.q6w", buf, ":7: tensor mlp0.weight: value 3 of 33 is not a finite number: 'x'");
    snprintf(buf, sizeof buf, "%stensor mlp0.weight 2 3 11\n1 2 inf\n", head);
    expect_error(&q6_sched_mlp_policy, "e3.q6w", buf, "not a finite number: 'inf'");
    snprintf(buf, sizeof buf, "%stensor mlp0.weight 2 3 10\n%s\ntensor mlp0.bias 1 3\n0 0 0\nend\n", head,
             "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    expect_error(&q6_sched_mlp_policy, "e4.q6w", buf, "tensor mlp0.weight has shape 3x10, the model needs 0x11");
    expect_error(&q6_sched_mlp_policy, "e5.q6w", "q6-weights 1\nmodel lstm\nend\n", "header 'model' is 'lstm'");
    expect_error(&q6_sched_mlp_policy, "e6.q6w", "q6-weights 1\nmodel mlp\nfeatures task-v9\nend\n",
                 "'features' is 'task-v9'");
    expect_error(&q6_sched_mlp_policy, "e7.q6w", "q6-weights 1\nmodel mlp\nfeatures task-v1\nhead discrete\nend\n",
                 "header 'layers' must be an integer in [1, 16] (missing)");
    expect_error(&q6_sched_vqc_policy, "e8.q6w",
                 "q6-weights 1\nmodel vqc\nfeatures task-v1\nhead discrete\nqubits 20\nlayers 1\nend\n",
                 "header 'qubits' must be an integer in [1, 12], got 20");
    snprintf(buf, sizeof buf, "%stensor mlp0.bias 1 3\n0 0 0\ntensor mlp0.bias 1 3\n0 0 0\nend\n", head);
    expect_error(&q6_sched_mlp_policy, "e9.q6w", buf, ":8: tensor mlp0.bias appears twice");
    char err[512];
    q6_plugin_init_args a = {1, "weights=/x,foo=1"};
    void *s = NULL;
    CHECK(q6_sched_mlp_policy.init(&a, &s, err, sizeof err) != 0 && strstr(err, "exactly weights=PATH"));
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    dir = argv[1];
    char mk[1100];
    snprintf(mk, sizeof mk, "mkdir -p '%s'", dir);
    if (system(mk) != 0)
        return 2;
    test_fastest();
    test_two_layers();
    test_vqc();
    test_lstm();
    test_errors();
    return CHECK_DONE();
}
