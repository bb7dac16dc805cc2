/* meqc-drl, paper 001's two-stage method, by hand.
 * 1. The outer loop q6_meqc_choose: mode = argmax V score + Q 1{offloads}.
 * 2. The scheduler with hand-written networks: one Linear layer with zero
 *    weights, so the outputs are the biases whatever the features. DQN
 *    biases (-1, -1.4, -1.2) (values of local, cloud CPU, partial), actor
 *    bias ln 3 (x = sigmoid(ln 3) = 0.75); rho 0.5, V = 1, one node, one
 *    classical task a slot. Device queue (eq. 13): slot 0, Q = 0: local
 *    (-1 > -1.2), Q = 0.5; slot 1: partial (-1.2 + 0.5 = -0.7 > -1, CPU
 *    -0.9) at 0.75, Q = max(0.5 + 0.5 - 1, 0) = 0; slot 2: local.
 *    With a circuit of the node in every slot (preset QPU: offloaded),
 *    arrivals 2 x 0.5 = 1 and service 1 keep Q at 0: local every slot.
 * 3. Bad plugin_params and weight files fail init with the reason. */
#include "solvers/agent/agent.h"
#include "solvers/meqc/meqc.h"
#include "test/check.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static q6_sched_node node = {.cpu_flops = 1e9, .present = 1, .tx_power_max_w = 1};
static q6_sched_ap ap = {.name = "ap", .kind = Q6_AP_BS, .bandwidth_hz = 1e6, .beta_max = 1};
static double snr = 1.0, gain = 1e-6, rate = 1e6;

static void write_net(const char *path, const char *head, int n_out, const char *bias)
{
    FILE *f = fopen(path, "w");
    fprintf(f, "q6-weights 1\nmodel mlp\nfeatures task-v1\nhead %s\nactivation relu\nlayers 1\n"
               "tensor mlp0.weight 2 %d 11\n", head, n_out);
    for (int i = 0; i < 11 * n_out; i++)
        fprintf(f, "0 ");
    fprintf(f, "\ntensor mlp0.bias 1 %d\n%s\nend\n", n_out, bias);
    fclose(f);
}

/* Runs n_slots slots of one meqc-drl state; tasks: one classical task of
 * node 0, plus a circuit of node 0 when with_circuit. Returns init's rc. */
static int run(const char *params, int n_slots, int with_circuit, q6_sched_task_choice *out, char *err, size_t errlen)
{
    q6_sched_task t[2] = {{0, 0, Q6_TASK_CLASSICAL, 0, 1e5, 1e4, 1e9, 10, 1, 0, 0, 1, {0, 0, 0, 0, 0, 0}},
                          {1, 0, Q6_TASK_QUANTUM, 0, 1e3, 1e2, 0, 10, 1, 1, 0, 1, {2, 10, 1, 0.5, 0.1, 0.9}}};
    q6_vqueue vq = {"offload", Q6_VQ_OFFLOAD_RATE, UINT32_MAX, 0, 0, 0, 0.5};
    q6_sched_problem p = {.abi_version = Q6_ABI_VERSION, .slot_s = 1, .n_nodes = 1, .nodes = &node, .n_aps = 1,
                          .aps = &ap, .n_tasks = with_circuit ? 2 : 1, .tasks = t, .snr = &snr, .gain = &gain,
                          .rate_bps = &rate, .min_snr = 0.01, .noise_psd_w_per_hz = 1e-12, .cloud_flops = 1e10,
                          .n_queues = 1, .queues = &vq, .lyapunov_v = 1, .weight_latency = 0.5, .weight_energy = 0.5};
    q6_plugin_init_args args = {1, params};
    void *state = NULL;
    int rc = q6_sched_meqc_drl.init(&args, &state, err, errlen);
    for (int k = 0; rc == 0 && k < n_slots; k++) {
        q6_sched_task_choice ch[2] = {{Q6_RUN_LOCAL, 0, 0, 0, 1, Q6_UNSET}, {Q6_RUN_QPU, 0, 0, 0, 1, Q6_UNSET}};
        q6_sched_decision d = {ch, NULL, NULL};
        p.slot = (uint64_t)k;
        p.now_s = k;
        CHECK(q6_sched_meqc_drl.decide(state, &p, &d, err, errlen) == 0);
        CHECK(ch[1].target == Q6_RUN_QPU); /* the circuit keeps its preset */
        out[k] = ch[0];
    }
    if (rc == 0)
        q6_sched_meqc_drl.finish(state);
    return rc;
}

