/* Test driver for the C policies: reads serialised Observations
 * (agent.proto) written by test_policy_torch.py, rebuilds each as a
 * q6_sched_problem, runs the named policy scheduler on them in order (one
 * slot each, so the LSTM's state carries over) and prints, per slot,
 *   S  slot features
 * and per task
 *   F  task features           O  raw outputs
 *   D  target ap offload_fraction of the decision
 * with %.17g, for the Python side to compare with torch.
 * usage: policy_driver mlp|lstm|vqc WEIGHTS OBS.pb... ; also
 *        policy_driver load WEIGHTS MODEL (prints the init error, if any) */
#include "solvers/agent/agent.h"
#include "solvers/agent/agent.pb-c.h"
#include "solvers/agent/policy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const q6_scheduler *table(const char *model)
{
    return !strcmp(model, "mlp") ? &q6_sched_mlp_policy : !strcmp(model, "lstm") ? &q6_sched_lstm_policy
         : !strcmp(model, "vqc") ? &q6_sched_vqc_policy : NULL;
}

static Q6agent__Observation *read_obs(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static uint8_t buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return q6agent__observation__unpack(NULL, len, buf);
}

#define AT(arr, i) ((arr) && (i) < n_##arr ? (arr)[i] : 0)

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "load")) {
        char params[1200], err[512] = "";
        snprintf(params, sizeof params, "weights=%s", argv[2]);
        q6_plugin_init_args a = {1, params};
        void *s = NULL;
        const q6_scheduler *sch = table(argv[3]);
        if (!sch)
            return 2;
        int rc = sch->init(&a, &s, err, sizeof err);
        printf("%s\n", rc ? err : "ok");
        if (!rc)
            sch->finish(s);
        return 0;
    }
    if (argc < 4 || !table(argv[1])) {
        fprintf(stderr, "usage: %s mlp|lstm|vqc WEIGHTS OBS.pb...\n", argv[0]);
        return 2;
    }
    const q6_scheduler *sch = table(argv[1]);
    char params[1200], err[512] = "";
    snprintf(params, sizeof params, "weights=%s", argv[2]);
    q6_plugin_init_args a = {1, params};
    void *state = NULL;
    if (sch->init(&a, &state, err, sizeof err)) {
        fprintf(stderr, "init: %s\n", err);
        return 1;
    }
    for (int k = 3; k < argc; k++) {
        Q6agent__Observation *o = read_obs(argv[k]);
        if (!o) {
            fprintf(stderr, "%s: cannot read an Observation\n", argv[k]);
            return 1;
        }
        /* Python leaves out sub-messages it never touched. */
        static Q6agent__Nodes no_nodes = Q6AGENT__NODES__INIT;
        static Q6agent__Aps no_aps = Q6AGENT__APS__INIT;
        static Q6agent__Tasks no_tasks = Q6AGENT__TASKS__INIT;
        static Q6agent__Outcomes no_outcomes = Q6AGENT__OUTCOMES__INIT;
        if (!o->nodes) o->nodes = &no_nodes;
        if (!o->aps) o->aps = &no_aps;
        if (!o->tasks) o->tasks = &no_tasks;
        if (!o->outcomes) o->outcomes = &no_outcomes;
        uint32_t nn = o->n_nodes, na = o->n_aps, nt = (uint32_t)o->tasks->n_id, no = (uint32_t)o->outcomes->n_id;
        q6_sched_node *nodes = calloc(nn + 1, sizeof *nodes);
        q6_sched_ap *aps = calloc(na + 1, sizeof *aps);
        q6_sched_task *tasks = calloc(nt + 1, sizeof *tasks);
        q6_task_outcome *oc = calloc(no + 1, sizeof *oc);
        q6_sched_task_choice *tc = calloc(nt + 1, sizeof *tc);
        q6_sched_node_choice *nc = calloc(nn + 1, sizeof *nc);
        q6_sched_ap_choice *ac = calloc(na + 1, sizeof *ac);
        if (!nodes || !aps || !tasks || !oc || !tc || !nc || !ac)
            return 1;
        const Q6agent__Nodes *N = o->nodes;
        for (uint32_t i = 0; i < nn; i++) {
            nodes[i].cpu_flops = N->cpu_flops[i];
            nodes[i].backlog_s = N->backlog_s[i];
            nodes[i].tx_power_max_w = N->tx_power_max_w[i];
            nodes[i].present = 1;
        }
        for (uint32_t i = 0; i < na; i++) {
            aps[i].cpu_flops = o->aps->cpu_flops[i];
            aps[i].backlog_s = o->aps->backlog_s[i];
        }
        const Q6agent__Tasks *T = o->tasks;
        for (uint32_t i = 0; i < nt; i++) {
            tasks[i].id = T->id[i];
            tasks[i].node = T->node[i];
            tasks[i].kind = T->kind[i];
            tasks[i].input_bytes = T->input_bytes[i];
            tasks[i].output_bytes = T->output_bytes[i];
            tasks[i].work_flops = T->work_flops[i];
            tasks[i].deadline_s = T->deadline_s[i];
            tasks[i].priority_weight = T->priority_weight[i];
            tc[i] = (q6_sched_task_choice){Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
        }
        for (uint32_t i = 0; i < no; i++) {
            oc[i].latency_s = o->outcomes->latency_s[i];
            oc[i].deadline_met = o->outcomes->deadline_met[i];
        }
        q6_sched_problem p = {.abi_version = 3, .slot = o->slot, .now_s = o->now_s, .slot_s = o->slot_s,
                              .n_nodes = nn, .nodes = nodes, .n_aps = na, .aps = aps, .n_tasks = nt,
                              .tasks = tasks, .snr = o->snr, .rate_bps = o->rate_bps, .gain = o->gain,
                              .min_snr = o->min_snr, .cloud_flops = o->cloud_flops, .n_outcomes = no,
                              .outcomes = oc};
        double s[Q6_SLOT_FEATURES];
        q6_slot_features(&p, s);
        printf("S");
        for (int i = 0; i < Q6_SLOT_FEATURES; i++)
            printf(" %.17g", s[i]);
        printf("\n");
        uint32_t n_out;
        const double *out = q6_policy_outputs(state, &p, &n_out, err, sizeof err);
        if (!out) {
            fprintf(stderr, "outputs: %s\n", err);
            return 1;
        }
        q6_sched_decision d = {tc, nc, ac};
        for (uint32_t t = 0; t < nt; t++) {
            double f[Q6_TASK_FEATURES];
            q6_task_features(&p, t, f);
            printf("F");
            for (int i = 0; i < Q6_TASK_FEATURES; i++)
                printf(" %.17g", f[i]);
            printf("\nO");
            for (uint32_t i = 0; i < n_out; i++)
                printf(" %.17g", out[(size_t)t * n_out + i]);
            printf("\n");
            q6_policy_apply(&p, t, out + (size_t)t * n_out, n_out, &d);
            printf("D %u %u %.17g\n", tc[t].target, tc[t].ap, tc[t].offload_fraction);
        }
        free(nodes); free(aps); free(tasks); free(oc); free(tc); free(nc); free(ac);
        /* Detach the shared empty sub-messages before freeing. */
        if (o->nodes == &no_nodes) o->nodes = NULL;
        if (o->aps == &no_aps) o->aps = NULL;
        if (o->tasks == &no_tasks) o->tasks = NULL;
        if (o->outcomes == &no_outcomes) o->outcomes = NULL;
        q6agent__observation__free_unpacked(o, NULL);
    }
    sch->finish(state);
    return 0;
}
