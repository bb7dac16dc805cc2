/* The decision checker flags exactly the choices that break each
 * constraint of solvers/abi/scheduler.h (C1-C7, Q1 for tasks; P1, B1 for
 * nodes; K1, E1 for APs), drops only the violating task, and reverts only
 * the violating node or AP field to its default. */
#include "sim/core/validate.h"
#include "test/check.h"
#include <string.h>

static int reports;
static char last[64];
static q6_subject_kind last_kind;
static uint32_t last_index;
static void on_violation(void *ctx, q6_subject_kind kind, uint32_t index, const char *constraint, const char *detail)
{
    (void)ctx; (void)detail;
    reports++;
    last_kind = kind;
    last_index = index;
    snprintf(last, sizeof last, "%.2s", constraint);
}

static q6_sched_task task(uint64_t id, uint32_t node, uint32_t kind)
{
    return (q6_sched_task){id, node, kind, 0, 1, 1, 1, 1, 1, id, 0, 1, {0, 0, 0, 0, 0, 0}};
}

#define N_TASKS 5

int main(void)
{
    /* Two nodes, three APs: AP 0 computes (1e10 flop/s, 2e9 of it already
     * allocated) and has a GPU and a site battery; AP 1 computes; AP 2
     * relays only (LEO). Node 0 reaches APs 0 and 2; node 1 only AP 1. */
    q6_sched_node nodes[2] = {{.cpu_flops = 1e9, .tx_power_max_w = 0.2, .present = 1},
                              {.cpu_flops = 1e9, .tx_power_max_w = 0.2, .present = 1}};
    q6_sched_ap aps[3] = {
        {.name = "a", .kind = Q6_AP_BS, .cpu_flops = 1e10, .gpu_flops = 1e11, .cpu_allocated_flops = 2e9,
         .bandwidth_hz = 1e6, .beta_min = 0.1, .beta_max = 0.8, .energy_last_slot_j = 100, .battery_j = 50,
         .battery_capacity_j = 1000, .renewable_available_j = 30},
        {.name = "b", .kind = Q6_AP_BS, .cpu_flops = 1e10, .bandwidth_hz = 1e6, .beta_max = 1},
        {.name = "s", .kind = Q6_AP_LEO, .bandwidth_hz = 1e6, .beta_max = 1}};
    double snr[6] = {10, 0.01, 5, 0.01, 10, 0.01};
    q6_sched_task tasks[N_TASKS] = {task(0, 0, 0), task(1, 0, 0), task(2, 1, 0), task(3, 1, 0), task(4, 0, 1)};
    q6_sched_qpu qpu = {.name = "qpu"};
    q6_sched_problem p = {.abi_version = Q6_ABI_VERSION, .n_nodes = 2, .nodes = nodes, .n_aps = 3, .aps = aps,
                          .n_tasks = N_TASKS, .tasks = tasks, .snr = snr, .min_snr = 1.0, .cloud_flops = 1e11,
                          .n_qpus = 1, .qpus = &qpu};
    q6_sched_task_choice ch[N_TASKS];
    q6_sched_node_choice nc[2];
    q6_sched_ap_choice ac[3];
    q6_sched_decision d = {ch, nc, ac};
    unsigned char bad[N_TASKS];
    uint32_t node_ap[2];
    double sums[4];
    q6_battery_params batt = {1000, 1.0, 0.5};
    q6_check_options o = {on_violation, NULL, &batt, 0.0, NULL, NULL, NULL, NULL};

    /* A valid decision: node 0 edge at AP 0 (x = 0.5, 3e9 flop/s share) and
     * cloud via AP 0 (5e10 flop/s); node 1 local and AP 1 (5e9 flop/s);
     * the quantum task on QPU 0 via AP 0. Node fields: node 0 at 0.5 of
     * AP 0's band and 0.1 W; AP 0 puts 0.25 on its GPU and stores 20 J of
     * renewable, discharges 40 J: level 50 - 40 + 0.5 x 20 = 20 J. */
    const q6_sched_task_choice ok[N_TASKS] = {{Q6_RUN_AP, 0, 0, Q6_SAME_AP, 0.5, 3e9},
                                              {Q6_RUN_CLOUD, 0, 0, Q6_SAME_AP, 1, 5e10},
                                              {Q6_RUN_LOCAL, 7, 0, Q6_SAME_AP, 1, Q6_UNSET},
                                              {Q6_RUN_AP, 1, 0, Q6_SAME_AP, 1, 5e9},
                                              {Q6_RUN_QPU, 0, 0, Q6_SAME_AP, 1, Q6_UNSET}};
    const q6_sched_node_choice ok_nodes[2] = {{0.5, 0.1}, {Q6_UNSET, 0.2}};
    const q6_sched_ap_choice ok_aps[3] = {{0.25, 20, 0, 40},
                                          {0, Q6_UNSET, Q6_UNSET, Q6_UNSET},
                                          {0, Q6_UNSET, Q6_UNSET, Q6_UNSET}};
#define RESET() (memcpy(ch, ok, sizeof ch), memcpy(nc, ok_nodes, sizeof nc), memcpy(ac, ok_aps, sizeof ac), reports = 0)
    RESET();
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 0);
    CHECK(reports == 0);
    CHECK(node_ap[0] == 0 && node_ap[1] == 1);
    CHECK(!memcmp(nc, ok_nodes, sizeof nc) && !memcmp(ac, ok_aps, sizeof ac));

    struct { q6_sched_task_choice c; uint32_t task; const char *constraint; } cases[] = {
        {{7, 0, 0, Q6_SAME_AP, 1, Q6_UNSET}, 0, "C1"},             /* target out of range */
        {{Q6_RUN_AP, 3, 0, Q6_SAME_AP, 1, Q6_UNSET}, 0, "C2"},     /* AP index out of range */
        {{Q6_RUN_AP, 1, 0, Q6_SAME_AP, 1, Q6_UNSET}, 0, "C3"},     /* node 0 cannot reach AP 1 (SNR 0.01 < 1) */
        {{Q6_RUN_AP, 2, 0, Q6_SAME_AP, 1, Q6_UNSET}, 0, "C4"},     /* the LEO has no edge server */
        {{Q6_RUN_CLOUD, 2, 0, Q6_SAME_AP, 1, Q6_UNSET}, 1, "C5"},  /* task 0 uses AP 0, task 1 the LEO */
        {{Q6_RUN_AP, 0, 0, Q6_SAME_AP, 1.5, Q6_UNSET}, 0, "C6"},   /* offload fraction above 1 */
        {{Q6_RUN_AP, 0, 0, Q6_SAME_AP, -0.1, Q6_UNSET}, 0, "C6"},  /* ... below 0 */
        {{Q6_RUN_QPU, 0, 0, Q6_SAME_AP, 0.5, Q6_UNSET}, 4, "C6"},  /* a quantum task is offloaded whole */
        {{Q6_RUN_AP, 0, 0, Q6_SAME_AP, 1, 0}, 0, "C7"},            /* a zero CPU share */
        {{Q6_RUN_AP, 0, 0, Q6_SAME_AP, 1, 8.5e9}, 0, "C7"},        /* 8.5e9 > 1e10 - 2e9 free */
        {{Q6_RUN_CLOUD, 0, 0, Q6_SAME_AP, 1, 1e11}, 0, "C7"},      /* task 1 then brings the cloud to 1.5e11 */
        {{Q6_RUN_QPU, 0, 0, Q6_SAME_AP, 1, Q6_UNSET}, 0, "Q1"},    /* a classical task on the QPU */
        {{Q6_RUN_AP, 0, 0, Q6_SAME_AP, 1, Q6_UNSET}, 4, "Q1"},     /* a quantum task off the QPU */
        {{Q6_RUN_QPU, 0, 1, Q6_SAME_AP, 1, Q6_UNSET}, 4, "Q1"},    /* QPU index out of range */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        RESET();
        /* The C7 cloud case overloads the cloud at task 1, not task 0. */
        uint32_t flagged = cases[i].c.target == Q6_RUN_CLOUD && cases[i].c.cpu_share_flops == 1e11 ? 1 : cases[i].task;
        ch[cases[i].task] = cases[i].c;
        CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1);
        CHECK(bad[flagged] == 1);
        CHECK(reports == 1 && last_kind == Q6_SUBJECT_TASK && last_index == flagged);
        CHECK(strcmp(last, cases[i].constraint) == 0);
        if (strcmp(last, cases[i].constraint))
            fprintf(stderr, "case %zu: got %s, expected %s\n", i, last, cases[i].constraint);
        for (uint32_t t = 0; t < N_TASKS; t++)
            if (t != flagged)
                CHECK(bad[t] == 0);
    }
    /* Cloud through a relay-only AP is allowed (C4 concerns edge computing). */
    RESET();
    ch[0] = (q6_sched_task_choice){Q6_RUN_CLOUD, 2, 0, Q6_SAME_AP, 1, Q6_UNSET};
    ch[1] = (q6_sched_task_choice){Q6_RUN_CLOUD, 2, 0, Q6_SAME_AP, 1, Q6_UNSET};
    ch[4] = (q6_sched_task_choice){Q6_RUN_QPU, 2, 0, Q6_SAME_AP, 1, Q6_UNSET};
    nc[0].bandwidth_fraction = Q6_UNSET;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 0);

    /* Node fields: reverted to the default, no task dropped. */
    struct { q6_sched_node_choice c; const char *constraint; q6_sched_node_choice reverted; } node_cases[] = {
        {{0.5, 0.3}, "P1", {0.5, 0.2}},           /* above the 0.2 W limit */
        {{0.5, 0}, "P1", {0.5, 0.2}},             /* zero power */
        {{0.05, 0.1}, "B1", {Q6_UNSET, 0.1}},     /* below beta_min 0.1 */
        {{0.9, 0.1}, "B1", {Q6_UNSET, 0.1}},      /* above beta_max 0.8 */
    };
    for (size_t i = 0; i < sizeof node_cases / sizeof node_cases[0]; i++) {
        RESET();
        nc[0] = node_cases[i].c;
        CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1);
        CHECK(reports == 1 && last_kind == Q6_SUBJECT_NODE && last_index == 0 && !strcmp(last, node_cases[i].constraint));
        CHECK(nc[0].bandwidth_fraction == node_cases[i].reverted.bandwidth_fraction &&
              nc[0].tx_power_w == node_cases[i].reverted.tx_power_w);
        for (uint32_t t = 0; t < N_TASKS; t++)
            CHECK(bad[t] == 0);
    }
    /* B1 sum: two nodes at AP 1 with 0.6 each (> 1): both reverted. */
    RESET();
    snr[1] = 10; /* node 0 now reaches AP 1 */
    for (int t = 0; t < 2; t++)
        ch[t] = (q6_sched_task_choice){Q6_RUN_AP, 1, 0, Q6_SAME_AP, 1, Q6_UNSET};
    ch[4].ap = 1;
    nc[0].bandwidth_fraction = nc[1].bandwidth_fraction = 0.6;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 2);
    CHECK(nc[0].bandwidth_fraction == Q6_UNSET && nc[1].bandwidth_fraction == Q6_UNSET && !strcmp(last, "B1"));
    /* 0.4 + 0.6 = 1 is fine. */
    RESET();
    for (int t = 0; t < 2; t++)
        ch[t] = (q6_sched_task_choice){Q6_RUN_AP, 1, 0, Q6_SAME_AP, 1, Q6_UNSET};
    ch[4].ap = 1;
    nc[0].bandwidth_fraction = 0.4;
    nc[1].bandwidth_fraction = 0.6;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 0);
    snr[1] = 0.01;

    /* AP fields. E1 on AP 0: level 50 J, capacity 1000 J, renewable 30 J,
     * demand 100 J, efficiency 0.5. */
    struct { q6_sched_ap_choice c; uint32_t ap; const char *constraint; } ap_cases[] = {
        {{1.5, Q6_UNSET, Q6_UNSET, Q6_UNSET}, 0, "K1"},  /* split outside [0, 1] */
        {{0.5, Q6_UNSET, Q6_UNSET, Q6_UNSET}, 1, "K1"},  /* AP 1 has no GPU */
        {{0.25, 31, 0, 0}, 0, "E1"},                      /* more renewable than the 30 J available */
        {{0.25, 0, 0, 51}, 0, "E1"},                      /* discharge above the 50 J level */
        {{0.25, -2, 0, 0}, 0, "E1"},                      /* negative charge (-1 is Q6_UNSET) */
        {{0.25, 0, 1901, 0}, 0, "E1"},                    /* 50 + 0.5 x 1901 = 1000.5 J > capacity */
        {{0, 0, 0, 10}, 1, "E1"},                         /* AP 1's site has no battery */
    };
    for (size_t i = 0; i < sizeof ap_cases / sizeof ap_cases[0]; i++) {
        RESET();
        ac[ap_cases[i].ap] = ap_cases[i].c;
        CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1);
        if (reports != 1)
            fprintf(stderr, "AP case %zu: %d reports\n", i, reports);
        CHECK(reports == 1 && last_kind == Q6_SUBJECT_AP && last_index == ap_cases[i].ap &&
              !strcmp(last, ap_cases[i].constraint));
        if (!strcmp(ap_cases[i].constraint, "K1"))
            CHECK(ac[ap_cases[i].ap].gpu_fraction == 0.0);
        else
            CHECK(ac[ap_cases[i].ap].charge_renewable_j == Q6_UNSET && ac[ap_cases[i].ap].discharge_j == Q6_UNSET);
    }
    /* 50 + 0.5 x 1900 = 1000 J: exactly full is allowed. */
    RESET();
    ac[0] = (q6_sched_ap_choice){0, 0, 1900, 0};
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 0);
    return CHECK_DONE();
}
