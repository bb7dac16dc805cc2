/* Test plugin (ABI 3) "subtask-probe": checks in every slot that the
 * observation's subtask structure is consistent and fails decide() with
 * the reason when it is not: the parts of one task are contiguous, the
 * first part's id is every part's parent_id, indices run 0..n-1, and the
 * parts are equal (sizes, work, arrival, deadline). Quantum tasks must be
 * whole. It keeps every classical task local and writes one line per task
 * "id parent index n" to the file plugin_params names (log=PATH). */
#include "solvers/abi/scheduler.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    const char *p = a->params ? strstr(a->params, "log=") : NULL;
    FILE *f = NULL;
    if (p) {
        char path[1024];
        snprintf(path, sizeof path, "%s", p + 4);
        path[strcspn(path, ",")] = 0;
        if (!(f = fopen(path, "w"))) {
            snprintf(err, errlen, "cannot write %s", path);
            return -1;
        }
    }
    *state = f;
    return 0;
}

static int decide(void *state, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    FILE *log = state;
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *k = &p->tasks[t];
        if (log)
            fprintf(log, "%llu %llu %u %u\n", (unsigned long long)k->id, (unsigned long long)k->parent_id,
                    k->subtask_index, k->n_subtasks);
        if (k->n_subtasks < 1 || k->subtask_index >= k->n_subtasks) {
            snprintf(err, errlen, "task %llu: index %u of %u parts", (unsigned long long)k->id, k->subtask_index,
                     k->n_subtasks);
            return -1;
        }
        if (k->kind == Q6_TASK_QUANTUM && k->n_subtasks != 1) {
            snprintf(err, errlen, "quantum task %llu split into %u parts", (unsigned long long)k->id, k->n_subtasks);
            return -1;
        }
        /* Part i of a task sits i places after its first part. */
        if (k->subtask_index > t) {
            snprintf(err, errlen, "task %llu: part %u before its first part", (unsigned long long)k->id,
                     k->subtask_index);
            return -1;
        }
        const q6_sched_task *first = &p->tasks[t - k->subtask_index];
        if (first->id != k->parent_id || first->subtask_index != 0 || first->n_subtasks != k->n_subtasks ||
            first->input_bytes != k->input_bytes || first->output_bytes != k->output_bytes ||
            first->work_flops != k->work_flops || first->arrival_s != k->arrival_s ||
            first->deadline_s != k->deadline_s || first->node != k->node) {
            snprintf(err, errlen, "task %llu: part %u of %u does not match its first part %llu",
                     (unsigned long long)k->id, k->subtask_index, k->n_subtasks, (unsigned long long)first->id);
            return -1;
        }
        if (k->kind == Q6_TASK_CLASSICAL)
            d->tasks[t].target = Q6_RUN_LOCAL;
    }
    return 0;
}

static void finish(void *state)
{
    if (state)
        fclose(state);
}

static const q6_scheduler probe = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "subtask-probe",
                                    "test: checks the subtask structure of the observation"},
                                   init, decide, finish};
static const q6_plugin_header *const tables[] = {&probe.h, NULL};

const q6_plugin_header *const *q6_plugin_entry3(void);
const q6_plugin_header *const *q6_plugin_entry3(void) { return tables; }
