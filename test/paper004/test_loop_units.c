/* Paper 004 in the loop, unit level:
 * - eq. 4 jitter: the speeds the platform preparation draws for each AP
 *   equal an independent recomputation from the AP's stream (seed, ap,
 *   Q6_STREAM_CPU_JITTER): two N(0, variance / 2) ziggurat draws per slot,
 *   f = max(f_min, f_max (1 - |Delta f|)); and the generated platform gives
 *   the host those speeds as pstates 1..slots after f_max;
 * - the checker's F1 (forwarding) refusals, each named: compute_ap out of
 *   range, without an edge server, unreachable over the relay graph; a
 *   reachable forward passes and its CPU share counts at compute_ap (C7);
 * - C5 with dual connectivity: one BS and one UAV pass, two BSs do not,
 *   and without it a second AP of any kind is refused. */
#include "check.h"
#include "sim/base/rng.h"
#include "sim/core/validate.h"
#include "sim/scenario/platform.h"
#include "sim/scenario/scenario.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char last_constraint[64];
static void on_violation(void *ctx, q6_subject_kind kind, uint32_t index, const char *constraint, const char *detail)
{
    (void)ctx;
    (void)kind;
    (void)index;
    (void)detail;
    snprintf(last_constraint, sizeof last_constraint, "%s", constraint);
}

static void test_jitter(const char *root)
{
    char scen[4096], out[64], err[2048];
    snprintf(scen, sizeof scen, "%s/platforms/paper004/scenario.cfg", root);
    q6_scenario sc;
    CHECK(q6_scenario_load(scen, &sc, err, sizeof err) == 0);
    sc.slots = 7;
    snprintf(out, sizeof out, "/tmp/q6-p4-jitter-%ld.xml", (long)getpid());
    q6_platform pf;
    CHECK(q6_platform_prepare(&sc, out, &pf, err, sizeof err) == 0);
    FILE *f = fopen(out, "r");
    CHECK(f != NULL);
    static char xml[1 << 20];
    size_t n = f ? fread(xml, 1, sizeof xml - 1, f) : 0;
    xml[n] = 0;
    if (f)
        fclose(f);
    remove(out);
    size_t jittered = 0;
    for (size_t a = 0; a < pf.n_aps; a++) {
        const q6_infra_host *h = &pf.hosts[pf.aps[a]];
        CHECK_NEAR(h->cpu_jitter_variance, 0.1, 0);
        CHECK_NEAR(h->cpu_max_flops, 1e10, 0);
        CHECK_NEAR(h->cpu_min_flops, 1e9, 0); /* default: f_max / 10 */
        CHECK(h->cpu_jitter_flops != NULL);
        if (!h->cpu_jitter_flops)
            continue;
        jittered++;
        gsl_rng *r = q6_rng_stream(sc.seed, a, Q6_STREAM_CPU_JITTER);
        char want[4096];
        snprintf(want, sizeof want, "<host id=\"%s\" speed=\"%.17gf", h->name, 1e10);
        for (uint64_t k = 0; k < sc.slots; k++) {
            double sd = sqrt(0.1 / 2), re = gsl_ran_gaussian_ziggurat(r, sd), im = gsl_ran_gaussian_ziggurat(r, sd);
            double fk = 1e10 - hypot(re, im) * 1e10; /* f_max - |df| f_max, eq. 4 */
            fk = fk < 1e9 ? 1e9 : fk;
            CHECK(h->cpu_jitter_flops[k] == fk);
            CHECK(h->cpu_jitter_flops[k] <= 1e10 && h->cpu_jitter_flops[k] >= 1e9);
            char item[64];
            snprintf(item, sizeof item, ",%.17gf", h->cpu_jitter_flops[k]);
            strncat(want, item, sizeof want - strlen(want) - 1);
        }
        gsl_rng_free(r);
        /* The generated host: pstate 0 = f_max, then the slots' speeds. */
        char *at = strstr(xml, want);
        CHECK(at != NULL);
        if (at)
            CHECK(at[strlen(want)] == '"');
    }
    CHECK(jittered == pf.n_aps && jittered == 14);
    /* Different APs draw different sequences (their own streams). */
    CHECK(pf.hosts[pf.aps[0]].cpu_jitter_flops[0] != pf.hosts[pf.aps[1]].cpu_jitter_flops[0]);
    q6_platform_free(&pf);
}

/* Relay graph of the unit problem: AP 0 (BS) - AP 1 (UAV) one hop; AP 2
 * (UAV without a server) reached by nobody; AP 3 (BS) isolated. */
static int relay_hops(void *ctx, uint32_t from, uint32_t to)
{
    (void)ctx;
    return (from == 0 && to == 1) || (from == 1 && to == 0) ? 1 : 0;
}

static q6_sched_task task(uint64_t id, uint32_t node)
{
    q6_sched_task t;
    memset(&t, 0, sizeof t);
    t.id = t.parent_id = id;
    t.node = node;
    t.input_bytes = 1e5;
    t.work_flops = 1e8;
    t.n_subtasks = 1;
    return t;
}

