/* The decision checker flags exactly the choices that break C1-C5. */
#include "sim/core/validate.h"
#include "test/check.h"
#include <string.h>

static int reports;
static char last[64];
static void on_violation(void *ctx, uint32_t task, const char *constraint, const char *detail)
{
    (void)ctx; (void)task; (void)detail;
    reports++;
    snprintf(last, sizeof last, "%.2s", constraint);
}

int main(void)
{
    /* Two nodes, three APs: AP 0 and 1 compute, AP 2 relays only (LEO).
     * Node 0 reaches APs 0 and 2; node 1 reaches only AP 1. */
    q6_node_view nodes[2] = {{0, 0, 0, 1e9, 0, 1}, {0, 0, 0, 1e9, 0, 1}};
    q6_ap_view aps[3] = {{"a", Q6_AP_BS, 0, 0, 0, 1e10, 0, 1e6},
                         {"b", Q6_AP_BS, 0, 0, 0, 1e10, 0, 1e6},
                         {"s", Q6_AP_LEO, 0, 0, 0, 0, 0, 1e6}};
    double snr[6] = {10, 0.01, 5, 0.01, 10, 0.01};
    q6_task_view tasks[4] = {{0, 0, 0, 1, 1, 1, 1}, {1, 0, 0, 1, 1, 1, 1},
                             {2, 1, 0, 1, 1, 1, 1}, {3, 1, 0, 1, 1, 1, 1}};
    q6_slot_problem p = {Q6_PLUGIN_ABI_VERSION, 0, 1, 1, 2, nodes, 3, aps, 4, tasks, snr, 1.0, 1e11, NULL};
    q6_task_choice ch[4];
    q6_slot_decision d = {ch};
    unsigned char bad[4];
    uint32_t scratch[2];

    /* A valid decision: node 0 edge at AP 0 and cloud via AP 0; node 1 local and AP 1. */
    q6_task_choice ok[4] = {{Q6_RUN_AP, 0}, {Q6_RUN_CLOUD, 0}, {Q6_RUN_LOCAL, 7}, {Q6_RUN_AP, 1}};
    memcpy(ch, ok, sizeof ch);
    CHECK(q6_decision_check(&p, &d, bad, scratch, on_violation, NULL) == 0);
    CHECK(reports == 0);

    struct { q6_task_choice c; uint32_t task; const char *constraint; } cases[] = {
        {{7, 0}, 0, "C1"},                 /* where out of range */
        {{Q6_RUN_AP, 3}, 0, "C2"},         /* AP index out of range */
        {{Q6_RUN_AP, 1}, 0, "C3"},         /* node 0 cannot reach AP 1 (SNR 0.01 < 1) */
        {{Q6_RUN_AP, 2}, 0, "C4"},         /* the LEO has no edge server */
        {{Q6_RUN_CLOUD, 2}, 1, "C5"},      /* task 0 uses AP 0, task 1 the LEO */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(ch, ok, sizeof ch);
        ch[cases[i].task] = cases[i].c;
        reports = 0;
        CHECK(q6_decision_check(&p, &d, bad, scratch, on_violation, NULL) == 1);
        CHECK(bad[cases[i].task] == 1);
        CHECK(reports == 1);
        CHECK(strcmp(last, cases[i].constraint) == 0);
        for (uint32_t t = 0; t < 4; t++)
            if (t != cases[i].task)
                CHECK(bad[t] == 0);
    }
    /* Cloud through a relay-only AP is allowed (C4 concerns edge computing). */
    memcpy(ch, ok, sizeof ch);
    ch[0] = (q6_task_choice){Q6_RUN_CLOUD, 2};
    ch[1] = (q6_task_choice){Q6_RUN_CLOUD, 2};
    CHECK(q6_decision_check(&p, &d, bad, scratch, NULL, NULL) == 0);
    return CHECK_DONE();
}
