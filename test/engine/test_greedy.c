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

int main(void)
{
    q6_node_view nodes[2] = {{0, 0, 0, 1e9, 0, 1}, {0, 0, 0, 1e9, 0, 1}};
    q6_ap_view aps[1] = {{"bs", Q6_AP_BS, 0, 0, 0, 1e10, 0, 1e6}};
    double snr[2] = {1.0, 0.001};
    q6_task_view tasks[4] = {{0, 0, 0, 1e5, 0, 1e9, 10}, {1, 0, 0, 1e5, 0, 1e9, 10},
                             {2, 0, 0, 1e5, 0, 1e9, 10}, {3, 1, 0, 1e5, 0, 1e9, 10}};
    q6_slot_problem p = {Q6_PLUGIN_ABI_VERSION, 0, 1, 1, 2, nodes, 1, aps, 4, tasks, snr, 0.01, 1e11, NULL};
    q6_task_choice ch[4];
    q6_slot_decision d = {ch};
    void *state = NULL;
    q6_plugin_init_args args = {1, ""};
    CHECK(q6_plugin_greedy.init(&args, &state, NULL, 0) == 0);
    CHECK(q6_plugin_greedy.decide(state, &p, &d) == 0);
    CHECK(ch[0].where == Q6_RUN_AP && ch[0].ap == 0);
    CHECK(ch[1].where == Q6_RUN_LOCAL);
    CHECK(ch[2].where == Q6_RUN_AP && ch[2].ap == 0);
    CHECK(ch[3].where == Q6_RUN_LOCAL);
    CHECK_NEAR(q6_plugin_rate_bps(&p, 0, 0, 1), 1e6, 1e-6);
    /* Two sharers: 0.5 MHz at SNR 2 -> 0.5e6 * log2(3) = 792481.25 bit/s. */
    CHECK_NEAR(q6_plugin_rate_bps(&p, 0, 0, 2), 792481.250360578, 1e-3);
    q6_plugin_greedy.finish(state);

    /* random: same seed, same choices; every choice is valid by construction. */
    void *r1 = NULL, *r2 = NULL;
    q6_task_choice c2[4];
    q6_slot_decision d2 = {c2};
    CHECK(q6_plugin_random.init(&args, &r1, NULL, 0) == 0);
    CHECK(q6_plugin_random.init(&args, &r2, NULL, 0) == 0);
    for (int rep = 0; rep < 20; rep++) {
        CHECK(q6_plugin_random.decide(r1, &p, &d) == 0);
        CHECK(q6_plugin_random.decide(r2, &p, &d2) == 0);
        for (int t = 0; t < 4; t++) {
            CHECK(ch[t].where == c2[t].where && (ch[t].where == Q6_RUN_LOCAL || ch[t].ap == c2[t].ap));
            CHECK(ch[t].where <= Q6_RUN_CLOUD);
        }
        CHECK(ch[3].where == Q6_RUN_LOCAL); /* node 1 reaches no AP */
    }
    q6_plugin_random.finish(r1);
    q6_plugin_random.finish(r2);
    return CHECK_DONE();
}
