/* Test driver for qdrl and its ablations (solvers/paper004/qdrl.c): reads
 * slots written as text by test_qdrl.py, runs the named plugin's forward
 * pass and decision on each in order (the twin's state carries over) and
 * prints with %.17g, per vehicle
 *   P v  the twin's prediction (normalised; only with a twin)
 * and per task
 *   X t  the circuit's normalised inputs   O t  the four scores
 *   D t  target ap compute_ap of the decision (compute_ap -1: same AP)
 *   A t  the AP agent's normalised inputs, then its two scores (tasks at a server)
 * Slot file: slot now_s n_nodes n_aps n_tasks min_snr cloud_flops dual
 * relay_range_m; per node cpu_flops backlog_s; per AP kind cpu_flops
 * backlog_s x_m y_m z_m; snr and
 * rate_bps (n_nodes x n_aps); per task node kind input_bytes output_bytes
 * work_flops deadline_s priority_weight.
 * usage: qdrl_driver PLUGIN WEIGHTS SLOT... */
#include "solvers/paper004/paper004.h"
#include "solvers/paper004/p4_features.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const q6_scheduler *table(const char *name)
{
    const q6_scheduler *all[] = {&q6_sched_p4_qdrl, &q6_sched_p4_sa_qdrl, &q6_sched_p4_qdrl_no_lstm,
                                 &q6_sched_p4_qdrl_no_dt};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(all[i]->h.name, name))
            return all[i];
    return NULL;
}

static int rd(FILE *f, double *x) { return fscanf(f, "%lf", x) == 1 ? 0 : -1; }

int main(int argc, char **argv)
{
    const q6_scheduler *sch = argc >= 3 ? table(argv[1]) : NULL;
    if (!sch) {
        fprintf(stderr, "usage: %s qdrl|sa-qdrl|qdrl-no-lstm|qdrl-no-dt WEIGHTS SLOT...\n", argv[0]);
        return 2;
    }
    char params[1200], err[512] = "";
    snprintf(params, sizeof params, "weights=%s", argv[2]);
    q6_plugin_init_args a = {1, params};
    void *state = NULL;
    if (sch->init(&a, &state, err, sizeof err)) {
        printf("init: %s\n", err);
        return 0;
    }
    for (int k = 3; k < argc; k++) {
        FILE *f = fopen(argv[k], "r");
        double h[9];
        for (int i = 0; i < 9; i++)
            if (!f || rd(f, &h[i]))
                return 1;
        uint32_t nn = (uint32_t)h[2], na = (uint32_t)h[3], nt = (uint32_t)h[4];
        q6_sched_node *nodes = calloc(nn + 1, sizeof *nodes);
        q6_sched_ap *aps = calloc(na + 1, sizeof *aps);
        q6_sched_task *tasks = calloc(nt + 1, sizeof *tasks);
        double *snr = calloc((size_t)nn * na + 1, sizeof *snr), *rate = calloc((size_t)nn * na + 1, sizeof *rate);
        q6_sched_task_choice *tc = calloc(nt + 1, sizeof *tc);
        if (!nodes || !aps || !tasks || !snr || !rate || !tc)
            return 1;
        int bad = 0;
        for (uint32_t i = 0; i < nn; i++)
            bad |= rd(f, &nodes[i].cpu_flops) | rd(f, &nodes[i].backlog_s);
        for (uint32_t i = 0; i < na; i++) {
            double kind;
            bad |= rd(f, &kind) | rd(f, &aps[i].cpu_flops) | rd(f, &aps[i].backlog_s) | rd(f, &aps[i].x_m) |
                   rd(f, &aps[i].y_m) | rd(f, &aps[i].z_m);
            aps[i].kind = (uint32_t)kind;
        }
        for (size_t i = 0; i < (size_t)nn * na; i++)
            bad |= rd(f, &snr[i]);
        for (size_t i = 0; i < (size_t)nn * na; i++)
            bad |= rd(f, &rate[i]);
        for (uint32_t i = 0; i < nt; i++) {
            double node, kind;
            q6_sched_task *t = &tasks[i];
            bad |= rd(f, &node) | rd(f, &kind) | rd(f, &t->input_bytes) | rd(f, &t->output_bytes) |
                   rd(f, &t->work_flops) | rd(f, &t->deadline_s) | rd(f, &t->priority_weight);
            t->node = (uint32_t)node;
            t->kind = (uint32_t)kind;
            t->id = i;
            tc[i] = (q6_sched_task_choice){Q6_RUN_LOCAL, 0, 0, Q6_SAME_AP, 1.0, Q6_UNSET};
        }
        fclose(f);
        if (bad)
            return 1;
        q6_sched_problem p = {.abi_version = 3, .slot = (uint64_t)h[0], .now_s = h[1], .n_nodes = nn, .nodes = nodes,
                              .n_aps = na, .aps = aps, .n_tasks = nt, .tasks = tasks, .snr = snr, .rate_bps = rate,
                              .min_snr = h[5], .cloud_flops = h[6], .dual_connectivity = (uint32_t)h[7],
                              .relay_range_m = h[8]};
        q6_sched_decision d = {tc, NULL, NULL};
        if (sch->decide(state, &p, &d, err, sizeof err)) {
            fprintf(stderr, "decide: %s\n", err);
            return 1;
        }
        for (uint32_t v = 0; v < nn; v++) {
            const double *pr = q6_p4_qdrl_prediction(state, v);
            if (!pr)
                break;
            printf("P %u", v);
            for (int i = 0; i < Q6_P4_TWIN; i++)
                printf(" %.17g", pr[i]);
            printf("\n");
        }
        uint32_t n_in;
        const double *in = q6_p4_qdrl_inputs(state, &n_in), *sc = q6_p4_qdrl_scores(state), *asc;
        const double *ain = q6_p4_qdrl_ap(state, &asc);
        for (uint32_t t = 0; t < nt; t++) {
            printf("X %u", t);
            for (uint32_t i = 0; i < n_in; i++)
                printf(" %.17g", in[(size_t)t * n_in + i]);
            printf("\nO %u", t);
            for (int i = 0; i < Q6_P4_CHOICES; i++)
                printf(" %.17g", sc[(size_t)t * Q6_P4_CHOICES + i]);
            printf("\nD %u %u %u %d\n", t, tc[t].target, tc[t].target == Q6_RUN_LOCAL ? 0 : tc[t].ap,
                   tc[t].compute_ap == Q6_SAME_AP ? -1 : (int)tc[t].compute_ap);
            if (ain && tc[t].target == Q6_RUN_AP && tasks[t].kind != Q6_TASK_QUANTUM) {
                printf("A %u", t);
                for (int i = 0; i < Q6_P4_AP; i++)
                    printf(" %.17g", ain[(size_t)t * Q6_P4_AP + i]);
                for (int i = 0; i < Q6_P4_AP_CHOICES; i++)
                    printf(" %.17g", asc[(size_t)t * Q6_P4_AP_CHOICES + i]);
                printf("\n");
            }
        }
        free(nodes); free(aps); free(tasks); free(snr); free(rate); free(tc);
    }
    sch->finish(state);
    return 0;
}
