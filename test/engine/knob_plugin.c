/* Test scheduler (plugin ABI 3) that writes the decision fields named in
 * its plugin_params, for hand-calculated end-to-end tests
 * (test_abi3.py). Every task goes to `target` (local | ap | cloud | qpu)
 * through the node's strongest reachable AP (an AP task stays local when
 * that AP has no edge server); the other keys set the same value on every
 * task, node or AP: x (offload fraction), share (CPU share, flop/s), beta
 * (bandwidth fraction), power (W), gpu (GPU fraction), charge_r, charge_g,
 * discharge (J). log=PATH appends one line per call and per outcome, so
 * two runs' feedback can be compared. Two tables: "knobs" and
 * "knobs-reversed" (fills the tasks last to first: same decisions). */
#include "solvers/abi/scheduler.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t target;
    double x, share, beta, power, gpu, charge_r, charge_g, discharge;
    FILE *log;
} knobs;

static int init(const q6_plugin_init_args *a, void **state, char *err, size_t errlen)
{
    knobs *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    *k = (knobs){Q6_RUN_AP, 1, Q6_UNSET, Q6_UNSET, Q6_UNSET, Q6_UNSET, Q6_UNSET, Q6_UNSET, Q6_UNSET, NULL};
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", a->params ? a->params : "");
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(err, errlen, "'%s' is not key=value", kv);
            free(k);
            return -1;
        }
        *eq = 0;
        const char *v = eq + 1;
        static const char *const targets[] = {"local", "ap", "cloud", "qpu"};
        if (!strcmp(kv, "target")) {
            for (uint32_t t = 0; t < 4; t++)
                if (!strcmp(v, targets[t]))
                    k->target = t;
        } else if (!strcmp(kv, "log")) {
            k->log = fopen(v, "a");
        } else {
            double d = strtod(v, NULL);
            double *f = !strcmp(kv, "x") ? &k->x : !strcmp(kv, "share") ? &k->share : !strcmp(kv, "beta") ? &k->beta
                      : !strcmp(kv, "power") ? &k->power : !strcmp(kv, "gpu") ? &k->gpu
                      : !strcmp(kv, "charge_r") ? &k->charge_r : !strcmp(kv, "charge_g") ? &k->charge_g
                      : !strcmp(kv, "discharge") ? &k->discharge : NULL;
            if (!f) {
                snprintf(err, errlen, "unknown key '%s'", kv);
                free(k);
                return -1;
            }
            *f = d;
        }
    }
    *state = k;
    return 0;
}

static void fill_task(const knobs *k, const q6_sched_problem *p, q6_sched_decision *d, uint32_t t)
{
    uint32_t n = p->tasks[t].node, best = UINT32_MAX;
    double best_snr = p->min_snr;
    for (uint32_t a = 0; a < p->n_aps; a++)
        if (p->snr[(size_t)n * p->n_aps + a] >= best_snr) {
            best = a;
            best_snr = p->snr[(size_t)n * p->n_aps + a];
        }
    q6_sched_task_choice *c = &d->tasks[t];
    if (k->target == Q6_RUN_LOCAL || best == UINT32_MAX || (k->target == Q6_RUN_AP && !(p->aps[best].cpu_flops > 0)))
        return;
    c->target = k->target;
    c->ap = best;
    c->offload_fraction = k->x;
    c->cpu_share_flops = k->share;
}

static int decide_dir(void *state, const q6_sched_problem *p, q6_sched_decision *d, int reversed)
{
    knobs *k = state;
    for (uint32_t i = 0; i < p->n_tasks; i++)
        fill_task(k, p, d, reversed ? p->n_tasks - 1 - i : i);
    for (uint32_t n = 0; n < p->n_nodes; n++) {
        if (k->beta != Q6_UNSET)
            d->nodes[n].bandwidth_fraction = k->beta;
        if (k->power != Q6_UNSET)
            d->nodes[n].tx_power_w = k->power;
    }
    for (uint32_t a = 0; a < p->n_aps; a++) {
        if (k->gpu != Q6_UNSET)
            d->aps[a].gpu_fraction = k->gpu;
        d->aps[a].charge_renewable_j = k->charge_r;
        d->aps[a].charge_grid_j = k->charge_g;
        d->aps[a].discharge_j = k->discharge;
    }
    if (k->log) {
        fprintf(k->log, "call %llu tasks %u outcomes %u\n", (unsigned long long)p->slot, p->n_tasks, p->n_outcomes);
        for (uint32_t n = 0; n < p->n_nodes; n++)
            fprintf(k->log, "node %u pos %.17g %.17g %.17g vel %.17g %.17g %.17g present %d battery %.17g %.17g\n", n,
                    p->nodes[n].x_m, p->nodes[n].y_m, p->nodes[n].z_m, p->nodes[n].vx_mps, p->nodes[n].vy_mps,
                    p->nodes[n].vz_mps, p->nodes[n].present, p->nodes[n].battery_j, p->nodes[n].battery_capacity_j);
        for (uint32_t a = 0; a < p->n_aps; a++)
            fprintf(k->log, "ap %u rate %.17g gain %.17g\n", a, p->rate_bps[a], p->gain[a]);
        for (uint32_t a = 0; a < p->n_aps; a++)
            fprintf(k->log, "ap %u battery %.17g demand %.17g renewable %.17g\n", a, p->aps[a].battery_j,
                    p->aps[a].energy_last_slot_j, p->aps[a].renewable_available_j);
        for (uint32_t o = 0; o < p->n_outcomes; o++) {
            const q6_task_outcome *e = &p->outcomes[o];
            fprintf(k->log, "outcome %llu node %u state %u target %u slot %llu x %.17g latency %.17g met %d "
                            "local %.17g radio %.17g edge %.17g cloud %.17g qpu %.17g\n",
                    (unsigned long long)e->id, e->node, e->state, e->target, (unsigned long long)e->slot,
                    e->offload_fraction, e->latency_s, e->deadline_met, e->energy_local_j, e->energy_radio_j,
                    e->energy_edge_j, e->energy_cloud_j, e->energy_qpu_j);
        }
        fflush(k->log);
    }
    return 0;
}

static int decide(void *s, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    return decide_dir(s, p, d, 0);
}

static int decide_reversed(void *s, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    return decide_dir(s, p, d, 1);
}

/* Fails at slot 3 with a reason, to test the failure message. */
static int decide_fail(void *s, const q6_sched_problem *p, q6_sched_decision *d, char *err, size_t errlen)
{
    if (p->slot == 3) {
        snprintf(err, errlen, "no budget left");
        return -1;
    }
    return decide_dir(s, p, d, 0);
}

static void finish(void *state)
{
    knobs *k = state;
    if (k && k->log)
        fclose(k->log);
    free(k);
}

static const q6_scheduler fwd = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "knobs", "test"},
                                 init, decide, finish};
static const q6_scheduler rev = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "knobs-reversed",
                                  "test"}, init, decide_reversed, finish};
static const q6_scheduler failing = {{sizeof(q6_scheduler), Q6_ABI_VERSION, Q6_KIND_SCHEDULER, 0, "fail-at-3",
                                      "test"}, init, decide_fail, finish};
static const q6_plugin_header *const tables[] = {&fwd.h, &rev.h, &failing.h, NULL};

const q6_plugin_header *const *q6_plugin_entry3(void);
const q6_plugin_header *const *q6_plugin_entry3(void) { return tables; }
