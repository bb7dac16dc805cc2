/* A stand-in for `q6sim run ... --scheduler agent` while the engine does
 * not register the agent scheduler yet (and a fast, fixed world for
 * learning tests afterwards): it drives the real bridge (q6_sched_agent)
 * through a small deterministic world and answers `plugins` like q6sim.
 *
 * World (documented for the tests that derive expectations from it):
 * 4 nodes (CPU 1e9 flop/s), AP 0 with an edge server (2e10 flop/s), AP 1
 * relay-only, cloud 5e10 flop/s behind a 0.05 s WAN; slot 0.1 s. Each slot
 * each node draws 0-2 tasks (work U[0.2, 2] Gflop, input U[0.1, 1] MB,
 * output 1 kB, deadline now + 0.5 s) from a stream keyed by (seed, slot,
 * node). Node i reaches AP 0 at rate 2e7 * (1 + i) bit/s and AP 1 at 4e7,
 * SNRs 10 (i + 1) and 20 (min_snr 1). Latency of a task:
 *   local  node backlog + work / 1e9         edge  air + AP0 backlog + work / 2e10
 *   cloud  air + 0.05 + work / 5e10          air = 8 bytes / rate of the AP used
 * Backlogs grow by the work placed and shrink by 0.1 s per slot. A task's
 * outcome (latency, deadline_met, energy: local 1e-9 J/flop, radio 0.2 W x
 * air, edge 1e-10 J/flop, cloud 2e-10 J/flop) is reported in the next slot.
 * --scheduler mlp-policy|lstm-policy|vqc-policy runs a C policy instead of
 * the bridge (plugin_params weights=PATH). At the end it prints
 * "reported_latency_s X": the latency of every outcome it reported, which
 * is what q6env's latency rewards of an episode add up to.
 * --set toy.tasks_max=K (0-2) caps the tasks per node and slot; any other
 * --set key but plugin_params and vehicles.count (ignored) is refused
 * (exit 2), so a malformed override from q6env shows.
 * usage: toy_engine run SCENARIO [--scheduler NAME] --set plugin_params=P
 *        [--seed N] [--slots N] [--set K=V]... (other options ignored);
 *        toy_engine plugins */
