/* greedy on a hand-computed instance. One node, one AP of 1 MHz at SNR 1:
 * rate = 1e6 * log2(1 + 1) = 1e6 bit/s. Each task: 1e5 B in, 0 B out,
 * 1e9 flop. Local CPU 1e9 flop/s -> 1 s; AP 1e10 flop/s -> 0.1 s; air time
 * 8e5 bit / 1e6 bit/s = 0.8 s.
 *   task 0: local 1.0 s vs offload 0.8 + 0 + 0.1 = 0.9 s  -> AP
 *   task 1: local 1.0 s vs offload 0.8 + 0.1 + 0.1 = 1.0 s -> local (not sooner)
 *   task 2: local 1.0 + 1.0 = 2.0 s vs offload 1.0 s       -> AP
 * A second node out of reach (SNR below min) keeps its task local. */
#include "solvers/baselines/baselines.h"
#include "test/check.h"

static q6_sched_task task(uint64_t id, uint32_t node)
{
    return (q6_sched_task){id, node, Q6_TASK_CLASSICAL, 0, 1e5, 0, 1e9, 10, 1, id, 0, 1, {0, 0, 0, 0, 0, 0}};
}

int main(void)
{
    q6_sched_node nodes[2] = {{.cpu_flops = 1e9, .present = 1, .tx_power_max_w = 1},
                              {.cpu_flops = 1e9, .present = 1, .tx_power_max_w = 1}};
    q6_sched_ap aps[1] = {{.name = "bs", .kind = Q6_AP_BS, .cpu_flops = 1e10, .bandwidth_hz = 1e6, .beta_max = 1}};
    double snr[2] = {1.0, 0.001};
    /* gain such that P g / (N0 B) = snr at P = 1 W, N0 = 1e-12 W/Hz, B = 1 MHz */
    double gain[2] = {1e-6, 1e-9};
    q6_sched_task tasks[4] = {task(0, 0), task(1, 0), task(2, 0), task(3, 1)};
    q6_sched_problem p = {.abi_version = Q6_ABI_VERSION, .slot_s = 1, .n_nodes = 2, .nodes = nodes, .n_aps = 1,
                          .aps = aps, .n_tasks = 4, .tasks = tasks, .snr = snr, .gain = gain, .min_snr = 0.01,
                          .noise_psd_w_per_hz = 1e-12, .cloud_flops = 1e11};
    q6_sched_task_choice ch[4];
    q6_sched_decision d = {ch, NULL, NULL};
    void *state = NULL;
    char err[128];
    q6_plugin_init_args args = {1, ""};
    CHECK(q6_sched_greedy.init(&args, &state, err, sizeof err) == 0);
    CHECK(q6_sched_greedy.decide(state, &p, &d, err, sizeof err) == 0);
    CHECK(ch[0].target == Q6_RUN_AP && ch[0].ap == 0);
    CHECK(ch[1].target == Q6_RUN_LOCAL);
    CHECK(ch[2].target == Q6_RUN_AP && ch[2].ap == 0);
    CHECK(ch[3].target == Q6_RUN_LOCAL);
    CHECK_NEAR(q6_equal_share_rate_bps(&p, 0, 0, 1), 1e6, 1e-6);
    /* Two sharers: 0.5 MHz at SNR 2 -> 0.5e6 * log2(3) = 792481.25 bit/s. */
    CHECK_NEAR(q6_equal_share_rate_bps(&p, 0, 0, 2), 792481.250360578, 1e-3);
    /* The ABI-3 helper from the gain: the same two rates, and a quarter of
     * the band at a quarter of the power: 0.25e6 * log2(1 + 1) = 250000. */
    CHECK_NEAR(q6_sched_rate_bps(&p, 0, 0, 1.0, 1.0), 1e6, 1e-6);
    CHECK_NEAR(q6_sched_rate_bps(&p, 0, 0, 0.5, 1.0), 792481.250360578, 1e-3);
    CHECK_NEAR(q6_sched_rate_bps(&p, 0, 0, 0.25, 0.25), 250000.0, 1e-6);
    q6_sched_greedy.finish(state);

    /* random: same seed, same choices; every choice is valid by construction. */
    void *r1 = NULL, *r2 = NULL;
    q6_sched_task_choice c2[4];
    q6_sched_decision d2 = {c2, NULL, NULL};
    CHECK(q6_sched_random.init(&args, &r1, err, sizeof err) == 0);
    CHECK(q6_sched_random.init(&args, &r2, err, sizeof err) == 0);
    for (int rep = 0; rep < 20; rep++) {
        CHECK(q6_sched_random.decide(r1, &p, &d, err, sizeof err) == 0);
        CHECK(q6_sched_random.decide(r2, &p, &d2, err, sizeof err) == 0);
        for (int t = 0; t < 4; t++) {
            CHECK(ch[t].target == c2[t].target && (ch[t].target == Q6_RUN_LOCAL || ch[t].ap == c2[t].ap));
            CHECK(ch[t].target <= Q6_RUN_CLOUD);
        }
        CHECK(ch[3].target == Q6_RUN_LOCAL); /* node 1 reaches no AP */
    }
    q6_sched_random.finish(r1);
    q6_sched_random.finish(r2);
    return CHECK_DONE();
}