static void choose_by_hand(void)
{
    q6_meqc_mode m;
    const double s[3] = {-1, -1.4, -1.2};
    CHECK(q6_meqc_choose(s, 0, 1, 1, 0, &m) == 0.0 && m == Q6_MEQC_LOCAL);     /* -1 > -1.2 */
    CHECK(q6_meqc_choose(s, 0, 1, 1, 0.3, &m) == 0.5 && m == Q6_MEQC_PARTIAL); /* -0.9 > -1 > -1.1 */
    CHECK(q6_meqc_choose(s, 0, 1, 1, 0.5, &m) == 0.5 && m == Q6_MEQC_PARTIAL); /* -0.7 > -0.9 */
    CHECK(q6_meqc_choose(s, 0, 0, 1, 100, &m) == 0.0 && m == Q6_MEQC_LOCAL);   /* cannot offload */
    CHECK(q6_meqc_choose(s, 0, 1, 10, 1.5, &m) == 0.0 && m == Q6_MEQC_LOCAL);  /* -10 > -12 + 1.5 */
    CHECK(q6_meqc_choose(s, 0, 1, 10, 2.5, &m) == 0.5 && m == Q6_MEQC_PARTIAL); /* -9.5 > -10 */
    const double cpu[3] = {-1, -1.1, -1.2};
    CHECK(q6_meqc_choose(cpu, 0, 1, 1, 0.3, &m) == 1.0 && m == Q6_MEQC_CPU);   /* -0.8 */
    const double tie[3] = {-1, -1, -1}, tie2[3] = {-2, -1, -1};
    CHECK(q6_meqc_choose(tie, 0, 1, 1, 0, &m) == 0.0 && m == Q6_MEQC_LOCAL);   /* ties: lowest index */
    CHECK(q6_meqc_choose(tie2, 0, 1, 1, 0, &m) == 1.0 && m == Q6_MEQC_CPU);
    CHECK_NEAR(q6_meqc_choose(s, log(3.0), 1, 1, 0.3, &m), 0.75, 1e-15);
}

int main(void)
{
    choose_by_hand();
    char dir[] = "/tmp/q6-meqc-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char dqn[300], actor[300], params[1000], err[512];
    snprintf(dqn, sizeof dqn, "%s/dqn.q6w", dir);
    snprintf(actor, sizeof actor, "%s/actor.q6w", dir);
    write_net(dqn, "discrete", 3, "-1 -1.4 -1.2");
    char bias[64];
    snprintf(bias, sizeof bias, "%.17g", log(3.0));
    write_net(actor, "fraction", 1, bias);

    q6_sched_task_choice c[4];
    snprintf(params, sizeof params, "kappa=1e-27,weights=%s,actor=%s,wired_s=0.005", dqn, actor);
    CHECK(run(params, 4, 0, c, err, sizeof err) == 0);
    CHECK(c[0].target == Q6_RUN_LOCAL);
    CHECK(c[1].target == Q6_RUN_CLOUD && c[1].ap == 0 && fabs(c[1].offload_fraction - 0.75) < 1e-15 &&
          c[1].cpu_share_flops == Q6_UNSET); /* the server's fair sharing, as in training */
    CHECK(c[2].target == Q6_RUN_LOCAL);
    CHECK(c[3].target == Q6_RUN_CLOUD);
    CHECK(run(params, 4, 1, c, err, sizeof err) == 0);
    for (int k = 0; k < 4; k++)
        CHECK(c[k].target == Q6_RUN_LOCAL);

    /* Bad parameters and files: init fails and says why. */
    snprintf(params, sizeof params, "weights=%s", dqn);
    CHECK(run(params, 1, 0, c, err, sizeof err) != 0 && strstr(err, "actor="));
    snprintf(params, sizeof params, "weights=%s,actor=%s", actor, dqn); /* swapped */
    CHECK(run(params, 1, 0, c, err, sizeof err) != 0 && strstr(err, "outputs"));
    snprintf(params, sizeof params, "weights=%s,actor=%s,weights=%s", dqn, actor, dqn);
    CHECK(run(params, 1, 0, c, err, sizeof err) != 0 && strstr(err, "twice"));
    snprintf(params, sizeof params, "weights=%s,actor=%s,wired_s=-1", dqn, actor);
    CHECK(run(params, 1, 0, c, err, sizeof err) != 0 && strstr(err, "wired_s"));
    snprintf(params, sizeof params, "weights=%s,actor=%s/missing.q6w", dqn, dir);
    CHECK(run(params, 1, 0, c, err, sizeof err) != 0 && strstr(err, "missing.q6w"));

    /* The actor's fraction head is no policy: mlp-policy refuses it. */
    snprintf(params, sizeof params, "weights=%s", actor);
    q6_plugin_init_args args = {1, params};
    void *state = NULL;
    if (q6_sched_mlp_policy.init(&args, &state, err, sizeof err) == 0) {
        q6_sched_task t = {0, 0, Q6_TASK_CLASSICAL, 0, 1e5, 1e4, 1e9, 10, 1, 0, 0, 1, {0, 0, 0, 0, 0, 0}};
        q6_sched_problem p = {.abi_version = Q6_ABI_VERSION, .slot_s = 1, .n_nodes = 1, .nodes = &node,
                              .n_aps = 1, .aps = &ap, .n_tasks = 1, .tasks = &t, .snr = &snr, .gain = &gain,
                              .rate_bps = &rate, .min_snr = 0.01, .cloud_flops = 1e10};
        q6_sched_task_choice ch = {Q6_RUN_LOCAL, 0, 0, 0, 1, Q6_UNSET};
        q6_sched_decision d = {&ch, NULL, NULL};
        CHECK(q6_sched_mlp_policy.decide(state, &p, &d, err, sizeof err) != 0 && strstr(err, "fraction"));
        q6_sched_mlp_policy.finish(state);
    } else {
        CHECK(!"mlp-policy loads a fraction head, then refuses to decide with it");
    }
    unlink(dqn);
    unlink(actor);
    rmdir(dir);
    printf("%d checks, %d failed\n", q6_check_count, q6_check_failures);
    return q6_check_failures != 0;
}
