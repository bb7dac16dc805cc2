/* Fuzz harness: the agent bridge's messages (solvers/agent/, agent.proto).
 * Input: the bytes of one AgentMessage as an agent would send it (after
 * the length prefix). An Action is checked against a fixed small problem
 * (2 nodes, 1 AP, 3 tasks of which one is quantum, 1 QPU) and applied:
 * when q6_agent_apply_action accepts it, every field of the decision must
 * be in its documented range; when it refuses, the decision must be left
 * exactly as preset. */
#include "fuzz_util.h"
#include "solvers/agent/agent_msg.h"
#include <math.h>
#include <string.h>

static int in(double v, double lo, double hi) { return isfinite(v) && v >= lo && v <= hi; }
/* (0, hi]: positive, however small (a subnormal power is a valid, if useless, choice) */
static int pos(double v, double hi) { return isfinite(v) && v > 0 && v <= hi; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Q6agent__AgentMessage *m = q6agent__agent_message__unpack(NULL, size, data);
    if (!m) {
        q6fuzz_note("not an AgentMessage");
        return 0;
    }
    if (m->kind_case != Q6AGENT__AGENT_MESSAGE__KIND_ACTION || !m->action) {
        q6fuzz_note("kind %d", (int)m->kind_case);
        q6agent__agent_message__free_unpacked(m, NULL);
        return 0;
    }
    static const double snr[2] = {10.0, 10.0}, rate[2] = {1e7, 1e7}, gain[2] = {1e-9, 1e-9};
    q6_sched_node nodes[2];
    memset(nodes, 0, sizeof nodes);
    for (int i = 0; i < 2; i++) {
        nodes[i].cpu_flops = 1e9;
        nodes[i].tx_power_max_w = 0.2;
        nodes[i].present = 1;
        nodes[i].battery_j = NAN;
    }
    q6_sched_ap ap;
    memset(&ap, 0, sizeof ap);
    ap.name = "bs";
    ap.cpu_flops = 1e10;
    ap.gpu_flops = 1e11;
    ap.bandwidth_hz = 1e7;
    ap.beta_max = 1;
    ap.battery_capacity_j = 1000;
    ap.battery_j = 500;
    q6_sched_qpu qpu = {"qpu", 127, 0, 0, 1e-3, 1e-2, 1, 7};
    q6_sched_task tasks[3];
    memset(tasks, 0, sizeof tasks);
    for (uint32_t t = 0; t < 3; t++) {
        tasks[t] = (q6_sched_task){t, t == 2 ? 1 : 0, t == 1 ? Q6_TASK_QUANTUM : Q6_TASK_CLASSICAL, 0.5, 1e5, 1e4,
                                   t == 1 ? 0 : 1e8, 2.5, 1, t, 0, 1, {0, 0, 0, 0, 0, 0}};
        if (t == 1)
            tasks[t].circuit = (q6_circuit){2, 10, 1, 0.5, 0.1, 0.5};
    }
    q6_sched_problem p;
    memset(&p, 0, sizeof p);
    p.abi_version = Q6_ABI_VERSION;
    p.slot = 7;
    p.slot_s = 1;
    p.n_nodes = 2;
    p.nodes = nodes;
    p.n_aps = 1;
    p.aps = &ap;
    p.n_tasks = 3;
    p.tasks = tasks;
    p.snr = snr;
    p.rate_bps = rate;
    p.gain = gain;
    p.min_snr = 1;
    p.noise_psd_w_per_hz = 4e-21;
    p.cloud_flops = 1e11;
    p.n_qpus = 1;
    p.qpus = &qpu;
    q6_sched_task_choice tc[3], tc0[3];
    q6_sched_node_choice nc[2], nc0[2];
    q6_sched_ap_choice ac[1], ac0[1];
    for (int t = 0; t < 3; t++)
        tc[t] = (q6_sched_task_choice){t == 1 ? Q6_RUN_QPU : Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
    for (int i = 0; i < 2; i++)
        nc[i] = (q6_sched_node_choice){Q6_UNSET, 0.2};
    ac[0] = (q6_sched_ap_choice){0.0, Q6_UNSET, Q6_UNSET, Q6_UNSET};
    memcpy(tc0, tc, sizeof tc);
    memcpy(nc0, nc, sizeof nc);
    memcpy(ac0, ac, sizeof ac);
    q6_sched_decision d = {tc, nc, ac};
    char err[512];
    if (q6_agent_apply_action(&p, m->action, &d, err, sizeof err) != 0) {
        q6fuzz_note("refused: %s", err);
        if (memcmp(tc, tc0, sizeof tc) || memcmp(nc, nc0, sizeof nc) || memcmp(ac, ac0, sizeof ac))
            q6fuzz_fail("a refused action changed the decision");
    } else {
        q6fuzz_note("applied");
        for (int t = 0; t < 3; t++)
            if (tc[t].target > Q6_RUN_QPU || !in(tc[t].offload_fraction, 0, 1) ||
                (tc[t].cpu_share_flops != Q6_UNSET && !(tc[t].cpu_share_flops > 0 && isfinite(tc[t].cpu_share_flops))))
                q6fuzz_fail("an accepted action holds an out-of-range task choice");
        for (int i = 0; i < 2; i++)
            if ((nc[i].bandwidth_fraction != Q6_UNSET && !pos(nc[i].bandwidth_fraction, 1)) ||
                !pos(nc[i].tx_power_w, 0.2))
                q6fuzz_fail("an accepted action holds an out-of-range node choice");
        if (!in(ac[0].gpu_fraction, 0, 1) ||
            (ac[0].charge_renewable_j != Q6_UNSET && !in(ac[0].charge_renewable_j, 0, INFINITY)) ||
            (ac[0].charge_grid_j != Q6_UNSET && !in(ac[0].charge_grid_j, 0, INFINITY)) ||
            (ac[0].discharge_j != Q6_UNSET && !in(ac[0].discharge_j, 0, INFINITY)))
            q6fuzz_fail("an accepted action holds an out-of-range AP choice");
    }
    q6agent__agent_message__free_unpacked(m, NULL);
    return 0;
}
