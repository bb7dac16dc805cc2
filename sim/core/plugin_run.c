/* Calling plugins, and the ABI 1/2 adapter: a legacy decide() sees the
 * version-2 view (positions, CPU speeds, backlogs, SNR; no velocities,
 * batteries, quantum tasks or feedback) and chooses local / AP / cloud per
 * task; every other ABI-3 decision field keeps the engine's default. */
#include "sim/core/plugin_run.h"
#include "sim/base/alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int q6_plugin_start(q6_plugin_run *r, const q6_plugin_ref *ref, const q6_plugin_init_args *a,
                    const q6_plugin_run *share, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->ref = ref;
    if (share && share->ref->legacy && share->ref->legacy == ref->legacy) {
        r->state = share->state;
        return 0;
    }
    int (*init)(const q6_plugin_init_args *, void **, char *, size_t) =
        ref->legacy ? ref->legacy->init : ref->scheduler ? ref->scheduler->init : ref->matcher->init;
    char msg[1024] = "";
    if (init && init(a, &r->state, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "plugin '%s': %s", ref->name, msg[0] ? msg : "init failed (no message)");
        return -1;
    }
    r->started = r->owns_state = 1;
    return 0;
}

static int legacy_decide(q6_plugin_run *r, const q6_sched_problem *p, q6_sched_decision *d, char *err,
                         size_t errlen)
{
    if (p->n_tasks == 0) /* ABI 1/2: decide() only in slots with tasks */
        return 0;
    if (q6_grow_array(&r->nodes, &r->cap_nodes, p->n_nodes + 1, sizeof *r->nodes) < 0 ||
        q6_grow_array(&r->aps, &r->cap_aps, p->n_aps + 1, sizeof *r->aps) < 0 ||
        q6_grow_array(&r->tasks, &r->cap_tasks, p->n_tasks + 1, sizeof *r->tasks) < 0 ||
        q6_grow_array(&r->choices, &r->cap_choices, p->n_tasks + 1, sizeof *r->choices) < 0) {
        snprintf(err, errlen, "out of memory adapting the problem to plugin ABI %u", r->ref->abi_version);
        return -1;
    }
    for (uint32_t i = 0; i < p->n_nodes; i++) {
        const q6_sched_node *n = &p->nodes[i];
        r->nodes[i] = (q6_node_view){n->x_m, n->y_m, n->z_m, n->cpu_flops, n->backlog_s, n->present};
    }
    for (uint32_t a = 0; a < p->n_aps; a++) {
        const q6_sched_ap *ap = &p->aps[a];
        r->aps[a] = (q6_ap_view){ap->name, (q6_ap_kind)ap->kind, ap->x_m, ap->y_m, ap->z_m,
                                 ap->cpu_flops, ap->backlog_s, ap->bandwidth_hz};
    }
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        const q6_sched_task *k = &p->tasks[t];
        r->tasks[t] = (q6_task_view){k->id, k->node, k->arrival_s, k->input_bytes, k->output_bytes,
                                     k->work_flops, k->deadline_s};
        r->choices[t] = (q6_task_choice){Q6_RUN_LOCAL, 0};
    }
    q6_slot_problem sp = {r->ref->abi_version, p->slot, p->now_s, p->slot_s, p->n_nodes, r->nodes,
                          p->n_aps, r->aps, p->n_tasks, r->tasks, p->snr, p->min_snr, p->cloud_flops,
                          p->services};
    q6_slot_decision sd = {r->choices};
    int rc = r->ref->legacy->decide(r->state, &sp, &sd);
    if (rc != 0) {
        snprintf(err, errlen, "decide returned %d (an ABI-%u plugin gives no reason)", rc, r->ref->abi_version);
        return rc;
    }
    /* A legacy plugin knows no quantum tasks: they keep their preset (QPU
     * 0), sent through the AP of the node's offloaded tasks. */
    for (uint32_t t = 0; t < p->n_tasks; t++) {
        if (p->tasks[t].kind == Q6_TASK_QUANTUM)
            continue;
        d->tasks[t].target = r->choices[t].where;
        d->tasks[t].ap = r->choices[t].ap;
    }
    q6_sched_route_quantum(p, d);
    return 0;
}

int q6_plugin_decide(q6_plugin_run *r, const q6_sched_problem *p, q6_sched_decision *d, char *err,
                     size_t errlen)
{
    if (errlen)
        err[0] = 0;
    if (r->ref->legacy)
        return legacy_decide(r, p, d, err, errlen);
    int rc = r->ref->scheduler->decide(r->state, p, d, err, errlen);
    if (rc != 0 && errlen && !err[0])
        snprintf(err, errlen, "decide returned %d without a message", rc);
    return rc;
}

int q6_plugin_match(q6_plugin_run *r, const q6_market_problem *p, q6_market_decision *d, char *err,
                    size_t errlen)
{
    if (errlen)
        err[0] = 0;
    int rc = r->ref->legacy ? r->ref->legacy->match(r->state, p, d)
                            : r->ref->matcher->match(r->state, p, d, err, errlen);
    if (rc != 0 && errlen && !err[0])
        snprintf(err, errlen, "match returned %d%s", rc,
                 r->ref->legacy ? " (an ABI-2 plugin gives no reason)" : " without a message");
    return rc;
}

int q6_plugin_reads_lists(const q6_plugin_run *r)
{
    return r->ref && r->ref->scheduler && (r->ref->scheduler->h.flags & Q6_PLUGIN_REACH_LISTS);
}

void q6_plugin_stop(q6_plugin_run *r)
{
    if (r->ref && r->started && r->owns_state) {
        void (*finish)(void *) =
            r->ref->legacy ? r->ref->legacy->finish : r->ref->scheduler ? r->ref->scheduler->finish : r->ref->matcher->finish;
        if (finish)
            finish(r->state);
    }
    free(r->nodes);
    free(r->aps);
    free(r->tasks);
    free(r->choices);
    memset(r, 0, sizeof *r);
}
