/* meqc-drl on the instance of test_wset.c with hand-written networks: a
 * single Linear layer with zero weights, so the outputs are its biases
 * (local, edge, cloud scores; fraction logit) whatever the features.
 *   biases (1, 0, 0, 0): the network keeps the task local;
 *   biases (0, 0, 1, 0): cloud with x = sigmoid(0) = 0.5.
 * Outer loop, energy weights (w_l 0, w_e 1), V = 1: WSET(local) = 1 J,
 * WSET(0.5) = 1 + 0.8 x 0.5 = 1.4 J; with Q = 0.5, 1.4 - 0.5 < 1 offloads
 * at 0.5, with Q = 0.3, 1.1 > 1 stays local. */
#include "solvers/meqc/meqc.h"
#include "test/check.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static q6_sched_node node = {.cpu_flops = 1e9, .present = 1, .tx_power_max_w = 1};
static q6_sched_ap ap = {.name = "ap", .kind = Q6_AP_BS, .bandwidth_hz = 1e6, .beta_max = 1};
static double snr = 1.0, gain = 1e-6, rate = 1e6;

static void write_net(const char *path, const char *bias)
{
    FILE *f = fopen(path, "w");
    fprintf(f, "q6-weights 1\nmodel mlp\nfeatures task-v1\nhead hybrid\nactivation relu\nlayers 1\n"
               "tensor mlp0.weight 2 4 11\n");
    for (int i = 0; i < 44; i++)
        fprintf(f, "0 ");
    fprintf(f, "\ntensor mlp0.bias 1 4\n%s\nend\n", bias);
    fclose(f);
}

static q6_sched_task_choice decide(const char *path, double wl, double we, double backlog, int *rc)
{
    q6_sched_task t = {0, 0, Q6_TASK_CLASSICAL, 0, 1e5, 1e4, 1e9, 10, 1, 0, 0, 1, {0, 0, 0, 0, 0, 0}};
    q6_vqueue vq = {"offload", Q6_VQ_OFFLOAD_RATE, UINT32_MAX, backlog, 0, 0, 0.5};
    q6_sched_problem p = {.abi_version = Q6_ABI_VERSION, .slot_s = 1, .n_nodes = 1, .nodes = &node, .n_aps = 1,
                          .aps = &ap, .n_tasks = 1, .tasks = &t, .snr = &snr, .gain = &gain, .rate_bps = &rate,
                          .min_snr = 0.01, .noise_psd_w_per_hz = 1e-12, .cloud_flops = 1e10, .n_queues = 1,
                          .queues = &vq, .lyapunov_v = 1, .weight_latency = wl, .weight_energy = we};
    q6_sched_task_choice ch = {Q6_RUN_LOCAL, 0, 0, 0, 1, Q6_UNSET};
    q6_sched_decision d = {&ch, NULL, NULL};
    char params[256], err[256];
    snprintf(params, sizeof params, "kappa=1e-27,weights=%s,cloud_j_per_flop=1e-9,wired_s=0.005", path);
    q6_plugin_init_args args = {1, params};
    void *state = NULL;
    *rc = q6_sched_meqc_drl.init(&args, &state, err, sizeof err);
    if (*rc == 0) {
        *rc = q6_sched_meqc_drl.decide(state, &p, &d, err, sizeof err);
        q6_sched_meqc_drl.finish(state);
    }
    if (*rc)
        fprintf(stderr, "meqc-drl: %s\n", err);
    return ch;
}

int main(void)
{
    char dir[] = "/tmp/q6-meqc-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char local[300], cloud[300];
    snprintf(local, sizeof local, "%s/local.q6w", dir);
    snprintf(cloud, sizeof cloud, "%s/cloud.q6w", dir);
    write_net(local, "1 0 0 0");
    write_net(cloud, "0 0 1 0");
    int rc;
    q6_sched_task_choice c = decide(local, 0.5, 0.5, 0.0, &rc);
    CHECK(rc == 0 && c.target == Q6_RUN_LOCAL);
    c = decide(cloud, 0.5, 0.5, 0.0, &rc);
    CHECK(rc == 0 && c.target == Q6_RUN_CLOUD && fabs(c.offload_fraction - 0.5) < 1e-12 && c.cpu_share_flops == 1e10);
    c = decide(local, 0.0, 1.0, 0.5, &rc);
    CHECK(rc == 0 && c.target == Q6_RUN_CLOUD && fabs(c.offload_fraction - 0.5) < 1e-12);
    c = decide(local, 0.0, 1.0, 0.3, &rc);
    CHECK(rc == 0 && c.target == Q6_RUN_LOCAL);

    /* Without weights, or with a bad WSET key, init fails with a reason. */
    char err[256];
    void *state = NULL;
    q6_plugin_init_args args = {1, "kappa=1e-27"};
    CHECK(q6_sched_meqc_drl.init(&args, &state, err, sizeof err) != 0 && strstr(err, "weights"));
    char bad[400];
    snprintf(bad, sizeof bad, "weights=%s,wired_s=-1", local);
    args.params = bad;
    CHECK(q6_sched_meqc_drl.init(&args, &state, err, sizeof err) != 0 && strstr(err, "wired_s"));
    unlink(local);
    unlink(cloud);
    rmdir(dir);
    printf("%d checks, %d failed\n", q6_check_count, q6_check_failures);
    return q6_check_failures != 0;
}