#include "solvers/agent/agent.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NODES = 4, APS = 2, MAX_TASKS = NODES * 2 };

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static double uni(uint64_t *s) { return (double)(splitmix(s) >> 11) * 0x1.0p-53; }

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "plugins")) {
        printf("name             origin     market description\n");
        printf("%-16s built-in   no     %s\n", q6_sched_agent.h.name, q6_sched_agent.h.description);
        return 0;
    }
    const char *params = NULL, *name = "agent";
    uint64_t seed = 1, slots = 50;
    int tasks_max = 2;
    for (int i = 2; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "--set") && !strncmp(argv[i + 1], "plugin_params=", 14))
            params = argv[i + 1] + 14;
        else if (!strcmp(argv[i], "--set") && !strncmp(argv[i + 1], "toy.tasks_max=", 14))
            tasks_max = atoi(argv[i + 1] + 14) % 3;
        else if (!strcmp(argv[i], "--set") && strncmp(argv[i + 1], "vehicles.count=", 15)) {
            fprintf(stderr, "toy_engine: --set %s: unknown key\n", argv[i + 1]);
            return 2;
        }
        else if (!strcmp(argv[i], "--seed"))
            seed = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--scheduler"))
            name = argv[i + 1];
        else if (!strcmp(argv[i], "--slots"))
            slots = strtoull(argv[i + 1], NULL, 10);
    }
    if (argc < 3 || strcmp(argv[1], "run") || !params) {
        fprintf(stderr, "usage: toy_engine run SCENARIO --set plugin_params=P [--seed N] [--slots N]\n");
        return 2;
    }
    const q6_scheduler *tables[] = {&q6_sched_agent, &q6_sched_mlp_policy, &q6_sched_lstm_policy,
                                    &q6_sched_vqc_policy};
    const q6_scheduler *sch = NULL;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        if (!strcmp(tables[i]->h.name, name))
            sch = tables[i];
    if (!sch) {
        fprintf(stderr, "toy_engine: unknown scheduler '%s'\n", name);
        return 2;
    }
    char err[1024] = "";
    void *state = NULL;
    q6_plugin_init_args args = {seed, params};
    double reported_latency_s = 0.0;
    if (sch->init(&args, &state, err, sizeof err)) {
        fprintf(stderr, "q6sim: scheduler %s: %s\n", name, err);
        return 1;
    }
    q6_sched_node nodes[NODES];
    q6_sched_ap aps[APS] = {{.name = "bs0", .cpu_flops = 2e10, .bandwidth_hz = 2e7, .beta_max = 1,
                             .emission_g_per_kwh = 400},
                            {.name = "relay1", .kind = Q6_AP_LEO, .bandwidth_hz = 2e7, .beta_max = 1,
                             .emission_g_per_kwh = 200}};
    double snr[NODES * APS], rate[NODES * APS], gain[NODES * APS];
    for (int n = 0; n < NODES; n++) {
        nodes[n] = (q6_sched_node){.cpu_flops = 1e9, .battery_j = NAN, .tx_power_max_w = 0.2,
                                   .serving_ap = UINT32_MAX, .present = 1, .x_m = 100.0 * n};
        snr[n * APS] = 10.0 * (n + 1);
        snr[n * APS + 1] = 20.0;
        rate[n * APS] = 2e7 * (1 + n);
        rate[n * APS + 1] = 4e7;
        gain[n * APS] = gain[n * APS + 1] = 1e-10;
    }
    q6_sched_task tasks[MAX_TASKS];
    q6_task_outcome pending[MAX_TASKS], reported[MAX_TASKS];
    uint32_t n_pending = 0;
    q6_sched_task_choice tc[MAX_TASKS];
    q6_sched_node_choice nc[NODES];
    q6_sched_ap_choice ac[APS];
    uint64_t next_id = 1;
    int rc = 0;
    for (uint64_t slot = 0; slot < slots && !rc; slot++) {
        double now = 0.1 * (double)slot;
        uint32_t nt = 0;
        for (uint32_t n = 0; n < NODES; n++) {
            uint64_t s = seed * 0x100000001b3ull ^ (slot << 8) ^ n;
            int k = (int)(uni(&s) * 3.0);
            k = k < tasks_max ? k : tasks_max;
            for (int j = 0; j < k; j++) {
                tasks[nt] = (q6_sched_task){.id = next_id, .node = n, .arrival_s = now, .output_bytes = 1e3,
                                            .deadline_s = now + 0.5, .priority_weight = 1, .parent_id = next_id,
                                            .n_subtasks = 1};
                tasks[nt].work_flops = 2e8 + uni(&s) * 1.8e9;
                tasks[nt].input_bytes = 1e5 + uni(&s) * 9e5;
                next_id++;
                nt++;
            }
        }
        memcpy(reported, pending, n_pending * sizeof *pending);
        for (uint32_t i = 0; i < n_pending; i++)
            reported_latency_s += pending[i].latency_s;
        q6_sched_problem p = {.abi_version = 3, .slot = slot, .now_s = now, .slot_s = 0.1, .n_nodes = NODES,
                              .nodes = nodes, .n_aps = APS, .aps = aps, .n_tasks = nt, .tasks = tasks, .snr = snr,
                              .rate_bps = rate, .gain = gain, .min_snr = 1.0, .noise_psd_w_per_hz = 4e-21,
                              .cloud_flops = 5e10, .weight_latency = 1.0, .weight_energy = 0.1,
                              .n_outcomes = n_pending, .outcomes = reported};
        for (uint32_t t = 0; t < nt; t++)
            tc[t] = (q6_sched_task_choice){Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
        for (int n = 0; n < NODES; n++)
            nc[n] = (q6_sched_node_choice){Q6_UNSET, 0.2};
        for (int a = 0; a < APS; a++)
            ac[a] = (q6_sched_ap_choice){1.0, Q6_UNSET, Q6_UNSET, Q6_UNSET};
        q6_sched_decision d = {tc, nc, ac};
        if (sch->decide(state, &p, &d, err, sizeof err)) {
            fprintf(stderr, "q6sim: scheduler %s: %s\n", name, err);
            rc = 1;
            break;
        }
        n_pending = 0;
        for (uint32_t t = 0; t < nt; t++) {
            const q6_sched_task *k = &tasks[t];
            q6_sched_node *node = &nodes[k->node];
            q6_task_outcome *o = &pending[n_pending++];
            *o = (q6_task_outcome){.id = k->id, .node = k->node, .target = tc[t].target, .qpu_success = -1,
                                   .slot = slot, .offload_fraction = tc[t].offload_fraction};
            uint32_t a = tc[t].ap < APS ? tc[t].ap : 0;
            double air = 8.0 * (k->input_bytes + k->output_bytes) / rate[k->node * APS + a];
            if (tc[t].target == Q6_RUN_AP && aps[a].cpu_flops > 0) {
                aps[a].backlog_s += k->work_flops / aps[a].cpu_flops;
                o->latency_s = air + aps[a].backlog_s;
                o->energy_radio_j = 0.2 * air;
                o->energy_edge_j = 1e-10 * k->work_flops;
            } else if (tc[t].target == Q6_RUN_CLOUD || tc[t].target == Q6_RUN_AP) {
                o->target = Q6_RUN_CLOUD;
                o->latency_s = air + 0.05 + k->work_flops / 5e10;
                o->energy_radio_j = 0.2 * air;
                o->energy_cloud_j = 2e-10 * k->work_flops;
            } else {
                o->target = Q6_RUN_LOCAL;
                node->backlog_s += k->work_flops / node->cpu_flops;
                o->latency_s = node->backlog_s;
                o->energy_local_j = 1e-9 * k->work_flops;
            }
            o->deadline_met = o->latency_s <= 0.5;
        }
        for (int n = 0; n < NODES; n++)
            nodes[n].backlog_s = fmax(0.0, nodes[n].backlog_s - 0.1);
        for (int a = 0; a < APS; a++)
            aps[a].backlog_s = fmax(0.0, aps[a].backlog_s - 0.1);
    }
    sch->finish(state);
    if (!rc)
        printf("reported_latency_s %.17g\n", reported_latency_s);
    return rc;
}
