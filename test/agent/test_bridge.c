/* The agent bridge's decide() against a real agent process
 * (echo_agent.py, run by Debian's python3 with python3-protobuf), on a
 * hand-built problem in which every field has a distinct value:
 * - round trip: the agent re-serialises the observation it parsed; every
 *   field read back equals the problem's, and the action it derives from
 *   the observation (formulas in echo_agent.py) lands in the decision;
 * - failures: timeout, death, malformed frame and message, NaN, wrong
 *   sizes, wrong slot, bad target, agent error, bad version, bad params:
 *   each a non-zero return with the reason in err, within the timeout, the
 *   decision untouched, and the child reaped.
 * usage: test_bridge PYTHON ECHO_AGENT_PY WORKDIR (exit 77 when PYTHON
 * cannot import google.protobuf). */
#include "solvers/agent/agent.h"
#include "solvers/agent/agent.pb-c.h"
#include "test/check.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { NN = 3, NA = 2, NT = 5, NQ = 2, NV = 2, NO = 3 };

static double counter = 0.0;
static double v(void) { return counter += 1.25; }   /* distinct, exactly representable */

static q6_sched_node nodes[NN];
static q6_sched_ap aps[NA];
static q6_sched_task tasks[NT];
static q6_sched_qpu qpus[NQ];
static q6_vqueue queues[NV];
static q6_task_outcome outcomes[NO];
static double snr[NN * NA], rate[NN * NA], gain[NN * NA];
static const char *ap_names[NA] = {"bs0", "uav1"}, *qpu_names[NQ] = {"qpuA", "qpuB"}, *q_names[NV] = {"energy", "co2"};

static q6_sched_problem make_problem(void)
{
    for (int i = 0; i < NN; i++)
        nodes[i] = (q6_sched_node){v(), v(), v(), v(), v(), v(), v(), v(), v(), v(), v(), v(), (uint32_t)i + 1, i != 1};
    for (int i = 0; i < NA; i++)
        aps[i] = (q6_sched_ap){ap_names[i], (uint32_t)i + 1, (uint32_t)i, v(), v(), v(), v(), v(), v(), v(), v(),
                               v(), v(), v(), v(), v(), v(), v(), v()};
    for (int i = 0; i < NT; i++)
        tasks[i] = (q6_sched_task){1000u + 7u * (uint64_t)i, (uint32_t)(i % NN), (uint32_t)(i % 2), v(), v(), v(), v(),
                                   v(), v(), 999u + (uint64_t)i, (uint32_t)i, (uint32_t)i + 2,
                                   {v(), v(), v(), v(), v(), v()}};
    for (int i = 0; i < NQ; i++)
        qpus[i] = (q6_sched_qpu){qpu_names[i], v(), v(), (uint32_t)(10 + i), v(), v(), v(), v()};
    for (int i = 0; i < NV; i++)
        queues[i] = (q6_vqueue){q_names[i], (uint32_t)i + 1, i ? UINT32_MAX : 1u, v(), v(), v(), v()};
    for (int i = 0; i < NO; i++)
        outcomes[i] = (q6_task_outcome){500u + (uint64_t)i, (uint32_t)i, (uint32_t)i, (uint32_t)(3 - i), i - 1,
                                        40u + (uint64_t)i, v(), v(), i % 2, UINT32_MAX, v(), v(), v(), v(), v()};
    for (int i = 0; i < NN * NA; i++) {
        snr[i] = v();
        rate[i] = v();
        gain[i] = v();
    }
    return (q6_sched_problem){.abi_version = 3, .slot = 41, .now_s = v(), .slot_s = v(), .n_nodes = NN, .nodes = nodes,
                              .n_aps = NA, .aps = aps, .n_tasks = NT, .tasks = tasks, .snr = snr, .rate_bps = rate,
                              .gain = gain, .min_snr = v(), .noise_psd_w_per_hz = v(), .cloud_flops = v(),
                              .n_qpus = NQ, .qpus = qpus, .n_queues = NV, .queues = queues, .lyapunov_v = v(),
                              .weight_latency = v(), .weight_energy = v(), .n_outcomes = NO, .outcomes = outcomes};
}