static void test_checker(void)
{
    q6_sched_node nodes[1] = {{.tx_power_max_w = 0.2}};
    q6_sched_ap aps[4] = {{.name = "bs-0", .kind = Q6_AP_BS, .cpu_flops = 1e10, .bandwidth_hz = 1e6, .beta_max = 1},
                          {.name = "uav-0", .kind = Q6_AP_UAV, .cpu_flops = 5e9, .bandwidth_hz = 1e6, .beta_max = 1},
                          {.name = "uav-1", .kind = Q6_AP_UAV, .cpu_flops = 0, .bandwidth_hz = 1e6, .beta_max = 1},
                          {.name = "bs-1", .kind = Q6_AP_BS, .cpu_flops = 1e10, .bandwidth_hz = 1e6, .beta_max = 1}};
    double snr[4] = {10, 10, 10, 10};
    q6_sched_task tasks[2] = {task(0, 0), task(1, 0)};
    q6_sched_problem p = {.abi_version = Q6_ABI_VERSION, .n_nodes = 1, .nodes = nodes, .n_aps = 4, .aps = aps,
                          .n_tasks = 2, .tasks = tasks, .snr = snr, .min_snr = 1.0, .cloud_flops = 1e11};
    q6_sched_task_choice ch[2];
    q6_sched_node_choice nc[1];
    q6_sched_ap_choice ac[4];
    q6_sched_decision d = {ch, nc, ac};
    unsigned char bad[2];
    uint32_t node_ap[2];
    double sums[5];
    q6_check_options o = {on_violation, NULL, NULL, 0.0, NULL, NULL, relay_hops, NULL};
#define RESET()                                                                              \
    do {                                                                                     \
        for (int t = 0; t < 2; t++)                                                          \
            ch[t] = (q6_sched_task_choice){Q6_RUN_AP, 0, 0, Q6_SAME_AP, 1, Q6_UNSET};        \
        nc[0] = (q6_sched_node_choice){Q6_UNSET, 0.2};                                       \
        for (int a = 0; a < 4; a++)                                                          \
            ac[a] = (q6_sched_ap_choice){0, Q6_UNSET, Q6_UNSET, Q6_UNSET};                   \
        last_constraint[0] = 0;                                                              \
    } while (0)

    /* F1: forwarding BS 0 -> UAV 0 (one hop) passes; its CPU share counts
     * at UAV 0 (5e9 free), so 4e9 + 2e9 there breaks C7 while the same
     * shares at BS 0 (1e10) would not. */
    RESET();
    ch[0].compute_ap = 1;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 0);
    ch[1].compute_ap = 1;
    ch[0].cpu_share_flops = 4e9;
    ch[1].cpu_share_flops = 2e9;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1 && bad[1] && !bad[0]);
    CHECK(!strcmp(last_constraint, "C7 CPU share"));
    const struct {
        uint32_t compute_ap;
    } f1[] = {{4}, {2}, {3}, {UINT32_MAX - 1}};
    for (size_t i = 0; i < sizeof f1 / sizeof f1[0]; i++) {
        RESET();
        ch[0].compute_ap = f1[i].compute_ap;
        CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1 && bad[0] && !bad[1]);
        CHECK(!strcmp(last_constraint, "F1 forwarding"));
    }
    /* Without a relay graph, no forward reaches. */
    RESET();
    ch[0].compute_ap = 1;
    o.relay_hops = NULL;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1 && bad[0]);
    CHECK(!strcmp(last_constraint, "F1 forwarding"));
    o.relay_hops = relay_hops;
    /* compute_ap == ap is not a forward; other targets ignore it. */
    RESET();
    ch[0].compute_ap = 0;
    ch[1].target = Q6_RUN_CLOUD;
    ch[1].compute_ap = 2;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 0);

    /* C5: one AP per node without dual connectivity. */
    RESET();
    ch[1].ap = 1;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1 && bad[1]);
    CHECK(!strcmp(last_constraint, "C5 one AP per node"));
    /* Dual connectivity: a BS and a UAV pass (node_ap gets both) ... */
    p.dual_connectivity = 1;
    RESET();
    ch[1].ap = 1;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 0);
    CHECK(node_ap[0] == 0 && node_ap[1] == 1);
    /* ... two BSs do not. */
    RESET();
    ch[1].ap = 3;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1 && bad[1]);
    CHECK(!strcmp(last_constraint, "C5 one AP of each kind per node"));
    /* B1 holds at both APs: a fraction above the UAV's beta_max is reverted. */
    aps[1].beta_max = 0.3;
    RESET();
    ch[1].ap = 1;
    nc[0].bandwidth_fraction = 0.5;
    CHECK(q6_decision_check(&p, &d, bad, node_ap, sums, &o) == 1 && nc[0].bandwidth_fraction == Q6_UNSET);
    CHECK(!strcmp(last_constraint, "B1 bandwidth fraction"));
}

int main(int argc, char **argv)
{
    CHECK(argc == 2);
    if (argc == 2)
        test_jitter(argv[1]);
    test_checker();
    /* compute_ap in the outcome sits in what was padding: the layout of
     * ABI 3 is unchanged. */
    CHECK(sizeof(q6_task_outcome) == 96);
    return CHECK_DONE();
}