static q6_sched_task_choice tc[NT];
static q6_sched_node_choice nc[NN];
static q6_sched_ap_choice ac[NA];

static q6_sched_decision preset(void)
{
    for (int t = 0; t < NT; t++)
        tc[t] = (q6_sched_task_choice){Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
    for (int n = 0; n < NN; n++)
        nc[n] = (q6_sched_node_choice){Q6_UNSET, nodes[n].tx_power_max_w};
    for (int a = 0; a < NA; a++)
        ac[a] = (q6_sched_ap_choice){0.5, Q6_UNSET, Q6_UNSET, Q6_UNSET};
    return (q6_sched_decision){tc, nc, ac};
}

static int decision_is_preset(void)
{
    for (int t = 0; t < NT; t++)
        if (tc[t].target != Q6_RUN_LOCAL || tc[t].ap || tc[t].offload_fraction != 1.0 || tc[t].cpu_share_flops != Q6_UNSET)
            return 0;
    for (int n = 0; n < NN; n++)
        if (nc[n].bandwidth_fraction != Q6_UNSET)
            return 0;
    for (int a = 0; a < NA; a++)
        if (ac[a].gpu_fraction != 0.5 || ac[a].discharge_j != Q6_UNSET)
            return 0;
    return 1;
}

static const char *python, *agent_py, *workdir;

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Starts the agent in `mode`; returns its state or NULL (err filled). */
static void *start(const char *mode, const char *extra, char *err, size_t errlen)
{
    char params[2048];
    snprintf(params, sizeof params, "timeout_s=%s,cmd=exec %s %s %s %s/dump.pb", extra ? extra : "5", python,
             agent_py, mode, workdir);
    q6_plugin_init_args a = {42, params};
    void *state = NULL;
    err[0] = 0;
    return q6_sched_agent.init(&a, &state, err, errlen) == 0 ? state : NULL;
}

static int no_children_left(void)
{
    return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

/* ---- Round trip ---------------------------------------------------------- */

#define SAME_SOA(msg, field, n, expr)                             \
    do {                                                          \
        CHECK((msg)->n_##field == (size_t)(n));                   \
        for (size_t i = 0; i < (msg)->n_##field && i < (size_t)(n); i++) \
            CHECK((msg)->field[i] == (expr));                     \
    } while (0)
#define SAME_STR(msg, field, n, expr)                             \
    do {                                                          \
        CHECK((msg)->n_##field == (size_t)(n));                   \
        for (size_t i = 0; i < (msg)->n_##field && i < (size_t)(n); i++) \
            CHECK(!strcmp((msg)->field[i], (expr)));              \
    } while (0)

static void check_observation(const q6_sched_problem *p, const Q6agent__Observation *o)
{
    CHECK(o->abi_version == 3 && o->slot == p->slot && o->now_s == p->now_s && o->slot_s == p->slot_s);
    CHECK(o->n_nodes == NN && o->n_aps == NA);
    CHECK(o->min_snr == p->min_snr && o->noise_psd_w_per_hz == p->noise_psd_w_per_hz && o->cloud_flops == p->cloud_flops);
    CHECK(o->lyapunov_v == p->lyapunov_v && o->weight_latency == p->weight_latency &&
          o->weight_energy == p->weight_energy);
    SAME_SOA(o, snr, NN * NA, snr[i]);
    SAME_SOA(o, rate_bps, NN * NA, rate[i]);
    SAME_SOA(o, gain, NN * NA, gain[i]);
    const Q6agent__Nodes *n = o->nodes;
    CHECK(n != NULL);
    if (n) {
        SAME_SOA(n, x_m, NN, nodes[i].x_m); SAME_SOA(n, y_m, NN, nodes[i].y_m); SAME_SOA(n, z_m, NN, nodes[i].z_m);
        SAME_SOA(n, vx_mps, NN, nodes[i].vx_mps); SAME_SOA(n, vy_mps, NN, nodes[i].vy_mps);
        SAME_SOA(n, vz_mps, NN, nodes[i].vz_mps); SAME_SOA(n, cpu_flops, NN, nodes[i].cpu_flops);
        SAME_SOA(n, backlog_s, NN, nodes[i].backlog_s); SAME_SOA(n, backlog_bytes, NN, nodes[i].backlog_bytes);
        SAME_SOA(n, battery_j, NN, nodes[i].battery_j);
        SAME_SOA(n, battery_capacity_j, NN, nodes[i].battery_capacity_j);
        SAME_SOA(n, tx_power_max_w, NN, nodes[i].tx_power_max_w);
        SAME_SOA(n, serving_ap, NN, nodes[i].serving_ap);
        SAME_SOA(n, present, NN, nodes[i].present);
    }
    const Q6agent__Aps *a = o->aps;
    CHECK(a != NULL);
    if (a) {
        SAME_STR(a, name, NA, aps[i].name); SAME_SOA(a, kind, NA, aps[i].kind);
        SAME_SOA(a, rate_model, NA, aps[i].rate_model); SAME_SOA(a, x_m, NA, aps[i].x_m);
        SAME_SOA(a, y_m, NA, aps[i].y_m); SAME_SOA(a, z_m, NA, aps[i].z_m);
        SAME_SOA(a, cpu_flops, NA, aps[i].cpu_flops); SAME_SOA(a, gpu_flops, NA, aps[i].gpu_flops);
        SAME_SOA(a, backlog_s, NA, aps[i].backlog_s);
        SAME_SOA(a, cpu_allocated_flops, NA, aps[i].cpu_allocated_flops);
        SAME_SOA(a, bandwidth_hz, NA, aps[i].bandwidth_hz); SAME_SOA(a, beta_min, NA, aps[i].beta_min);
        SAME_SOA(a, beta_max, NA, aps[i].beta_max);
        SAME_SOA(a, energy_last_slot_j, NA, aps[i].energy_last_slot_j);
        SAME_SOA(a, battery_j, NA, aps[i].battery_j);
        SAME_SOA(a, battery_capacity_j, NA, aps[i].battery_capacity_j);
        SAME_SOA(a, renewable_available_j, NA, aps[i].renewable_available_j);
        SAME_SOA(a, grid_price_per_kwh, NA, aps[i].grid_price_per_kwh);
        SAME_SOA(a, emission_g_per_kwh, NA, aps[i].emission_g_per_kwh);
    }
    const Q6agent__Tasks *t = o->tasks;
    CHECK(t != NULL);
    if (t) {
        SAME_SOA(t, id, NT, tasks[i].id); SAME_SOA(t, node, NT, tasks[i].node); SAME_SOA(t, kind, NT, tasks[i].kind);
        SAME_SOA(t, arrival_s, NT, tasks[i].arrival_s); SAME_SOA(t, input_bytes, NT, tasks[i].input_bytes);
        SAME_SOA(t, output_bytes, NT, tasks[i].output_bytes); SAME_SOA(t, work_flops, NT, tasks[i].work_flops);
        SAME_SOA(t, deadline_s, NT, tasks[i].deadline_s);
        SAME_SOA(t, priority_weight, NT, tasks[i].priority_weight);
        SAME_SOA(t, parent_id, NT, tasks[i].parent_id); SAME_SOA(t, subtask_index, NT, tasks[i].subtask_index);
        SAME_SOA(t, n_subtasks, NT, tasks[i].n_subtasks);
        SAME_SOA(t, logical_qubits, NT, tasks[i].circuit.logical_qubits);
        SAME_SOA(t, depth_steps, NT, tasks[i].circuit.depth_steps);
        SAME_SOA(t, gates_1q_per_step, NT, tasks[i].circuit.gates_1q_per_step);
        SAME_SOA(t, gates_2q_per_step, NT, tasks[i].circuit.gates_2q_per_step);
        SAME_SOA(t, meas_per_step, NT, tasks[i].circuit.meas_per_step);
        SAME_SOA(t, min_success, NT, tasks[i].circuit.min_success);
    }
    const Q6agent__Qpus *q = o->qpus;
    CHECK(q != NULL);
    if (q) {
        SAME_STR(q, name, NQ, qpus[i].name); SAME_SOA(q, physical_qubits, NQ, qpus[i].physical_qubits);
        SAME_SOA(q, queue_s, NQ, qpus[i].queue_s); SAME_SOA(q, queue_jobs, NQ, qpus[i].queue_jobs);
        SAME_SOA(q, physical_error, NQ, qpus[i].physical_error);
        SAME_SOA(q, threshold_error, NQ, qpus[i].threshold_error);
        SAME_SOA(q, qec_level, NQ, qpus[i].qec_level); SAME_SOA(q, code_block_size, NQ, qpus[i].code_block_size);
    }
    const Q6agent__Queues *vq = o->queues;
    CHECK(vq != NULL);
    if (vq) {
        SAME_STR(vq, name, NV, queues[i].name); SAME_SOA(vq, kind, NV, queues[i].kind);
        SAME_SOA(vq, ap, NV, queues[i].ap); SAME_SOA(vq, backlog, NV, queues[i].backlog);
        SAME_SOA(vq, last_arrival, NV, queues[i].last_arrival);
        SAME_SOA(vq, last_service, NV, queues[i].last_service); SAME_SOA(vq, budget, NV, queues[i].budget);
    }
    const Q6agent__Outcomes *c = o->outcomes;
    CHECK(c != NULL);
    if (c) {
        SAME_SOA(c, id, NO, outcomes[i].id); SAME_SOA(c, node, NO, outcomes[i].node);
        SAME_SOA(c, state, NO, outcomes[i].state); SAME_SOA(c, target, NO, outcomes[i].target);
        SAME_SOA(c, qpu_success, NO, outcomes[i].qpu_success); SAME_SOA(c, slot, NO, outcomes[i].slot);
        SAME_SOA(c, offload_fraction, NO, outcomes[i].offload_fraction);
        SAME_SOA(c, latency_s, NO, outcomes[i].latency_s);
        SAME_SOA(c, deadline_met, NO, outcomes[i].deadline_met);
        SAME_SOA(c, energy_local_j, NO, outcomes[i].energy_local_j);
        SAME_SOA(c, energy_radio_j, NO, outcomes[i].energy_radio_j);
        SAME_SOA(c, energy_edge_j, NO, outcomes[i].energy_edge_j);
        SAME_SOA(c, energy_cloud_j, NO, outcomes[i].energy_cloud_j);
        SAME_SOA(c, energy_qpu_j, NO, outcomes[i].energy_qpu_j);
    }
}

static void test_round_trip(q6_sched_problem *p)
{
    char err[512];
    void *s = start("echo", NULL, err, sizeof err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "init: %s\n", err);
        return;
    }
    for (int slot = 0; slot < 3; slot++) {
        p->slot = 41 + (uint64_t)slot;
        q6_sched_decision d = preset();
        int rc = q6_sched_agent.decide(s, p, &d, err, sizeof err);
        CHECK(rc == 0);
        if (rc)
            fprintf(stderr, "decide: %s\n", err);
        for (int t = 0; t < NT; t++) {
            CHECK(tc[t].target == (uint32_t)(t % 4) && tc[t].ap == (uint32_t)(t % NA) && tc[t].qpu == (uint32_t)(t % NQ));
            CHECK(tc[t].offload_fraction == 1.0 / (t + 2) && tc[t].cpu_share_flops == tasks[t].work_flops);
        }
        for (int n = 0; n < NN; n++)
            CHECK(nc[n].bandwidth_fraction == 1.0 / (n + 2) && nc[n].tx_power_w == nodes[n].tx_power_max_w / 2);
        for (int a = 0; a < NA; a++)
            CHECK(ac[a].gpu_fraction == 0.25 && ac[a].charge_renewable_j == aps[a].renewable_available_j / 4 &&
                  ac[a].charge_grid_j == (double)a && ac[a].discharge_j == aps[a].battery_j / 8);
    }
    /* The last observation as the agent parsed it. */
    char path[1024];
    snprintf(path, sizeof path, "%s/dump.pb", workdir);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f) {
        static uint8_t buf[1 << 16];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        Q6agent__Observation *o = q6agent__observation__unpack(NULL, len, buf);
        CHECK(o != NULL);
        if (o) {
            check_observation(p, o);
            q6agent__observation__free_unpacked(o, NULL);
        }
    }
    q6_sched_agent.finish(s);
    CHECK(no_children_left());
}

/* ---- Failures ------------------------------------------------------------ */

static void expect_failure(q6_sched_problem *p, const char *mode, const char *timeout, const char *want)
{
    char err[512];
    double t0 = wall_s();
    void *s = start(mode, timeout, err, sizeof err);
    int rc = 0;
    if (s) {
        q6_sched_decision d = preset();
        rc = q6_sched_agent.decide(s, p, &d, err, sizeof err);
        CHECK(rc != 0);
        CHECK(decision_is_preset());
        q6_sched_agent.finish(s);
    }
    double took = wall_s() - t0;
    int found = strstr(err, want) != NULL;
    CHECK(found);
    if (!found || (s && rc == 0))
        fprintf(stderr, "mode %s: got '%s', want '%s'\n", mode, err, want);
    else
        printf("%-10s -> %s (%.2f s)\n", mode, err, took);
    CHECK(took < 4.0);   /* timeouts of 1 s plus the 1 s reaping grace, never a hang */
    CHECK(no_children_left());
}

static void test_params(void)
{
    const char *bad[] = {"", "timeout_s=0,cmd=true", "timeout_s=abc,cmd=true", "fd=-1", "socket=/x,fd=3",
                         "cmd=", "color=blue,cmd=true", "fd=0"};
    const char *want[] = {"exactly one", "timeout_s=0", "timeout_s=abc", "fd=-1", "exactly one", "exactly one",
                          "unknown 'color=blue'", "not an open stream socket"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char err[512] = "";
        void *s = NULL;
        q6_plugin_init_args a = {1, bad[i]};
        CHECK(q6_sched_agent.init(&a, &s, err, sizeof err) != 0);
        CHECK(strstr(err, want[i]) != NULL);
        if (!strstr(err, want[i]))
            fprintf(stderr, "params '%s': got '%s'\n", bad[i], err);
    }
    char err[512] = "";
    void *s = NULL;
    q6_plugin_init_args a = {1, "timeout_s=2,socket=/nonexistent/q6-agent.sock"};
    CHECK(q6_sched_agent.init(&a, &s, err, sizeof err) != 0);
    CHECK(strstr(err, "cannot connect") != NULL);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s PYTHON ECHO_AGENT_PY WORKDIR\n", argv[0]);
        return 2;
    }
    python = argv[1];
    agent_py = argv[2];
    workdir = argv[3];
    char probe[1024];
    snprintf(probe, sizeof probe, "%s -c 'import google.protobuf' 2>/dev/null", python);
    if (system(probe) != 0) {
        printf("SKIP: %s cannot import google.protobuf (install python3-protobuf)\n", python);
        return 77;
    }
    char mk[1100];
    snprintf(mk, sizeof mk, "mkdir -p '%s'", workdir);
    if (system(mk) != 0)
        return 2;
    q6_sched_problem p = make_problem();
    test_round_trip(&p);
    p.slot = 41;
    expect_failure(&p, "sleep", "1", "no action within timeout_s = 1 s");
    expect_failure(&p, "die", NULL, "closed the connection");
    expect_failure(&p, "die", NULL, "exited with status 3");
    expect_failure(&p, "garbage", NULL, "malformed message");
    expect_failure(&p, "badframe", NULL, "malformed frame");
    expect_failure(&p, "nan", NULL, "offload_fraction nan is not in [0, 1]");
    expect_failure(&p, "wrongsize", NULL, "6 task choices, the observation has 5 tasks");
    expect_failure(&p, "wrongslot", NULL, "action is for slot 42, the observation was slot 41");
    expect_failure(&p, "badtarget", NULL, "target 7 is not");
    expect_failure(&p, "error", NULL, "the agent reported an error: the agent is out of ideas");
    expect_failure(&p, "hang_hello", "1", "no hello within timeout_s = 1 s");
    expect_failure(&p, "badversion", NULL, "protocol version 99");
    test_params();
    return CHECK_DONE();
}
